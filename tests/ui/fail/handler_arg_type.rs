use blocks::prelude::*;

fn double(x: f64) -> f64 {
    x * 2.0
}

#[blocks::app]
fn demo() {
    let text = Textbox::new();
    let out = Number::new();
    let go = Button::new("Go");
    go.click(double, text, out);
}

fn main() {}
