//! The "Use via API" page in a real browser: the footer's link loads and opens it, it lists
//! each public endpoint's parameters and returns, and each snippet it shows, run as shown
//! (Python with `gradio_client`, Node.js with `@gradio/client`, curl in bash), calls the running
//! app and gets the answer; its MCP configuration reaches the app's MCP server.
//!
//! Needs Chromium and chromedriver, Python with `gradio_client` and `mcp`, and Node.js with
//! `@gradio/client` (see `tests/browser`, `tests/gradio_client.rs`, `tests/gradio_js.rs`).
//! Without them the test is reported as ignored, unless `BLOCKS_REQUIRE_E2E=1`.

#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use blocks::testing::TestServer;
use serde_json::Value;

#[macro_use]
#[path = "e2e/mod.rs"]
mod e2e;
#[path = "browser/mod.rs"]
mod browser;

#[path = "../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;

use browser::{click, js, open, until, Browser};

/// Everything the test runs.
#[derive(Clone)]
struct Tools {
    browser: (PathBuf, PathBuf),
    python: PathBuf,
    node: e2e::Node,
}

fn tools() -> Result<Tools, String> {
    let browser = browser::tools()?;
    let python = std::env::var_os("BLOCKS_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/venv/bin/python")
        });
    let ok = Command::new(&python)
        .args(["-c", "import gradio_client, mcp"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        return Err(format!(
            "{} cannot import gradio_client and mcp: run .ci/run or set BLOCKS_PYTHON",
            python.display()
        ));
    }
    Ok(Tools {
        browser,
        python,
        node: e2e::node()?,
    })
}

fn main() -> ExitCode {
    browser::main(tools(), |tools| {
        trials![
            tools => run;
            every_snippet_on_the_api_page_works_as_shown,
        ]
    })
}

fn run<F: std::future::Future<Output = ()>>(tools: Tools, test: fn(Browser, Tools) -> F) {
    let chrome = tools.browser.clone();
    browser::in_browser(chrome, |browser| test(browser, tools));
}

/// The text of the `lang` snippet of `endpoint` once its tab is chosen, as the page shows it.
async fn shown_snippet(tab: &fantoccini::Client, endpoint: &str, lang: &str) -> String {
    click(
        tab,
        &format!("//div[@id='api-page']//button[@role='tab'][@data-lang='{lang}']"),
    )
    .await;
    let selector = if lang == "mcp" {
        ".api-mcp:not([hidden]) .api-snippet code".to_owned()
    } else {
        format!("[data-endpoint='{endpoint}'] .api-snippet[data-lang='{lang}']:not([hidden]) code")
    };
    let script = format!("return document.querySelector(\"#api-page {selector}\")?.innerText");
    until(tab, &script, &format!("the {lang} snippet"))
        .await
        .as_str()
        .unwrap()
        .to_owned()
}

