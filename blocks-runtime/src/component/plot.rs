//! `LinePlot`, `ScatterPlot`, `BarPlot`: charts of a table. Value: [`DataFrame`].
//!
//! On the wire a plot's value is Gradio's `PlotData`: `{"columns": […], "data": [[…]],
//! "datatypes": {column: "quantitative" | "nominal" | "temporal"}, "mark": "line"}`. All three
//! are the `nativeplot` kind in `/config` (as in Gradio), drawn by one browser module that the
//! page loads only when the app has a plot.

use serde_json::{json, Map, Value};

use crate::component::{ApiInfo, DataFrame, Props};

/// The browser module that draws every plot (SVG), served only to apps that have one.
pub(crate) const PLOT_MODULE: &str = include_str!("../frontend/assets/ondemand/plot.js");

/// The `datatypes` entry of a column: `"quantitative"` when every non-empty cell is a number,
/// else `"nominal"`.
fn datatype(frame: &DataFrame, column: usize) -> &'static str {
    let mut cells = frame
        .data
        .iter()
        .filter_map(|row| row.get(column))
        .filter(|cell| !cell.is_null())
        .peekable();
    if cells.peek().is_some() && cells.all(Value::is_number) {
        "quantitative"
    } else {
        "nominal"
    }
}

/// A table as Gradio's `PlotData` for the mark `mark`.
pub(crate) fn plot_data(frame: &DataFrame, mark: &str) -> Value {
    let datatypes: Map<String, Value> = frame
        .headers
        .iter()
        .enumerate()
        .map(|(i, name)| (name.clone(), Value::from(datatype(frame, i))))
        .collect();
    json!({
        "columns": frame.headers,
        "data": frame.data,
        "datatypes": datatypes,
        "mark": mark,
    })
}

/// Gradio's `PlotData` (or a Dataframe's `{"headers", "data"}`) back to a table; every row
/// must have one cell per column.
pub(crate) fn decode_plot(json: Value) -> Result<DataFrame, String> {
    let Value::Object(mut object) = json else {
        return Err("a plot's value is an object {\"columns\": [...], \"data\": [[...]]}".into());
    };
    let columns = object
        .remove("columns")
        .or_else(|| object.remove("headers"))
        .ok_or("the plot data has no \"columns\"")?;
    let headers: Vec<String> = serde_json::from_value(columns)
        .map_err(|err| format!("\"columns\" is not a list of column names: {err}"))?;
    let data: Vec<Vec<Value>> = match object.remove("data") {
        Some(data) => serde_json::from_value(data)
            .map_err(|err| format!("\"data\" is not a list of rows: {err}"))?,
        None => return Err("the plot data has no \"data\"".into()),
    };
    if let Some((index, row)) = data
        .iter()
        .enumerate()
        .find(|(_, row)| row.len() != headers.len())
    {
        return Err(format!(
            "row {index} has {} cells for {} columns",
            row.len(),
            headers.len()
        ));
    }
    Ok(DataFrame { headers, data })
}

/// The API description shared by the three plots.
pub(crate) fn plot_api(mark: &str) -> ApiInfo {
    let schema = json!({
        "type": "object",
        "properties": {
            "columns": {"type": "array", "items": {"type": "string"}},
            "data": {"type": "array", "items": {"type": "array", "items": {}}},
            "datatypes": {"type": "object", "additionalProperties": {"type": "string"}},
            "mark": {"type": "string"},
        },
        "required": ["columns", "data"],
        "description": "a table: column names and rows of cells",
    });
    let example = DataFrame {
        headers: vec!["x".into(), "y".into()],
        data: vec![vec![json!(1), json!(4)], vec![json!(2), json!(5)]],
    };
    ApiInfo::new(
        schema,
        "Dict(columns: List[str], data: List[List[Any]], datatypes: Dict[str, str], mark: str)",
        plot_data(&example, mark),
    )
}

