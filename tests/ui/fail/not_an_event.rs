use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let name = Textbox::new();
    let out = Textbox::new();
    name.hover(|n: String| n, name, out);
}

fn main() {}
