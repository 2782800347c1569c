use blocks::prelude::*;

fn greet(name: String) -> String {
    format!("Hello {name}")
}

#[blocks::app]
fn demo() {
    let first = Textbox::new();
    let last = Textbox::new();
    let out = Textbox::new();
    let go = Button::new("Go");
    go.click(greet, (first, last), out);
}

fn main() {}
