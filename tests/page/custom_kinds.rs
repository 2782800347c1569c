//! Component kinds the page draws with their own module, and a kind it has no module for.

use blocks::prelude::*;
use blocks::testing::TestServer;
use serde_json::json;

use crate::browser::{js, open, screenshot, until, Browser};
use crate::custom_component;

/// A kind with no browser module: the page must say so, not draw a stand-in.
struct Mystery;

impl blocks::component::WireKind for Mystery {
    type Value = String;
    const NAME: &'static str = "Mystery";
    const KIND: &'static str = "mystery";
    fn props(self) -> blocks::component::Props {
        blocks::component::Props::new("mystery")
    }
    fn api() -> Option<blocks::component::ApiInfo> {
        None
    }
}

pub(crate) async fn a_custom_kind_draws_with_its_own_module_and_an_unknown_kind_is_an_error(
    mut browser: Browser,
) {
    let server = TestServer::start(custom_component::app()).await;
    let page = browser.context().await;
    open(&page, server.url()).await;
    let stars = js(
        &page,
        "return document.querySelectorAll('.rating button.star').length",
    )
    .await;
    assert_eq!(stars, json!(5));
    let shown = js(
        &page,
        "return document.querySelector('.rating[role=radiogroup]').textContent",
    )
    .await;
    assert_eq!(shown, json!("★★★☆☆"), "the initial value");
    js(
        &page,
        "document.querySelector('[data-stars=\"5\"]').click(); return 1",
    )
    .await;
    until(
        &page,
        "return field('Verdict').value.includes('Excellent') && field('Verdict').value",
        "the verdict of five stars",
    )
    .await;
    screenshot(&page, "custom_component").await;
    page.close().await.unwrap();
    server.stop().await;

    let mut app = Blocks::new();
    app.add(Mystery);
    let server = TestServer::start(app.build()).await;
    let page = browser.context().await;
    open(&page, server.url()).await;
    let error = js(
        &page,
        "const e = document.querySelector('.unknown-kind'); return e && e.textContent",
    )
    .await;
    assert!(
        error.as_str().unwrap_or_default().contains("\"mystery\""),
        "the page names the kind it cannot draw: {error}"
    );
    page.close().await.unwrap();
    server.stop().await;
}
