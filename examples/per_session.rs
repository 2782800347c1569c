//! A per-session object that cannot be cloned, made by `State::with`.
//!
//! Gradio deep-copies a State's default for every session, so objects holding a lock need a
//! global dict keyed by session hash. In blocks, `State::with` calls a factory once per session
//! and the handler borrows the session's object through `StateMut`. `load` and `unload` show
//! the lifecycle; when the session expires its object is dropped, which is its cleanup.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use blocks::prelude::*;

/// How many `Counter`s exist right now (made by the factory, dropped when sessions expire).
pub static LIVE_COUNTERS: AtomicUsize = AtomicUsize::new(0);

/// An object that cannot be cloned: it holds a lock.
pub struct Counter {
    count: Mutex<u64>,
}

impl Counter {
    fn new() -> Self {
        LIVE_COUNTERS.fetch_add(1, Ordering::SeqCst);
        Counter {
            count: Mutex::new(0),
        }
    }

    /// Adds one and returns the new count.
    pub fn increment(&self) -> u64 {
        let mut count = self
            .count
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *count += 1;
        *count
    }
}

impl Drop for Counter {
    fn drop(&mut self) {
        LIVE_COUNTERS.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The "Increment Counter" handler.
pub fn increment_counter(counter: StateMut<Counter>) -> f64 {
    counter.increment() as f64
}

/// The `load` handler.
pub fn initialize(request: Request) -> String {
    format!("Session {} initialized", request.session_id())
}

/// The `unload` handler: the session's object stays until the session expires.
pub fn cleanup(request: Request) {
    eprintln!("session {} closed", request.session_id());
}

/// The app.
#[blocks::app(title = "Per-session object")]
pub fn app() {
    let counter = State::with(Counter::new);
    let status = Textbox::new().label("Status");
    let value = Number::new().label("Counter Value");
    let increment = Button::new("Increment Counter");
    increment
        .click(increment_counter, counter, value)
        .api_name("increment");
    load(initialize, request, status);
    unload(cleanup, request, ());
}

fn main() -> std::io::Result<()> {
    app().launch()
}
