//! The server under abuse, at the HTTP level against a real server on 127.0.0.1: every limit
//! holds, answers with a JSON error naming it, and gives its room back; cross-site browser
//! requests are refused; hostile Markdown is refused, not rendered for seconds.
//!
//! "Another client" is a second loopback address (127.0.0.2), which Linux routes to the same
//! machine.
//!
//! This root holds what the modules share (the server's settings, clients, error replies,
//! waiting); each module holds the tests of one group of limits.

#![allow(clippy::unwrap_used)]

use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::time::Duration;

use blocks::server::ServerConfig;
use blocks::testing::TestServer;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "../../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;

mod bodies;
mod markdown;
mod origins;
mod pending;
mod streams;
mod uploads;

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

fn folders(dir: &Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| entries.count())
}
