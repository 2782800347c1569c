use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let name = Textbox::new();
    let name = Number::new();
    name.change(|n: f64| n, name, name);
}

fn main() {}
