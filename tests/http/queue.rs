//! The queue: join then data streams an event and closes, messages are buffered from the join,
//! streaming sends items then the final value, cancel ends a running event, a full queue
//! answers 503.

use std::time::Duration;

use blocks::prelude::*;
use blocks::testing::TestServer;
use serde_json::{json, Value};

use crate::{completed, echo, stream};

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
