//! Seed apps that need more of Gradio's page: the chatbot's streamed Markdown, a Stop button,
//! BrowserState across a reload, and an app-defined component kind.

use std::time::Duration;

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Locator;
use reqwest::{Method, Url};
use serde_json::{json, Value};

use super::{
    browser_state, button, chatbot, click, custom_component, field, open, screenshot, stream,
    until, value_of, Browser,
};

/// Chromium's `Page.addScriptToEvaluateOnNewDocument`: `source` runs in every page the tab
/// opens from now on, before the page's own scripts.
#[derive(Debug)]
struct OnEveryPage(&'static str);

impl WebDriverCompatibleCommand for OnEveryPage {
    fn endpoint(
        &self,
        base: &Url,
        session: Option<&str>,
    ) -> Result<Url, <Url as std::str::FromStr>::Err> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &Url) -> (Method, Option<String>) {
        let body = json!({"cmd": "Page.addScriptToEvaluateOnNewDocument",
                          "params": {"source": self.0}});
        (Method::POST, Some(body.to_string()))
    }
}

/// Records what the page joins (`window.__joins`: `[fn_index, data, event_id]`) and which
/// events the queue stream completes (`window.__done`).
const RECORD_QUEUE: &str = r#"
window.__joins = []; window.__done = [];
const fetch0 = window.fetch;
window.fetch = async (...args) => {
  const url = args[0] instanceof Request ? args[0].url : String(args[0]);
  const response = await fetch0(...args);
  if (url.includes('/queue/join')) {
    const body = JSON.parse(args[1].body);
    response.clone().json().then((r) => window.__joins.push([body.fn_index, body.data, r.event_id]));
  } else if (url.includes('/queue/data')) {
    const reader = response.clone().body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!frame.startsWith('data: ')) continue;
          const message = JSON.parse(frame.slice(6));
          if (message.msg === 'process_completed') window.__done.push(message.event_id);
        }
      }
    })();
  }
  return response;
};
"#;

pub(super) async fn chatbot_replies_word_by_word(mut browser: Browser) {
    let server = browser.serve(chatbot::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url(), "Message").await;
    let message = tab
        .find(Locator::XPath(&field("Message", "textarea")))
        .await
        .unwrap();
    message.send_keys("hello\n").await.unwrap();
    let reply = until(
        &tab,
        "const bot = document.querySelector('[data-testid=bot]');
         return bot && bot.innerText.trim() === 'You said: hello. Tell me more!' && bot.innerHTML",
        "the bot's whole reply",
    )
    .await;
    assert!(
        reply.as_str().unwrap().contains("<strong>hello</strong>"),
        "the reply's Markdown is rendered: {reply}"
    );
    let user = until(
        &tab,
        "return document.querySelector('[data-testid=user]')?.innerText.trim()",
        "the user's message",
    )
    .await;
    assert_eq!(user, json!("hello"));
    let cleared = value_of(&field("Message", "textarea"));
    until(
        &tab,
        &format!("return {cleared} === ''"),
        "a cleared textbox",
    )
    .await;
    screenshot(&tab, "chatbot").await;
    tab.close().await.unwrap();
    server.stop().await;
}

