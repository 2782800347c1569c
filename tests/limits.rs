//! The server under abuse, at the HTTP level against a real server on 127.0.0.1: every limit
//! holds, answers with a JSON error naming it, and gives its room back; cross-site browser
//! requests are refused; hostile Markdown is refused, not rendered for seconds.
//!
//! "Another client" is a second loopback address (127.0.0.2), which Linux routes to the same
//! machine.

#![allow(clippy::unwrap_used)]

use std::net::{IpAddr, Ipv4Addr};
use std::path::{Path, PathBuf};
use std::time::Duration;

use blocks::prelude::*;
use blocks::server::ServerConfig;
use blocks::testing::TestServer;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;

/// The test server's settings, sweeping every 100 ms so that expiry shows within a test.
fn config() -> ServerConfig {
    TestServer::server_config().sweep_interval(Duration::from_millis(100))
}

const OTHER_CLIENT: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));

/// A client whose requests come from `address`: another client as the server counts them.
fn client_from(address: IpAddr) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .local_address(address)
        .build()
        .unwrap()
}

/// The `detail` of a JSON error reply, after checking its status.
async fn error_detail(response: reqwest::Response, status: u16) -> String {
    assert_eq!(response.status(), status, "status");
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let body: Value = response.json().await.unwrap();
    body["detail"].to_string()
}

fn join_body(session: &str) -> Value {
    json!({"data": ["hi"], "fn_index": 0, "session_hash": session})
}

async fn join_from(c: &reqwest::Client, url: &str, session: &str) -> reqwest::Response {
    c.post(format!("{url}/gradio_api/queue/join"))
        .json(&join_body(session))
        .send()
        .await
        .unwrap()
}

/// Retries `check` every 50 ms for up to 5 s until it holds.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} did not happen within 5 s");
}

