use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let go = Button::new("Go");
    let out = Textbox::new();
    go.click(|n: String| n, missing, out);
    go.click(|n: String| n, out, also_missing);
    let out = Textbox::new();
}

fn main() {}
