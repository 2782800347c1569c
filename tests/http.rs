//! The HTTP API against a real server on 127.0.0.1 with a real HTTP client: every endpoint,
//! the error rows of protocol.md, streaming, cancel, heartbeat → unload, sessions.

#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use blocks::prelude::*;
use blocks::testing::TestServer;
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

/// The `process_completed` message among a stream's messages.
fn completed(messages: &[Value]) -> &Value {
    messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap_or_else(|| panic!("no process_completed in {messages:?}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_and_info_describe_the_app() {
    let server = TestServer::start(echo::app()).await;
    let config = server.config().await;
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
    let info = server.info().await;
    let echo = &info["named_endpoints"]["/echo"];
    assert_eq!(echo["parameters"][0]["component"], "Textbox");
    assert_eq!(echo["parameters"][0]["type"], json!({"type": "string"}));
    assert_eq!(echo["returns"][0]["label"], "Output");
    let app_id: Value = server.get("/gradio_api/app_id").await.json().await.unwrap();
    assert_eq!(app_id["app_id"], config["app_id"]);
    server.stop().await;

    let server = TestServer::start(cart::app()).await;
    let config = server.config().await;
    assert_eq!(config["connect_heartbeat"], true, "the cart has a State");
    let info = server.info().await;
    let params = info["named_endpoints"]["/add_items"]["parameters"]
        .as_array()
        .unwrap();
    assert_eq!(params.len(), 1, "the State input is left out");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn join_then_data_streams_the_event_and_closes() {
    let server = TestServer::start(echo::app()).await;
    let event_id = server.join(0, json!(["hi"]), "s1").await.unwrap();
    assert_eq!(event_id.len(), 32);
    assert!(event_id.chars().all(|c| c.is_ascii_hexdigit()));
    let messages = server.queue_data("s1").await;
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
    let server = TestServer::start(echo::app()).await;
    for text in ["one", "two"] {
        let joined = server.join(0, json!([text]), "s2").await;
        assert!(joined.is_ok(), "{joined:?}");
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let messages = server.queue_data("s2").await;
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
    let server = TestServer::start(echo::app()).await;
    let (c, url) = (server.client(), server.url());
    let r = server
        .post(
            "/gradio_api/queue/join",
            &json!({"data": ["x"], "fn_index": 0}),
        )
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"detail": "Session hash not found."})
    );
    let r = server
        .post(
            "/gradio_api/queue/join",
            &json!({"data": ["x"], "session_hash": "s"}),
        )
        .await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"detail": "No function index provided."})
    );
    let r = server.join(99, json!(["x"]), "s").await.unwrap_err();
    assert_eq!(r.status, 404);
    assert!(r.body.to_string().contains("99"));
    let r = c
        .post(format!("{url}/gradio_api/queue/join"))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = server.join(0, json!([5]), "s").await.unwrap_err();
    assert_eq!(r.status, 422);
    let detail = r.body["detail"][0].clone();
    assert_eq!(detail["__type__"], "validate");
    assert_eq!(detail["is_valid"], false);
    assert_eq!(detail["expected"], "a string");
    let r = server.join(0, json!([]), "s").await.unwrap_err();
    assert_eq!(r.status, 422, "too few inputs");
    let r = server.join(0, json!(["x"]), "a/b").await.unwrap_err();
    assert_eq!(r.status, 400, "session ids are checked");
    let r = server
        .post("/gradio_api/call/nope", &json!({"data": []}))
        .await;
    assert_eq!(r.status(), 404);
    assert!(r.json::<Value>().await.unwrap()["detail"]
        .as_str()
        .unwrap()
        .contains("/nope"));
    let messages = server.queue_data("unknown").await;
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
    assert!(server.get("/config").await.status().is_success());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_curl_api_answers_in_two_steps() {
    let server = TestServer::start(echo::app()).await;
    let events = server.call("echo", json!(["x"])).await;
    assert!(
        events.contains(&("complete".to_owned(), json!(["x"]))),
        "{events:?}"
    );

    let events = server.call_keywords("echo", json!({"text": "kw"})).await;
    assert!(
        events.iter().any(|(_, data)| *data == json!(["kw"])),
        "{events:?}"
    );

    let events = server.call_events("echo", "0123").await;
    assert_eq!(
        events.first().map(|(event, _)| event.as_str()),
        Some("error"),
        "{events:?}"
    );

    let run = server.run("echo", json!(["r"])).await.unwrap();
    assert_eq!(run["data"], json!(["r"]));
    let reset: Value = server
        .post("/gradio_api/reset", &json!({}))
        .await
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
    let server = TestServer::start(app.build()).await;
    let (c, url) = (server.client(), server.url());

    let r = c
        .post(format!("{url}/gradio_api/queue/join"))
        .header("x-caller", "queue")
        .json(&json!({"data": ["a"], "fn_index": 0, "session_hash": "rq"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let messages = server.queue_data("rq").await;
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
    let events = server.call_events("who", id).await;
    assert!(
        events
            .iter()
            .any(|(_, data)| *data == json!(["b:curl:127.0.0.1"])),
        "{events:?}"
    );

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
    let server = TestServer::start(app).await;
    for _ in 0..20 {
        let events = server.call("add_items", json!([["Milk"]])).await;
        assert!(
            events.iter().any(|(event, _)| event == "complete"),
            "{events:?}"
        );
        let run = server.run("add_items", json!([["Water"]])).await;
        assert!(run.is_ok(), "{run:?}");
    }
    assert_eq!(
        sessions_of.sessions().len(),
        0,
        "one-shot sessions are dropped after their call"
    );
    // A named session is kept.
    let r = server
        .post(
            "/gradio_api/run/add_items",
            &json!({"data": [["Water"]], "session_hash": "kept"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(sessions_of.sessions().len(), 1);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streaming_sends_each_item_then_the_final_value() {
    let server = TestServer::start(stream::app()).await;
    server.join_api("stream", json!(["t"]), "st").await.unwrap();
    let messages = server.queue_data("st").await;
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

    let events = server.call("stream", json!(["c"])).await;
    let generating = events.iter().filter(|(event, _)| event == "generating");
    assert_eq!(generating.count(), 10, "{events:?}");
    let (_, last) = events.last().unwrap();
    assert!(last.to_string().ends_with("c-8 c-9\"]"), "{events:?}");
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
    let server = TestServer::start(app).await;
    let event_id = server.join(0, json!(["x"]), "c1").await.unwrap();
    let cancel = async {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let started = std::time::Instant::now();
        let cancel: Value = server
            .post(
                "/gradio_api/cancel",
                &json!({"fn_index": 0, "session_hash": "c1", "event_id": event_id}),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(cancel, json!({"success": true}));
        started
    };
    // The stream is read while the event runs and is cancelled.
    let (messages, started) = tokio::join!(server.queue_data("c1"), cancel);
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
    let server = TestServer::start_with(app, TestServer::server_config().max_queue(2)).await;
    for _ in 0..2 {
        let joined = server.join(0, json!(["x"]), "q1").await;
        assert!(joined.is_ok(), "{joined:?}");
    }
    let r = server.join(0, json!(["x"]), "q2").await.unwrap_err();
    assert_eq!(r.status, 503);
    let detail = r.body["detail"].clone();
    assert!(
        detail.as_str().unwrap().starts_with("Queue is full"),
        "{detail}"
    );
    let messages = server.queue_data("q1").await;
    let done: Vec<_> = messages
        .iter()
        .filter(|m| m["msg"] == "process_completed")
        .collect();
    assert_eq!(done.len(), 2, "both queued events ran: {messages:?}");
    assert!(done.iter().all(|m| m["success"] == true));
    let joined = server.join(0, json!(["x"]), "q2").await;
    assert!(
        joined.is_ok(),
        "room again once the queue drained: {joined:?}"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_is_kept_per_session_and_isolated() {
    let server = TestServer::start(cart::app()).await;
    let add = server.fn_index("add_items").await;
    let size = server.fn_index("cart_size").await;
    for (session, items) in [
        ("a", json!(["Milk"])),
        ("a", json!(["Water"])),
        ("b", json!(["Milk"])),
    ] {
        server
            .join(add, json!([items, null]), session)
            .await
            .unwrap();
        let messages = server.queue_data(session).await;
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
        server.join(size, json!([null]), session).await.unwrap();
        let messages = server.queue_data(session).await;
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
    let server = TestServer::start(app.build()).await;
    let response = server.get("/gradio_api/heartbeat/page1").await;
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
    let server =
        TestServer::start_with(echo::app(), TestServer::server_config().upload_dir(&dir)).await;
    let paths = server
        .upload(&[("../../note.txt", b"hello file".as_slice())])
        .await
        .unwrap();
    assert_eq!(paths.len(), 1);
    assert!(paths[0].ends_with("note.txt") && paths[0].starts_with(dir.to_str().unwrap()));
    let body = server
        .get(&format!("/gradio_api/file={}", paths[0]))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(&body[..], b"hello file");
    let r = server.get("/gradio_api/file=/etc/passwd").await;
    assert_eq!(r.status(), 404);
    server.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_is_served_with_its_assets() {
    let server = TestServer::start(cart::app()).await;
    let page = server.get("/").await.text().await.unwrap();
    assert!(page.contains("id=\"blocks-config\""));
    let core = page
        .split("src=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let r = server
        .client()
        .get(format!("{}{core}", server.url()))
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
