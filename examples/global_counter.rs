//! The visitor counter: global state shared by every session.
//!
//! Global state is ordinary shared Rust data. Here the handler owns an `Arc<AtomicU64>`: every
//! page that opens runs the `load` listener, which bumps the one count all visitors share.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use blocks::prelude::*;

/// Builds the app; each call has its own count (so tests start from zero).
pub fn app() -> App {
    let visitors = Arc::new(AtomicU64::new(0));

    let mut app = Blocks::new();
    app.title("Visitor counter");
    let total = app.add(Textbox::new().label("Total Visitors").value("Counting..."));
    app.load()
        .call(
            move || (visitors.fetch_add(1, Ordering::SeqCst) + 1).to_string(),
            (),
            total,
        )
        .api_name("increment_counter");
    app.build()
}

fn main() {
    let app = app();
    println!("{app:?}");
    println!("{:#}", app.config());
}