/// In the page: clicks Stop as soon as the output shows its first token (`window.__stopped`
/// then holds what it showed), and records the answers to `/cancel` (`window.__cancels`).
fn stop_on_first_token() -> String {
    let output = value_of(&field("Output", "textarea"));
    format!(
        "const fetch0 = window.fetch;
         window.__cancels = [];
         window.fetch = async (...args) => {{
           const response = await fetch0(...args);
           if (String(args[0]).endsWith('/cancel')) window.__cancels.push(response.status);
           return response;
         }};
         const stop = document.evaluate(\"{}\", document, null, 9, null).singleNodeValue;
         const timer = setInterval(() => {{
           const shown = {output};
           if (shown && shown.startsWith('token-0')) {{
             clearInterval(timer); stop.click(); window.__stopped = shown;
           }}
         }}, 2);",
        button("Stop")
    )
}

pub(super) async fn stop_ends_a_stream_and_the_page_works_on(mut browser: Browser) {
    let server = browser.serve(stream::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url(), "Output").await;
    tab.execute(&stop_on_first_token(), vec![]).await.unwrap();
    click(&tab, &button("Stream")).await;
    until(&tab, "return window.__stopped", "the click on Stop").await;
    let cancelled = until(&tab, "return window.__cancels[0]", "the cancel's answer").await;
    assert_eq!(cancelled, json!(200));
    let output = value_of(&field("Output", "textarea"));
    // What was sent before the cancel has arrived by then; nothing comes after it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let stopped = tab
        .execute(&format!("return {output}"), vec![])
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let later = tab
        .execute(&format!("return {output}"), vec![])
        .await
        .unwrap();
    assert_eq!(later, stopped, "the output stopped growing");
    let shown = stopped.as_str().unwrap();
    assert!(
        shown.starts_with("token-0") && !shown.contains("token-9"),
        "stopped before the end: {shown}"
    );
    screenshot(&tab, "stopped").await;
    click(&tab, &button("Stream")).await;
    let whole: Vec<String> = (0..10).map(|n| format!("token-{n}")).collect();
    until(
        &tab,
        &format!("return {output} === '{}'", whole.join(" ")),
        "a whole stream after the stop",
    )
    .await;
    tab.close().await.unwrap();
    server.stop().await;
}

/// The values of the Username and Password fields.
fn login_fields() -> String {
    format!(
        "return [{}, {}]",
        value_of(&field("Username", "textarea")),
        value_of(&field("Password", "input"))
    )
}

pub(super) async fn browser_state_comes_back_after_a_reload_sealed(mut browser: Browser) {
    let server = browser.serve(browser_state::app()).await;
    let load = server.fn_index("load_from_local_storage").await;
    let tab = browser.context().await;
    tab.issue_cmd(OnEveryPage(RECORD_QUEUE)).await.unwrap();
    open(&tab, server.url(), "Username").await;
    let typed = [
        ("Username", "textarea", "ada"),
        ("Password", "input", "s3cret"),
    ];
    for (label, control, text) in typed {
        let input = tab
            .find(Locator::XPath(&field(label, control)))
            .await
            .unwrap();
        input.send_keys(text).await.unwrap();
    }
    // Every save has completed (and Gradio's page stores a value as it receives it).
    until(
        &tab,
        "return window.__joins.some(([, data]) => JSON.stringify(data) === '[\"ada\",\"s3cret\"]')
           && window.__joins.every(([, , id]) => window.__done.includes(id))
           && localStorage.getItem('login')",
        "the saves of both typed values",
    )
    .await;
    tab.refresh().await.unwrap();
    until(
        &tab,
        &format!(
            "const v = (() => {{ {} }})(); return v[0] === 'ada' && v[1] === 's3cret'",
            login_fields()
        ),
        "both typed values after a reload",
    )
    .await;
    let stored = tab
        .execute("return localStorage.getItem('login')", vec![])
        .await
        .unwrap();
    let stored = stored.as_str().unwrap();
    assert!(
        !stored.contains("\"ada\"") && !stored.contains("s3cret"),
        "no clear text in localStorage: {stored}"
    );
    // What the page kept and sent back is a token that only the server opens.
    let sent = until(
        &tab,
        &format!("return window.__joins.find(([fn]) => fn === {load})?.[1]"),
        "the load event's input",
    )
    .await;
    let token = sent[0].as_str().expect("a sealed token, not the values");
    assert!(!token.contains('"') && !token.contains("s3cret"), "{token}");
    let opened = server
        .run("load_from_local_storage", json!([token]))
        .await
        .unwrap();
    assert_eq!(opened["data"], json!(["ada", "s3cret"]));
    tab.close().await.unwrap();
    server.stop().await;
}

pub(super) async fn an_app_defined_kind_shows_a_notice(mut browser: Browser) {
    let server = browser.serve(custom_component::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url(), "Your rating").await;
    let notice = until(
        &tab,
        "return document.querySelector('[data-blocks-kind=rating] .blocks-unsupported-kind')?.textContent",
        "the notice in place of the Rating",
    )
    .await;
    assert!(
        notice.as_str().unwrap().contains("\"rating\""),
        "it names the kind: {notice}"
    );
    // The page gets ready (no endless "Loading…") and shows the other components.
    let text: Value = until(
        &tab,
        "const t = document.body.innerText; return !t.includes('Loading') && t",
        "the page to be ready",
    )
    .await;
    assert!(text.as_str().unwrap().contains("Verdict"), "{text}");
    screenshot(&tab, "custom_component").await;
    tab.close().await.unwrap();
    server.stop().await;
}
