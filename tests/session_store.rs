//! The session-store seam: two replicas of an app (two builds, each with its own session table,
//! as two processes would have) sharing one store serve the same session; states that are not
//! stored stay per replica.

#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use blocks::engine::EventRequest;
use blocks::prelude::*;
use blocks::session::{MemoryStore, SessionSettings, SessionStore};
use serde_json::json;

/// One replica: a stored cart, and a per-process counter of the events it served.
fn replica(store: Arc<MemoryStore>) -> App {
    let mut app = Blocks::new();
    app.session_store(store);
    let cart = app.add(State::stored(Vec::<String>::new()));
    let served = app.add(State::new(0_u32));
    let item = app.add(Textbox::new());
    let size = app.add(Number::new());
    let here = app.add(Number::new());
    let add = app.add(Button::new("Add"));
    app.on(add.click())
        .call(
            |item: String, mut cart: StateMut<Vec<String>>, mut served: StateMut<u32>| {
                cart.push(item);
                *served += 1;
                (cart.len() as f64, f64::from(*served))
            },
            (item, cart, served),
            (size, here),
        )
        .api_name("add");
    app.build()
}

async fn add(app: &App, session: &str, item: &str) -> (f64, f64) {
    let dependency = app.dependency_by_api_name("add").unwrap();
    let request = EventRequest::new(
        SessionId::new(session).unwrap(),
        dependency,
        vec![json!(item), json!(null), json!(null)],
    );
    let outcome = app.run(request).await.unwrap();
    (
        outcome.outputs[0].as_f64().unwrap(),
        outcome.outputs[1].as_f64().unwrap(),
    )
}

#[tokio::test]
async fn replicas_sharing_a_store_serve_the_same_session() {
    let store = Arc::new(MemoryStore::new());
    let a = replica(Arc::clone(&store));
    let b = replica(Arc::clone(&store));
    assert_eq!(add(&a, "s1", "milk").await, (1.0, 1.0));
    assert_eq!(
        add(&b, "s1", "eggs").await,
        (2.0, 1.0),
        "replica B sees the cart replica A stored; its own counter starts afresh"
    );
    assert_eq!(add(&a, "s1", "tea").await, (3.0, 2.0));
    // Another session is apart.
    assert_eq!(add(&b, "s2", "jam").await, (1.0, 1.0));
    assert_eq!(store.len(), 2);
    assert_eq!(
        SessionStore::count(&*store).await.unwrap(),
        2,
        "the store counts the sessions of every replica"
    );
    assert_eq!(
        a.sessions().len(),
        1,
        "replica A holds only the session it served"
    );
}

#[tokio::test]
async fn a_one_shot_session_leaves_nothing_in_the_store() {
    let store = Arc::new(MemoryStore::new());
    let app = replica(Arc::clone(&store));
    let dependency = app.dependency_by_api_name("add").unwrap();
    let request = EventRequest::new(
        SessionId::random(),
        dependency,
        vec![json!("x"), json!(null), json!(null)],
    )
    .one_shot(true);
    app.run(request).await.unwrap();
    assert!(store.is_empty());
}

#[tokio::test]
async fn without_a_store_each_app_keeps_its_own_sessions() {
    let mut plain = Blocks::new();
    let cart = plain.add(State::stored(Vec::<String>::new()));
    let item = plain.add(Textbox::new());
    let size = plain.add(Number::new());
    let go = plain.add(Button::new("Add"));
    plain
        .on(go.click())
        .call(
            |item: String, mut cart: StateMut<Vec<String>>| {
                cart.push(item);
                cart.len() as f64
            },
            (item, cart),
            size,
        )
        .api_name("add");
    let app = plain.build();
    let other = app.with_session_settings(Default::default());
    let dependency = app.dependency_by_api_name("add").unwrap();
    let run = |app: App| async move {
        let request = EventRequest::new(
            SessionId::new("s").unwrap(),
            dependency,
            vec![json!("x"), json!(null)],
        );
        app.run(request).await.unwrap().outputs[0].clone()
    };
    assert_eq!(run(app.clone()).await, json!(1.0));
    assert_eq!(run(app).await, json!(2.0));
    assert_eq!(run(other).await, json!(1.0), "a separate session table");
}

#[tokio::test]
async fn the_session_cap_holds_across_replicas() {
    let store = Arc::new(MemoryStore::new());
    let capped = |app: App| app.with_session_settings(SessionSettings::default().max_sessions(2));
    let a = capped(replica(Arc::clone(&store)));
    let b = capped(replica(Arc::clone(&store)));
    add(&a, "s1", "milk").await;
    add(&b, "s2", "eggs").await;
    let dependency = a.dependency_by_api_name("add").unwrap();
    let third = EventRequest::new(
        SessionId::new("s3").unwrap(),
        dependency,
        vec![json!("tea"), json!(null), json!(null)],
    );
    let refused = a.run(third).await.err().unwrap();
    assert!(
        refused.to_string().contains("maximum of 2"),
        "replica A counts replica B's session: {refused}"
    );
    assert_eq!(
        add(&b, "s1", "jam").await.0,
        2.0,
        "a session the store keeps opens on any replica"
    );
}

#[test]
fn an_app_with_a_store_counts_the_states_that_need_sticky_routing() {
    let app = replica(Arc::new(MemoryStore::new()));
    assert_eq!(
        app.unstored_states(),
        Some(1),
        "the per-process counter is not stored: launch warns that it needs sticky routing"
    );
    assert_eq!(
        Blocks::new().build().unstored_states(),
        None,
        "without a store there is nothing to warn about"
    );
}

/// A session whose values the store no longer has (expired, or evicted at the cap) starts
/// again from its states' initial values, on every replica: a replica that still holds the
/// session in memory does not bring back what it last saw.
#[tokio::test]
async fn a_session_the_store_forgot_starts_again_from_the_initial_values() {
    let store = Arc::new(MemoryStore::new());
    let a = replica(Arc::clone(&store));
    let b = replica(Arc::clone(&store));
    assert_eq!(add(&a, "s1", "milk").await.0, 1.0);
    assert_eq!(add(&b, "s1", "eggs").await.0, 2.0);
    store.remove(&SessionId::new("s1").unwrap()).await.unwrap();
    assert_eq!(
        add(&a, "s1", "tea").await.0,
        1.0,
        "replica A's memory of the cart ([milk]) is stale"
    );
}

/// `touch` (an open page's heartbeat) renews a session's values, which otherwise expire.
#[tokio::test]
async fn touch_renews_a_sessions_values_in_the_memory_store() {
    use std::time::Duration;
    let store = MemoryStore::new();
    let (kept, left) = (
        SessionId::new("kept").unwrap(),
        SessionId::new("left").unwrap(),
    );
    let state = Blocks::new().add(State::stored(0_u32)).id();
    for session in [&kept, &left] {
        store
            .save(session, vec![(state, json!(1))], Duration::from_millis(50))
            .await
            .unwrap();
    }
    store.touch(&kept, Duration::from_secs(3600)).await.unwrap();
    tokio::time::sleep(Duration::from_millis(120)).await;
    assert_eq!(
        store.load(&kept, &[state]).await.unwrap(),
        [(state, json!(1))]
    );
    assert!(store.load(&left, &[state]).await.unwrap().is_empty());
}
