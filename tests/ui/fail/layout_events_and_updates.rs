// A layout block's handle has the events its kind has (a tab's `select`, nothing on a row), takes
// only its own kind's update as an output, and a block takes only its kind's props.
use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let go = Button::new("Go");
    let out = Textbox::new();
    let panel = row(|| {});
    let details = accordion("Details", || {});
    accordion("More", || {}).scale(2);
    panel.click(|| "clicked".to_string(), (), out);
    go.click(|| Column::update().visible(false), (), panel);
    go.click(|| "open".to_string(), (), details);
}

fn main() {}
