//! A round-robin proxy for the tests: each request goes to the next replica on a new upstream
//! connection (`Connection: close` both ways, so a client's consecutive requests alternate
//! between replicas), and responses, SSE streams included, pass through as they arrive. A
//! replica that refuses the connection is skipped, as a load balancer's health check would.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A running proxy; stops when dropped.
pub(crate) struct Proxy {
    pub(crate) port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Listens on a free loopback port and spreads requests over `upstreams` in turn.
    pub(crate) async fn start(upstreams: Vec<u16>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port for the proxy");
        let port = listener.local_addr().expect("the proxy's address").port();
        let next = Arc::new(AtomicUsize::new(0));
        let upstreams = Arc::new(upstreams);
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (next, upstreams) = (Arc::clone(&next), Arc::clone(&upstreams));
                tokio::spawn(async move {
                    let _ = forward(client, &next, &upstreams).await;
                });
            }
        });
        Proxy { port, task }
    }
}

/// The request head with `Connection: close` in place of any `Connection` header.
fn closing(head: &str) -> String {
    let mut out = String::with_capacity(head.len() + 20);
    for line in head.split("\r\n").filter(|l| !l.is_empty()) {
        if !line.to_ascii_lowercase().starts_with("connection:") {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str("Connection: close\r\n\r\n");
    out
}

async fn forward(
    mut client: TcpStream,
    next: &AtomicUsize,
    upstreams: &[u16],
) -> std::io::Result<()> {
    client.set_nodelay(true)?;
    // The request head (the body, if any, is copied through after it).
    let mut buf = Vec::with_capacity(4096);
    let end = loop {
        let mut chunk = [0u8; 4096];
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut upstream = None;
    for _ in 0..upstreams.len() {
        let port = upstreams[next.fetch_add(1, Ordering::Relaxed) % upstreams.len()];
        if let Ok(stream) = TcpStream::connect(("127.0.0.1", port)).await {
            upstream = Some(stream);
            break;
        }
    }
    let Some(upstream) = upstream else {
        client
            .write_all(
                b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            )
            .await?;
        return Ok(());
    };
    upstream.set_nodelay(true)?;
    let (mut up_read, mut up_write) = upstream.into_split();
    let (mut client_read, mut client_write) = client.into_split();
    up_write.write_all(closing(&head).as_bytes()).await?;
    up_write.write_all(&buf[end..]).await?;
    let body = tokio::spawn(async move {
        let _ = tokio::io::copy(&mut client_read, &mut up_write).await;
    });
    // Unbuffered: each read is written on at once.
    let mut chunk = vec![0u8; 16 * 1024];
    loop {
        let n = up_read.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        client_write.write_all(&chunk[..n]).await?;
    }
    body.abort();
    client_write.shutdown().await
}
