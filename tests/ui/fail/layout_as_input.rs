// A layout block has no value: its handle is an output of its prop updates, never an input.
use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let go = Button::new("Go");
    let out = Textbox::new();
    let panel = row(|| {});
    let details = accordion("Details", || {});
    go.click(|p: String| p, panel, out);
    let pages = tabs(|| {
        let first = tab("First", || {});
        go.click(|t: String| t, first, out);
    });
    go.click(|a: String, _b: bool| a, (out, details), (out, details));
    go.click(|| Tabs::update().selected("first"), pages, pages);
}

fn main() {}
