//! A Stop button on blocks' own page, in a real browser (helpers shared with `page.rs`): the
//! stream example's Stop ends a running stream where it is, and the page works on after it.

#![allow(clippy::unwrap_used)]

use std::process::ExitCode;
use std::time::Duration;

use blocks::testing::TestServer;
use serde_json::json;

#[macro_use]
mod e2e;
mod browser;

use browser::{click_button, js, open, screenshot, tools, until, Browser};

#[path = "../examples/stream.rs"]
#[allow(dead_code, unreachable_pub)]
mod stream;

fn main() -> ExitCode {
    browser::main(tools(), |tools| {
        trials![
            tools => browser::in_browser;
            stop_ends_a_stream_and_the_page_works_on,
        ]
    })
}

/// In the page: clicks Stop as soon as the output shows its first token (`window.__stopped`
/// then holds what it showed), and records the answers to `/cancel` (`window.__cancels`).
const STOP_ON_FIRST_TOKEN: &str = "const fetch0 = window.fetch;
    window.__cancels = [];
    window.fetch = async (...args) => {
      const response = await fetch0(...args);
      if (String(args[0]).endsWith('/cancel')) window.__cancels.push(response.status);
      return response;
    };
    const output = field('Output');
    const stop = button('Stop');
    const timer = setInterval(() => {
      if (output.value.startsWith('token-0')) {
        clearInterval(timer); stop.click(); window.__stopped = output.value;
      }
    }, 2);
    return 1";

async fn stop_ends_a_stream_and_the_page_works_on(mut browser: Browser) {
    let server = TestServer::start(stream::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url()).await;
    js(&tab, STOP_ON_FIRST_TOKEN).await;
    click_button(&tab, "Stream").await;
    until(&tab, "return window.__stopped", "the click on Stop").await;
    let cancelled = until(&tab, "return window.__cancels[0]", "the cancel's answer").await;
    assert_eq!(cancelled, json!(200));
    // What was sent before the cancel has arrived by then; nothing comes after it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stopped = js(&tab, "return field('Output').value").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let later = js(&tab, "return field('Output').value").await;
    assert_eq!(later, stopped, "the output stopped growing");
    let shown = stopped.as_str().unwrap();
    assert!(
        shown.starts_with("token-0") && !shown.contains("token-9"),
        "stopped before the end: {shown}"
    );
    // The Stream button is free again: nothing of the stopped run is left pending.
    until(
        &tab,
        "return window.__blocks.transport.pending.size === 0",
        "no pending event",
    )
    .await;
    screenshot(&tab, "stopped").await;
    click_button(&tab, "Stream").await;
    let whole: Vec<String> = (0..10).map(|n| format!("token-{n}")).collect();
    until(
        &tab,
        &format!("return field('Output').value === '{}'", whole.join(" ")),
        "a whole stream after the stop",
    )
    .await;
    tab.close().await.unwrap();
    server.stop().await;
}