/// The props a plot starts with, as Gradio's `NativePlot` has them in `/config`.
pub(crate) fn plot_props(name: &str, x: &str, y: &str) -> Props {
    let mut props = Props::with_defaults("nativeplot");
    props.set("name", name);
    props.set("x", x);
    props.set("y", y);
    props.set("x_label_angle", 0);
    props.set("y_label_angle", 0);
    props.set("x_axis_labels_visible", true);
    props.set("tooltip", "axis");
    props.set("container", true);
    props.set("min_width", 160);
    props.set("elem_classes", Vec::<String>::new());
    props.set("buttons", Vec::<String>::new());
    props.set("_selectable", false);
    props
}

/// Defines one plot kind: its builder, its `WireKind` impl and its events.
macro_rules! plot_kind {
    ($(#[$doc:meta])* $ty:ident, name: $name:literal, lower: $lower:literal, mark: $mark:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        pub struct $ty {
            props: Props,
        }

        impl $ty {
            /// A plot of column `y` against column `x`, with no data yet.
            pub fn new(x: impl Into<String>, y: impl Into<String>) -> Self {
                $ty { props: plot_props($lower, &x.into(), &y.into()) }
            }
            /// The table shown at first.
            pub fn value(mut self, table: DataFrame) -> Self {
                self.props.set("value", plot_data(&table, $mark));
                self
            }
            /// The column whose values split the data into series, each in its own colour.
            pub fn color(mut self, column: impl Into<String>) -> Self {
                self.props.set("color", column.into());
                self
            }
            /// The title drawn above the chart.
            pub fn title(mut self, title: impl Into<String>) -> Self {
                self.props.set("title", title.into());
                self
            }
            /// The x axis's title (default: the column's name).
            pub fn x_title(mut self, title: impl Into<String>) -> Self {
                self.props.set("x_title", title.into());
                self
            }
            /// The y axis's title (default: the column's name).
            pub fn y_title(mut self, title: impl Into<String>) -> Self {
                self.props.set("y_title", title.into());
                self
            }
            /// The colour legend's title (default: the colour column's name).
            pub fn color_title(mut self, title: impl Into<String>) -> Self {
                self.props.set("color_title", title.into());
                self
            }
            /// Colours of series by name (`"#ff8800"`, `"green"`).
            pub fn color_map<K: Into<String>, V: Into<String>>(
                mut self,
                colors: impl IntoIterator<Item = (K, V)>,
            ) -> Self {
                let map: Map<String, Value> = colors
                    .into_iter()
                    .map(|(k, v)| (k.into(), Value::String(v.into())))
                    .collect();
                self.props.set("color_map", map);
                self
            }
            /// The y axis's range, `[min, max]`; `None` leaves that end to the data.
            pub fn y_lim(mut self, min: Option<f64>, max: Option<f64>) -> Self {
                self.props.set("y_lim", [min, max]);
                self
            }
            /// The chart's height in pixels.
            pub fn height(mut self, px: u32) -> Self {
                self.props.set("height", px);
                self
            }
            /// A caption under the chart.
            pub fn caption(mut self, caption: impl Into<String>) -> Self {
                self.props.set("caption", caption.into());
                self
            }
        }

        crate::component::props::common_props!($ty);

        impl crate::component::WireKind for $ty {
            type Value = DataFrame;
            const NAME: &'static str = $name;
            const KIND: &'static str = "nativeplot";
            const EXPECTS: &'static str =
                "a table {\"columns\": [...], \"data\": [[...]]} (Gradio's plot data)";
            const BROWSER_MODULE: Option<&'static str> = Some(PLOT_MODULE);

            fn props(mut self) -> Props {
                // As Gradio: a plot without a label hides the label's place.
                if self.props.get("show_label").is_none() {
                    let shown = self.props.label().is_some();
                    self.props.set("show_label", shown);
                }
                self.props
            }
            fn api() -> Option<ApiInfo> {
                Some(plot_api($mark))
            }
            fn decode(json: Value) -> Result<DataFrame, String> {
                decode_plot(json)
            }
            fn encode(value: &DataFrame) -> Result<Value, String> {
                Ok(plot_data(value, $mark))
            }
        }

        crate::wire_kind!($ty);
        crate::component::events::events!($ty: HasChange);

        impl crate::component::Update<$ty> {
            /// A new table for the plot, sent as Gradio's plot data (`value` sends the table
            /// as a Dataframe's, which blocks' page draws too but Gradio's page does not).
            pub fn table(self, table: DataFrame) -> Self {
                self.prop("value", plot_data(&table, $mark))
            }
        }
    };
}

