//! The protocol across replicas, spoken with a plain HTTP client: queue joins and streams,
//! curl's two steps, `/run`, on chosen replicas or through the proxy.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{json, Value};

use crate::cluster::Cluster;

pub(crate) fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// `session_hash`es the server accepts, distinct per call.
pub(crate) fn session(name: &str) -> String {
    format!("{name}{:08x}", rand::random::<u32>())
}

/// Joins the first event (fn_index 0) with `data` for `session` at `base`; returns the event
/// id.
pub(crate) async fn join_first(base: &str, session: &str, data: Value) -> String {
    let response = http()
        .post(format!("{base}/gradio_api/queue/join"))
        .json(&json!({"data": data, "fn_index": 0, "session_hash": session}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "join at {base}");
    let body: Value = response.json().await.unwrap();
    body["event_id"].as_str().unwrap().to_owned()
}

/// Joins `add_items` for `session` at `base`; returns the event id.
pub(crate) async fn join_add(base: &str, session: &str, items: &[&str]) -> String {
    join_first(base, session, json!([items, null])).await
}

/// Reads `session`'s `/queue/data` at `base` until `event_id` completes and the server ends
/// the stream (`close_stream`, once nothing is pending); returns the completion message.
///
/// Reading to the end matters: a client that drops its stream at `process_completed` and joins
/// again at once can have its next event's messages taken by the old stream before the server
/// notices it is gone (a known race, the same as on one process; see issue 14's note).
pub(crate) async fn completed(base: &str, session: &str, event_id: &str) -> Value {
    let response = http()
        .get(format!(
            "{base}/gradio_api/queue/data?session_hash={session}"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut body = response.bytes_stream();
    let mut text = String::new();
    while let Some(chunk) = body.next().await {
        text.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
    }
    let mut done = None;
    for line in text.lines().filter_map(|l| l.strip_prefix("data: ")) {
        let message: Value = serde_json::from_str(line).unwrap();
        assert_ne!(message["msg"], "unexpected_error", "{message}");
        if message["msg"] == "process_completed" && message["event_id"] == event_id {
            done = Some(message);
        }
    }
    done.unwrap_or_else(|| {
        panic!("the stream at {base} ended before event {event_id} completed:\n{text}")
    })
}

/// A page's presence stream (`/heartbeat/{session}`) at `base`, after its first `ALIVE`.
pub(crate) async fn open_page(
    base: &str,
    session: &str,
) -> impl futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> {
    let response = http()
        .get(format!("{base}/gradio_api/heartbeat/{session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut page = Box::pin(response.bytes_stream());
    let first = page.next().await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&first).contains("ALIVE"));
    page
}

/// `POST /run/add_items` of `item` for `session` at `base`.
pub(crate) async fn run_add(base: &str, session: &str, item: &str) -> reqwest::Response {
    http()
        .post(format!("{base}/gradio_api/run/add_items"))
        .json(&json!({"data": [[item], null], "session_hash": session}))
        .send()
        .await
        .unwrap()
}

/// The session's cart size, by `/run/cart_size` at `base`.
pub(crate) async fn cart_size(base: &str, session: &str) -> f64 {
    let response = http()
        .post(format!("{base}/gradio_api/run/cart_size"))
        .json(&json!({"data": [], "session_hash": session}))
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    body["data"][0].as_f64().unwrap()
}

/// `POST /call/{api}` at `base`; the event id.
async fn call(base: &str, api: &str, data: Value, session: &str) -> String {
    let body: Value = http()
        .post(format!("{base}/gradio_api/call/{api}"))
        .json(&json!({"data": data, "session_hash": session}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["event_id"].as_str().unwrap().to_owned()
}

/// `GET /call/{api}/{event_id}` at `base`: the whole stream.
async fn fetch(base: &str, api: &str, event_id: &str) -> String {
    http()
        .get(format!("{base}/gradio_api/call/{api}/{event_id}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

pub(crate) fn replicas_present_one_app_id(redis: PathBuf) {
    crate::e2e::runtime().block_on(async {
        let cluster = Cluster::start(&redis).await;
        let mut ids = Vec::new();
        for replica in &cluster.replicas {
            let config: Value = http()
                .get(format!("{}/config", replica.url()))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            ids.push(config["app_id"].clone());
        }
        assert_eq!(
            ids[0], ids[1],
            "the page must not think the server restarted"
        );
    });
}

pub(crate) fn queue_join_on_one_replica_and_data_on_another(redis: PathBuf) {
    crate::e2e::runtime().block_on(async {
        let cluster = Cluster::start(&redis).await;
        let (a, b) = (cluster.replicas[0].url(), cluster.replicas[1].url());
        let s = session("queue");
        let event = join_add(&a, &s, &["Milk"]).await;
        let done = completed(&b, &s, &event).await;
        assert_eq!(done["success"], true, "{done}");
        let event = join_add(&b, &s, &["Water", "Cereal"]).await;
        let done = completed(&a, &s, &event).await;
        assert_eq!(done["success"], true, "{done}");
        assert_eq!(cart_size(&a, &s).await, 3.0);
        assert_eq!(cart_size(&b, &s).await, 3.0);
        let other = session("other");
        let event = join_add(&b, &other, &["Tea"]).await;
        completed(&a, &other, &event).await;
        assert_eq!(cart_size(&a, &other).await, 1.0, "sessions stay apart");
        // A stream for a session nobody joined answers "not found", as with one process.
        let text = http()
            .get(format!("{a}/gradio_api/queue/data?session_hash=nobody1234"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(text.contains("unexpected_error"), "{text}");
    });
}

pub(crate) fn curl_two_step_split_across_replicas(redis: PathBuf) {
    crate::e2e::runtime().block_on(async {
        let cluster = Cluster::start(&redis).await;
        let (a, b) = (cluster.replicas[0].url(), cluster.replicas[1].url());
        let s = session("curl");
        let event = call(&a, "add_items", json!([["Milk", "Water"]]), &s).await;
        let stream = fetch(&b, "add_items", &event).await;
        assert!(stream.contains("event: complete"), "{stream}");
        let event = call(&b, "cart_size", json!([]), &s).await;
        let stream = fetch(&a, "cart_size", &event).await;
        assert!(stream.contains("event: complete\ndata: [2"), "{stream}");
        // An event id nobody started: the error the curl client knows.
        let stream = fetch(&b, "add_items", "0123456789abcdef0123456789abcdef").await;
        assert!(stream.contains("event: error"), "{stream}");
    });
}

pub(crate) fn concurrent_events_of_one_session_on_two_replicas_lose_no_update(redis: PathBuf) {
    crate::e2e::runtime().block_on(async {
        let cluster = Cluster::start(&redis).await;
        let s = session("race");
        let runs = (0..40).map(|i| {
            let base = cluster.replicas[i % 2].url();
            let s = s.clone();
            async move {
                assert_eq!(run_add(&base, &s, "Milk").await.status(), 200);
            }
        });
        futures_util::future::join_all(runs).await;
        assert_eq!(
            cart_size(&cluster.replicas[0].url(), &s).await,
            40.0,
            "every add of both replicas is in the cart"
        );
    });
}

pub(crate) fn killing_a_replica_mid_session_loses_nothing(redis: PathBuf) {
    crate::e2e::runtime().block_on(async {
        let mut cluster = Cluster::start(&redis).await;
        let url = cluster.proxy.url();
        let s = session("kill");
        for items in [&["Milk"][..], &["Water", "Tea"][..]] {
            let event = join_add(&url, &s, items).await;
            completed(&url, &s, &event).await;
        }
        cluster.replicas[0].kill();
        let event = join_add(&url, &s, &["Cereal"]).await;
        completed(&url, &s, &event).await;
        assert_eq!(cart_size(&url, &s).await, 4.0);
    });
}

pub(crate) fn redis_going_away_gives_503_and_the_app_recovers(redis: PathBuf) {
    crate::e2e::runtime().block_on(async {
        let mut cluster = Cluster::start(&redis).await;
        let a = cluster.replicas[0].url();
        let s = session("outage");
        let event = join_add(&a, &s, &["Milk"]).await;
        completed(&a, &s, &event).await;
        cluster.redis.kill();
        let response = run_add(&a, &s, "Milk").await;
        assert_eq!(response.status(), 503);
        let body: Value = response.json().await.unwrap();
        assert!(
            body["detail"].as_str().unwrap().contains("unavailable"),
            "{body}"
        );
        // Joins are refused too once the relay has noticed (its subscription drops).
        let started = Instant::now();
        loop {
            let response = http()
                .post(format!("{a}/gradio_api/queue/join"))
                .json(&json!({"data": [["Milk"], null], "fn_index": 0, "session_hash": s}))
                .send()
                .await
                .unwrap();
            if response.status() == 503 {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "joins never refused"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        cluster.redis.restart();
        // Back: events run again (this Redis kept nothing: persistence is off).
        let started = Instant::now();
        loop {
            if run_add(&a, "after1234", "Tea").await.status() == 200 {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "never recovered"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let b = cluster.replicas[1].url();
        let started = Instant::now();
        let event = loop {
            let response = http()
                .post(format!("{b}/gradio_api/queue/join"))
                .json(&json!({"data": [["Jam"], null], "fn_index": 0, "session_hash": "after1234"}))
                .send()
                .await
                .unwrap();
            if response.status() == 200 {
                let body: Value = response.json().await.unwrap();
                break body["event_id"].as_str().unwrap().to_owned();
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "joins never resumed"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        completed(&a, "after1234", &event).await;
        assert_eq!(cart_size(&b, "after1234").await, 2.0);
    });
}

/// The session cap holds across serving replicas: a new session's admission (which also
/// locks its states for its first event) refuses a session past the cap, wherever it comes;
/// a session the store keeps still opens on a replica that never saw it, while the other
/// keeps its lock, and reads what that one saved.
pub(crate) fn the_cap_holds_across_serving_replicas(redis: PathBuf) {
    crate::e2e::runtime().block_on(async {
        let cluster = Cluster::serving_with(&redis, "cart", &[("BLOCKS_MAX_SESSIONS", "2")]).await;
        let (a, b) = (cluster.replicas[0].url(), cluster.replicas[1].url());
        let (s1, s2, s3) = (session("cap"), session("cap"), session("cap"));
        for (base, s) in [(&a, &s1), (&b, &s2)] {
            let event = join_add(base, s, &["Milk"]).await;
            let done = completed(base, s, &event).await;
            assert_eq!(done["success"], true, "{done}");
        }
        let event = join_add(&a, &s3, &["Tea"]).await;
        let done = completed(&a, &s3, &event).await;
        assert_eq!(done["success"], false, "{done}");
        assert!(done.to_string().contains("maximum of 2"), "{done}");
        let event = join_add(&b, &s1, &["Bread"]).await;
        let done = completed(&b, &s1, &event).await;
        assert_eq!(done["success"], true, "{done}");
        assert_eq!(cart_size(&b, &s1).await, 2.0);
        assert_eq!(cart_size(&a, &s1).await, 2.0);
    });
}

/// Curl's two steps split across replicas: the record of a waiting result on the replica of
/// the `POST`, which counts against the client's limit there, goes once a `GET` on the other
/// replica read it, so a client makes any number of them; results not yet read still count.
pub(crate) fn split_curl_calls_count_against_the_client_until_read(redis: PathBuf) {
    crate::e2e::runtime().block_on(async {
        let cluster =
            Cluster::serving_with(&redis, "slow", &[("BLOCKS_MAX_PENDING_PER_CLIENT", "3")]).await;
        let (a, b) = (cluster.replicas[0].url(), cluster.replicas[1].url());
        let s = session("curlslot");
        for _ in 0..8 {
            let event = call_when_admitted(&a, "slow_count", json!([0]), &s).await;
            let stream = fetch(&b, "slow_count", &event).await;
            assert!(stream.contains("event: complete"), "{stream}");
        }
        // Three results not read yet count on A: a fourth is refused there, not on B.
        let mut waiting = Vec::new();
        for _ in 0..3 {
            waiting.push(call_when_admitted(&a, "slow_count", json!([0]), &s).await);
        }
        let refused = http()
            .post(format!("{a}/gradio_api/call/slow_count"))
            .json(&json!({"data": [0], "session_hash": s}))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 429, "{}", refused.text().await.unwrap());
        let event = call(&b, "slow_count", json!([0]), &s).await;
        for event in waiting.iter().chain([&event]) {
            let stream = fetch(&b, "slow_count", event).await;
            assert!(stream.contains("event: complete"), "{stream}");
        }
        let event = call_when_admitted(&a, "show_count", json!([]), &s).await;
        let stream = fetch(&b, "show_count", &event).await;
        assert!(stream.contains("data: [12"), "{stream}");
    });
}

/// `POST /call/{api}` at `base`, again while it answers 429 (the replica has not yet heard
/// that a result was read elsewhere), for at most 5 s; the event id.
async fn call_when_admitted(base: &str, api: &str, data: Value, session: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let response = http()
            .post(format!("{base}/gradio_api/call/{api}"))
            .json(&json!({"data": data, "session_hash": session}))
            .send()
            .await
            .unwrap();
        if response.status() == 429 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        }
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        let body: Value = response.json().await.unwrap();
        return body["event_id"].as_str().unwrap().to_owned();
    }
}
