// The builder API: a handler parameter that does not take its input's value type.
use blocks::prelude::*;

fn double(x: f64) -> f64 {
    x * 2.0
}

fn main() {
    let mut app = Blocks::new();
    let text = app.add(Textbox::new());
    let out = app.add(Number::new());
    let go = app.add(Button::new("Go"));
    app.on(go.click()).call(double, text, out);
}
