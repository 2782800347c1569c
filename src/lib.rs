//! # blocks
//!
//! Turn plain Rust functions into interactive web apps, the way Python's Gradio Blocks does,
//! with the wiring between components and handlers checked by the compiler.
//!
//! ```
//! use blocks::prelude::*;
//!
//! fn add_items(new_items: Vec<String>, cart: Vec<String>) -> Vec<String> {
//!     [cart, new_items].concat()
//! }
//!
//! let mut app = Blocks::new();
//! let cart = app.add(State::new(Vec::<String>::new()));
//! let items = app.add(CheckboxGroup::new(["Cereal", "Milk", "Orange Juice", "Water"]));
//! let add = app.add(Button::new("Add Items"));
//! app.on(add.click()).call(add_items, (items, cart), cart).api_name("add_items");
//! let cart_size = app.add(Number::new().label("Cart Size"));
//! app.on(cart.change()).call(|cart: Vec<String>| cart.len() as f64, cart, cart_size);
//! let app = app.build();
//! # let _ = app;
//! ```

pub use blocks_macros::{app, blocks, handler};
pub use blocks_runtime::{
    app, component, engine, event, frontend, high_level, media, server, session, testing,
    wire_kind, App, Blocks,
};

#[doc(hidden)]
pub use blocks_runtime::__private;

#[doc = include_str!("../docs/macro.md")]
pub mod macro_guide {}

#[doc = include_str!("../docs/components.md")]
pub mod components_guide {}

#[doc = include_str!("../docs/handlers.md")]
pub mod handlers_guide {}

#[doc = include_str!("../docs/sessions.md")]
pub mod sessions_guide {}

#[doc = include_str!("../docs/custom_components.md")]
pub mod custom_components_guide {}

#[doc = include_str!("../docs/interface.md")]
pub mod interface_guide {}

/// Everything an app needs.
pub mod prelude {
    pub use blocks_runtime::prelude::*;
}
