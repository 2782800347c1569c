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
