use blocks::prelude::*;

/// Takes the cart to change it, and again to read it: the second use would wait for the
/// borrow of the first forever.
fn add(mut cart: StateMut<Vec<String>>, before: Vec<String>, item: String) -> f64 {
    cart.push(item);
    before.len() as f64
}

#[blocks::app]
fn demo() {
    let cart = State::new(Vec::<String>::new());
    let item = Textbox::new();
    let size = Number::new();
    let go = Button::new("Add");
    go.click(add, (cart, cart, item), size);
}

fn main() {}
