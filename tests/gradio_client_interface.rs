//! Interop: the real `gradio_client` calls an `Interface` and a `ChatInterface` (the
//! `interface` and `chat_interface` examples) as it calls the same apps made with Gradio.
//!
//! Needs Python with `gradio_client`, found as `tests/gradio_client.rs` finds it; without it
//! the tests are reported as ignored, unless `BLOCKS_REQUIRE_E2E=1`.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::ExitCode;

use blocks::prelude::*;
use libtest_mimic::Arguments;
use serde_json::Value;

#[macro_use]
mod e2e;

#[path = "../examples/chat_interface.rs"]
#[allow(dead_code, unreachable_pub)]
mod chat_interface;
#[path = "../examples/interface.rs"]
#[allow(dead_code, unreachable_pub)]
mod interface;

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let python = python();
    let trials = trials![
        &python;
        an_interface_is_called_by_its_handlers_name,
        a_chat_interface_keeps_each_clients_history,
    ];
    e2e::run(&args, &python, trials)
}

/// A Python that can `import gradio_client`, or why there is none.
fn python() -> Result<PathBuf, String> {
    e2e::python("gradio_client", "gradio_client")
}

/// Serves `app`, runs `interface.py scenario url` against it, returns its findings.
fn run(app: App, scenario: &str, python: PathBuf) -> Value {
    e2e::check_python(
        app,
        "tests/gradio_client/interface.py",
        scenario,
        &python,
        "gradio_client",
    )
}

fn an_interface_is_called_by_its_handlers_name(python: PathBuf) {
    let found = run(interface::app(), "interface", python);
    assert_eq!(found["endpoints"], serde_json::json!(["/greet"]), "{found}");
    assert_eq!(
        found["parameters"],
        serde_json::json!(["name", "times", "shout"]),
        "{found}"
    );
    assert_eq!(
        found["components"],
        serde_json::json!(["Textbox", "Slider", "Checkbox"]),
        "{found}"
    );
    assert_eq!(found["positional"], "Hello, Ada! Hello, Ada!", "{found}");
    assert_eq!(found["named"], "HELLO, BO!", "{found}");
}

fn a_chat_interface_keeps_each_clients_history(python: PathBuf) {
    let found = run(chat_interface::app(), "chat", python);
    assert_eq!(
        found["endpoints"],
        serde_json::json!(["/respond"]),
        "{found}"
    );
    assert_eq!(
        found["parameters"],
        serde_json::json!(["message", "tone"]),
        "the history is the session's, not a parameter: {found}"
    );
    let items = found["items"].as_array().unwrap();
    assert!(items.len() > 3, "the reply streams: {found}");
    assert_eq!(found["first"], items[items.len() - 1], "{found}");
    let first = found["first"].as_str().unwrap();
    assert!(
        first.starts_with("(formal) You said: **hi**") && first.ends_with("1 messages from you."),
        "{first}"
    );
    let second = found["second"].as_str().unwrap();
    assert!(
        second.ends_with("2 messages from you."),
        "the client's session keeps the history: {second}"
    );
    let other = found["other_client"].as_str().unwrap();
    assert!(
        other.starts_with("(formal) You said: **hello**")
            && other.ends_with("1 messages from you."),
        "another client has its own history: {other}"
    );
}
