// The builder API: a layout block is an output of its own update only, never of a value or of
// another kind's update.
use blocks::prelude::*;

fn main() {
    let mut app = Blocks::new();
    let go = app.add(Button::new("Go"));
    let row = app.open(Row::default());
    app.close();
    app.on(go.click()).call(|| Row::update().visible(false), (), row);
    app.on(go.click()).call(|| "hide".to_string(), (), row);
    app.on(go.click()).call(|| Column::update().visible(false), (), row);
}
