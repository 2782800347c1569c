//! The Redis store itself, without HTTP: values keep the session's expiry as a Redis TTL, the
//! count and the cap hold across two replicas (two builds of the app, each with its own session
//! table, as two processes have).

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use blocks::engine::EventRequest;
use blocks::prelude::*;
use blocks::session::{RedisStore, SessionSettings, SessionStore};
use serde_json::json;

use crate::cluster::Redis;

/// One Redis command over RESP; the first line of the reply.
fn command(port: u16, args: &[&str]) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut out = format!("*{}\r\n", args.len());
    for arg in args {
        out.push_str(&format!("${}\r\n{arg}\r\n", arg.len()));
    }
    stream.write_all(out.as_bytes()).unwrap();
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).unwrap();
    line.trim_end().to_owned()
}

/// The keys matching `pattern` (`KEYS`, fine for a test's small Redis).
pub(crate) fn keys(port: u16, pattern: &str) -> Vec<String> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let request = format!("*2\r\n$4\r\nKEYS\r\n${}\r\n{pattern}\r\n", pattern.len());
    stream.write_all(request.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let count: usize = line.trim_end().trim_start_matches('*').parse().unwrap();
    (0..count)
        .map(|_| {
            let (mut length, mut key) = (String::new(), String::new());
            reader.read_line(&mut length).unwrap();
            reader.read_line(&mut key).unwrap();
            key.trim_end().to_owned()
        })
        .collect()
}

fn replica(url: &str, max_sessions: usize) -> App {
    replica_on(RedisStore::open(url).unwrap().prefix("t"), max_sessions)
}

fn replica_on(store: RedisStore, max_sessions: usize) -> App {
    let mut app = Blocks::new();
    app.session_store(Arc::new(store));
    app.session_settings(
        SessionSettings::default()
            .ttl_after_close(Duration::from_secs(600))
            .max_sessions(max_sessions),
    );
    let cart = app.add(State::stored(Vec::<String>::new()));
    let item = app.add(Textbox::new());
    let size = app.add(Number::new());
    let add = app.add(Button::new("Add"));
    app.on(add.click())
        .call(
            |item: String, mut cart: StateMut<Vec<String>>| {
                cart.push(item);
                cart.len() as f64
            },
            (item, cart),
            size,
        )
        .api_name("add");
    app.build()
}

async fn add(app: &App, session: &str) -> Result<f64, String> {
    let dependency = app.dependency_by_api_name("add").unwrap();
    let request = EventRequest::new(
        SessionId::new(session).unwrap(),
        dependency,
        vec![json!("milk"), json!(null), json!(null)],
    );
    app.run(request)
        .await
        .map(|outcome| outcome.outputs[0].as_f64().unwrap())
        .map_err(|err| err.to_string())
}

pub(crate) fn redis_keeps_values_with_the_session_ttl_and_the_cap_across_replicas(redis: PathBuf) {
    crate::e2e::runtime().block_on(async {
        let redis = Redis::start(&redis);
        let a = replica(&redis.url(), 2);
        let b = replica(&redis.url(), 2);
        assert_eq!(add(&a, "s1").await, Ok(1.0));
        assert_eq!(add(&b, "s1").await, Ok(2.0), "replica B reads what A saved");
        let ttl: i64 = command(redis.port, &["PTTL", "t:{s1}:v"])
            .trim_start_matches(':')
            .parse()
            .unwrap();
        assert!(
            (1..=600_000).contains(&ttl),
            "the values expire with the session: PTTL {ttl}"
        );
        assert_eq!(add(&b, "s2").await, Ok(1.0));
        let store = RedisStore::open(&redis.url()).unwrap().prefix("t");
        assert_eq!(store.count().await, Ok(2), "counted across replicas");
        let refused = add(&a, "s3").await.unwrap_err();
        assert!(refused.contains("maximum of 2"), "{refused}");
        assert_eq!(
            add(&a, "s2").await,
            Ok(2.0),
            "a kept session opens anywhere"
        );
    });
}

/// At the cap, a new session evicts the least recently used one once it has gone unused
/// long enough (here at once), deleting its values, as the session table evicts closed ones;
/// with the default wait (2 minutes) the same new session is refused.
pub(crate) fn a_new_session_evicts_the_least_recently_used_at_the_cap(redis: PathBuf) {
    crate::e2e::runtime().block_on(async {
        let redis = Redis::start(&redis);
        let patient = replica(&redis.url(), 2);
        let store = RedisStore::open(&redis.url())
            .unwrap()
            .prefix("t")
            .evict_idle_after(Duration::ZERO);
        let evicting = replica_on(store, 2);
        assert_eq!(add(&patient, "old1").await, Ok(1.0));
        assert_eq!(add(&patient, "old2").await, Ok(1.0));
        let refused = add(&patient, "new1").await.unwrap_err();
        assert!(refused.contains("maximum of 2"), "{refused}");
        assert_eq!(command(redis.port, &["EXISTS", "t:{old1}:v"]), ":1");
        assert_eq!(add(&evicting, "new1").await, Ok(1.0), "old1 made room");
        assert_eq!(
            command(redis.port, &["EXISTS", "t:{old1}:v"]),
            ":0",
            "the evicted session's values are gone"
        );
        assert_eq!(command(redis.port, &["ZCARD", "t:sessions"]), ":2");
        assert_eq!(
            command(redis.port, &["ZSCORE", "t:sessions", "old1"]),
            "$-1"
        );
    });
}

/// An open page keeps its session's values in Redis past the time a closed session is kept
/// (here 6 s, so the page renews them every 2 s, its presence interval); once the page
/// closes, they expire.
pub(crate) fn an_open_page_keeps_its_values_past_the_session_ttl(redis: PathBuf) {
    use futures_util::StreamExt;
    crate::e2e::runtime().block_on(async {
        let cluster = crate::cluster::Cluster::serving_with(
            &redis,
            "cart",
            &[("BLOCKS_SESSION_TTL_SECS", "6")],
        )
        .await;
        let (a, b) = (cluster.replicas[0].url(), cluster.replicas[1].url());
        let s = crate::protocol::session("renewed");
        let values = format!("blocks:{{{s}}}:v");
        let event = crate::protocol::join_add(&b, &s, &["Milk"]).await;
        crate::protocol::completed(&b, &s, &event).await;
        assert_eq!(keys(cluster.redis.port, &values), [values.as_str()]);
        let mut page = crate::protocol::open_page(&a, &s).await;
        let reading = tokio::spawn(async move { while page.next().await.is_some() {} });
        tokio::time::sleep(Duration::from_secs(9)).await;
        assert_eq!(
            keys(cluster.redis.port, &values),
            [values.as_str()],
            "the open page renewed the values (they would have expired 6 s after the save)"
        );
        reading.abort();
        let expired = tokio::time::timeout(Duration::from_secs(30), async {
            while !keys(cluster.redis.port, &values).is_empty() {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
        .await;
        assert!(expired.is_ok(), "the values outlived the closed page");
        assert_eq!(crate::protocol::cart_size(&b, &s).await, 0.0);
    });
}