/// Sends raw bytes and reads the reply head and body (bounded in time).
async fn raw(addr: std::net::SocketAddr, request: &[u8], pause_then_close: bool) -> String {
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    socket.write_all(request).await.unwrap();
    if pause_then_close {
        return String::new();
    }
    let mut reply = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), socket.read_to_end(&mut reply)).await;
    String::from_utf8_lossy(&reply).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cross_site_browser_requests_are_refused_and_own_pages_and_api_clients_pass() {
    let dir = std::env::temp_dir().join(format!("blocks-limits-xsite-{}", std::process::id()));
    let server = TestServer::start_with(echo::app(), config().upload_dir(&dir)).await;
    let (c, url) = (server.client(), server.url());
    let post = |origin: Option<&str>, site: Option<&str>| {
        let mut request = c
            .post(format!("{url}/gradio_api/call/echo"))
            .json(&json!({"data": ["hi"]}));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = site {
            request = request.header("sec-fetch-site", site);
        }
        request.send()
    };
    let refused = post(Some("http://evil.example"), Some("cross-site"))
        .await
        .unwrap();
    let detail = error_detail(refused, 403).await;
    assert!(detail.contains("BLOCKS_ALLOWED_ORIGINS"), "{detail}");
    // Another port of the same host is another origin.
    let other_port = post(Some("http://127.0.0.1:1"), Some("same-site"))
        .await
        .unwrap();
    assert_eq!(other_port.status(), 403);
    let no_origin = post(None, Some("cross-site")).await.unwrap();
    assert_eq!(no_origin.status(), 403);
    // The app's own page, and clients that are not browsers.
    assert_eq!(
        post(Some(url), Some("same-origin")).await.unwrap().status(),
        200
    );
    assert_eq!(post(None, None).await.unwrap().status(), 200);

    // A cross-site upload stores nothing.
    let form = reqwest::multipart::Form::new().part(
        "files",
        reqwest::multipart::Part::bytes(vec![7; 100]).file_name("a.bin"),
    );
    let upload = c
        .post(format!("{url}/gradio_api/upload"))
        .header("origin", "http://evil.example")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), 403);
    assert_eq!(folders(&dir), 0, "nothing stored");
    server.stop().await;

    // An allowed origin gets CORS headers, and its preflight is answered.
    let server = TestServer::start_with(
        echo::app(),
        config().allow_origin("http://friend.example").unwrap(),
    )
    .await;
    let (c, url) = (server.client(), server.url());
    let allowed = c
        .post(format!("{url}/gradio_api/call/echo"))
        .header("origin", "http://friend.example")
        .json(&json!({"data": ["hi"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), 200);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "http://friend.example"
    );
    let preflight = c
        .request(
            reqwest::Method::OPTIONS,
            format!("{url}/gradio_api/queue/join"),
        )
        .header("origin", "http://friend.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status(), 204);
    assert_eq!(
        preflight.headers()["access-control-allow-headers"],
        "content-type"
    );
    let evil_preflight = c
        .request(
            reqwest::Method::OPTIONS,
            format!("{url}/gradio_api/queue/join"),
        )
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(evil_preflight.status(), 403);
    server.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_routes_take_only_json_and_every_error_is_json() {
    let server = TestServer::start_with(echo::app(), config().max_body_bytes(1024)).await;
    let (c, url) = (server.client(), server.url());
    let call = |content_type: Option<&'static str>| {
        let mut request = c
            .post(format!("{url}/gradio_api/call/echo"))
            .body(r#"{"data":["hi"]}"#);
        if let Some(kind) = content_type {
            request = request.header("content-type", kind);
        }
        request.send()
    };
    for kind in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let detail = error_detail(call(Some(kind)).await.unwrap(), 415).await;
        assert!(detail.contains("application/json"), "{detail}");
    }
    assert_eq!(
        call(Some("application/json; charset=utf-8"))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(call(None).await.unwrap().status(), 200);

    let too_large = c
        .post(format!("{url}/gradio_api/queue/join"))
        .json(&json!({"data": ["x".repeat(2000)], "fn_index": 0, "session_hash": "s1"}))
        .send()
        .await
        .unwrap();
    let detail = error_detail(too_large, 413).await;
    assert!(detail.contains("max_body_bytes"), "{detail}");

    let no_query = c
        .get(format!("{url}/gradio_api/queue/data"))
        .send()
        .await
        .unwrap();
    let detail = error_detail(no_query, 400).await;
    assert!(detail.contains("session_hash"), "{detail}");

    let nowhere = c.get(format!("{url}/nowhere")).send().await.unwrap();
    assert!(error_detail(nowhere, 404).await.contains("/nowhere"));
    let api_nowhere = c
        .post(format!("{url}/gradio_api/nowhere"))
        .send()
        .await
        .unwrap();
    assert_eq!(api_nowhere.status(), 404);

    for path in ["/config", "/gradio_api/info", "/", "/gradio_api/app_id"] {
        let response = c.get(format!("{url}{path}")).send().await.unwrap();
        assert_eq!(
            response.headers()["x-content-type-options"],
            "nosniff",
            "{path}"
        );
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_stalls_gets_408() {
    let server = TestServer::start_with(
        echo::app(),
        config().body_timeout(Duration::from_millis(300)),
    )
    .await;
    let request = b"POST /gradio_api/call/echo HTTP/1.1\r\nHost: x\r\n\
        Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"data\":";
    let reply = raw(server.addr(), request, false).await;
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains("body_timeout"), "{reply}");
    // The server lives on.
    let ok = server.get("/config").await;
    assert_eq!(ok.status(), 200);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_client_cannot_hold_every_stream() {
    let server = TestServer::start_with(echo::app(), config().max_streams_per_client(3)).await;
    let (c, url) = (server.client(), server.url());
    let mut held = Vec::new();
    for i in 0..3 {
        let stream = c
            .get(format!("{url}/gradio_api/heartbeat/hold{i}"))
            .send()
            .await
            .unwrap();
        assert_eq!(stream.status(), 200);
        held.push(stream);
    }
    let refused = c
        .get(format!("{url}/gradio_api/heartbeat/hold3"))
        .send()
        .await
        .unwrap();
    let detail = error_detail(refused, 429).await;
    assert!(detail.contains("max_streams_per_client"), "{detail}");
    let refused_data = c
        .get(format!("{url}/gradio_api/queue/data?session_hash=hold0"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused_data.status(), 429);

    // A new visitor from elsewhere still gets in.
    let other = client_from(OTHER_CLIENT)
        .get(format!("{url}/gradio_api/heartbeat/visitor"))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);

    // Closing a stream gives its slot back.
    held.pop();
    eventually("a closed stream's slot coming back", || async {
        c.get(format!("{url}/gradio_api/heartbeat/hold4"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
    })
    .await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unread_session_buffers_are_capped_per_client_and_in_all_and_expire() {
    let server = TestServer::start_with(
        echo::app(),
        config()
            .max_unread_sessions(4)
            .max_pending_per_client(3)
            .unread_ttl(Duration::from_millis(300)),
    )
    .await;
    let (c, url) = (server.client(), server.url());
    for i in 0..3 {
        assert_eq!(join_from(c, url, &format!("u{i}")).await.status(), 200);
    }
    // A session that already has a buffer may join more events.
    assert_eq!(join_from(c, url, "u0").await.status(), 200);
    let detail = error_detail(join_from(c, url, "u3").await, 429).await;
    assert!(detail.contains("max_pending_per_client"), "{detail}");

    let other = client_from(OTHER_CLIENT);
    assert_eq!(join_from(&other, url, "o0").await.status(), 200);
    let detail = error_detail(join_from(&other, url, "o1").await, 503).await;
    assert!(detail.contains("max_unread_sessions"), "{detail}");

    // Reading a buffer frees its place at once.
    let messages = server.queue_data("u0").await;
    let completed = messages.iter().filter(|m| m["msg"] == "process_completed");
    assert_eq!(completed.count(), 2, "{messages:?}");
    assert_eq!(join_from(&other, url, "o1").await.status(), 200);

    // Unread buffers expire, and their places come back.
    eventually("unread buffers expiring", || async {
        join_from(c, url, "later").await.status() == 200
    })
    .await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unfetched_curl_results_are_capped_and_expire() {
    let server = TestServer::start_with(
        echo::app(),
        config()
            .max_unfetched_results(3)
            .unfetched_ttl(Duration::from_millis(300)),
    )
    .await;
    let call = || async {
        server
            .post("/gradio_api/call/echo", &json!({"data": ["hi"]}))
            .await
    };
    let mut ids = Vec::new();
    for _ in 0..3 {
        let reply: Value = call().await.json().await.unwrap();
        ids.push(reply["event_id"].as_str().unwrap().to_owned());
    }
    let detail = error_detail(call().await, 503).await;
    assert!(detail.contains("max_unfetched_results"), "{detail}");
    // Fetching one frees its place.
    let events = server.call_events("echo", &ids[0]).await;
    assert!(
        events.iter().any(|(event, _)| event == "complete"),
        "{events:?}"
    );
    assert_eq!(call().await.status(), 200);
    // Unfetched results expire.
    eventually("unfetched results expiring", || async {
        call().await.status() == 200 && call().await.status() == 200
    })
    .await;
    server.stop().await;
}

/// A handler that streams a text growing by 1,000 bytes a step, 100 steps.
fn growing_app() -> App {
    let mut app = Blocks::new();
    let out = app.add(Textbox::new());
    let go = app.add(Button::new("go"));
    app.on(go.click())
        .call(|| (1..=100).map(|i| "x".repeat(i * 1000)), (), out)
        .api_name("grow");
    app.build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_nobody_reads_holds_a_bounded_backlog_and_keeps_the_result() {
    let server = TestServer::start_with(growing_app(), config().max_unread_bytes(64 * 1024)).await;
    let (c, url) = (server.client(), server.url());
    // The curl stream, read only after the event is over.
    let reply: Value = server
        .post("/gradio_api/call/grow", &json!({"data": []}))
        .await
        .json()
        .await
        .unwrap();
    let id = reply["event_id"].as_str().unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let text = server
        .get(&format!("/gradio_api/call/grow/{id}"))
        .await
        .text()
        .await
        .unwrap();
    let generating = text.matches("event: generating").count();
    assert!(
        generating < 100,
        "intermediate values were skipped: {generating}"
    );
    assert!(text.len() < 300 * 1024, "bounded: {} bytes", text.len());
    let last = text
        .split("\n\n")
        .find(|f| f.starts_with("event: complete"))
        .unwrap();
    assert!(
        last.contains(&"x".repeat(100_000)),
        "the final value is whole"
    );

    // The queue stream likewise; the first value the client gets is whole, not an edit.
    assert_eq!(join_from(c, url, "slow").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    // Past the budget (the final value alone is 100 KB), the session's new events wait.
    let detail = error_detail(join_from(c, url, "slow").await, 503).await;
    assert!(detail.contains("max_unread_bytes"), "{detail}");
    let messages = server.queue_data("slow").await;
    let generating: Vec<&Value> = messages
        .iter()
        .filter(|m| m["msg"] == "process_generating")
        .collect();
    assert!(generating.len() < 100, "{}", generating.len());
    assert!(
        generating
            .first()
            .is_some_and(|m| m["output"]["data"][0].is_string()),
        "the first intermediate message carries full values"
    );
    let completed = messages
        .iter()
        .find(|m| m["msg"] == "process_completed")
        .unwrap();
    assert_eq!(completed["output"]["data"][0], "x".repeat(100_000));
    // Read, the session may join again.
    assert_eq!(join_from(c, url, "slow").await.status(), 200);
    server.stop().await;
}

fn folders(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| entries.count())
}

fn upload_form(sizes: &[usize]) -> reqwest::multipart::Form {
    sizes
        .iter()
        .enumerate()
        .fold(reqwest::multipart::Form::new(), |form, (i, size)| {
            form.part(
                "files",
                reqwest::multipart::Part::bytes(vec![b'a'; *size]).file_name(format!("f{i}.bin")),
            )
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_have_quotas_expire_and_leave_nothing_when_cut_short() {
    let dir: PathBuf =
        std::env::temp_dir().join(format!("blocks-limits-uploads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut limits = config()
        .upload_dir(&dir)
        .max_file_bytes(1_000)
        .upload_quotas(1_500, 2_500, 3_000)
        .upload_ttl(Duration::from_millis(600));
    limits.body_timeout = Duration::from_millis(500);
    let server = TestServer::start_with(echo::app(), limits).await;
    let (c, url) = (server.client(), server.url());
    let upload = |c: reqwest::Client, sizes: &'static [usize]| async move {
        c.post(format!("{url}/gradio_api/upload"))
            .multipart(upload_form(sizes))
            .send()
            .await
            .unwrap()
    };
    let ok = upload(c.clone(), &[700, 700]).await;
    assert_eq!(ok.status(), 200);
    let paths: Vec<String> = ok.json().await.unwrap();
    assert_eq!(folders(&dir), 2);

    let detail = error_detail(upload(c.clone(), &[1_200]).await, 413).await;
    assert!(detail.contains("max_file_bytes"), "{detail}");
    let detail = error_detail(upload(c.clone(), &[900, 900]).await, 413).await;
    assert!(detail.contains("max_upload_request_bytes"), "{detail}");
    assert_eq!(upload(c.clone(), &[900]).await.status(), 200);
    let detail = error_detail(upload(c.clone(), &[300]).await, 413).await;
    assert!(detail.contains("max_upload_bytes_per_client"), "{detail}");
    let other = client_from(OTHER_CLIENT);
    let detail = error_detail(upload(other.clone(), &[800]).await, 413).await;
    assert!(detail.contains("max_upload_total_bytes"), "{detail}");
    assert_eq!(folders(&dir), 3, "refused requests left nothing");

    // An upload cut short leaves nothing either.
    let head = "POST /gradio_api/upload HTTP/1.1\r\nHost: x\r\n\
        Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 100000\r\n\r\n\
        --XyZ\r\nContent-Disposition: form-data; name=\"files\"; filename=\"cut.bin\"\r\n\
        Content-Type: application/octet-stream\r\n\r\naaaaaaaaaa";
    raw(server.addr(), head.as_bytes(), true).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    eventually("the cut-short upload's folder going", || async {
        folders(&dir) <= 3
    })
    .await;

    // Files expire, and are not served any more.
    eventually("uploads expiring", || async { folders(&dir) == 0 }).await;
    let gone = server.get(&format!("/gradio_api/file={}", paths[0])).await;
    assert_eq!(gone.status(), 404);
    // The quota is free again.
    assert_eq!(upload(c.clone(), &[900]).await.status(), 200);
    server.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// Markdown from the user, rendered.
fn markdown_app() -> App {
    let mut app = Blocks::new();
    let text = app.add(Textbox::new());
    let out = app.add(Markdown::new(""));
    let go = app.add(Button::new("go"));
    app.on(go.click())
        .call(|t: String| t, text, out)
        .api_name("render");
    app.build()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_markdown_is_refused_with_a_clear_error_and_honest_markdown_renders() {
    let server = TestServer::start_with(markdown_app(), config().max_body_bytes(4 << 20)).await;
    let run = |text: String| {
        let server = &server;
        async move {
            let joined = server.join(0, json!([text]), "md").await;
            assert!(joined.is_ok(), "{joined:?}");
            let messages = server.queue_data("md").await;
            messages
                .into_iter()
                .find(|m| m["msg"] == "process_completed")
                .unwrap()
        }
    };
    let deep = run("<div>".repeat(20_000)).await;
    assert_eq!(deep["success"], false);
    assert!(
        deep["output"]["error"]
            .as_str()
            .unwrap()
            .contains("max_depth"),
        "{deep}"
    );
    let long = run("a".repeat(600 * 1024)).await;
    assert!(
        long["output"]["error"]
            .as_str()
            .unwrap()
            .contains("max_bytes"),
        "{long}"
    );
    let quotes = run(">".repeat(100_000)).await;
    assert_eq!(
        quotes["success"], true,
        "deep Markdown is flattened, not refused"
    );
    let honest = run("**bold** and `code`".into()).await;
    assert_eq!(honest["success"], true);
    assert!(honest["output"]["html"]
        .to_string()
        .contains("<strong>bold</strong>"));
    server.stop().await;
}
