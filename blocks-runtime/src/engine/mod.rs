//! The engine: how an event runs. It sits above `app`, `event` and `session` and is the only
//! place that reads inputs, drives handlers, writes outputs and runs the change cascade:
//!
//! - `request`: what a caller asks for and gets back;
//! - `run`: one event of one session, and `unload`;
//! - `checks`: what is refused before an event is queued;
//! - `claim`: the states an event locks, loads and saves once, for it and its listeners;
//! - `step`: one dependency: gather inputs, call, write;
//! - `drive`: sync handlers on or off the async threads, streams item by item;
//! - `outputs`: state slots, wire values, change tracking, rendered HTML;
//! - `cascade`: `.change` listeners until values settle;
//! - `stored`: state values loaded from and saved to a session store, when there is one;
//! - `error`: why an event failed.

mod cascade;
mod checks;
mod claim;
mod drive;
mod error;
mod outputs;
mod request;
mod run;
mod step;
mod stored;
#[cfg(test)]
mod tests;

pub use error::EventError;
pub use request::{EventOutcome, EventRequest, MAX_CHANGE_ROUNDS};
