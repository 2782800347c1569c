// The builder API: an Interface whose handler does not fit its inputs, and one whose inputs
// are handles instead of components.
use blocks::prelude::*;

fn double(x: f64) -> f64 {
    x * 2.0
}

fn main() {
    let _ = Interface::new(double, Textbox::new(), Number::new()).build();
    let mut app = Blocks::new();
    let text = app.add(Textbox::new());
    let _ = Interface::new(|t: String| t, text, Textbox::new());
}
