//! An app that takes and returns one value of each of the plot and small component kinds,
//! for the round trips over HTTP and through `gradio_client`.

use blocks::prelude::*;

/// Each kind in and out: `/line`, `/bar`, `/scatter` (the table back, drawn as that plot),
/// `/date` (the date-time a day later), `/color` (the colour), `/spans` (the spans with a
/// `"!"` appended), `/code` (the code upper-cased).
pub(crate) fn kinds_app() -> App {
    let mut app = Blocks::new();
    let go = app.add(Button::new("Go"));
    let table = app.add(LinePlot::new("x", "y").label("Table"));
    let line = app.add(LinePlot::new("x", "y").label("Line"));
    let bar = app.add(BarPlot::new("x", "y").label("Bar"));
    let scatter = app.add(ScatterPlot::new("x", "y").label("Scatter"));
    app.on(go.click())
        .call(|t: DataFrame| t, table, line)
        .api_name("line");
    app.on(go.click())
        .call(|t: DataFrame| t, table, bar)
        .api_name("bar");
    app.on(go.click())
        .call(|t: DataFrame| t, table, scatter)
        .api_name("scatter");

    let when = app.add(DateTime::new().label("When"));
    let later = app.add(DateTime::new().label("Later"));
    app.on(go.click())
        .call(
            |d: DateTimeValue| DateTimeValue::from_unix(d.unix() + 86_400).ok(),
            when,
            later,
        )
        .api_name("date");

    let color = app.add(ColorPicker::new().label("Colour"));
    let same = app.add(ColorPicker::new().label("Same"));
    app.on(go.click())
        .call(|c: HexColor| c, color, same)
        .api_name("color");

    let text = app.add(HighlightedText::new().label("Text"));
    let marked = app.add(HighlightedText::new().label("Marked"));
    app.on(go.click())
        .call(
            |mut spans: Vec<Highlight>| {
                spans.push(Highlight::labelled("!", "bang"));
                spans
            },
            text,
            marked,
        )
        .api_name("spans");

    let code = app.add(Code::new().language(CodeLanguage::PYTHON).label("Code"));
    let shout = app.add(Code::new().label("Shout"));
    app.on(go.click())
        .call(|c: String| c.to_uppercase(), code, shout)
        .api_name("code");
    app.build()
}
