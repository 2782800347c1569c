//! `BrowserState` in a real browser: kept across reloads and server restarts, refused when
//! tampered with, and shared between the tabs of one browser.

use std::time::Duration;

use blocks::prelude::*;
use blocks::testing::TestServer;
use serde_json::json;

use crate::browser::{free_port, js, open, screenshot, serve_on, until, Browser};

pub(crate) async fn browser_state_survives_reload_and_restart_and_refuses_tampering(
    mut browser: Browser,
) {
    let build = || {
        let mut app = Blocks::new();
        app.secret("a test secret that stays the same across restarts");
        let username = app.add(Textbox::new().label("Username"));
        let password = app.add(Textbox::new().label("Password").kind(TextboxType::Password));
        let saved = app.add(BrowserState::new((String::new(), String::new())).storage_key("login"));
        app.load()
            .call(|s: (String, String)| s, saved, (username, password));
        app.on([username.change(), password.change()]).call(
            |u: String, p: String| (u, p),
            (username, password),
            saved,
        );
        app.build()
    };
    let port = free_port();
    let server = serve_on(build(), port).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let user = tab
        .find(fantoccini::Locator::Css("input[type=text]"))
        .await
        .unwrap();
    user.send_keys("ada\u{E004}").await.unwrap(); // type, then Tab (change on blur)
    let first = until(
        &tab,
        "return localStorage.getItem('login')",
        "a stored token",
    )
    .await;
    let pass = tab
        .find(fantoccini::Locator::Css("input[type=password]"))
        .await
        .unwrap();
    pass.send_keys("s3cret\u{E004}").await.unwrap();
    let token = until(
        &tab,
        &format!("const t = localStorage.getItem('login'); return t !== {first} && t"),
        "the token after both fields",
    )
    .await;
    assert!(token.as_str().unwrap().starts_with("b1."));
    // Only a sealed token: base64url after the prefix (a 3-letter name could occur in random
    // base64 by chance, so the check is on the form, and on the longer password).
    let sealed = token.as_str().unwrap();
    assert!(
        sealed[3..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            && !sealed.contains("s3cret"),
        "the page holds only a sealed token: {sealed}"
    );

    tab.refresh().await.unwrap();
    until(&tab, "return window.__blocks && field('Username').value === 'ada' && field('Password').value === 's3cret'", "values after reload").await;
    screenshot(&tab, "browser_state").await;

    server.stop().await;
    let server = serve_on(build(), port).await;
    tab.refresh().await.unwrap();
    until(
        &tab,
        "return window.__blocks && field('Username').value === 'ada'",
        "values after a server restart",
    )
    .await;

    js(&tab, "localStorage.setItem('login', 'b1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'); return 1").await;
    tab.refresh().await.unwrap();
    until(
        &tab,
        "return window.__blocks && window.__blocks.renderedAt",
        "the page",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        js(&tab, "return field('Username').value").await,
        json!(""),
        "a tampered token gives the default"
    );
    tab.close().await.unwrap();
    server.stop().await;
}

pub(crate) async fn a_change_in_one_tab_reaches_the_other(mut browser: Browser) {
    let mut app = Blocks::new();
    app.secret("tabs");
    let note = app.add(Textbox::new().label("Note"));
    let shown = app.add(Textbox::new().label("Shown"));
    let saved = app.add(BrowserState::new(String::new()).storage_key("note"));
    app.on(note.change()).call(|n: String| n, note, saved);
    app.on(saved.change()).call(|n: String| n, saved, shown);
    let server = TestServer::start(app.build()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    let first = tab.window().await.unwrap();
    let second = tab.new_window(true).await.unwrap();
    tab.switch_to_window(second.handle.clone()).await.unwrap();
    open(&tab, server.url()).await;
    tab.switch_to_window(first).await.unwrap();
    let input = tab.find(fantoccini::Locator::Css("input")).await.unwrap();
    input.send_keys("from tab one\u{E004}").await.unwrap();
    until(
        &tab,
        "return localStorage.getItem('note')",
        "the first tab to store the note",
    )
    .await;
    tab.switch_to_window(second.handle).await.unwrap();
    until(
        &tab,
        "return field('Shown').value === 'from tab one'",
        "the other tab's change listener",
    )
    .await;
    tab.close().await.unwrap();
    server.stop().await;
}