/// Runs `command` until a line of its output contains `wanted` (then stops it, for clients
/// that keep streams open), or it ends; returns its output.
fn output_until(mut command: Command, wanted: &str) -> String {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let started = Instant::now();
    let mut lines = Vec::new();
    while started.elapsed() < Duration::from_secs(90) {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(line) => {
                let done = line.contains(wanted);
                lines.push(line);
                if done {
                    break;
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => continue,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    let _ = child.kill();
    let output = child.wait_with_output().unwrap();
    let text = lines.join("\n");
    assert!(
        text.contains(wanted),
        "no {wanted:?} in the output:\n{text}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    text
}

async fn every_snippet_on_the_api_page_works_as_shown(mut browser: Browser, tools: Tools) {
    let server = TestServer::start(echo::app().mcp_server(true)).await;
    let url = server.url().to_owned();
    let tab = browser.context().await;
    open(&tab, &url).await;
    let loaded_api =
        "return performance.getEntriesByType('resource').some(e => e.name.endsWith('/api.js'))";
    assert_eq!(
        js(&tab, loaded_api).await,
        false,
        "api.js is not part of the first load"
    );
    click(&tab, "//footer//a[text()='Use via API']").await;
    until(
        &tab,
        "return document.querySelector(\"#api-page [data-endpoint='/echo']\")",
        "the API page",
    )
    .await;
    assert_eq!(js(&tab, loaded_api).await, true, "api.js loads on demand");
    browser::screenshot(&tab, "api_page").await;
    assert_eq!(js(&tab, "return location.search").await, "?view=api");
    let parameters = js(
        &tab,
        "return document.querySelector(\"#api-page [data-endpoint='/echo'] table\").innerText",
    )
    .await;
    let parameters = parameters.as_str().unwrap();
    for expected in [
        "text",
        "str",
        "Textbox",
        "Required",
        "The text to send back.",
    ] {
        assert!(parameters.contains(expected), "{expected} in {parameters}");
    }
    let endpoint = js(
        &tab,
        "return document.querySelector(\"#api-page [data-endpoint='/echo']\").innerText",
    )
    .await;
    let endpoint = endpoint.as_str().unwrap();
    assert!(endpoint.contains("[0] Output: str (Textbox)"), "{endpoint}");
    assert!(
        endpoint.contains("Returns its input.") && !endpoint.contains("# Arguments"),
        "{endpoint}"
    );

    let python = shown_snippet(&tab, "/echo", "python").await;
    assert!(python.contains("client.predict("), "{python}");
    let mut command = Command::new(&tools.python);
    command.arg("-c").arg(&python);
    let out = output_until(command, "Hello!!");
    assert_eq!(out.lines().last().unwrap(), "Hello!!", "{out}");

    let javascript = shown_snippet(&tab, "/echo", "javascript").await;
    assert!(
        javascript.starts_with("import { Client } from \"@gradio/client\";"),
        "{javascript}"
    );
    let dir = std::env::temp_dir().join(format!("blocks-api-page-{:x}", rand::random::<u64>()));
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(&tools.node.modules, dir.join("node_modules")).unwrap();
    std::fs::write(dir.join("snippet.mjs"), &javascript).unwrap();
    let mut command = Command::new(&tools.node.node);
    command.arg(dir.join("snippet.mjs")).current_dir(&dir);
    let out = output_until(command, "Hello!!");
    assert!(
        out.contains("[ 'Hello!!' ]"),
        "console.log(result.data): {out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();

    let curl = shown_snippet(&tab, "/echo", "bash").await;
    let mut command = Command::new("bash");
    command.arg("-c").arg(&curl);
    let out = output_until(command, "Hello!!");
    assert!(out.contains("data: [\"Hello!!\"]"), "{out}");

    let config: Value = serde_json::from_str(&shown_snippet(&tab, "", "mcp").await).unwrap();
    browser::screenshot(&tab, "api_page_mcp").await;
    let servers = config["mcpServers"].as_object().unwrap();
    let mcp_url = servers.values().next().unwrap()["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(mcp_url, format!("{url}/gradio_api/mcp/"));
    let list = format!(
        "import asyncio\nfrom mcp import ClientSession\nfrom mcp.client.streamable_http import streamablehttp_client\n\
         async def main():\n    async with streamablehttp_client({mcp_url:?}) as (r, w, _):\n        async with ClientSession(r, w) as s:\n            await s.initialize()\n            print(sorted(t.name for t in (await s.list_tools()).tools))\n\
         asyncio.run(main())"
    );
    let mut command = Command::new(&tools.python);
    command.arg("-c").arg(list);
    let out = output_until(command, "echo");
    assert_eq!(out.lines().last().unwrap(), "['echo', 'echo_submit']");

    // Escape closes it and the address forgets the view.
    js(&tab, "document.getElementById('api-page').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true})); return true").await;
    until(
        &tab,
        "return !document.getElementById('api-page') && location.search === ''",
        "the API page to close",
    )
    .await;
    // Opening the page at ?view=api shows it at once.
    open(&tab, &format!("{url}/?view=api")).await;
    until(
        &tab,
        "return document.querySelector(\"#api-page [data-endpoint='/echo_submit']\")",
        "the API page from the address",
    )
    .await;
    tab.close().await.unwrap();
    server.stop().await;
}
