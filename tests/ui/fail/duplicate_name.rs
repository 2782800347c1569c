use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let name = Textbox::new();
    let name = Number::new();
}

fn main() {}
