use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let n = 5;
    let out = Number::new();
    let go = Button::new("Go");
    go.click(|x: f64| x, n, out);
}

fn main() {}
