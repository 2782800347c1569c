use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let plot = LinePlot::new("x", "y");
    let color = ColorPicker::new();
    let when = DateTime::new();
    let shown = Textbox::new();
    // A plot has no `submit`, a date-time no `input`.
    plot.submit(|t: DataFrame| t.headers.join(","), plot, shown);
    when.input(|d: DateTimeValue| d.to_string(), when, shown);
    // A ColorPicker's value is a HexColor, not any string.
    shown.submit(|s: String| s, shown, color);
}

fn main() {}
