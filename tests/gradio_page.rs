//! Gradio's own page (the built frontend of the `gradio` pip package) served in front of the
//! seed apps (`ServerConfig::gradio_frontend`), used in headless Chromium as a person would;
//! plus the HTTP parts Gradio's page and tooling read (`/config` fields, `/theme.css`,
//! `/gradio_api/info` code snippets), which every server has.
//!
//! The browser tests need `chromium`, `chromedriver` and the `gradio` package of
//! `BLOCKS_PYTHON` (`.ci/run` installs them); without them they are reported as ignored,
//! unless `BLOCKS_REQUIRE_E2E=1`. Screenshots go to `target/screenshots/gradio-*.png`.

#![allow(clippy::unwrap_used)]

use std::future::Future;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use blocks::prelude::*;
use blocks::testing::TestServer;
use fantoccini::{Client, Locator};
use libtest_mimic::Trial;
use serde_json::json;

#[macro_use]
mod e2e;
#[path = "gradio_page/apps.rs"]
mod apps;
mod browser;
#[path = "gradio_page/http.rs"]
mod http;

use browser::{click, until};

use apps::{
    an_app_defined_kind_shows_a_notice, browser_state_comes_back_after_a_reload_sealed,
    chatbot_replies_word_by_word, stop_ends_a_stream_and_the_page_works_on,
};

#[path = "../examples/browser_state.rs"]
#[allow(dead_code, unreachable_pub)]
mod browser_state;
#[path = "../examples/cart.rs"]
#[allow(dead_code, unreachable_pub)]
mod cart;
#[path = "../examples/chatbot.rs"]
#[allow(dead_code, unreachable_pub)]
mod chatbot;
#[path = "../examples/custom_component.rs"]
#[allow(dead_code, unreachable_pub)]
mod custom_component;
#[path = "../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;
#[path = "../examples/per_session.rs"]
#[allow(dead_code, unreachable_pub)]
mod per_session;
#[path = "../examples/stream.rs"]
#[allow(dead_code, unreachable_pub)]
mod stream;

/// Chromium and chromedriver (see `browser::tools`), and Gradio's page folder.
#[derive(Clone)]
struct Tools {
    browser: (PathBuf, PathBuf),
    frontend: PathBuf,
}

fn main() -> ExitCode {
    browser::main(tools(), |tools| {
        let mut trials = trials![
            tools => in_browser;
            echo_answers_a_click_and_the_enter_key,
            cart_adds_items_and_a_state_listener_runs_once,
            stream_shows_tokens_as_they_come,
            per_session_loads_and_counts_per_tab,
            use_via_api_shows_code_snippets,
            chatbot_replies_word_by_word,
            stop_ends_a_stream_and_the_page_works_on,
            browser_state_comes_back_after_a_reload_sealed,
            an_app_defined_kind_shows_a_notice,
        ];
        for (name, test) in [
            (
                "config_has_what_gradios_page_reads",
                http::config_has_what_gradios_page_reads as fn(),
            ),
            (
                "theme_css_is_served_under_its_hash",
                http::theme_css_is_served_under_its_hash,
            ),
            ("info_has_code_snippets", http::info_has_code_snippets),
            (
                "a_page_join_runs_no_cascade",
                http::a_page_join_runs_no_cascade,
            ),
            ("a_cancel_names_its_event", http::a_cancel_names_its_event),
            (
                "an_app_defined_kind_has_a_stand_in_for_gradios_page",
                http::an_app_defined_kind_has_a_stand_in_for_gradios_page,
            ),
        ] {
            trials.push(Trial::test(name, move || {
                test();
                Ok(())
            }));
        }
        trials.push(e2e::trial(
            "gradio_page_files_are_served_and_confined",
            tools,
            |tools| on_runtime(http::gradio_page_files_are_served_and_confined(tools)),
        ));
        trials
    })
}

