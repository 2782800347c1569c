//! Interop: the official JS client, `@gradio/client` from npm (the version pinned in
//! `tests/gradio_js/package.json`), calls blocks apps served on 127.0.0.1 from Node.js.
//!
//! Needs `node` and the client installed by `.ci/run` under `target/gradio_js` (see
//! `e2e::node`). Without them the tests are reported as ignored, unless `BLOCKS_REQUIRE_E2E=1`,
//! which makes them fail. A libtest-mimic harness (`harness = false`), so that the runner itself
//! reports the skip.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Duration;

use blocks::prelude::*;
use libtest_mimic::Arguments;
use serde_json::{json, Value};

#[macro_use]
mod e2e;

#[path = "../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;
#[path = "../examples/per_session.rs"]
#[allow(dead_code, unreachable_pub)]
mod per_session;
#[path = "../examples/stream.rs"]
#[allow(dead_code, unreachable_pub)]
mod stream;

use e2e::Node;

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let node = e2e::node();
    let trials = trials![
        &node;
        predict_on_echo_by_name_and_by_position,
        streaming_submit_sees_every_step,
        cancel_stops_a_running_stream,
        each_client_has_its_own_session_state,
        a_handler_error_rejects_predict_with_its_message,
        a_fresh_client_bursting_three_predicts_gets_every_answer,
        a_fresh_client_bursting_eight_predicts_gets_every_answer,
    ];
    e2e::run(&args, &node, trials)
}

/// Serves `app`, runs `check.mjs scenario url args…` against it, returns its findings.
fn run(app: App, node: Node, scenario: &str, args: &[&str]) -> Value {
    run_many(app, node, scenario, args, 1).remove(0)
}

/// Serves `app`, runs `processes` copies of `check.mjs scenario url args…` against it at once,
/// returns their findings.
fn run_many(app: App, node: Node, scenario: &str, args: &[&str], processes: usize) -> Vec<Value> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/gradio_js/check.mjs");
    let client = |url: &str| {
        let mut command = Command::new(&node.node);
        command
            .arg(&script)
            .arg(scenario)
            .arg(url)
            .args(args)
            .env("BLOCKS_GRADIO_JS_MODULES", &node.modules);
        command
    };
    let limit = Duration::from_secs(120);
    e2e::check_clients(app, scenario, processes, "the JS client", limit, client)
}

fn predict_on_echo_by_name_and_by_position(node: Node) {
    let found = run(echo::app(), node, "echo", &[]);
    assert_eq!(found["parameter_count"], 1, "{found}");
    assert!(
        found["parameter_name"]
            .as_str()
            .is_some_and(|n| !n.is_empty()),
        "{found}"
    );
    assert_eq!(found["named"], json!(["hello named"]), "{found}");
    assert_eq!(found["positional"], json!(["hello positional"]), "{found}");
}

fn streaming_submit_sees_every_step(node: Node) {
    let found = run(stream::app(), node, "stream", &[]);
    let items = found["items"].as_array().unwrap();
    // Ten steps, then the completion, which carries the last value again (as with Gradio).
    assert_eq!(items.len(), 11, "every step arrives: {found}");
    assert_eq!(items[10], items[9], "{found}");
    for (i, item) in items.iter().take(10).enumerate() {
        let expected: Vec<String> = (0..=i).map(|n| format!("tok-{n}")).collect();
        assert_eq!(item.as_str().unwrap(), expected.join(" "), "{found}");
    }
    let stages = found["stages"].as_array().unwrap();
    assert_eq!(stages.last().unwrap(), "complete", "{found}");
    assert!(!stages.contains(&Value::from("error")), "{found}");
}

fn cancel_stops_a_running_stream(node: Node) {
    let found = run(stream::app(), node, "cancel", &[]);
    let items = found["items"].as_array().unwrap();
    assert!(
        (2..10).contains(&items.len()),
        "the stream stopped after the cancel: {found}"
    );
    assert_eq!(items[1], "tok-0 tok-1", "{found}");
    // Gradio answers a cancel with `process_completed` `{output: {}, success: true}`, which this
    // client reports as an error status; blocks sends the same message, so the same status.
    let stages = found["stages"].as_array().unwrap();
    assert!(stages.len() > 1, "the job ended with a status: {found}");
    let after = found["after"].as_array().unwrap();
    assert!(
        after[0].as_str().unwrap().ends_with("after-9"),
        "the client works on after a cancel: {found}"
    );
}

fn each_client_has_its_own_session_state(node: Node) {
    let found = run(per_session::app(), node, "per_session", &[]);
    let counts = |who: &str| -> Vec<f64> {
        let values = found[who].as_array().unwrap();
        values.iter().map(|v| v.as_f64().unwrap()).collect()
    };
    assert_eq!(counts("a"), [1.0, 2.0, 3.0, 4.0], "{found}");
    assert_eq!(counts("b"), [1.0], "{found}");
}

fn a_handler_error_rejects_predict_with_its_message(node: Node) {
    let mut app = Blocks::new();
    let text = app.add(Textbox::new().label("Input"));
    let out = app.add(Textbox::new().label("Output"));
    let go = app.add(Button::new("Go"));
    app.on(go.click())
        .call(|s: String| s, text, out)
        .api_name("echo");
    app.on(text.submit())
        .call(
            |s: String| -> Result<String, String> { Err(format!("bad input: {s}")) },
            text,
            out,
        )
        .api_name("fail");
    let found = run(app.build(), node, "errors", &[]);
    assert_eq!(found["failed"]["status"], "rejected", "{found}");
    let reason = found["failed"]["reason"].as_str().unwrap();
    assert!(reason.contains("bad input: x"), "{found}");
    assert_eq!(found["ok"], json!(["fine"]), "{found}");
}

/// Fresh clients fire `size` predicts at once, `rounds` times in each of four Node processes
/// running side by side: every predict settles with its own value.
fn burst(node: Node, size: usize, rounds: usize) {
    let findings = run_many(
        echo::app(),
        node,
        "burst",
        &[&size.to_string(), &rounds.to_string()],
        4,
    );
    let sum = |key: &str| -> u64 { findings.iter().map(|f| f[key].as_u64().unwrap()).sum() };
    assert_eq!(sum("total"), (4 * size * rounds) as u64, "{findings:?}");
    assert_eq!(
        sum("settled"),
        sum("total"),
        "every predict of a burst settles with its value: {findings:?}"
    );
}

fn a_fresh_client_bursting_three_predicts_gets_every_answer(node: Node) {
    burst(node, 3, 8);
}

fn a_fresh_client_bursting_eight_predicts_gets_every_answer(node: Node) {
    burst(node, 8, 8);
}
