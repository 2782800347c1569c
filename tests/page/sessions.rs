//! Sessions across browser contexts: a global counter every visitor shares, a cart and a
//! counter each session has its own, and `unload` when a page closes.

use std::time::{Duration, Instant};

use blocks::prelude::*;
use blocks::testing::TestServer;
use serde_json::json;

use crate::browser::{js, open, screenshot, until, Browser};
use crate::{cart, global_counter, per_session};

pub(crate) async fn visitor_counter_rises_across_contexts(mut browser: Browser) {
    let server = TestServer::start(global_counter::app()).await;
    let first = browser.context().await;
    open(&first, server.url()).await;
    let n: u64 = until(
        &first,
        "const v = field('Total Visitors').value; return v !== 'Counting...' && v",
        "the count",
    )
    .await
    .as_str()
    .unwrap()
    .parse()
    .unwrap();
    let second = browser.context().await;
    open(&second, server.url()).await;
    let m = until(
        &second,
        "const v = field('Total Visitors').value; return v !== 'Counting...' && v",
        "the count",
    )
    .await;
    assert_eq!(m, json!((n + 1).to_string()));
    screenshot(&second, "global_counter").await;
    first.close().await.unwrap();
    second.close().await.unwrap();
    server.stop().await;
}

pub(crate) async fn each_context_has_its_own_cart(mut browser: Browser) {
    let server = TestServer::start(cart::app()).await;
    let alice = browser.context().await;
    open(&alice, server.url()).await;
    let check = |item: &str| {
        format!("[...document.querySelectorAll('label.choice')].find(l => l.textContent === '{item}').click(); return 1")
    };
    js(&alice, &check("Milk")).await;
    js(&alice, &check("Water")).await;
    js(&alice, "button('Add Items').click(); return 1").await;
    until(
        &alice,
        "return field('Cart Size').value === '2'",
        "Cart Size 2",
    )
    .await;
    screenshot(&alice, "cart").await;

    let bob = browser.context().await;
    open(&bob, server.url()).await;
    js(&bob, &check("Cereal")).await;
    js(&bob, "button('Add Items').click(); return 1").await;
    until(
        &bob,
        "return field('Cart Size').value === '1'",
        "Bob's cart size 1",
    )
    .await;
    js(&alice, "button('Add Items').click(); return 1").await;
    until(
        &alice,
        "return field('Cart Size').value === '4'",
        "Alice's cart size 4",
    )
    .await;
    alice.close().await.unwrap();
    bob.close().await.unwrap();
    server.stop().await;
}

pub(crate) async fn per_session_counters_and_unload_on_close(mut browser: Browser) {
    let app = per_session::app();
    let server = TestServer::start(app.clone()).await;
    let a = browser.context().await;
    let b = browser.context().await;
    open(&a, server.url()).await;
    open(&b, server.url()).await;
    until(
        &a,
        "return field('Status').value.includes('initialized')",
        "load to run",
    )
    .await;
    for _ in 0..2 {
        js(&a, "button('Increment Counter').click(); return 1").await;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    js(&b, "button('Increment Counter').click(); return 1").await;
    until(
        &a,
        "return field('Counter Value').value === '2'",
        "A's counter 2",
    )
    .await;
    until(
        &b,
        "return field('Counter Value').value === '1'",
        "B's counter 1",
    )
    .await;
    screenshot(&a, "per_session").await;

    let session = js(&a, "return window.__blocks.transport.session").await;
    let session = SessionId::new(session.as_str().unwrap()).unwrap();
    assert!(app.sessions().get(&session).unwrap().is_connected());
    a.close().await.unwrap();
    let closed = Instant::now();
    while app
        .sessions()
        .get(&session)
        .is_some_and(|s| s.is_connected())
    {
        assert!(
            closed.elapsed() < Duration::from_secs(5),
            "closing the page ends its session"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    b.close().await.unwrap();
    server.stop().await;
}
