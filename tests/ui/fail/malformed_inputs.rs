use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let a = Number::new();
    let b = Number::new();
    let go = Button::new("Go");
    go.click(|x: f64| x, a + b, b);
    go.click(|x: f64| x, a);
}

fn main() {}
