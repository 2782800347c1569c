//! The HTTP API against a real server on 127.0.0.1 with a real HTTP client: every endpoint,
//! the error rows of protocol.md, streaming, cancel, heartbeat → unload, sessions.
//!
//! This root holds what the modules share (the example apps, reading a stream's result); each
//! module holds the tests of one part of the API.

#![allow(clippy::unwrap_used)]

use serde_json::Value;

#[path = "../../examples/cart.rs"]
#[allow(dead_code, unreachable_pub)]
mod cart;
#[path = "../../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;
#[path = "../../examples/stream.rs"]
#[allow(dead_code, unreachable_pub)]
mod stream;

mod endpoints;
mod errors;
mod queue;
mod sessions;

/// The `process_completed` message among a stream's messages.
fn completed(messages: &[Value]) -> &Value {
    messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap_or_else(|| panic!("no process_completed in {messages:?}"))
}
