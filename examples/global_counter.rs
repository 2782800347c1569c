//! The visitor counter: global state shared by every session.
//!
//! Global state is ordinary shared Rust data. Here a `static` counts the visitors: every page
//! that opens runs the `load` listener, which bumps the one count all visitors share.

use std::sync::atomic::{AtomicU64, Ordering};

use blocks::prelude::*;

/// Visitors since the server started, shared by every session.
pub static VISITORS: AtomicU64 = AtomicU64::new(0);

/// Counts one more visitor and returns the total.
pub fn increment_counter() -> String {
    (VISITORS.fetch_add(1, Ordering::SeqCst) + 1).to_string()
}

/// The app.
#[blocks::app(title = "Visitor counter")]
pub fn app() {
    let total = Textbox::new().label("Total Visitors").value("Counting...");
    load(increment_counter, (), total);
}

fn main() -> std::io::Result<()> {
    app().launch()
}
