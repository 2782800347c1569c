// The plots and small components in the macro: each kind's value type in and out, an `Option`
// to clear, `&str` for Code, a prop update, and their events.
use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let table = Dataframe::new(["x", "y"]);
    let line = LinePlot::new("x", "y").title("Line");
    let bars = BarPlot::new("x", "y").color("x");
    let points = ScatterPlot::new("x", "y");
    table.change(|t: DataFrame| (t.clone(), t.clone(), t), table, (line, bars, points));
    let columns = Number::new();
    line.change(|t: DataFrame| t.headers.len() as f64, line, columns);

    let code = Code::new().language(CodeLanguage::PYTHON);
    let when = DateTime::new().include_time(false);
    let color = ColorPicker::new();
    let spans = HighlightedText::new();
    code.input(|c: String| if c.is_empty() { None } else { Some(c) }, code, code);
    code.blur(|| "fn main() {}", (), code);
    when.submit(|d: DateTimeValue| DateTimeValue::from_unix(d.unix()).ok(), when, when);
    color.input(|c: HexColor| HexColor::rgb(c.b, c.g, c.r), color, color);
    color.focus(|| ColorPicker::update().label("Picking"), (), color);
    spans.select(
        |s: SelectData| vec![Highlight::plain(s.value.to_string())],
        select_data,
        spans,
    );
    when.change(|d: DateTimeValue| LinePlot::update().table(DataFrame {
        headers: vec!["day".into()],
        data: vec![vec![d.day().into()]],
    }), when, line);
}

fn main() {}
