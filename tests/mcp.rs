//! The MCP server, driven by the official MCP Python SDK (`mcp`, the 1.x line Gradio pins)
//! over streamable HTTP and the older SSE transport.
//!
//! Needs Python with `mcp` (`.ci/run` makes `target/venv`; `BLOCKS_PYTHON` points elsewhere).
//! Without it the tests are reported as ignored, unless `BLOCKS_REQUIRE_E2E=1`.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Duration;

use blocks::prelude::*;
use blocks::server::ServerConfig;
use blocks::testing::TestServer;
use libtest_mimic::Arguments;
use serde_json::{json, Value};

#[macro_use]
mod e2e;

#[path = "../examples/cart.rs"]
#[allow(dead_code, unreachable_pub)]
mod cart;
#[path = "../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;
#[path = "../examples/file_info.rs"]
#[allow(dead_code, unreachable_pub)]
mod file_info;
#[path = "../examples/image_filter.rs"]
#[allow(dead_code, unreachable_pub)]
mod image_filter;
#[path = "../examples/stream.rs"]
#[allow(dead_code, unreachable_pub)]
mod stream;

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let python = python();
    let mut trials = trials![
        &python;
        tools_carry_the_schema_and_doc_comment_of_their_endpoint,
        bad_arguments_and_failures_are_tool_errors,
        streamed_items_and_progress_arrive_as_progress_notifications,
        state_is_kept_per_mcp_session,
        the_sse_transport_lists_and_calls_tools,
        browsers_unknown_sessions_and_bad_bodies_get_clear_answers,
        images_and_files_go_in_as_urls_and_images_come_back_as_image_content,
        a_data_url_over_max_file_bytes_is_a_tool_error,
    ];
    trials.push(libtest_mimic::Trial::test(
        "without_mcp_there_are_no_mcp_routes",
        without_mcp_there_are_no_mcp_routes,
    ));
    e2e::run(&args, &python, trials)
}

/// A Python that can `import mcp.client.streamable_http`, or why there is none.
fn python() -> Result<PathBuf, String> {
    e2e::python("mcp.client.streamable_http", "the MCP Python SDK (`mcp`)")
}

/// Serves `app` with MCP on, runs `check.py scenario url` against it, returns its findings.
fn run(app: App, scenario: &str, python: PathBuf) -> Value {
    run_with(app, TestServer::server_config(), scenario, python)
}

/// [`run`] with the server configured by `config`.
fn run_with(app: App, config: ServerConfig, scenario: &str, python: PathBuf) -> Value {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/mcp/check.py");
    let client = |url: &str| {
        let mut command = Command::new(&python);
        command.arg(&script).arg(scenario).arg(url);
        command
    };
    let limit = Duration::from_secs(90);
    e2e::check_clients_with(
        app.mcp_server(true),
        config,
        scenario,
        1,
        "mcp",
        limit,
        client,
    )
    .remove(0)
}

fn tools_carry_the_schema_and_doc_comment_of_their_endpoint(python: PathBuf) {
    let found = run(echo::app(), "echo", python);
    assert_eq!(found["protocol"], "2025-11-25", "{found}");
    assert_eq!(found["server"], "Echo");
    assert!(
        found["session_id"].as_str().is_some_and(|s| s.len() == 32),
        "{found}"
    );
    assert_eq!(found["tools"], json!(["echo", "echo_submit"]));
    assert_eq!(found["description"], "Returns its input. Returns: Output");
    let schema = &found["schema"];
    assert_eq!(schema["type"], "object");
    assert_eq!(schema["required"], json!(["text"]));
    assert_eq!(schema["properties"]["text"]["type"], "string");
    assert_eq!(
        schema["properties"]["text"]["description"],
        "The text to send back."
    );
    assert_eq!(found["result"], json!(["hello"]));
    assert_eq!(found["is_error"], false);
}

/// Echo and a handler that fails, named as the tests call them.
fn failing_app() -> App {
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
        .api_name("fail")
        .parameter_names(["text"]);
    app.build()
}

