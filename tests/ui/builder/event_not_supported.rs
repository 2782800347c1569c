// The builder API: an event the component does not have.
use blocks::prelude::*;

fn main() {
    let mut app = Blocks::new();
    let amount = app.add(Number::new());
    let doubled = app.add(Number::new());
    app.on(amount.click()).call(|x: f64| x * 2.0, amount, doubled);
}
