//! Plots: one table drawn as a line plot, a scatter plot and a bar plot, redrawn whenever the
//! table changes; and the small components beside them: a `ColorPicker` that recolours a
//! series, a `DateTime` for the report's date, and the report itself as `HighlightedText`
//! (regions and figures marked) and as `Code` (the table as JSON).
//!
//! The plots' browser code is loaded only because this app has plots: an app without one does
//! not fetch it.

use blocks::prelude::*;
use serde_json::json;

/// Weekly sales of two regions.
pub fn sales() -> DataFrame {
    let rows = [
        (1, 12.0, "North"),
        (2, 15.0, "North"),
        (3, 11.0, "North"),
        (4, 18.0, "North"),
        (5, 21.0, "North"),
        (1, 8.0, "South"),
        (2, 9.5, "South"),
        (3, 14.0, "South"),
        (4, 13.0, "South"),
        (5, 16.5, "South"),
    ];
    DataFrame {
        headers: vec!["week".into(), "sales".into(), "region".into()],
        data: rows
            .iter()
            .map(|(week, sales, region)| vec![json!(week), json!(sales), json!(region)])
            .collect(),
    }
}

/// The table three times over, once for each plot.
#[blocks::handler]
pub fn plot(table: DataFrame) -> (DataFrame, DataFrame, DataFrame) {
    (table.clone(), table.clone(), table)
}

/// The report of a table on a date: each region's total, marked, and the table as JSON.
#[blocks::handler]
pub fn report(table: DataFrame, date: DateTimeValue) -> (Vec<Highlight>, String) {
    let column = |name: &str| table.headers.iter().position(|h| h == name);
    let mut totals: Vec<(String, f64)> = Vec::new();
    if let (Some(region), Some(sales)) = (column("region"), column("sales")) {
        for row in &table.data {
            let name = row
                .get(region)
                .map_or_else(String::new, |c| match c.as_str() {
                    Some(text) => text.to_owned(),
                    None => c.to_string(),
                });
            let value = row
                .get(sales)
                .and_then(serde_json::Value::as_f64)
                .unwrap_or(0.0);
            match totals.iter_mut().find(|(n, _)| *n == name) {
                Some((_, total)) => *total += value,
                None => totals.push((name, value)),
            }
        }
    }
    let mut spans = vec![Highlight::plain(format!("As of {date}: "))];
    for (i, (region, total)) in totals.iter().enumerate() {
        if i > 0 {
            spans.push(Highlight::plain(", "));
        }
        spans.push(Highlight::labelled(region.clone(), "region"));
        spans.push(Highlight::plain(" sold "));
        spans.push(Highlight::labelled(format!("{total}"), "figure"));
    }
    spans.push(Highlight::plain("."));
    let json = serde_json::to_string_pretty(&table).unwrap_or_default();
    (spans, json)
}

/// The app.
#[blocks::app(title = "Plots")]
pub fn app() {
    row(|| {
        let table = Dataframe::new(["week", "sales", "region"])
            .value(sales())
            .label("Sales");
        let bars = BarPlot::new("week", "sales")
            .color("region")
            .title("Total per week")
            .height(260)
            .value(sales());
    });
    row(|| {
        let line = LinePlot::new("week", "sales")
            .color("region")
            .title("Sales per week")
            .height(260)
            .value(sales());
        let scatter = ScatterPlot::new("week", "sales")
            .color("region")
            .title("Each week's sales")
            .height(260)
            .value(sales());
    });
    table
        .change(plot, table, (line, scatter, bars))
        .api_name("plot");

    row(|| {
        let north = ColorPicker::new()
            .value(HexColor::rgb(0x3b, 0x82, 0xf6))
            .label("North's colour");
        let date = DateTime::new().label("Report date").value(
            "2024-06-03 09:00:00"
                .parse()
                .unwrap_or_else(|_| DateTimeValue::now()),
        );
    });
    north
        .change(
            |color: HexColor| {
                LinePlot::update().prop("color_map", json!({"North": color.to_string()}))
            },
            north,
            line,
        )
        .api_name("recolour");
    let summary = HighlightedText::new()
        .label("Summary")
        .color_map([("region", "#3b82f6"), ("figure", "#f59f00")])
        .show_legend(true);
    let source = Code::new()
        .language(CodeLanguage::JSON)
        .label("The table as JSON");
    let make = Button::new("Report").variant(ButtonVariant::Primary);
    make.click(report, (table, date), (summary, source))
        .api_name("report");
}

fn main() -> std::io::Result<()> {
    app().launch()
}