plot_kind!(
    /// Lines through the points of a table, one line per series. Value: [`DataFrame`]. Events:
    /// change.
    ///
    /// ```
    /// use blocks_runtime::prelude::*;
    /// let plot = LinePlot::new("month", "sales").color("region").title("Sales");
    /// assert_eq!(plot.props().get("x"), Some(&serde_json::json!("month")));
    /// ```
    LinePlot, name: "LinePlot", lower: "lineplot", mark: "line"
);
plot_kind!(
    /// A point for each row of a table. Value: [`DataFrame`]. Events: change.
    ScatterPlot, name: "ScatterPlot", lower: "scatterplot", mark: "point"
);
plot_kind!(
    /// Bars per category of the x column, the y values summed, stacked by series. Value:
    /// [`DataFrame`]. Events: change.
    BarPlot, name: "BarPlot", lower: "barplot", mark: "bar"
);

#[cfg(test)]
#[allow(clippy::unwrap_used)] // A test fails with the value shown.
mod tests {
    use super::*;
    use crate::component::WireKind;

    fn table() -> DataFrame {
        DataFrame {
            headers: vec!["month".into(), "sales".into(), "region".into()],
            data: vec![
                vec![json!("Jan"), json!(3), json!("N")],
                vec![json!("Feb"), json!(5.5), json!("S")],
            ],
        }
    }

    #[test]
    fn a_table_goes_out_as_gradios_plot_data() {
        let json = LinePlot::encode(&table()).unwrap();
        assert_eq!(json["columns"], json!(["month", "sales", "region"]));
        assert_eq!(json["mark"], "line");
        assert_eq!(
            json["datatypes"],
            json!({"month": "nominal", "sales": "quantitative", "region": "nominal"})
        );
        assert_eq!(BarPlot::encode(&table()).unwrap()["mark"], "bar");
        assert_eq!(ScatterPlot::encode(&table()).unwrap()["mark"], "point");
        assert_eq!(LinePlot::decode(json).unwrap(), table());
    }

    #[test]
    fn a_dataframe_value_is_accepted_and_bad_tables_are_refused() {
        let frame = json!({"headers": ["a"], "data": [[1], [2]]});
        assert_eq!(LinePlot::decode(frame).unwrap().data.len(), 2);
        let ragged = json!({"columns": ["a", "b"], "data": [[1, 2], [3]]});
        assert_eq!(
            LinePlot::decode(ragged).unwrap_err(),
            "row 1 has 1 cells for 2 columns"
        );
        assert!(LinePlot::decode(json!([1, 2])).is_err());
        assert!(LinePlot::decode(json!({"columns": ["a"]})).is_err());
        assert!(LinePlot::decode(json!({"columns": [1], "data": []})).is_err());
    }

    #[test]
    fn the_config_has_gradios_kind_and_name() {
        let spec = crate::component::Component::into_spec(BarPlot::new("x", "y"));
        assert_eq!(spec.kind, "nativeplot");
        assert_eq!(spec.props.get("name"), Some(&json!("barplot")));
        assert_eq!(spec.props.get("show_label"), Some(&json!(false)));
        assert!(spec.module.is_some());
        let labelled = crate::component::Component::into_spec(BarPlot::new("x", "y").label("L"));
        assert_eq!(labelled.props.get("show_label"), Some(&json!(true)));
    }
}