fn tools() -> Result<Tools, String> {
    let browser = browser::tools()?;
    let python = std::env::var_os("BLOCKS_PYTHON")
        .ok_or("BLOCKS_PYTHON is not set (a python with the gradio package)")?;
    let output = Command::new(&python)
        .args(["-c", "import gradio, os; print(os.path.join(os.path.dirname(gradio.__file__), 'templates', 'frontend'))"])
        .output()
        .map_err(|err| format!("cannot run BLOCKS_PYTHON: {err}"))?;
    if !output.status.success() {
        return Err("BLOCKS_PYTHON cannot import gradio: pip install gradio".into());
    }
    let frontend = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    if !frontend.join("index.html").exists() {
        return Err(format!("{} has no index.html", frontend.display()));
    }
    Ok(Tools { browser, frontend })
}

fn on_runtime<F: Future<Output = ()>>(test: F) {
    e2e::runtime().block_on(test);
}

fn in_browser<F: Future<Output = ()>>(tools: Tools, test: impl FnOnce(Browser) -> F) {
    let Tools { browser, frontend } = tools;
    browser::in_browser(browser, |chromium| test(Browser { chromium, frontend }));
}

/// A browser (see `browser::Browser`) whose servers show Gradio's page.
struct Browser {
    chromium: browser::Browser,
    frontend: PathBuf,
}

impl Browser {
    /// A new browser with its own profile (own cookies and storage).
    async fn context(&mut self) -> Client {
        self.chromium.context().await
    }

    /// Serves `app` with Gradio's page.
    async fn serve(&self, app: App) -> TestServer {
        let config = TestServer::server_config().gradio_frontend(&self.frontend);
        TestServer::start_with(app, config).await
    }
}

/// The field of the component labelled `label`.
fn field(label: &str, control: &str) -> String {
    format!("//span[@data-testid='block-info' and normalize-space()='{label}']/ancestor::*[contains(concat(' ',@class,' '),' block ')][1]//{control}")
}

fn button(text: &str) -> String {
    format!("//button[normalize-space()='{text}']")
}

/// A script expression: the value of the control at `xpath`.
fn value_of(xpath: &str) -> String {
    format!("document.evaluate(\"{xpath}\", document, null, 9, null).singleNodeValue?.value")
}

/// Opens Gradio's page and waits until it shows the component labelled `label`.
async fn open(client: &Client, url: &str, label: &str) {
    client.goto(url).await.unwrap();
    let xpath = format!("//span[@data-testid='block-info' and normalize-space()='{label}']");
    client
        .wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::XPath(&xpath))
        .await
        .unwrap_or_else(|err| panic!("Gradio's page did not render {label:?}: {err}"));
}

async fn screenshot(client: &Client, name: &str) {
    browser::screenshot(client, &format!("gradio-{name}")).await;
}

async fn echo_answers_a_click_and_the_enter_key(mut browser: Browser) {
    let server = browser.serve(echo::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url(), "Input").await;
    let input = tab
        .find(Locator::XPath(&field("Input", "textarea")))
        .await
        .unwrap();
    input.send_keys("hello there").await.unwrap();
    click(&tab, &button("Echo")).await;
    let output = value_of(&field("Output", "textarea"));
    until(
        &tab,
        &format!("return {output} === 'hello there'"),
        "the echo of a click",
    )
    .await;
    input.clear().await.unwrap();
    input.send_keys("by enter\n").await.unwrap();
    until(
        &tab,
        &format!("return {output} === 'by enter'"),
        "the echo of Enter",
    )
    .await;
    screenshot(&tab, "echo").await;
    tab.close().await.unwrap();
    server.stop().await;
}

static LISTENER_RUNS: AtomicUsize = AtomicUsize::new(0);

/// A state with a `.change` listener that counts its runs.
fn counted_listener_app() -> App {
    let mut app = Blocks::new();
    let state = app.add(State::new(0u64));
    let shown = app.add(Number::new().label("Doubled"));
    let bump = app.add(Button::new("Bump"));
    app.on(bump.click()).call(|n: u64| n + 1, state, state);
    app.on(state.change()).call(
        |n: u64| {
            LISTENER_RUNS.fetch_add(1, Ordering::SeqCst);
            (n * 2) as f64
        },
        state,
        shown,
    );
    app.build()
}

