use blocks::prelude::*;

fn greet(name: String) -> String {
    format!("Hello {name}")
}

#[blocks::app]
fn demo() {
    let name = Textbox::new();
    let out = Textbox::new();
    let shout = Textbox::new();
    let go = Button::new("Go");
    go.click(greet, name, (out, shout));
}

fn main() {}
