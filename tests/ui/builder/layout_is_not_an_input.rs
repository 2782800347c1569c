// The builder API: a layout block has no value to give a handler.
use blocks::prelude::*;

fn main() {
    let mut app = Blocks::new();
    let go = app.add(Button::new("Go"));
    let shown = app.add(Textbox::new());
    let tabs = app.open(Tabs::default());
    app.close();
    app.on(go.click()).call(|t: String| t, tabs, shown);
}
