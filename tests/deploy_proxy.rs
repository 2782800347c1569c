//! Deploying behind a real nginx (started by the test on a free loopback port, with its own
//! config in a temp folder): the login app (examples/login.rs) at `/tools/demo/`, and the
//! mounted example's server (examples/mounted.rs) at `/tools/m/` (its apps at `/tools/m/a/`
//! and `/tools/m/b/`), and the image filter (examples/image_filter.rs) at `/tools/img/`,
//! called by curl, the real `gradio_client` and the page in Chromium.
//!
//! Needs nginx, curl, Python with `gradio_client` (`BLOCKS_PYTHON`) and Chromium with
//! chromedriver; without them the tests are reported as ignored, unless `BLOCKS_REQUIRE_E2E=1`.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use blocks::testing::TestServer;
use fantoccini::Locator;
use serde_json::Value;

#[macro_use]
mod e2e;
mod browser;
#[path = "deploy_proxy/files.rs"]
mod files;
#[path = "deploy_proxy/nginx.rs"]
mod nginx;

#[path = "../examples/image_filter.rs"]
#[allow(dead_code, unreachable_pub)]
mod image_filter;
#[path = "../examples/login.rs"]
#[allow(dead_code, unreachable_pub)]
mod login;
#[path = "../examples/mounted.rs"]
#[allow(dead_code, unreachable_pub)]
mod mounted;

use browser::{click_button, open, screenshot, until};
use files::curl_follows_output_file_urls_through_nginx;
use nginx::Nginx;

#[derive(Clone)]
struct Tools {
    nginx: PathBuf,
    python: PathBuf,
    browser: (PathBuf, PathBuf),
}

fn main() -> ExitCode {
    browser::main(tools(), |tools| {
        trials![
            tools;
            curl_logs_in_calls_and_uploads_through_nginx,
            gradio_client_logs_in_through_nginx,
            the_page_logs_in_and_runs_behind_nginx,
            curl_follows_output_file_urls_through_nginx,
        ]
    })
}

