//! The HTTP API against a real server on 127.0.0.1 with a real HTTP client: every endpoint,
//! the error rows of protocol.md, streaming, cancel, heartbeat → unload, sessions.

#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use blocks::prelude::*;
use blocks::server::{ServerConfig, ServerHandle};
use futures_util::StreamExt;
use serde_json::{json, Value};

#[path = "../examples/cart.rs"]
#[allow(dead_code, unreachable_pub)]
mod cart;
#[path = "../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;
#[path = "../examples/stream.rs"]
#[allow(dead_code, unreachable_pub)]
mod stream;

async fn serve(app: App) -> (ServerHandle, String) {
    let server = app
        .serve(
            ServerConfig::default()
                .port(0)
                .workers(1)
                .heartbeat_interval(Duration::from_millis(300))
                .presence_interval(Duration::from_millis(200)),
        )
        .await
        .unwrap();
    let url = server.url();
    (server, url)
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// Reads an SSE body to its end (bounded in time), returning its frames.
async fn frames(response: reqwest::Response) -> Vec<String> {
    let mut body = response.bytes_stream();
    let mut text = String::new();
    let read = async {
        while let Some(chunk) = body.next().await {
            text.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
        }
    };
    tokio::time::timeout(Duration::from_secs(10), read)
        .await
        .expect("the stream ended within 10 s");
    text.split("\n\n")
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The JSON of each `data:` frame; asserts each frame is exactly one `data:` line.
fn queue_messages(frames: &[String]) -> Vec<Value> {
    frames
        .iter()
        .map(|f| {
            assert!(!f.contains('\r'), "no CRLF: {f:?}");
            assert_eq!(f.lines().count(), 1, "one line per frame: {f:?}");
            let json = f
                .strip_prefix("data: ")
                .unwrap_or_else(|| panic!("only data lines: {f:?}"));
            serde_json::from_str(json).unwrap()
        })
        .collect()
}

/// A curl API call: `POST /call/{api}`, then the event's stream read to its end.
async fn curl_call(c: &reqwest::Client, url: &str, api: &str, body: Value) -> String {
    let reply: Value = c
        .post(format!("{url}/gradio_api/call/{api}"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = reply["event_id"].as_str().unwrap();
    c.get(format!("{url}/gradio_api/call/{api}/{id}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The `process_completed` message among a stream's messages.
fn completed(messages: &[Value]) -> &Value {
    messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap_or_else(|| panic!("no process_completed in {messages:?}"))
}

async fn fn_index(url: &str, api_name: &str) -> usize {
    let config: Value = client()
        .get(format!("{url}/config"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    config["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .position(|d| d["api_name"] == api_name)
        .unwrap()
}

async fn join(url: &str, body: Value) -> reqwest::Response {
    client()
        .post(format!("{url}/gradio_api/queue/join"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn data(url: &str, session: &str) -> Vec<Value> {
    let response = client()
        .get(format!(
            "{url}/gradio_api/queue/data?session_hash={session}"
        ))
        .send()
        .await
        .unwrap();
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    queue_messages(&frames(response).await)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_and_info_describe_the_app() {
    let (server, url) = serve(echo::app()).await;
    let config: Value = client()
        .get(format!("{url}/config"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config["protocol"], "sse_v3");
    assert_eq!(config["api_prefix"], "/gradio_api");
    assert_eq!(config["connect_heartbeat"], false, "echo has no state");
    let ids: Vec<u64> = config["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_u64().unwrap())
        .collect();
    for dep in config["dependencies"].as_array().unwrap() {
        for id in dep["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .chain(dep["outputs"].as_array().unwrap())
        {
            assert!(
                ids.contains(&id.as_u64().unwrap()),
                "component {id} is listed"
            );
        }
    }
    let info: Value = client()
        .get(format!("{url}/gradio_api/info"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let echo = &info["named_endpoints"]["/echo"];
    assert_eq!(echo["parameters"][0]["component"], "Textbox");
    assert_eq!(echo["parameters"][0]["type"], json!({"type": "string"}));
    assert_eq!(echo["returns"][0]["label"], "Output");
    let app_id: Value = client()
        .get(format!("{url}/gradio_api/app_id"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(app_id["app_id"], config["app_id"]);
    server.stop().await;

    let (server, url) = serve(cart::app()).await;
    let config: Value = client()
        .get(format!("{url}/config"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(config["connect_heartbeat"], true, "the cart has a State");
    let info: Value = client()
        .get(format!("{url}/gradio_api/info"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let params = info["named_endpoints"]["/add_items"]["parameters"]
        .as_array()
        .unwrap();
    assert_eq!(params.len(), 1, "the State input is left out");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn join_then_data_streams_the_event_and_closes() {
    let (server, url) = serve(echo::app()).await;
    let reply: Value = join(
        &url,
        json!({"data": ["hi"], "fn_index": 0, "session_hash": "s1"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let event_id = reply["event_id"].as_str().unwrap();
    assert_eq!(event_id.len(), 32);
    assert!(event_id.chars().all(|c| c.is_ascii_hexdigit()));
    let messages = data(&url, "s1").await;
    let kinds: Vec<&str> = messages
        .iter()
        .map(|m| m["msg"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "estimation",
            "process_starts",
            "process_completed",
            "close_stream"
        ]
    );
    assert_eq!(messages[2]["success"], true);
    assert_eq!(messages[2]["output"]["data"], json!(["hi"]));
    assert_eq!(messages[2]["event_id"], event_id);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_are_buffered_from_the_join() {
    let (server, url) = serve(echo::app()).await;
    for text in ["one", "two"] {
        let r = join(
            &url,
            json!({"data": [text], "fn_index": 0, "session_hash": "s2"}),
        )
        .await;
        assert!(r.status().is_success());
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let messages = data(&url, "s2").await;
    let done: Vec<&Value> = messages
        .iter()
        .filter(|m| m["msg"] == "process_completed")
        .collect();
    assert_eq!(done.len(), 2);
    assert_eq!(messages.last().unwrap()["msg"], "close_stream");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_clear_errors_and_the_server_lives_on() {
    let (server, url) = serve(echo::app()).await;
    let c = client();
    let r = join(&url, json!({"data": ["x"], "fn_index": 0})).await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"detail": "Session hash not found."})
    );
    let r = join(&url, json!({"data": ["x"], "session_hash": "s"})).await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"detail": "No function index provided."})
    );
    let r = join(
        &url,
        json!({"data": ["x"], "fn_index": 99, "session_hash": "s"}),
    )
    .await;
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("99"));
    let r = c
        .post(format!("{url}/gradio_api/queue/join"))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = join(
        &url,
        json!({"data": [5], "fn_index": 0, "session_hash": "s"}),
    )
    .await;
    assert_eq!(r.status(), 422);
    let detail = r.json::<Value>().await.unwrap()["detail"][0].clone();
    assert_eq!(detail["__type__"], "validate");
    assert_eq!(detail["is_valid"], false);
    assert_eq!(detail["expected"], "a string");
    let r = join(
        &url,
        json!({"data": [], "fn_index": 0, "session_hash": "s"}),
    )
    .await;
    assert_eq!(r.status(), 422, "too few inputs");
    let r = join(
        &url,
        json!({"data": ["x"], "fn_index": 0, "session_hash": "a/b"}),
    )
    .await;
    assert_eq!(r.status(), 400, "session ids are checked");
    let r = c
        .post(format!("{url}/gradio_api/call/nope"))
        .json(&json!({"data": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.json::<Value>().await.unwrap()["detail"]
        .as_str()
        .unwrap()
        .contains("/nope"));
    let r = c
        .get(format!("{url}/gradio_api/queue/data?session_hash=unknown"))
        .send()
        .await
        .unwrap();
    let messages = queue_messages(&frames(r).await);
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["msg"], "unexpected_error");
    assert_eq!(messages[0]["session_not_found"], true);
    let big = format!("{{\"data\": [\"{}\"]}}", "x".repeat(2 << 20));
    let r = c
        .post(format!("{url}/gradio_api/call/echo"))
        .body(big)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "too large: {}", r.status());

    // Garbage of many shapes: never a 5xx, and the server still answers.
    let bodies = [
        "",
        "null",
        "[]",
        "5",
        "\"s\"",
        "{}",
        r#"{"data": 5}"#,
        r#"{"data": [[[[]]]]}"#,
        r#"{"data": [1e400]}"#,
        r#"{"fn_index": -1, "session_hash": "s"}"#,
        r#"{"fn_index": "0", "session_hash": "s", "data": ["x"]}"#,
        r#"{"data": {"a": 1}}"#,
        r#"{"event_id": 5}"#,
        "\u{0}\u{1}",
        r#"{"data": ["x"], "session_hash": ""}"#,
    ];
    for route in [
        "queue/join",
        "call/echo",
        "call/v2/echo",
        "run/echo",
        "cancel",
    ] {
        for body in bodies {
            let r = c
                .post(format!("{url}/gradio_api/{route}"))
                .body(body)
                .send()
                .await
                .unwrap();
            assert!(
                !r.status().is_server_error(),
                "{route} {body:?} gave {}",
                r.status()
            );
        }
    }
    assert!(c
        .get(format!("{url}/config"))
        .send()
        .await
        .unwrap()
        .status()
        .is_success());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_curl_api_answers_in_two_steps() {
    let (server, url) = serve(echo::app()).await;
    let c = client();
    let body = curl_call(&c, &url, "echo", json!({"data": ["x"]})).await;
    assert!(body.contains("event: complete\ndata: [\"x\"]"), "{body}");

    let body = curl_call(&c, &url, "v2/echo", json!({"param_0": "kw"})).await;
    assert!(body.contains("data: [\"kw\"]"), "{body}");

    let body = c
        .get(format!("{url}/gradio_api/call/echo/0123"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.starts_with("event: error"), "{body}");

    let run: Value = c
        .post(format!("{url}/gradio_api/run/echo"))
        .json(&json!({"data": ["r"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(run["data"], json!(["r"]));
    let reset: Value = c
        .post(format!("{url}/gradio_api/reset"))
        .json(&json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(reset, json!({"success": true}));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handlers_taking_the_request_see_headers_on_every_path() {
    let mut app = Blocks::new();
    let text = app.add(Textbox::new());
    let out = app.add(Textbox::new());
    app.on(text.submit())
        .call(
            |s: String, request: Request| {
                format!(
                    "{s}:{}:{}",
                    request.header("X-Caller").unwrap_or("none"),
                    request.client().unwrap_or("none")
                )
            },
            (text, RequestInput),
            out,
        )
        .api_name("who");
    let (server, url) = serve(app.build()).await;
    let c = client();

    let r = c
        .post(format!("{url}/gradio_api/queue/join"))
        .header("x-caller", "queue")
        .json(&json!({"data": ["a"], "fn_index": 0, "session_hash": "rq"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let messages = data(&url, "rq").await;
    let done = completed(&messages);
    assert_eq!(done["output"]["data"], json!(["a:queue:127.0.0.1"]));

    let reply: Value = c
        .post(format!("{url}/gradio_api/call/who"))
        .header("x-caller", "curl")
        .json(&json!({"data": ["b"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = reply["event_id"].as_str().unwrap();
    let body = c
        .get(format!("{url}/gradio_api/call/who/{id}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains(r#"data: ["b:curl:127.0.0.1"]"#), "{body}");

    let run: Value = c
        .post(format!("{url}/gradio_api/run/who"))
        .header("x-caller", "run")
        .json(&json!({"data": ["c"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(run["data"], json!(["c:run:127.0.0.1"]));
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_calls_without_a_session_leave_no_session_behind() {
    let app = cart::app();
    let sessions_of = app.clone();
    let (server, url) = serve(app).await;
    let c = client();
    for _ in 0..20 {
        let body = curl_call(&c, &url, "add_items", json!({"data": [["Milk"]]})).await;
        assert!(body.contains("event: complete"), "{body}");
        let run = c
            .post(format!("{url}/gradio_api/run/add_items"))
            .json(&json!({"data": [["Water"]]}))
            .send()
            .await
            .unwrap();
        assert_eq!(run.status(), 200);
    }
    assert_eq!(
        sessions_of.sessions().len(),
        0,
        "one-shot sessions are dropped after their call"
    );
    // A named session is kept.
    let r = c
        .post(format!("{url}/gradio_api/run/add_items"))
        .json(&json!({"data": [["Water"]], "session_hash": "kept"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(sessions_of.sessions().len(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streaming_sends_each_item_then_the_final_value() {
    let (server, url) = serve(stream::app()).await;
    let index = fn_index(&url, "stream").await;
    join(
        &url,
        json!({"data": ["t"], "fn_index": index, "session_hash": "st"}),
    )
    .await;
    let messages = data(&url, "st").await;
    let generating: Vec<&Value> = messages
        .iter()
        .filter(|m| m["msg"] == "process_generating")
        .collect();
    assert_eq!(generating.len(), 10);
    assert_eq!(
        generating[0]["output"]["data"],
        json!(["t-0"]),
        "the first carries full values"
    );
    assert_eq!(
        generating[1]["output"]["data"],
        json!([[["replace", [], "t-0 t-1"]]]),
        "later ones edits"
    );
    let done = completed(&messages);
    assert_eq!(
        done["output"]["data"][0]
            .as_str()
            .unwrap()
            .split(' ')
            .count(),
        10
    );

    let c = client();
    let body = curl_call(&c, &url, "stream", json!({"data": ["c"]})).await;
    assert_eq!(body.matches("event: generating").count(), 10, "{body}");
    assert!(body.trim_end().ends_with("c-8 c-9\"]"), "{body}");
    server.stop().await;
}

/// A textbox whose submit handler (api "slow") sleeps for `delay`, then echoes.
fn slow_app(delay: Duration) -> App {
    let mut app = Blocks::new();
    let text = app.add(Textbox::new());
    app.on(text.submit())
        .call(
            move |s: String| async move {
                tokio::time::sleep(delay).await;
                s
            },
            text,
            text,
        )
        .api_name("slow");
    app.build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_ends_a_running_event() {
    let app = slow_app(Duration::from_secs(5));
    let (server, url) = serve(app).await;
    let reply: Value = join(
        &url,
        json!({"data": ["x"], "fn_index": 0, "session_hash": "c1"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let event_id = reply["event_id"].as_str().unwrap().to_owned();
    let stream = tokio::spawn({
        let url = url.clone();
        async move { data(&url, "c1").await }
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = std::time::Instant::now();
    let cancel: Value = client()
        .post(format!("{url}/gradio_api/cancel"))
        .json(&json!({"fn_index": 0, "session_hash": "c1", "event_id": event_id}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cancel, json!({"success": true}));
    let messages = stream.await.unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the event ended at once"
    );
    let done = completed(&messages);
    assert_eq!(done["event_id"], event_id.as_str());
    assert_eq!(messages.last().unwrap()["msg"], "close_stream");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_answers_503_and_the_queued_events_still_run() {
    let app = slow_app(Duration::from_millis(300));
    let server = app
        .serve(ServerConfig::default().port(0).workers(1).max_queue(2))
        .await
        .unwrap();
    let url = server.url();
    for _ in 0..2 {
        let r = join(
            &url,
            json!({"data": ["x"], "fn_index": 0, "session_hash": "q1"}),
        )
        .await;
        assert_eq!(r.status(), 200);
    }
    let r = join(
        &url,
        json!({"data": ["x"], "fn_index": 0, "session_hash": "q2"}),
    )
    .await;
    assert_eq!(r.status(), 503);
    let detail = r.json::<Value>().await.unwrap()["detail"].clone();
    assert!(
        detail.as_str().unwrap().starts_with("Queue is full"),
        "{detail}"
    );
    let messages = data(&url, "q1").await;
    let done: Vec<_> = messages
        .iter()
        .filter(|m| m["msg"] == "process_completed")
        .collect();
    assert_eq!(done.len(), 2, "both queued events ran: {messages:?}");
    assert!(done.iter().all(|m| m["success"] == true));
    let r = join(
        &url,
        json!({"data": ["x"], "fn_index": 0, "session_hash": "q2"}),
    )
    .await;
    assert_eq!(r.status(), 200, "room again once the queue drained");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_is_kept_per_session_and_isolated() {
    let (server, url) = serve(cart::app()).await;
    let add = fn_index(&url, "add_items").await;
    let size = fn_index(&url, "cart_size").await;
    for (session, items) in [
        ("a", json!(["Milk"])),
        ("a", json!(["Water"])),
        ("b", json!(["Milk"])),
    ] {
        join(
            &url,
            json!({"data": [items, null], "fn_index": add, "session_hash": session}),
        )
        .await;
        let messages = data(&url, session).await;
        let done = completed(&messages);
        assert_eq!(
            done["output"]["data"],
            json!([null]),
            "state outputs are null"
        );
        assert!(
            done["output"]["updates"].is_object(),
            "the size listener ran: {done}"
        );
    }
    for (session, expected) in [("a", 2), ("b", 1)] {
        join(
            &url,
            json!({"data": [null], "fn_index": size, "session_hash": session}),
        )
        .await;
        let messages = data(&url, session).await;
        let done = completed(&messages);
        assert_eq!(
            done["output"]["data"],
            json!([expected]),
            "session {session}"
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_the_heartbeat_runs_unload_within_a_second() {
    let unloaded = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = Arc::clone(&unloaded);
    let mut app = Blocks::new();
    app.add(State::new(0_u32));
    app.unload().call(
        move |request: Request| seen.lock().unwrap().push(request.session_id().to_string()),
        RequestInput,
        (),
    );
    let (server, url) = serve(app.build()).await;
    let response = client()
        .get(format!("{url}/gradio_api/heartbeat/page1"))
        .send()
        .await
        .unwrap();
    let mut body = response.bytes_stream();
    let first = body.next().await.unwrap().unwrap();
    assert_eq!(&first[..], b"data: ALIVE\n\n");
    drop(body);
    let closed = std::time::Instant::now();
    while unloaded.lock().unwrap().is_empty() && closed.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(*unloaded.lock().unwrap(), vec!["page1".to_string()]);
    assert!(
        closed.elapsed() < Duration::from_secs(1),
        "unload after {:?}",
        closed.elapsed()
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_served_back_and_nothing_else_is() {
    let dir = std::env::temp_dir().join(format!("blocks-http-test-{}", std::process::id()));
    let server = echo::app()
        .serve(ServerConfig::default().port(0).workers(1).upload_dir(&dir))
        .await
        .unwrap();
    let url = server.url();
    let form = reqwest::multipart::Form::new().part(
        "files",
        reqwest::multipart::Part::bytes(b"hello file".to_vec()).file_name("../../note.txt"),
    );
    let paths: Vec<String> = client()
        .post(format!("{url}/gradio_api/upload"))
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(paths.len(), 1);
    assert!(paths[0].ends_with("note.txt") && paths[0].starts_with(dir.to_str().unwrap()));
    let body = client()
        .get(format!("{url}/gradio_api/file={}", paths[0]))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&body[..], b"hello file");
    let r = client()
        .get(format!("{url}/gradio_api/file=/etc/passwd"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    server.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_is_served_with_its_assets() {
    let (server, url) = serve(cart::app()).await;
    let c = client();
    let page = c
        .get(format!("{url}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("id=\"blocks-config\""));
    let core = page
        .split("src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let r = c
        .get(format!("{url}{core}"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    assert!(r.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("immutable"));
    server.stop().await;
}
