// The builder API: only a Slider has `release`; only Tabs take `selected`, only an Accordion
// `open`.
use blocks::prelude::*;

fn main() {
    let mut app = Blocks::new();
    let level = app.add(Slider::new(0.0, 1.0));
    let text = app.add(Textbox::new());
    app.on(level.release()).call(|v: f64| v.to_string(), level, text);
    app.on(text.release()).call(|t: String| t, text, text);
    let _ = Row::update().open(true);
    let _ = Accordion::update().selected("a");
}
