//! Request bodies: JSON routes take only JSON, bodies past `max_body_bytes` get 413, every
//! error is JSON and every reply `nosniff`; a body that stalls gets 408.

use std::time::Duration;

use blocks::testing::TestServer;
use serde_json::json;

use crate::{config, echo, error_detail, raw};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_routes_take_only_json_and_every_error_is_json() {
    let server = TestServer::start_with(echo::app(), config().max_body_bytes(1024)).await;
    let (c, url) = (server.client(), server.url());
    let call = |content_type: Option<&'static str>| {
        let mut request = c
            .post(format!("{url}/gradio_api/call/echo"))
            .body(r#"{"data":["hi"]}"#);
        if let Some(kind) = content_type {
            request = request.header("content-type", kind);
        }
        request.send()
    };
    for kind in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let detail = error_detail(call(Some(kind)).await.unwrap(), 415).await;
        assert!(detail.contains("application/json"), "{detail}");
    }
    assert_eq!(
        call(Some("application/json; charset=utf-8"))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(call(None).await.unwrap().status(), 200);

    let too_large = c
        .post(format!("{url}/gradio_api/queue/join"))
        .json(&json!({"data": ["x".repeat(2000)], "fn_index": 0, "session_hash": "s1"}))
        .send()
        .await
        .unwrap();
    let detail = error_detail(too_large, 413).await;
    assert!(detail.contains("max_body_bytes"), "{detail}");

    let no_query = c
        .get(format!("{url}/gradio_api/queue/data"))
        .send()
        .await
        .unwrap();
    let detail = error_detail(no_query, 400).await;
    assert!(detail.contains("session_hash"), "{detail}");

    let nowhere = c.get(format!("{url}/nowhere")).send().await.unwrap();
    assert!(error_detail(nowhere, 404).await.contains("/nowhere"));
    let api_nowhere = c
        .post(format!("{url}/gradio_api/nowhere"))
        .send()
        .await
        .unwrap();
    assert_eq!(api_nowhere.status(), 404);

    for path in ["/config", "/gradio_api/info", "/", "/gradio_api/app_id"] {
        let response = c.get(format!("{url}{path}")).send().await.unwrap();
        assert_eq!(
            response.headers()["x-content-type-options"],
            "nosniff",
            "{path}"
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stalls_gets_408() {
    let server = TestServer::start_with(
        echo::app(),
        config().body_timeout(Duration::from_millis(300)),
    )
    .await;
    let request = b"POST /gradio_api/call/echo HTTP/1.1\r\nHost: x\r\n\
        Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"data\":";
    let reply = raw(server.addr(), request, false).await;
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains("body_timeout"), "{reply}");
    // The server lives on.
    let ok = server.get("/config").await;
    assert_eq!(ok.status(), 200);
    server.stop().await;
}
