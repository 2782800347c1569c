use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let amount = Number::new();
    let doubled = Number::new();
    amount.click(|x: f64| x * 2.0, amount, doubled);
}

fn main() {}
