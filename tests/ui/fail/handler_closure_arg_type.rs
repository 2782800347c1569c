use blocks::prelude::*;

#[blocks::app]
fn demo() {
    let cart = State::new(Vec::<String>::new());
    let size = Number::new();
    cart.change(|cart: Vec<u32>| cart.len(), cart, size);
}

fn main() {}
