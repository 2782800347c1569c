//! Results waiting to be read: unread queue-session buffers and unfetched curl results are
//! capped (per client and in all), free their place once read, and expire.

use std::time::Duration;

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
