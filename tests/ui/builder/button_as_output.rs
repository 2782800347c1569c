// The builder API: a Button is not an output value.
use blocks::prelude::*;

fn main() {
    let mut app = Blocks::new();
    let text = app.add(Textbox::new());
    let go = app.add(Button::new("Go"));
    app.on(text.submit()).call(|s: String| s, text, go);
}
