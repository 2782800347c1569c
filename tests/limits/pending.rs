//! Results waiting to be read: unread queue-session buffers and unfetched curl results are
//! capped (per client and in all), free their place once read, and expire.

use std::time::Duration;

use blocks::prelude::*;
use blocks::testing::TestServer;
use serde_json::{json, Value};

use crate::{client_from, config, echo, error_detail, eventually, join_from, OTHER_CLIENT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unread_session_buffers_are_capped_per_client_and_in_all_and_expire() {
    let server = TestServer::start_with(
        echo::app(),
        config()
            .max_unread_sessions(4)
            .max_pending_per_client(3)
            .unread_ttl(Duration::from_millis(300)),
    )
    .await;
    let (c, url) = (server.client(), server.url());
    for i in 0..3 {
        assert_eq!(join_from(c, url, &format!("u{i}")).await.status(), 200);
    }
    // A session that already has a buffer may join more events.
    assert_eq!(join_from(c, url, "u0").await.status(), 200);
    let detail = error_detail(join_from(c, url, "u3").await, 429).await;
    assert!(detail.contains("max_pending_per_client"), "{detail}");

    let other = client_from(OTHER_CLIENT);
    assert_eq!(join_from(&other, url, "o0").await.status(), 200);
    let detail = error_detail(join_from(&other, url, "o1").await, 503).await;
    assert!(detail.contains("max_unread_sessions"), "{detail}");

    // Reading a buffer frees its place at once.
    let messages = server.queue_data("u0").await;
    let completed = messages.iter().filter(|m| m["msg"] == "process_completed");
    assert_eq!(completed.count(), 2, "{messages:?}");
    assert_eq!(join_from(&other, url, "o1").await.status(), 200);

    // Unread buffers expire, and their places come back.
    eventually("unread buffers expiring", || async {
        join_from(c, url, "later").await.status() == 200
    })
    .await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unfetched_curl_results_are_capped_and_expire() {
    let server = TestServer::start_with(
        echo::app(),
        config()
            .max_unfetched_results(3)
            .unfetched_ttl(Duration::from_millis(300)),
    )
    .await;
    let call = || async {
        server
            .post("/gradio_api/call/echo", &json!({"data": ["hi"]}))
            .await
    };
    let mut ids = Vec::new();
    for _ in 0..3 {
        let reply: Value = call().await.json().await.unwrap();
        ids.push(reply["event_id"].as_str().unwrap().to_owned());
    }
    let detail = error_detail(call().await, 503).await;
    assert!(detail.contains("max_unfetched_results"), "{detail}");
    // Fetching one frees its place.
    let events = server.call_events("echo", &ids[0]).await;
    assert!(
        events.iter().any(|(event, _)| event == "complete"),
        "{events:?}"
    );
    assert_eq!(call().await.status(), 200);
    // Unfetched results expire.
    eventually("unfetched results expiring", || async {
        call().await.status() == 200 && call().await.status() == 200
    })
    .await;
    server.stop().await;
}

/// `/run/{api_name}` skips the queue's streams, not its limits: a direct call counts toward
/// `max_queue` while it runs and takes its event's concurrency slot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direct_runs_count_toward_the_queue_limit() {
    let app = blocks::blocks! {
        let input = Textbox::new();
        let output = Textbox::new();
        input
            .submit(
                |text: String| async move {
                    tokio::time::sleep(Duration::from_millis(800)).await;
                    text
                },
                input,
                output,
            )
            .api_name("slow");
    };
    let server = TestServer::start_with(app, config().max_queue(1)).await;
    let (c, url) = (server.client().clone(), server.url().to_owned());
    let run = |session: &'static str| {
        let (c, url) = (c.clone(), url.clone());
        async move {
            c.post(format!("{url}/gradio_api/run/slow"))
                .json(&json!({"data": ["hi"], "session_hash": session}))
                .send()
                .await
                .unwrap()
        }
    };
    let first = tokio::spawn(run("d0"));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let detail = error_detail(run("d1").await, 503).await;
    assert!(detail.contains("Queue is full"), "{detail}");
    let first = first.await.unwrap();
    assert_eq!(first.status(), 200);
    let body: Value = first.json().await.unwrap();
    assert_eq!(body["data"], json!(["hi"]));
    // Its place is free again once it is done.
    assert_eq!(run("d2").await.status(), 200);
}
