//! Sessions: one-shot API calls leave none behind, state is kept per session and isolated,
//! closing the heartbeat runs unload.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use blocks::prelude::*;
use blocks::testing::TestServer;
use futures_util::StreamExt;
use serde_json::json;

use crate::{cart, completed};

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
