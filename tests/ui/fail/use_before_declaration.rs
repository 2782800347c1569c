use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let go = Button::new("Go");
    go.click(|n: String| n, name, name);
    let name = Textbox::new();
}

fn main() {}
