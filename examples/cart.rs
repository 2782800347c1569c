//! The shopping cart: per-session state with `State`, and a `.change` listener on it.
//!
//! Every session (browser tab or API client) has its own cart. Adding items writes the cart;
//! the cart's `.change` listener runs on the server whenever its content really changes and
//! updates the cart size. `examples/builder.rs` is the same app written with the builder API.

use blocks::prelude::*;

/// The "Add Items" handler: the session's cart plus the checked items.
#[blocks::handler]
pub fn add_items(new_items: Vec<String>, cart: Vec<String>) -> Vec<String> {
    [cart, new_items].concat()
}

/// The app.
#[blocks::app(title = "Cart")]
pub fn app() {
    let cart = State::stored(Vec::<String>::new());
    let items = CheckboxGroup::new(["Cereal", "Milk", "Orange Juice", "Water"]).label("Items");
    let add = Button::new("Add Items");
    add.click(add_items, (items, cart), cart)
        .api_name("add_items");
    let cart_size = Number::new().label("Cart Size");
    cart.change(|cart: Vec<String>| cart.len(), cart, cart_size)
        .api_name("cart_size");
}

fn main() -> std::io::Result<()> {
    app().launch()
}
