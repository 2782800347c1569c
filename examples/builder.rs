//! The shopping cart of `cart.rs`, built with the typed builder API that the `blocks!` macro
//! lowers to. Use the builder when an app is assembled by code (components from a list,
//! events in a loop); it is checked by the compiler just the same.

use blocks::prelude::*;

/// The "Add Items" handler: the session's cart plus the checked items.
#[blocks::handler]
pub fn add_items(new_items: Vec<String>, cart: Vec<String>) -> Vec<String> {
    [cart, new_items].concat()
}

/// Builds the app.
pub fn app() -> App {
    let mut app = Blocks::new();
    app.title("Cart");
    let cart = app.add(State::new(Vec::<String>::new()));
    let items =
        app.add(CheckboxGroup::new(["Cereal", "Milk", "Orange Juice", "Water"]).label("Items"));
    let add = app.add(Button::new("Add Items"));
    app.on(add.click())
        .call(add_items, (items, cart), cart)
        .api_name("add_items");
    let cart_size = app.add(Number::new().label("Cart Size"));
    app.on(cart.change())
        .call(|cart: Vec<String>| cart.len(), cart, cart_size)
        .api_name("cart_size");
    app.build()
}

fn main() -> std::io::Result<()> {
    app().launch()
}
