//! Bad requests: the error rows of protocol.md, each a clear error, and garbage of many shapes
//! never a 5xx, with the server still answering after.

use blocks::testing::TestServer;
use serde_json::{json, Value};

use crate::echo;

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
