//! What the browser tests share: Chromium driven over WebDriver (chromedriver + fantoccini),
//! one fresh profile per context, and small helpers for scripts run in the page.
//! A binary that includes it includes `e2e` too, first and with `#[macro_use]` (for `trials!`).

#![allow(dead_code, clippy::unwrap_used)]

use std::future::Future;
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use blocks::prelude::*;
use blocks::testing::TestServer;
use fantoccini::{Client, ClientBuilder, Locator};
use libtest_mimic::{Arguments, Trial};
use serde_json::{json, Value};

/// The `main` of a browser test binary: runs the `trials` it lists for `tools` (with
/// `trials![tools => browser::in_browser; …]`) as libtest would, one at a time: several
/// Chromiums at once overload a 2-core machine.
pub(crate) fn main<T>(
    tools: Result<T, String>,
    trials: impl FnOnce(&Result<T, String>) -> Vec<Trial>,
) -> ExitCode {
    let mut args = Arguments::from_args();
    args.test_threads = Some(1);
    let trials = trials(&tools);
    crate::e2e::run(&args, &tools, trials)
}

/// Chromium and chromedriver, or why they are missing.
pub(crate) fn tools() -> Result<(PathBuf, PathBuf), String> {
    let chromium = std::env::var_os("BLOCKS_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let driver = std::env::var_os("BLOCKS_CHROMEDRIVER")
        .map_or_else(|| PathBuf::from("/usr/bin/chromedriver"), PathBuf::from);
    for tool in [&chromium, &driver] {
        if !tool.exists() {
            return Err(format!("{} not found: run .ci/run (apt chromium chromium-driver) or set BLOCKS_CHROMIUM/BLOCKS_CHROMEDRIVER", tool.display()));
        }
    }
    Ok((chromium, driver))
}

/// Runs `test` on its own runtime, with a chromedriver started for it.
pub(crate) fn in_browser<F: Future<Output = ()>>(
    (chromium, driver): (PathBuf, PathBuf),
    test: impl FnOnce(Browser) -> F,
) {
    crate::e2e::runtime().block_on(async { test(Browser::start(chromium, driver).await).await });
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(crate) struct Browser {
    chromium: PathBuf,
    driver: Child,
    port: u16,
    pub(crate) profiles: Vec<PathBuf>,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        for profile in &self.profiles {
            let _ = std::fs::remove_dir_all(profile);
        }
    }
}

impl Browser {
    async fn start(chromium: PathBuf, driver: PathBuf) -> Browser {
        let port = free_port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "chromedriver did not start"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Browser {
            chromium,
            driver: child,
            port,
            profiles: Vec::new(),
        }
    }

    /// A new browser with its own profile: a separate context (own cookies, own localStorage).
    pub(crate) async fn context(&mut self) -> Client {
        let profile =
            std::env::temp_dir().join(format!("blocks-chromium-{:x}", rand::random::<u64>()));
        self.profiles.push(profile.clone());
        self.context_with_profile(&profile).await
    }

    pub(crate) async fn context_with_profile(&self, profile: &std::path::Path) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": self.chromium,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--window-size=1000,800", format!("--user-data-dir={}", profile.display())],
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .unwrap()
    }
}

/// JS helpers the scripts use: the control of the block labelled `label`.
pub(crate) const PRELUDE: &str = r#"
const block = (label) => [...document.querySelectorAll('.block')].find(b =>
  (b.querySelector('.label')?.textContent ?? b.querySelector('label')?.textContent) === label);
const field = (label) => block(label)?.querySelector('input,textarea,select');
const button = (text) => [...document.querySelectorAll('button')].find(b => b.textContent === text);
"#;

pub(crate) async fn js(client: &Client, script: &str) -> Value {
    client
        .execute(&format!("{PRELUDE}\n{script}"), vec![])
        .await
        .unwrap()
}

/// Waits until `script` returns something truthy; returns it.
pub(crate) async fn until(client: &Client, script: &str, what: &str) -> Value {
    let started = Instant::now();
    loop {
        let value = client
            .execute(
                &format!("{PRELUDE}\ntry {{ {script} }} catch (e) {{ return null; }}"),
                vec![],
            )
            .await
            .unwrap_or(Value::Null);
        let truthy = !matches!(&value, Value::Null | Value::Bool(false))
            && value != json!("")
            && value != json!(0);
        if truthy {
            return value;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

pub(crate) async fn open(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    until(
        client,
        "return window.__blocks && window.__blocks.renderedAt",
        "the page to render",
    )
    .await;
}

pub(crate) async fn screenshot(client: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = client.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// Serves on a fixed port, so that a restarted server is where the page expects it.
pub(crate) async fn serve_on(app: App, port: u16) -> TestServer {
    TestServer::start_with(app, TestServer::server_config().port(port)).await
}

/// Clicks the element at `xpath`.
pub(crate) async fn click(client: &Client, xpath: &str) {
    client
        .find(Locator::XPath(xpath))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// Clicks the button showing `text`.
pub(crate) async fn click_button(client: &Client, text: &str) {
    click(client, &format!("//button[text()='{text}']")).await;
}

/// In a layout app (a row, an accordion and tabs A and B, each holding a textbox labelled "In
/// the row", "In the accordion", "In A" and "In B", and a Go button that hides the row, opens the
/// accordion and selects tab B): checks what shows before and after a click on Go.
pub(crate) async fn go_hides_the_row_opens_the_accordion_and_selects_tab_b(tab: &Client) {
    let visible = "const shown = (l) => block(l).checkVisibility();
        return JSON.stringify([shown('In the row'), shown('In the accordion'), shown('In A'), shown('In B')])";
    assert_eq!(js(tab, visible).await, json!("[true,false,true,false]"));
    click_button(tab, "Go").await;
    until(
        tab,
        &visible.replace("return JSON", "return '[false,true,false,true]' === JSON"),
        "the row hidden, the accordion open, tab B shown",
    )
    .await;
}

/// Clicks tab A, then tab B again: B's `select` event fires.
pub(crate) async fn reselect_tab_b(tab: &Client) {
    click(tab, "//button[@role='tab'][text()='A']").await;
    click(tab, "//button[@role='tab'][text()='B']").await;
}

/// Records what the page submits, `[dependency, data]`, in `window.__submitted`.
pub(crate) const RECORD_SUBMITS: &str = "const t = window.__blocks.transport; const submit = t.submit.bind(t);
    window.__submitted = [];
    t.submit = (fn, data, ...rest) => { window.__submitted.push([fn, data]); return submit(fn, data, ...rest); };
    return 1";
