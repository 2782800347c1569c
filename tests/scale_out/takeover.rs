//! A session's stream that moves while its event runs. The event is joined on replica A while
//! the session's stream is on A, so A delivers its messages straight to that stream and counts
//! it without Redis; then the stream moves: a stream opens on B, or a second one on A, or A's
//! is dropped and one opens on B. The newest stream gets the event's completion every time,
//! and the stored counter is right after.

use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use serde_json::{json, Value};

use crate::cluster::Cluster;
use crate::protocol::{http, session};

/// How long the event runs: long enough to move the stream meanwhile.
const EVENT_MS: u64 = 1500;

type Body = Pin<Box<dyn Stream<Item = reqwest::Result<Bytes>> + Send>>;

/// A session's `/queue/data` stream being read.
struct Reader {
    body: Body,
    text: String,
}

impl Reader {
    async fn open(base: &str, session: &str) -> Reader {
        let response = http()
            .get(format!(
                "{base}/gradio_api/queue/data?session_hash={session}"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        Reader {
            body: Box::pin(response.bytes_stream()),
            text: String::new(),
        }
    }

    /// Reads until the text read so far contains `what`.
    async fn until(&mut self, what: &str) {
        let read = async {
            while !self.text.contains(what) {
                match self.body.next().await {
                    Some(Ok(chunk)) => self.text.push_str(&String::from_utf8_lossy(&chunk)),
                    _ => panic!("the stream ended before {what}:\n{}", self.text),
                }
            }
        };
        tokio::time::timeout(Duration::from_secs(20), read)
            .await
            .unwrap_or_else(|_| panic!("no {what} within 20 s:\n{}", self.text));
    }

    /// Reads to the stream's end; the messages read, in order.
    async fn messages(mut self) -> Vec<Value> {
        let read = async {
            while let Some(Ok(chunk)) = self.body.next().await {
                self.text.push_str(&String::from_utf8_lossy(&chunk));
            }
        };
        tokio::time::timeout(Duration::from_secs(20), read)
            .await
            .unwrap_or_else(|_| panic!("the stream did not end within 20 s:\n{}", self.text));
        self.text
            .lines()
            .filter_map(|l| l.strip_prefix("data: "))
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

/// Joins `slow_count` for `session` at `base`, waiting `millis`; returns the event id.
async fn join_slow(base: &str, session: &str, millis: u64) -> String {
    crate::protocol::join_first(base, session, json!([millis, null])).await
}

/// The event's messages on one stream come in the protocol's order.
fn assert_in_order(messages: &[Value], event_id: &str) {
    let order = ["estimation", "process_starts", "process_completed"];
    let ranks: Vec<usize> = messages
        .iter()
        .filter(|m| m["event_id"] == event_id)
        .filter_map(|m| order.iter().position(|o| m["msg"] == *o))
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "the event's messages came out of order: {messages:?}"
    );
}

fn completion<'a>(messages: &'a [Value], event_id: &str) -> Option<&'a Value> {
    messages
        .iter()
        .find(|m| m["msg"] == "process_completed" && m["event_id"] == event_id)
}

/// Where the stream goes while the event runs.
enum Move {
    /// A stream opens on replica B.
    ToOtherReplica,
    /// A second stream opens on replica A.
    OnSameReplica,
    /// A's stream is dropped, then one opens on B.
    DroppedThenOther,
}

fn moved_mid_event(redis: &std::path::Path, how: Move) {
    crate::e2e::runtime().block_on(async {
        let cluster = Cluster::serving(redis, "slow").await;
        let (a, b) = (cluster.replicas[0].url(), cluster.replicas[1].url());
        let s = session("moving");
        let mut first = Reader::open(&a, &s).await;
        let event = join_slow(&a, &s, EVENT_MS).await;
        first.until("process_starts").await;
        let second = match how {
            Move::ToOtherReplica => Reader::open(&b, &s).await,
            Move::OnSameReplica => Reader::open(&a, &s).await,
            Move::DroppedThenOther => {
                drop(first);
                // Gone before the new stream opens, as a client that reconnects would be.
                tokio::time::sleep(Duration::from_millis(200)).await;
                first = Reader::open(&b, &s).await;
                let messages = first.messages().await;
                assert_in_order(&messages, &event);
                let done = completion(&messages, &event)
                    .unwrap_or_else(|| panic!("no completion on the new stream: {messages:?}"));
                assert_eq!(done["success"], true, "{done}");
                assert_eq!(done["output"]["data"][0], Value::Null, "{done}");
                assert_counted(&a, &s).await;
                return;
            }
        };
        let (old, new) = tokio::join!(first.messages(), second.messages());
        assert!(
            new.iter().all(|m| m["msg"] != "unexpected_error"),
            "the new stream reported an error: {new:?}"
        );
        assert_in_order(&old, &event);
        assert_in_order(&new, &event);
        let done = completion(&new, &event)
            .unwrap_or_else(|| panic!("no completion on the new stream: {new:?}"));
        assert_eq!(done["success"], true, "{done}");
        assert!(
            completion(&old, &event).is_none(),
            "the old stream got the completion too: {old:?}"
        );
        assert!(
            new.last().is_some_and(|m| m["msg"] == "close_stream"),
            "the new stream did not end with close_stream: {new:?}"
        );
        assert_counted(&b, &s).await;
    });
}

/// The event saved its count: the session's counter reads 1 at `base`.
async fn assert_counted(base: &str, session: &str) {
    let response = http()
        .post(format!("{base}/gradio_api/run/show_count"))
        .json(&json!({"data": [], "session_hash": session}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["data"][0], 1.0, "{body}");
}

/// A stream of a session that has no event says "not found" once, and ends.
pub(crate) fn a_stream_of_a_session_without_events_says_not_found_once(redis: PathBuf) {
    crate::e2e::runtime().block_on(async {
        let cluster = Cluster::start(&redis).await;
        let messages = Reader::open(&cluster.replicas[0].url(), &session("nobody"))
            .await
            .messages()
            .await;
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert_eq!(messages[0]["msg"], "unexpected_error", "{messages:?}");
        assert_eq!(messages[0]["session_not_found"], true, "{messages:?}");
    });
}

pub(crate) fn a_stream_opened_on_another_replica_mid_event_gets_its_completion(redis: PathBuf) {
    moved_mid_event(&redis, Move::ToOtherReplica);
}

pub(crate) fn a_stream_reopened_on_the_same_replica_mid_event_gets_its_completion(redis: PathBuf) {
    moved_mid_event(&redis, Move::OnSameReplica);
}

pub(crate) fn a_stream_dropped_mid_event_leaves_its_completion_for_the_next(redis: PathBuf) {
    moved_mid_event(&redis, Move::DroppedThenOther);
}

/// A replica keeps its lock on a session's states a few seconds after an event (so the
/// session's next event there needs no lock round trip), and gives it up as soon as another
/// replica's event asks: with replicas that wait only 1.5 s for a lock, well under the 5 s a
/// kept lock lasts, events of one session alternating between the replicas all succeed.
pub(crate) fn a_kept_lock_is_given_up_when_another_replica_asks(redis: PathBuf) {
    crate::e2e::runtime().block_on(async {
        let cluster =
            Cluster::serving_with(&redis, "cart", &[("BLOCKS_REDIS_LOCK_WAIT_MS", "1500")]).await;
        let s = session("kept");
        let redis_port = cluster.redis.port;
        for round in 0..6 {
            let base = cluster.replicas[round % 2].url();
            let response = crate::protocol::run_add(&base, &s, "Milk").await;
            let status = response.status();
            let body = response.text().await.unwrap();
            assert_eq!(status, 200, "round {round} at {base}: {body}");
            if round == 0 {
                // The first event kept its lock (no other replica has asked yet).
                let locks = crate::store::keys(redis_port, &format!("blocks:{{{s}}}:l:*"));
                assert_eq!(
                    locks.len(),
                    1,
                    "no kept lock after the first event: {locks:?}"
                );
            }
        }
        let size = crate::protocol::cart_size(&cluster.replicas[0].url(), &s).await;
        assert_eq!(size, 6.0);
    });
}

/// A page's presence stream held by replica A while its events run on B: when the page
/// closes, A runs the `unload` listener with the session's states as B saved them in Redis.
pub(crate) fn unload_runs_where_the_page_was_with_the_states_another_replica_saved(redis: PathBuf) {
    crate::e2e::runtime().block_on(async {
        let farewell = std::env::temp_dir().join(format!(
            "blocks-farewell-{}-{:08x}.txt",
            std::process::id(),
            rand::random::<u32>()
        ));
        let farewell_var = farewell.to_string_lossy().into_owned();
        let cluster =
            Cluster::serving_with(&redis, "slow", &[("BLOCKS_TEST_FAREWELL", &farewell_var)]).await;
        let (a, b) = (cluster.replicas[0].url(), cluster.replicas[1].url());
        let s = session("leaving");
        let page = crate::protocol::open_page(&a, &s).await;
        for _ in 0..2 {
            let response = http()
                .post(format!("{b}/gradio_api/run/slow_count"))
                .json(&json!({"data": [0, null], "session_hash": s}))
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 200);
        }
        assert!(!farewell.exists(), "unload ran while the page was open");
        drop(page);
        let written = tokio::time::timeout(Duration::from_secs(20), async {
            loop {
                if let Ok(text) = std::fs::read_to_string(&farewell) {
                    if !text.is_empty() {
                        return text;
                    }
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await
        .expect("replica A ran no unload within 20 s of the page closing");
        let _ = std::fs::remove_file(&farewell);
        assert_eq!(written, "2", "unload saw the counter B saved");
    });
}

/// A stream opened shortly after its join on the same replica gets the event in protocol
/// order: its messages waited on the replica for it.
pub(crate) fn a_stream_opened_after_its_join_gets_the_event_in_order(redis: PathBuf) {
    late_stream(&redis, 400, 150);
}

/// A stream opened on the same replica long after its join (its event's first messages went
/// to Redis meanwhile) reads those first, then the rest straight from the event.
pub(crate) fn a_stream_opened_long_after_its_join_reads_redis_first(redis: PathBuf) {
    late_stream(&redis, 900, 500);
}

/// Joins an event of `event_ms`, opens the session's stream on the same replica after
/// `open_after_ms`, and checks the event's messages.
fn late_stream(redis: &Path, event_ms: u64, open_after_ms: u64) {
    crate::e2e::runtime().block_on(async {
        let cluster = Cluster::serving(redis, "slow").await;
        let a = cluster.replicas[0].url();
        let s = session("late");
        let event = join_slow(&a, &s, event_ms).await;
        tokio::time::sleep(Duration::from_millis(open_after_ms)).await;
        let messages = Reader::open(&a, &s).await.messages().await;
        assert_in_order(&messages, &event);
        let kinds: Vec<&str> = messages
            .iter()
            .filter(|m| m["event_id"] == event.as_str())
            .filter_map(|m| m["msg"].as_str())
            .collect();
        assert_eq!(
            kinds,
            ["estimation", "process_starts", "process_completed"],
            "{messages:?}"
        );
        assert_eq!(
            completion(&messages, &event).map(|m| m["success"].clone()),
            Some(Value::Bool(true))
        );
        assert_counted(&a, &s).await;
    });
}
