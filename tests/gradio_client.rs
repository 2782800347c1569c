//! Interop: the real `gradio_client` from PyPI calls blocks apps served on 127.0.0.1.
//!
//! Needs Python with `gradio_client` (`.ci/run` makes `target/venv`; `BLOCKS_PYTHON` points
//! elsewhere). Without it each test says SKIPPED, unless `BLOCKS_REQUIRE_E2E=1`, which makes a
//! skip a failure.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use blocks::prelude::*;
use blocks::server::ServerConfig;
use serde_json::Value;

#[path = "../examples/cart.rs"]
#[allow(dead_code, unreachable_pub)]
mod cart;
#[path = "../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;
#[path = "../examples/stream.rs"]
#[allow(dead_code, unreachable_pub)]
mod stream;

/// A Python that can `import gradio_client`, or why there is none.
fn python() -> Result<PathBuf, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates: Vec<PathBuf> = match std::env::var_os("BLOCKS_PYTHON") {
        Some(p) => vec![PathBuf::from(p)],
        None => vec![
            root.join("target/venv/bin/python"),
            PathBuf::from("python3"),
        ],
    };
    for candidate in &candidates {
        let ok = Command::new(candidate)
            .args(["-c", "import gradio_client"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Ok(candidate.clone());
        }
    }
    Err(format!(
        "gradio_client not found (tried {candidates:?}): run .ci/run, or set BLOCKS_PYTHON to a Python with gradio_client"
    ))
}

/// The Python to use, or `None` after saying the test is skipped (a failure when
/// `BLOCKS_REQUIRE_E2E=1`).
fn python_or_skip(test: &str) -> Option<PathBuf> {
    match python() {
        Ok(python) => Some(python),
        Err(why) if std::env::var("BLOCKS_REQUIRE_E2E").as_deref() == Ok("1") => {
            panic!("{test}: {why} (BLOCKS_REQUIRE_E2E=1 forbids skipping)")
        }
        Err(why) => {
            // Straight to the stderr handle: the test harness hides `eprintln!` of passing tests.
            use std::io::Write;
            let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
            None
        }
    }
}

/// Serves `app`, runs `check.py scenario url` against it, returns its findings.
fn run(app: App, scenario: &str, python: PathBuf) -> Value {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime
        .block_on(app.serve(ServerConfig::default().port(0).workers(1)))
        .unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/gradio_client/check.py");
    let mut child = Command::new(python)
        .arg(script)
        .arg(scenario)
        .arg(format!("{}/", server.url()))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("{scenario}: gradio_client did not finish in 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    runtime.block_on(server.stop());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{scenario} failed:\nstdout: {stdout}\nstderr: {stderr}"
    );
    serde_json::from_str(stdout.lines().last().unwrap_or_default())
        .unwrap_or_else(|e| panic!("{scenario}: no JSON findings ({e}):\n{stdout}\n{stderr}"))
}

#[test]
fn predict_and_view_api_on_echo() {
    let Some(python) = python_or_skip("predict_and_view_api_on_echo") else {
        return;
    };
    let found = run(echo::app(), "echo", python);
    assert_eq!(found["predict"], "hello");
    assert!(found["endpoints"]
        .as_array()
        .unwrap()
        .contains(&Value::from("/echo")));
    assert_eq!(found["parameter_component"], "Textbox");
    assert!(found["view_api_text"].as_str().unwrap().contains("/echo"));
}

#[test]
fn cart_state_is_kept_per_client() {
    let Some(python) = python_or_skip("cart_state_is_kept_per_client") else {
        return;
    };
    let found = run(cart::app(), "cart", python);
    assert_eq!(found["a_size"], 3.0, "client A added three items: {found}");
    assert_eq!(found["b_size"], 1.0, "client B has its own cart: {found}");
    assert_eq!(
        found["add_returns"], "()",
        "a state-only output returns nothing, as with Gradio"
    );
}

#[test]
fn streaming_submit_iterates_every_item() {
    let Some(python) = python_or_skip("streaming_submit_iterates_every_item") else {
        return;
    };
    let found = run(stream::app(), "stream", python);
    let items = found["items"].as_array().unwrap();
    assert_eq!(items.len(), 10, "{found}");
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item.as_str().unwrap().split(' ').count(), i + 1);
    }
    assert_eq!(found["outputs"].as_array().unwrap().len(), 10);
    assert_eq!(found["result"], items[9]);
}

#[test]
fn errors_arrive_as_the_clients_error_types() {
    let Some(python) = python_or_skip("errors_arrive_as_the_clients_error_types") else {
        return;
    };
    let mut app = Blocks::new();
    let text = app.add(Textbox::new().label("Input"));
    let out = app.add(Textbox::new().label("Output"));
    let go = app.add(Button::new("Go"));
    app.on(go.click())
        .call(|s: String| s, text, out)
        .api_name("echo")
        .parameter_names(["text"]);
    app.on(text.submit())
        .call(
            |s: String| -> Result<String, String> { Err(format!("bad input: {s}")) },
            text,
            out,
        )
        .api_name("fail");
    let found = run(app.build(), "errors", python);
    let wrong = found["wrong_type"].as_str().unwrap();
    assert!(wrong.starts_with("ValidationError"), "{wrong}");
    assert!(wrong.contains("text"), "names the parameter: {wrong}");
    assert!(wrong.contains("expects a string"), "{wrong}");
    let failed = found["handler_error"].as_str().unwrap();
    assert!(failed.starts_with("AppError"), "{failed}");
    assert!(failed.contains("bad input: x"), "{failed}");
}
