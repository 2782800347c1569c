//! The open-streams figure: many page presence streams held at once.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::Request;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::common::{median, resident_mib, runtime, Server};
use crate::Sender;

/// Holds `n` page presence streams (`/gradio_api/heartbeat/{id}`, one per open tab) at once:
/// how long opening them takes, whether each got its first `ALIVE`, the server's memory
/// while they are held, and how fast it still answers `/config`.
pub(crate) fn open_streams(binary: &std::path::Path, n: usize) {
    // Every stream comes from 127.0.0.1: raise the per-client limit (256 by default).
    let server = Server::start(binary, &[("BLOCKS_MAX_STREAMS_PER_CLIENT", "100000")]);
    let port = server.port;
    let before = resident_mib(server.pid());
    let runtime = runtime();
    let started = Instant::now();
    let (held, failures) = runtime.block_on(async {
        let mut held = Vec::with_capacity(n);
        let mut failures = 0usize;
        // In batches, so the listen backlog never overflows.
        for start in (0..n).step_by(250) {
            let opens = (start..(start + 250).min(n)).map(|i| open_heartbeat(port, i));
            for opened in futures_util::future::join_all(opens).await {
                match opened {
                    Some(stream) => held.push(stream),
                    None => failures += 1,
                }
            }
        }
        (held, failures)
    });
    let opened_in = started.elapsed().as_secs_f64();
    std::thread::sleep(Duration::from_millis(500));
    let during = resident_mib(server.pid());
    let mut config_ms: Vec<f64> = (0..5)
        .map(|_| {
            let started = Instant::now();
            let ok = runtime.block_on(get_ok(port, "/config"));
            if ok {
                started.elapsed().as_secs_f64() * 1000.0
            } else {
                f64::NAN
            }
        })
        .collect();
    println!(
        "{} heartbeat streams held: opened in {opened_in:.1} s ({failures} failed); server \
         memory {before:.1} -> {during:.1} MiB ({:.1} KiB per stream); /config meanwhile: \
         median {:.1} ms",
        held.len(),
        (during - before) * 1024.0 / held.len().max(1) as f64,
        median(&mut config_ms),
    );
    drop(held);
}

/// Opens one presence stream and waits for its first frame (`data: ALIVE`).
async fn open_heartbeat(
    port: u16,
    i: usize,
) -> Option<(Sender, hyper::body::Incoming, tokio::task::JoinHandle<()>)> {
    let stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let (mut sender, conn) = http1::handshake(TokioIo::new(stream)).await.ok()?;
    let conn = tokio::spawn(async move {
        let _ = conn.await;
    });
    let req = Request::get(format!("/gradio_api/heartbeat/bench-stream-{i}"))
        .header("host", "127.0.0.1")
        .body(Full::new(Bytes::new()))
        .ok()?;
    let response = sender.send_request(req).await.ok()?;
    let mut body = response.into_body();
    let frame = body.frame().await?.ok()?;
    let alive = frame
        .data_ref()
        .is_some_and(|d| d.starts_with(b"data: ALIVE"));
    alive.then_some((sender, body, conn))
}

/// One GET on a fresh connection; whether it succeeded.
pub(crate) async fn get_ok(port: u16, path: &str) -> bool {
    let Ok(stream) = TcpStream::connect(("127.0.0.1", port)).await else {
        return false;
    };
    let Ok((mut sender, conn)) = http1::handshake(TokioIo::new(stream)).await else {
        return false;
    };
    tokio::spawn(conn);
    let Ok(req) = Request::get(path)
        .header("host", "127.0.0.1")
        .body(Full::new(Bytes::new()))
    else {
        return false;
    };
    match sender.send_request(req).await {
        Ok(r) => r.status().is_success() && r.into_body().collect().await.is_ok(),
        Err(_) => false,
    }
}