fn bad_arguments_and_failures_are_tool_errors(python: PathBuf) {
    let found = run(failing_app(), "errors", python);
    let tool_error = |key: &str| -> String {
        assert_eq!(found[key][0], true, "{key} is a tool error: {found}");
        found[key][1][0].as_str().unwrap().to_owned()
    };
    let wrong = tool_error("wrong_type");
    assert!(
        wrong.contains("text") && wrong.contains("expects a string"),
        "{wrong}"
    );
    let missing = tool_error("missing");
    assert!(missing.contains("missing argument `text`"), "{missing}");
    assert_eq!(tool_error("handler_error"), "bad input: x");
    assert_eq!(found["unknown_tool"][0], -32602, "{found}");
    assert!(found["unknown_tool"][1]
        .as_str()
        .unwrap()
        .contains("\"nope\""));
    assert_eq!(found["after"], json!(["still here"]));
}

/// The streaming example's `stream`, and `count`, which reports progress step by step.
fn progress_app() -> App {
    let mut app = Blocks::new();
    let prompt = app.add(Textbox::new().label("Prompt"));
    let output = app.add(Textbox::new().label("Output"));
    app.on(prompt.submit())
        .call(stream::tokens, prompt, output)
        .api_name("stream")
        .parameter_names(["prompt"]);
    let steps = app.add(Number::new().label("Steps"));
    app.on(steps.submit())
        .call(
            |steps: f64, progress: Progress| {
                let n = steps as u64;
                for i in 1..=n {
                    progress.step(i, n, "counting");
                }
                format!("counted {n}")
            },
            (steps, ProgressInput),
            output,
        )
        .api_name("count")
        .parameter_names(["steps"]);
    app.build()
}

fn streamed_items_and_progress_arrive_as_progress_notifications(python: PathBuf) {
    let found = run(progress_app(), "progress", python);
    let stream = &found["stream"];
    let last = (0..10)
        .map(|n| format!("tok-{n}"))
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(stream["result"], json!([last]), "{found}");
    let notes = stream["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 10, "one per streamed item: {found}");
    for (i, note) in notes.iter().enumerate() {
        assert_eq!(note, &json!([i as f64, "Processing"]));
    }
    let count = &found["count"];
    assert_eq!(count["result"], json!(["counted 3"]));
    let messages: Vec<&str> = count["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n[1].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "Progress counting: Step 1 of 3",
            "Progress counting: Step 2 of 3",
            "Progress counting: Step 3 of 3"
        ]
    );
}

fn state_is_kept_per_mcp_session(python: PathBuf) {
    let found = run(cart::app(), "cart", python);
    assert_eq!(
        found["a"],
        json!(["3"]),
        "session A added three items: {found}"
    );
    assert_eq!(
        found["b"],
        json!(["1"]),
        "session B has its own cart: {found}"
    );
}

fn the_sse_transport_lists_and_calls_tools(python: PathBuf) {
    let found = run(echo::app(), "sse", python);
    assert_eq!(found["protocol"], "2025-11-25", "{found}");
    assert_eq!(found["tools"], json!(["echo", "echo_submit"]));
    assert_eq!(found["result"], json!(["over sse"]));
}

fn browsers_unknown_sessions_and_bad_bodies_get_clear_answers(python: PathBuf) {
    let found = run(echo::app(), "raw", python);
    assert_eq!(found["landing"], json!([200, true]), "{found}");
    assert_eq!(found["get_stream"], 405);
    assert_eq!(found["unknown_session"], 404);
    assert_eq!(found["not_json"], json!([400, -32700]));
    assert_eq!(found["initialize"], "2025-06-18");
    assert_eq!(
        found["delete"],
        json!([200, 404]),
        "a deleted session is gone"
    );
    assert_eq!(found["schema"], json!(["echo", "echo_submit"]));
    assert_eq!(
        found["config_mcp"], true,
        "/config says so, for Gradio's page"
    );
}

