//! The HTTP/1.1 client the load uses: a keep-alive connection and one request on it.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

pub(crate) type Sender = http1::SendRequest<Full<Bytes>>;

pub(crate) async fn connect(port: u16) -> Option<Sender> {
    let stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let _ = stream.set_nodelay(true);
    let (sender, conn) = http1::handshake(TokioIo::new(stream)).await.ok()?;
    tokio::spawn(async move {
        // The connection's end is seen by its next request.
        let _ = conn.await;
    });
    Some(sender)
}

/// One request; its status and whole body, or `None` when the connection failed.
pub(crate) async fn send(
    sender: &mut Sender,
    method: &str,
    path: &str,
    body: String,
) -> Option<(u16, Bytes)> {
    sender.ready().await.ok()?;
    let req = crate::common::json_request(method, path, body)?;
    let response = tokio::time::timeout(Duration::from_secs(10), sender.send_request(req))
        .await
        .ok()?
        .ok()?;
    let status = response.status().as_u16();
    let body = tokio::time::timeout(Duration::from_secs(10), response.into_body().collect())
        .await
        .ok()?
        .ok()?
        .to_bytes();
    Some((status, body))
}

/// Opens the event stream at `path` on a new connection, as Gradio's clients do, and reads it
/// until the frame containing `until` is complete (then drops it): the text read, or `None`
/// when the stream failed, ended first or stalled for 10 s.
pub(crate) async fn stream_until(port: u16, path: &str, until: &str) -> Option<String> {
    let mut sender = connect(port).await?;
    sender.ready().await.ok()?;
    let req = crate::common::json_request("GET", path, String::new())?;
    let response = tokio::time::timeout(Duration::from_secs(10), sender.send_request(req))
        .await
        .ok()?
        .ok()?;
    if !response.status().is_success() {
        return None;
    }
    let mut body = response.into_body();
    let mut text = String::new();
    while !text
        .find(until)
        .is_some_and(|at| text[at..].contains("\n\n"))
    {
        let frame = tokio::time::timeout(Duration::from_secs(10), body.frame())
            .await
            .ok()??
            .ok()?;
        if let Some(data) = frame.data_ref() {
            text.push_str(&String::from_utf8_lossy(data));
        }
    }
    Some(text)
}