async fn cart_adds_items_and_a_state_listener_runs_once(mut browser: Browser) {
    let server = browser.serve(cart::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url(), "Items").await;
    click(&tab, &field("Items", "label[normalize-space()='Milk']")).await;
    click(&tab, &button("Add Items")).await;
    let size = value_of(&field("Cart Size", "input"));
    until(&tab, &format!("return {size} === '1'"), "cart size 1").await;
    click(&tab, &field("Items", "label[normalize-space()='Water']")).await;
    click(&tab, &button("Add Items")).await;
    until(&tab, &format!("return {size} === '3'"), "cart size 3").await;
    screenshot(&tab, "cart").await;
    tab.close().await.unwrap();
    server.stop().await;

    let server = browser.serve(counted_listener_app()).await;
    let tab = browser.context().await;
    open(&tab, server.url(), "Doubled").await;
    click(&tab, &button("Bump")).await;
    let doubled = value_of(&field("Doubled", "input"));
    until(
        &tab,
        &format!("return {doubled} === '2'"),
        "the listener's output",
    )
    .await;
    click(&tab, &button("Bump")).await;
    until(
        &tab,
        &format!("return {doubled} === '4'"),
        "the listener's second output",
    )
    .await;
    assert_eq!(
        LISTENER_RUNS.load(Ordering::SeqCst),
        2,
        "one run per change"
    );
    tab.close().await.unwrap();
    server.stop().await;
}

async fn stream_shows_tokens_as_they_come(mut browser: Browser) {
    let server = browser.serve(stream::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url(), "Prompt").await;
    click(&tab, &button("Stream")).await;
    let output = value_of(&field("Output", "textarea"));
    let partial = until(
        &tab,
        &format!("const v = {output}; return v && !v.includes('token-9') && v"),
        "a partial stream",
    )
    .await;
    assert!(
        partial.as_str().unwrap().starts_with("token-0"),
        "{partial}"
    );
    let done = until(
        &tab,
        &format!("const v = {output}; return v.endsWith('token-9') && v"),
        "the whole stream",
    )
    .await;
    assert_eq!(
        done,
        json!((0..10)
            .map(|n| format!("token-{n}"))
            .collect::<Vec<_>>()
            .join(" "))
    );
    tab.close().await.unwrap();
    server.stop().await;
}

async fn per_session_loads_and_counts_per_tab(mut browser: Browser) {
    let server = browser.serve(per_session::app()).await;
    let first = browser.context().await;
    open(&first, server.url(), "Status").await;
    let status = value_of(&field("Status", "textarea"));
    let loaded = until(
        &first,
        &format!("return {status}"),
        "the load event's status",
    )
    .await;
    assert!(
        loaded.as_str().unwrap().ends_with("initialized"),
        "{loaded}"
    );
    let counter = value_of(&field("Counter Value", "input"));
    click(&first, &button("Increment Counter")).await;
    until(&first, &format!("return {counter} === '1'"), "count 1").await;
    click(&first, &button("Increment Counter")).await;
    until(&first, &format!("return {counter} === '2'"), "count 2").await;
    let second = browser.context().await;
    open(&second, server.url(), "Status").await;
    click(&second, &button("Increment Counter")).await;
    until(
        &second,
        &format!("return {counter} === '1'"),
        "the second tab's own count",
    )
    .await;
    first.close().await.unwrap();
    second.close().await.unwrap();
    server.stop().await;
}

async fn use_via_api_shows_code_snippets(mut browser: Browser) {
    let server = browser.serve(echo::app()).await;
    let tab = browser.context().await;
    open(&tab, server.url(), "Input").await;
    click(&tab, "//*[normalize-space(text())='Use via API']").await;
    let text = until(
        &tab,
        "const t = document.body.innerText; return t.includes('api_name=\"/echo\"') && t",
        "the API page's Python snippet",
    )
    .await;
    assert!(text.as_str().unwrap().contains("client.predict("), "{text}");
    screenshot(&tab, "api").await;
    tab.close().await.unwrap();
    server.stop().await;
}
