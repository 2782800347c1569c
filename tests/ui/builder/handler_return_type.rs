// The builder API: a return value that cannot fill the output.
use blocks::prelude::*;

fn main() {
    let mut app = Blocks::new();
    let text = app.add(Textbox::new());
    let out = app.add(Number::new());
    app.on(text.submit()).call(|s: String| s, text, out);
}
