use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let name = Textbox::new();
    let go = Button::new("Go");
    go.click(|n: String| n, name, request);
}

fn main() {}