fn tools() -> Result<Tools, String> {
    let nginx = nginx::binary()?;
    let curl = Command::new("curl").arg("--version").output();
    if !curl.is_ok_and(|o| o.status.success()) {
        return Err("curl not found (apt-get install curl)".into());
    }
    let python = std::env::var_os("BLOCKS_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/venv/bin/python")
        });
    let has_client = Command::new(&python)
        .args(["-c", "import gradio_client"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_client {
        return Err(format!(
            "gradio_client not found ({}): run .ci/run, or set BLOCKS_PYTHON",
            python.display()
        ));
    }
    Ok(Tools {
        nginx,
        python,
        browser: browser::tools()?,
    })
}

/// The three servers and nginx in front of them.
struct Stack {
    login: TestServer,
    images: TestServer,
    mounted: actix_web::dev::ServerHandle,
    nginx: Nginx,
}

impl Stack {
    async fn start(tools: &Tools) -> Stack {
        let login = TestServer::start(login::app()).await;
        let images = TestServer::start(image_filter::app()).await;
        let (server, addr) = mounted::server(TestServer::server_config()).unwrap();
        let mounted = server.handle();
        tokio::spawn(server);
        let nginx = Nginx::start(
            &tools.nginx,
            &[
                ("/tools/demo/", login.addr().to_string()),
                ("/tools/m/", addr.to_string()),
                ("/tools/img/", images.addr().to_string()),
            ],
        );
        Stack {
            login,
            images,
            mounted,
            nginx,
        }
    }

    fn demo(&self) -> String {
        format!("{}/tools/demo/", self.nginx.url)
    }

    async fn stop(self) {
        drop(self.nginx);
        self.mounted.stop(true).await;
        self.login.stop().await;
        self.images.stop().await;
    }
}

/// Runs curl with `args`; returns what it printed.
fn curl(args: &[&str]) -> String {
    let output = Command::new("curl")
        .args(["-s", "--max-time", "30"])
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "curl {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

fn curl_logs_in_calls_and_uploads_through_nginx(tools: Tools) {
    e2e::runtime().block_on(async {
        let stack = Stack::start(&tools).await;
        let demo = stack.demo();
        let jar = std::env::temp_dir().join(format!("blocks-jar-{:x}", rand::random::<u64>()));
        let jar = jar.to_str().unwrap();
        let status = curl(&[
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            &format!("{demo}config"),
        ]);
        assert_eq!(status, "401", "no login, no config");
        let login = curl(&[
            "-c",
            jar,
            "-d",
            "username=alice",
            "-d",
            "password=wonderland",
            &format!("{demo}login"),
        ]);
        assert_eq!(login, r#"{"success":true}"#);
        let config: Value =
            serde_json::from_str(&curl(&["-b", jar, &format!("{demo}config")])).unwrap();
        assert_eq!(
            config["root"],
            format!("{}/tools/demo", stack.nginx.url),
            "the root names the proxy's address and prefix"
        );
        let joined = curl(&[
            "-b",
            jar,
            "-H",
            "content-type: application/json",
            "-d",
            r#"{"data": ["hi"]}"#,
            &format!("{demo}gradio_api/call/echo"),
        ]);
        let event: Value = serde_json::from_str(&joined).unwrap();
        let id = event["event_id"].as_str().unwrap();
        let stream = curl(&["-N", "-b", jar, &format!("{demo}gradio_api/call/echo/{id}")]);
        assert!(stream.contains("event: complete"), "{stream}");
        assert!(stream.contains("alice: hi"), "{stream}");

        let file = std::env::temp_dir().join(format!("blocks-up-{:x}.txt", rand::random::<u64>()));
        std::fs::write(&file, "through the proxy").unwrap();
        let uploaded = curl(&[
            "-b",
            jar,
            "-F",
            &format!("files=@{}", file.display()),
            &format!("{demo}gradio_api/upload"),
        ]);
        let paths: Vec<String> = serde_json::from_str(&uploaded).unwrap();
        let back = curl(&["-b", jar, &format!("{demo}gradio_api/file={}", paths[0])]);
        assert_eq!(back, "through the proxy");
        let _ = std::fs::remove_file(&file);

        let health: Value =
            serde_json::from_str(&curl(&[&format!("{}/tools/m/health", stack.nginx.url)])).unwrap();
        assert_eq!(health["status"], "ok", "the mounting server's own route");
        let mounted: Value =
            serde_json::from_str(&curl(&[&format!("{}/tools/m/b/config", stack.nginx.url)]))
                .unwrap();
        assert_eq!(mounted["root"], format!("{}/tools/m/b", stack.nginx.url));
        let _ = std::fs::remove_file(jar);
        stack.stop().await;
    });
}

fn gradio_client_logs_in_through_nginx(tools: Tools) {
    e2e::runtime().block_on(async {
        let stack = Stack::start(&tools).await;
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/deploy_proxy/check.py");
        let picture = files::png_file();
        // The servers run on their own threads: waiting here blocks none of them.
        let output = Command::new(&tools.python)
            .arg(&script)
            .arg(stack.demo())
            .arg(format!("{}/tools/m/b/", stack.nginx.url))
            .arg(format!("{}/tools/img/", stack.nginx.url))
            .arg(&picture)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{stdout}\n{stderr}");
        let found: Value = serde_json::from_str(stdout.lines().last().unwrap_or_default())
            .unwrap_or_else(|e| panic!("no findings ({e}): {stdout}\n{stderr}"));
        assert_eq!(found["anonymous"], "AuthenticationError", "{found}");
        assert_ne!(found["wrong_password"], "connected", "{found}");
        assert_eq!(found["echo"], "alice: hi");
        assert_eq!(found["submitted"], "alice: streamed");
        assert_eq!(found["reverse"], "cba");
        assert_eq!(
            found["sepia"],
            serde_json::json!({"png": true}),
            "the client uploads and downloads files under the prefix"
        );
        let _ = std::fs::remove_file(picture);
        stack.stop().await;
    });
}

fn the_page_logs_in_and_runs_behind_nginx(tools: Tools) {
    let stack_tools = tools.clone();
    browser::in_browser(tools.browser, |mut browser| async move {
        let stack = Stack::start(&stack_tools).await;
        let tab = browser.context().await;
        tab.goto(&stack.demo()).await.unwrap();
        until(
            &tab,
            "return document.querySelector('#username')",
            "the login form",
        )
        .await;
        let path = tab.current_url().await.unwrap();
        assert_eq!(path.path(), "/tools/demo/login");
        screenshot(&tab, "deploy_login_form").await;
        let user = tab.find(Locator::Css("#username")).await.unwrap();
        user.send_keys("alice").await.unwrap();
        let password = tab.find(Locator::Css("#password")).await.unwrap();
        password.send_keys("wonderland\u{E007}").await.unwrap(); // then Enter
        until(
            &tab,
            "return window.__blocks && window.__blocks.renderedAt",
            "the app after the login",
        )
        .await;
        assert_eq!(tab.current_url().await.unwrap().path(), "/tools/demo/");
        let cookies = browser::js(&tab, "return document.cookie").await;
        assert_eq!(cookies, "", "the login cookie is HttpOnly");
        let input = tab
            .find(Locator::Css("textarea, input[type=text]"))
            .await
            .unwrap();
        input.send_keys("hello").await.unwrap();
        click_button(&tab, "Echo").await;
        until(
            &tab,
            "return field('Output').value === 'alice: hello'",
            "the echo through nginx",
        )
        .await;
        screenshot(&tab, "deploy_login_echo").await;

        // A mounted app, under the proxy's prefix and its mount path.
        open(&tab, &format!("{}/tools/m/b/", stack.nginx.url)).await;
        let input = tab
            .find(Locator::Css("textarea, input[type=text]"))
            .await
            .unwrap();
        input.send_keys("abc").await.unwrap();
        click_button(&tab, "Reverse").await;
        until(
            &tab,
            "return field('Output').value === 'cba'",
            "the mounted app",
        )
        .await;
        tab.close().await.unwrap();
        stack.stop().await;
    });
}
