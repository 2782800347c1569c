//! One benchmark user: its own session, joining `add_items` and reading its `/queue/data`
//! stream until the event's `process_completed`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

type Sender = http1::SendRequest<Full<Bytes>>;

async fn connect(port: u16) -> Option<Sender> {
    let stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let _ = stream.set_nodelay(true);
    let (sender, conn) = http1::handshake(TokioIo::new(stream)).await.ok()?;
    tokio::spawn(conn);
    Some(sender)
}

/// Sends a request on `sender` (a new connection first when it is closed).
async fn send(
    sender: &mut Option<Sender>,
    port: u16,
    method: &str,
    path: &str,
    body: String,
) -> Option<Incoming> {
    if sender.as_ref().is_none_or(|s| s.is_closed()) {
        *sender = connect(port).await;
    }
    let s = sender.as_mut()?;
    s.ready().await.ok()?;
    let response = s
        .send_request(crate::common::json_request(method, path, body)?)
        .await
        .ok()?;
    response.status().is_success().then(|| response.into_body())
}

/// Events until `stop`: their start times, latencies and whether each was its session's
/// first, and the errors. With
/// `session_events`, the user starts a new session (a new visitor's cart) after that many
/// events; else one session takes every event, and its cart keeps growing.
pub(crate) async fn run(
    port: u16,
    n: usize,
    fresh: bool,
    session_events: Option<usize>,
    stop: Arc<AtomicBool>,
) -> (Vec<(Instant, Duration, bool)>, usize) {
    let new_session = || format!("bench{n}x{:08x}", rand::random::<u32>());
    let mut session = new_session();
    let mut events = 0;
    let (mut joins, mut streams) = (None, None);
    let mut stream: Option<Incoming> = None;
    let mut buffer = String::new();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    while !stop.load(Ordering::Relaxed) && errors < 100 {
        if fresh {
            joins = None;
        }
        if session_events.is_some_and(|max| events >= max) {
            session = new_session();
            events = 0;
            stream = None;
        }
        events += 1;
        let started = Instant::now();
        let join = format!(r#"{{"data":[["Milk"],null],"fn_index":0,"session_hash":"{session}"}}"#);
        let Some(body) = send(&mut joins, port, "POST", "/gradio_api/queue/join", join).await
        else {
            errors += 1;
            continue;
        };
        let Ok(joined) = body.collect().await else {
            errors += 1;
            continue;
        };
        let joined = String::from_utf8_lossy(&joined.to_bytes()).into_owned();
        let Some(id) = joined.split('"').nth(3).map(str::to_owned) else {
            errors += 1;
            continue;
        };
        let mut done = None;
        for _ in 0..3 {
            if stream.is_none() {
                if fresh {
                    streams = None;
                }
                let path = format!("/gradio_api/queue/data?session_hash={session}");
                stream = send(&mut streams, port, "GET", &path, String::new()).await;
                buffer.clear();
            }
            done = until_completed(&mut stream, &mut buffer, &id).await;
            if done.is_some() {
                break;
            }
            stream = None;
        }
        match done {
            Some(true) => latencies.push((started, started.elapsed(), events == 1)),
            _ => errors += 1,
        }
    }
    (latencies, errors)
}

/// Reads until `id`'s completion: whether it succeeded; `None` when the stream ended first.
async fn until_completed(
    stream: &mut Option<Incoming>,
    buffer: &mut String,
    id: &str,
) -> Option<bool> {
    loop {
        while let Some(end) = buffer.find("\n\n") {
            let frame: String = buffer.drain(..end + 2).collect();
            if frame.contains("process_completed") && frame.contains(id) {
                return Some(frame.contains(r#""success":true"#));
            }
        }
        match stream.as_mut()?.frame().await {
            Some(Ok(frame)) => {
                if let Some(data) = frame.data_ref() {
                    buffer.push_str(&String::from_utf8_lossy(data));
                }
            }
            _ => return None,
        }
    }
}
