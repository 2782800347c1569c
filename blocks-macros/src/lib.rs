//! The `blocks!` macro and `#[blocks::app]` attribute: compile-time checked wiring for blocks
//! apps. They lower to the typed builder in `blocks-runtime`.
//!
//! Not implemented yet: the runtime's builder API is the way to build apps for now.
