// An Interface in the macro: a handler whose parameter is not its input's value type, and one
// whose return value cannot fill its output.
use blocks::prelude::*;

fn double(x: f64) -> f64 {
    x * 2.0
}

fn shout(text: String) -> String {
    text.to_uppercase()
}

#[blocks::app]
fn demo() {
    Interface::new(double, Textbox::new(), Number::new());
    Interface::new(shout, Textbox::new(), Number::new());
}

fn main() {}
