//! Streams: one client cannot hold every stream, and a stream nobody reads holds a bounded
//! backlog yet keeps its final result whole.

use std::time::Duration;

use blocks::prelude::*;
use blocks::testing::TestServer;
use serde_json::{json, Value};

use crate::{client_from, config, echo, error_detail, eventually, join_from, OTHER_CLIENT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_cannot_hold_every_stream() {
    let server = TestServer::start_with(echo::app(), config().max_streams_per_client(3)).await;
    let (c, url) = (server.client(), server.url());
    let mut held = Vec::new();
    for i in 0..3 {
        let stream = c
            .get(format!("{url}/gradio_api/heartbeat/hold{i}"))
            .send()
            .await
            .unwrap();
        assert_eq!(stream.status(), 200);
        held.push(stream);
    }
    let refused = c
        .get(format!("{url}/gradio_api/heartbeat/hold3"))
        .send()
        .await
        .unwrap();
    let detail = error_detail(refused, 429).await;
    assert!(detail.contains("max_streams_per_client"), "{detail}");
    let refused_data = c
        .get(format!("{url}/gradio_api/queue/data?session_hash=hold0"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused_data.status(), 429);

    // A new visitor from elsewhere still gets in.
    let other = client_from(OTHER_CLIENT)
        .get(format!("{url}/gradio_api/heartbeat/visitor"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);

    // Closing a stream gives its slot back.
    held.pop();
    eventually("a closed stream's slot coming back", || async {
        c.get(format!("{url}/gradio_api/heartbeat/hold4"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
    })
    .await;
    server.stop().await;
}
/// A handler that streams a text growing by 1,000 bytes a step, 100 steps.
fn growing_app() -> App {
    let mut app = Blocks::new();
    let out = app.add(Textbox::new());
    let go = app.add(Button::new("go"));
    app.on(go.click())
        .call(|| (1..=100).map(|i| "x".repeat(i * 1000)), (), out)
        .api_name("grow");
    app.build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_nobody_reads_holds_a_bounded_backlog_and_keeps_the_result() {
    let server = TestServer::start_with(growing_app(), config().max_unread_bytes(64 * 1024)).await;
    let (c, url) = (server.client(), server.url());
    // The curl stream, read only after the event is over.
    let reply: Value = server
        .post("/gradio_api/call/grow", &json!({"data": []}))
        .await
        .json()
        .await
        .unwrap();
    let id = reply["event_id"].as_str().unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let text = server
        .get(&format!("/gradio_api/call/grow/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let generating = text.matches("event: generating").count();
    assert!(
        generating < 100,
        "intermediate values were skipped: {generating}"
    );
    assert!(text.len() < 300 * 1024, "bounded: {} bytes", text.len());
    let last = text
        .split("\n\n")
        .find(|f| f.starts_with("event: complete"))
        .unwrap();
    assert!(
        last.contains(&"x".repeat(100_000)),
        "the final value is whole"
    );

    // The queue stream likewise; the first value the client gets is whole, not an edit.
    assert_eq!(join_from(c, url, "slow").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    // Past the budget (the final value alone is 100 KB), the session's new events wait.
    let detail = error_detail(join_from(c, url, "slow").await, 503).await;
    assert!(detail.contains("max_unread_bytes"), "{detail}");
    let messages = server.queue_data("slow").await;
    let generating: Vec<&Value> = messages
        .iter()
        .filter(|m| m["msg"] == "process_generating")
        .collect();
    assert!(generating.len() < 100, "{}", generating.len());
    assert!(
        generating
            .first()
            .is_some_and(|m| m["output"]["data"][0].is_string()),
        "the first intermediate message carries full values"
    );
    let completed = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(completed["output"]["data"][0], "x".repeat(100_000));
    // Read, the session may join again.
    assert_eq!(join_from(c, url, "slow").await.status(), 200);
    server.stop().await;
}
