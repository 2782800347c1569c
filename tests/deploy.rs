//! Deploying: apps mounted in an actix-web server of one's own, their public URL behind a
//! proxy (trusted or not), and the login (`App::auth`) over real HTTP on 127.0.0.1.
//! The same behind a real nginx, with gradio_client, curl and Chromium: `deploy_proxy.rs`.

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use blocks::server::{ProxyNet, ServerConfig};
use blocks::testing::TestServer;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;
use serde_json::{json, Value};

#[path = "../examples/login.rs"]
#[allow(dead_code, unreachable_pub)]
mod login;
#[path = "../examples/mounted.rs"]
#[allow(dead_code, unreachable_pub)]
mod mounted;

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_apps_and_an_own_route_share_one_server() {
    let (server, addr) = mounted::server(TestServer::server_config()).unwrap();
    let handle = server.handle();
    tokio::spawn(server);
    let base = format!("http://{addr}");
    let http = http();
    let health = json_of(http.get(format!("{base}/health")).send().await.unwrap()).await;
    assert_eq!(health["status"], "ok");
    for (app, api, expected) in [("a", "echo", "hi"), ("b", "reverse", "ih")] {
        let run = http
            .post(format!("{base}/{app}/gradio_api/run/{api}"))
            .json(&json!({"data": ["hi"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(json_of(run).await["data"][0], expected, "/{app}");
        let config = json_of(
            http.get(format!("{base}/{app}/config"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(config["root"], format!("{base}/{app}"));
    }
    // Without the slash, relative URLs would miss the app: /a redirects to /a/.
    let bare = http.get(format!("{base}/a")).send().await.unwrap();
    assert_eq!(bare.status(), 308);
    assert_eq!(bare.headers()[LOCATION], "a/");
    // The page names its assets relative to itself, and they are served under the mount.
    let page = http
        .get(format!("{base}/a/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let script = page
        .split("src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    assert!(script.starts_with("assets/"), "{script}");
    let asset = http.get(format!("{base}/a/{script}")).send().await.unwrap();
    assert_eq!(asset.status(), 200);
    // A route of neither app is the server's business.
    let other = http.get(format!("{base}/c/config")).send().await.unwrap();
    assert_eq!(other.status(), 404);
    handle.stop(true).await;
}

#[tokio::test]
async fn the_root_follows_trusted_proxies_and_root_path_only() {
    let forwarded = |request: reqwest::RequestBuilder| {
        request
            .header("x-forwarded-proto", "https")
            .header("x-forwarded-host", "example.org")
            .header("x-forwarded-prefix", "/tools/demo")
    };
    // From loopback (trusted by default), the proxy's headers make the root.
    let server = TestServer::start(mounted::echo_app()).await;
    let config = json_of(
        forwarded(http().get(format!("{}/config", server.url())))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(config["root"], "https://example.org/tools/demo");
    server.stop().await;
    // Trusting no proxy: the same headers are ignored.
    let config = TestServer::server_config().trusted_proxies(Vec::new());
    let server = TestServer::start_with(mounted::echo_app(), config).await;
    let root = json_of(
        forwarded(http().get(format!("{}/config", server.url())))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(root["root"], server.url());
    server.stop().await;
    // An explicit root path wins over the proxy's prefix.
    let config = TestServer::server_config().root_path("/explicit/");
    let server = TestServer::start_with(mounted::echo_app(), config).await;
    let info = json_of(
        forwarded(http().get(format!("{}/gradio_api/info", server.url())))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let snippet = info["named_endpoints"]["/echo"]["code_snippets"]["bash"]
        .as_str()
        .unwrap();
    assert!(
        snippet.contains("https://example.org/explicit/gradio_api/call"),
        "{snippet}"
    );
    server.stop().await;
}

/// The login cookie a response sets, as `name=value`, and its attributes.
#[tokio::test]
async fn the_mcp_urls_follow_the_proxy() {
    let forwarded = |request: reqwest::RequestBuilder| {
        request
            .header("x-forwarded-proto", "https")
            .header("x-forwarded-host", "example.org")
            .header("x-forwarded-prefix", "/tools/demo")
    };
    let server = TestServer::start(mounted::echo_app().mcp_server(true)).await;
    // The landing page a browser gets names the public streamable HTTP URL.
    let landing = forwarded(http().get(format!("{}/gradio_api/mcp/", server.url())))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        landing.contains("https://example.org/tools/demo/gradio_api/mcp/"),
        "{landing}"
    );
    // The SSE transport tells its client to post under the proxy's prefix.
    let mut stream = forwarded(http().get(format!("{}/gradio_api/mcp/sse", server.url())))
        .send()
        .await
        .unwrap()
        .bytes_stream();
    let mut text = String::new();
    while !text.contains("\n\n") {
        use futures_util::StreamExt;
        let chunk = stream.next().await.unwrap().unwrap();
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    let endpoint = text
        .lines()
        .find_map(|l| l.strip_prefix("data: "))
        .unwrap_or_default();
    assert!(
        endpoint.starts_with("/tools/demo/gradio_api/mcp/messages/?session_id="),
        "{text}"
    );
    drop(stream);
    server.stop().await;
}

fn cookie(headers: &HeaderMap) -> (String, String) {
    let set = headers[SET_COOKIE].to_str().unwrap().to_owned();
    let (pair, attributes) = set.split_once(';').unwrap();
    (pair.to_owned(), attributes.to_owned())
}

async fn log_in(server: &TestServer, password: &str) -> reqwest::Response {
    http()
        .post(format!("{}/login", server.url()))
        .form(&[("username", "alice"), ("password", password)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_route_needs_the_login() {
    let server = TestServer::start(login::app()).await;
    let url = server.url();
    let http = http();
    let page = http.get(format!("{url}/")).send().await.unwrap();
    assert_eq!(
        page.status(),
        303,
        "the page sends browsers to the login form"
    );
    assert_eq!(page.headers()[LOCATION], "login");
    let gets = [
        "/config",
        "/gradio_api/info",
        "/gradio_api/app_id",
        "/gradio_api/queue/data?session_hash=abcdefgh",
        "/gradio_api/heartbeat/abcdefgh",
        "/gradio_api/file=/etc/passwd",
        "/gradio_api/call/echo/123",
        "/monitoring/summary",
        "/assets/kinds/0/x.js",
        "/assets/%6binds/0/x.js",
    ];
    for path in gets {
        let r = http.get(format!("{url}{path}")).send().await.unwrap();
        assert_eq!(r.status(), 401, "GET {path}");
        assert_eq!(json_of(r).await["detail"]["error"], "Not authenticated");
    }
    for path in [
        "/gradio_api/queue/join",
        "/gradio_api/run/echo",
        "/gradio_api/call/echo",
        "/gradio_api/upload",
        "/gradio_api/cancel",
    ] {
        let r = http
            .post(format!("{url}{path}"))
            .json(&json!({"data": ["x"], "fn_index": 0, "session_hash": "abcdefgh"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "POST {path}");
    }
    // The form and the style it needs are open.
    let form = http.get(format!("{url}/login")).send().await.unwrap();
    assert_eq!(form.status(), 200);
    let form = form.text().await.unwrap();
    assert!(form.contains("name=\"password\""), "{form}");
    let style = form
        .split("href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    let css = http.get(format!("{url}/{style}")).send().await.unwrap();
    assert_eq!(css.status(), 200, "{style}");

    let wrong = log_in(&server, "guess").await;
    assert_eq!(wrong.status(), 400);
    assert!(wrong.headers().get(SET_COOKIE).is_none());
    let right = log_in(&server, "wonderland").await;
    assert_eq!(right.status(), 200);
    let (login, attributes) = cookie(right.headers());
    assert!(attributes.contains("HttpOnly"), "{attributes}");
    assert!(attributes.contains("SameSite=Lax"), "{attributes}");
    assert!(attributes.contains("Path=/"), "{attributes}");
    assert!(!attributes.contains("Secure"), "plain http: {attributes}");
    assert_eq!(json_of(right).await, json!({"success": true}));

    let echo = |cookie: String| {
        http.post(format!("{url}/gradio_api/run/echo"))
            .header("cookie", cookie)
            .json(&json!({"data": ["hi"]}))
            .send()
    };
    let reply = echo(login.clone()).await.unwrap();
    assert_eq!(
        json_of(reply).await["data"][0],
        "alice: hi",
        "the handler reads Request::username"
    );
    let (name, value) = login.split_once('=').unwrap();
    let forged = format!("{name}={}x", value);
    assert_eq!(echo(forged).await.unwrap().status(), 401);

    let out = http
        .get(format!("{url}/logout"))
        .header("cookie", login.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    let (gone, _) = cookie(out.headers());
    assert_eq!(gone, format!("{name}="), "the cookie is cleared");
    assert_eq!(
        echo(login).await.unwrap().status(),
        401,
        "a cookie from before the logout no longer counts"
    );
    server.stop().await;
}

#[tokio::test]
async fn behind_https_the_cookie_is_secure_and_scoped_to_the_prefix() {
    let server = TestServer::start(login::app()).await;
    let r = http()
        .post(format!("{}/login", server.url()))
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-prefix", "/tools/demo")
        .form(&[("username", "alice"), ("password", "wonderland")])
        .send()
        .await
        .unwrap();
    let (_, attributes) = cookie(r.headers());
    assert!(attributes.contains("Secure"), "{attributes}");
    assert!(attributes.contains("Path=/tools/demo/"), "{attributes}");
    // A browser's form post is sent back to the app.
    let browser = http()
        .post(format!("{}/login", server.url()))
        .header("accept", "text/html")
        .form(&[("username", "alice"), ("password", "wonderland")])
        .send()
        .await
        .unwrap();
    assert_eq!(browser.status(), 303);
    assert_eq!(browser.headers()[LOCATION], "./");
    server.stop().await;
}

async fn failures_until_refused(server: &TestServer, forwarded_for: &[&str]) -> Vec<u16> {
    let mut statuses = Vec::new();
    for from in forwarded_for {
        let r = http()
            .post(format!("{}/login", server.url()))
            .header("x-forwarded-for", *from)
            .form(&[("username", "alice"), ("password", "guess")])
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn failed_logins_are_limited_per_real_client_address() {
    let config = TestServer::server_config().failed_logins(2, Duration::from_secs(600));
    // Loopback is a trusted proxy by default: each forwarded client has its own count.
    let server = TestServer::start_with(login::app(), config.clone()).await;
    let statuses = failures_until_refused(&server, &["9.9.9.1", "9.9.9.1", "9.9.9.1"]).await;
    assert_eq!(statuses, [400, 400, 429]);
    let other = failures_until_refused(&server, &["9.9.9.2"]).await;
    assert_eq!(other, [400], "another client is not slowed");
    let proxy = log_in(&server, "wonderland").await;
    assert_eq!(proxy.status(), 200, "the proxy's own address is not slowed");
    server.stop().await;
    // Trusting no proxy: the header is ignored and the peer is counted, whatever it claims.
    let config = config.trusted_proxies(vec![ProxyNet::parse("10.0.0.0/8").unwrap()]);
    let server = TestServer::start_with(login::app(), config).await;
    let statuses = failures_until_refused(&server, &["9.9.9.1", "9.9.9.2", "9.9.9.3"]).await;
    assert_eq!(statuses, [400, 400, 429]);
    let r = log_in(&server, "wonderland").await;
    assert_eq!(r.status(), 429, "even the right password waits");
    server.stop().await;
}

#[test]
fn bad_proxy_settings_are_named() {
    let err = ProxyNet::parse("10.0.0.0/99").unwrap_err().to_string();
    assert!(err.contains("10.0.0.0/99"), "{err}");
    assert!(ServerConfig::default().trusted_proxies.len() == 2);
}

#[test]
fn mounting_outside_a_runtime_says_where_to_call_it() {
    let err = mounted::echo_app()
        .mount(ServerConfig::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("#[actix_web::main]"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mounted_app_asks_for_its_login_under_its_path() {
    let secure = login::app().mount(TestServer::server_config()).unwrap();
    let server = actix_web::HttpServer::new(move || {
        actix_web::App::new().service(secure.service("/secure"))
    })
    .workers(1)
    .bind("127.0.0.1:0")
    .unwrap();
    let base = format!("http://{}/secure", server.addrs()[0]);
    let server = server.run();
    let handle = server.handle();
    tokio::spawn(server);
    let http = http();
    let page = http.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.status(), 303);
    assert_eq!(
        http.get(format!("{base}/config"))
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        http.get(format!("{base}/login"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let login = http
        .post(format!("{base}/login"))
        .form(&[("username", "alice"), ("password", "wonderland")])
        .send()
        .await
        .unwrap();
    let (cookie, attributes) = cookie(login.headers());
    assert!(attributes.contains("Path=/secure/"), "{attributes}");
    let config = http
        .get(format!("{base}/config"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(config.status(), 200);
    handle.stop(true).await;
}