/// The sepia example and file_info in one app, as the media tests call them.
fn media_app() -> App {
    let mut app = Blocks::new();
    let input = app.add(Image::new().label("Input"));
    let output = app.add(Image::new().label("Sepia"));
    let go = app.add(Button::new("Filter"));
    app.on(go.click())
        .call(image_filter::sepia, input, output)
        .api_name("sepia")
        .parameter_names(["image"]);
    let file = app.add(File::new().label("File"));
    let info = app.add(Textbox::new().label("Info"));
    app.on(file.upload())
        .call(file_info::file_info, file, info)
        .api_name("file_info")
        .parameter_names(["file"]);
    app.build()
}

fn images_and_files_go_in_as_urls_and_images_come_back_as_image_content(python: PathBuf) {
    let found = run(media_app(), "media", python);
    // As Gradio's MCP: a file parameter is a string, a URL of the file.
    let url_schema = json!({
        "type": "string",
        "format": "Gradio File Input - a http or https url to a file",
        "title": "Input",
        "description": "Input",
    });
    assert_eq!(
        found["sepia_schema"]["properties"]["image"], url_schema,
        "{found}"
    );
    assert_eq!(found["sepia_schema"]["required"], json!(["image"]));
    assert_eq!(found["file_schema"]["properties"]["file"]["type"], "string");
    // A base64 data URL in, a PNG of the same size out, with its URL.
    let by_data = &found["by_data"];
    assert_eq!(by_data[0], false, "{found}");
    assert_eq!(by_data[1], json!(["image/png", "PNG", 3, 2]), "{found}");
    let text = by_data[2][0].as_str().unwrap();
    assert!(
        text.starts_with("Image URL: http://") && text.contains("/gradio_api/file="),
        "{text}"
    );
    // That URL (a file this server serves) in again.
    assert_eq!(found["by_url"][0], false, "{found}");
    assert_eq!(found["by_url"][1], json!(["image/png", "PNG", 3, 2]));
    // Bad file arguments are tool errors that say what a file argument is.
    for key in ["remote", "not_a_url"] {
        assert_eq!(found[key][0], true, "{key}: {found}");
        let message = found[key][1][0].as_str().unwrap();
        assert!(
            message.contains("argument `image`") && message.contains("data:"),
            "{key}: {message}"
        );
    }
    assert_eq!(found["not_base64"][0], true);
    assert!(found["not_base64"][1][0]
        .as_str()
        .unwrap()
        .contains("not base64"));
    assert_eq!(found["not_served"][0], true);
    assert!(found["not_served"][1][0]
        .as_str()
        .unwrap()
        .contains("not a file of this server"));
    // A text file as a data URL, stored as an upload named after the parameter.
    assert_eq!(found["file_info"], json!([false, ["file.txt: 11 bytes"]]));
}

fn a_data_url_over_max_file_bytes_is_a_tool_error(python: PathBuf) {
    let config = TestServer::server_config().max_file_bytes(100);
    let found = run_with(media_app(), config, "too_large", python);
    assert_eq!(found[0], true, "{found}");
    let message = found[1][0].as_str().unwrap();
    assert!(
        message.contains("larger than max_file_bytes (100 bytes)"),
        "{message}"
    );
}

/// Without `mcp_server(true)` (or `BLOCKS_MCP_SERVER`) there is no MCP server.
fn without_mcp_there_are_no_mcp_routes() -> Result<(), libtest_mimic::Failed> {
    e2e::runtime().block_on(async {
        let server = blocks::testing::TestServer::start(echo::app()).await;
        let client = reqwest::Client::new();
        let url = server.url();
        let post = client
            .post(format!("{url}/gradio_api/mcp/"))
            .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}))
            .send()
            .await
            .unwrap();
        assert_eq!(post.status(), 404);
        let sse = client
            .get(format!("{url}/gradio_api/mcp/sse"))
            .send()
            .await
            .unwrap();
        assert_eq!(sse.status(), 404);
        let config: Value = client
            .get(format!("{url}/config"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(config["mcp_server"], false);
        server.stop().await;
    });
    Ok(())
}
