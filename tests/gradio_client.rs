//! Interop: the real `gradio_client` from PyPI calls blocks apps served on 127.0.0.1.
//!
//! Needs Python with `gradio_client` (`.ci/run` makes `target/venv`; `BLOCKS_PYTHON` points
//! elsewhere). Without it the tests are reported as ignored, unless `BLOCKS_REQUIRE_E2E=1`, which
//! makes them fail. A libtest-mimic harness (`harness = false`), so that the runner itself reports
//! the skip.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::ExitCode;

use blocks::prelude::*;
use libtest_mimic::Arguments;
use serde_json::Value;

#[macro_use]
mod e2e;

#[path = "../examples/cart.rs"]
#[allow(dead_code, unreachable_pub)]
mod cart;
#[path = "../examples/custom_component.rs"]
#[allow(dead_code, unreachable_pub)]
mod custom_component;
#[path = "../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;
#[path = "../examples/stream.rs"]
#[allow(dead_code, unreachable_pub)]
mod stream;

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let python = python();
    let trials = trials![
        &python;
        predict_and_view_api_on_echo,
        cart_state_is_kept_per_client,
        streaming_submit_iterates_every_item,
        errors_arrive_as_the_clients_error_types,
        a_custom_component_kind_is_called_like_a_built_in_one,
    ];
    e2e::run(&args, &python, trials)
}

/// A Python that can `import gradio_client`, or why there is none.
fn python() -> Result<PathBuf, String> {
    e2e::python("gradio_client", "gradio_client")
}

/// Serves `app`, runs `check.py scenario url` against it, returns its findings.
fn run(app: App, scenario: &str, python: PathBuf) -> Value {
    e2e::check_python(
        app,
        "tests/gradio_client/check.py",
        scenario,
        &python,
        "gradio_client",
    )
}

fn predict_and_view_api_on_echo(python: PathBuf) {
    let found = run(echo::app(), "echo", python);
    assert_eq!(found["predict"], "hello");
    assert!(found["endpoints"]
        .as_array()
        .unwrap()
        .contains(&Value::from("/echo")));
    assert_eq!(found["parameter_component"], "Textbox");
    assert!(found["view_api_text"].as_str().unwrap().contains("/echo"));
}

fn cart_state_is_kept_per_client(python: PathBuf) {
    let found = run(cart::app(), "cart", python);
    assert_eq!(found["a_size"], 3.0, "client A added three items: {found}");
    assert_eq!(found["b_size"], 1.0, "client B has its own cart: {found}");
    assert_eq!(
        found["add_returns"], "()",
        "a state-only output returns nothing, as with Gradio"
    );
}

fn streaming_submit_iterates_every_item(python: PathBuf) {
    let found = run(stream::app(), "stream", python);
    let items = found["items"].as_array().unwrap();
    assert_eq!(items.len(), 10, "{found}");
    for (i, item) in items.iter().enumerate() {
        assert_eq!(item.as_str().unwrap().split(' ').count(), i + 1);
    }
    assert_eq!(found["outputs"].as_array().unwrap().len(), 10);
    assert_eq!(found["result"], items[9]);
}

fn a_custom_component_kind_is_called_like_a_built_in_one(python: PathBuf) {
    let found = run(custom_component::app(), "rating", python);
    assert_eq!(found["predict"], "★★★★★ — Excellent", "{found}");
    assert_eq!(found["component"], "Rating", "{found}");
    assert_eq!(found["python_type"], "int", "{found}");
    let refused = found["out_of_range"].as_str().unwrap();
    assert!(refused.starts_with("ValidationError"), "{refused}");
    assert!(refused.contains("from 1 to 5"), "{refused}");
}

fn errors_arrive_as_the_clients_error_types(python: PathBuf) {
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
