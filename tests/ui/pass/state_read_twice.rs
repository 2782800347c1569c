use blocks::prelude::*;

/// Reads one state twice by value, and takes an empty number as `None`: both compile.
fn sum(a: u32, b: u32, n: Option<f64>) -> f64 {
    f64::from(a + b) + n.unwrap_or(0.0)
}

#[blocks::app]
fn demo() {
    let count = State::new(1_u32);
    let n = Number::new();
    let out = Number::new();
    let go = Button::new("Sum");
    go.click(sum, (count, count, n), out);
}

fn main() {
    let _ = demo();
}
