//! Section 4: a fresh client's latency while idle connections, unread joins and never-read
//! streams are held.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use crate::client::{connect, send, stream_until, Sender};
use crate::common::{resident_mib, runtime, Server};
use crate::flood::flood;
use crate::table::{thousands, Table};
use crate::{HELD, ROUND_TRIPS};

pub(crate) fn latency() -> Table {
    println!();
    println!(
        "## 4. a fresh client's round trips (join + /queue/data to process_completed, echo, \
         sequential) while {} idle TCP connections, {} unread joins and {} never-read \
         heartbeat streams are held",
        thousands(HELD),
        thousands(HELD),
        thousands(HELD)
    );
    println!(
        "server: workers 1, max_streams_per_client and max_pending_per_client raised to 10,000 \
         (default 256 and 1,000) so that one loopback address may hold them all"
    );
    let server = Server::start(&[
        ("max_streams_per_client", "10000".to_owned()),
        ("max_pending_per_client", "10000".to_owned()),
    ]);
    let port = server.port;
    let runtime = runtime();
    std::thread::sleep(Duration::from_millis(300));
    let idle_rss = resident_mib(server.pid());
    let quiet = runtime.block_on(round_trips(port, ROUND_TRIPS));
    let join = |i: usize| {
        (
            "/gradio_api/queue/join".to_owned(),
            format!(r#"{{"data":["hi"],"fn_index":0,"session_hash":"held-{i:08}"}}"#),
        )
    };
    let unread = flood(port, HELD, &join);
    let streams = hold_streams(port, HELD);
    // Opened last: actix closes a connection that sends no request within 5 s
    // (client_request_timeout).
    let idle = hold_idle(port, HELD);
    let held_at = Instant::now();
    let loaded = runtime.block_on(round_trips(port, ROUND_TRIPS));
    let held_rss = resident_mib(server.pid());
    let idle_open_after_run = idle.iter().filter(|s| still_open(s)).count();
    let measured_in = held_at.elapsed();
    std::thread::sleep(Duration::from_secs(6).saturating_sub(held_at.elapsed()));
    let idle_open_later = idle.iter().filter(|s| still_open(s)).count();

    let quiet_row = quiet.describe();
    let loaded_row = loaded.describe();
    println!("  nothing held:  {quiet_row}");
    println!(
        "  held: {} idle connections, {} unread joins ({}), {} heartbeat streams confirmed open",
        thousands(idle.len()),
        thousands(unread.accepted()),
        unread.summary(),
        thousands(streams.len()),
    );
    unread.print_details();
    println!("  while held:    {loaded_row}");
    println!("  resident memory: idle {idle_rss:.1} MiB, while held {held_rss:.1} MiB");
    println!(
        "  idle connections still open: {} at the end of the run ({:.1} s after opening), {} \
         at 6 s (actix closes connections that send no request within 5 s)",
        thousands(idle_open_after_run),
        measured_in.as_secs_f64(),
        thousands(idle_open_later)
    );
    let mut table = Table::new(
        "4. fresh client round trips (target: p99 < 10 ms)",
        &["condition", "round trips", "RSS"],
    );
    table.rows.push(vec![
        "nothing held".to_owned(),
        quiet_row,
        format!("{idle_rss:.1} MiB"),
    ]);
    table.rows.push(vec![
        format!(
            "{} idle conns + {} unread joins + {} streams",
            thousands(idle.len()),
            thousands(unread.accepted()),
            thousands(streams.len())
        ),
        loaded_row,
        format!("{held_rss:.1} MiB"),
    ]);
    drop(streams);
    drop(idle);
    table
}

/// Latencies of sequential round trips.
struct RoundTrips {
    latencies_ms: Vec<f64>,
    failed: usize,
}

impl RoundTrips {
    fn describe(&self) -> String {
        let mut sorted = self.latencies_ms.clone();
        sorted.sort_by(f64::total_cmp);
        let pct = |p: f64| {
            let i = ((sorted.len() as f64 * p) as usize).min(sorted.len().saturating_sub(1));
            sorted.get(i).copied().unwrap_or(f64::NAN)
        };
        let p99 = pct(0.99);
        let verdict = if p99 < 10.0 { "" } else { " OVER" };
        format!(
            "{} ok, {} failed: p50 {:.2} ms, p99 {p99:.2} ms{verdict}, max {:.2} ms",
            thousands(sorted.len()),
            self.failed,
            pct(0.5),
            sorted.last().copied().unwrap_or(f64::NAN)
        )
    }
}

/// A fresh client (new connection) doing `n` events one after another, each in a new session
/// with its own stream, for at most 30 s.
async fn round_trips(port: u16, n: usize) -> RoundTrips {
    let mut result = RoundTrips {
        latencies_ms: Vec::with_capacity(n),
        failed: 0,
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    let session = format!("fresh-{:016x}", rand::random::<u64>());
    let mut sender = connect(port).await;
    for i in 0..n {
        if Instant::now() >= deadline || result.failed > 100 {
            break;
        }
        if sender.is_none() {
            sender = connect(port).await;
        }
        let Some(s) = sender.as_mut() else {
            result.failed += 1;
            continue;
        };
        let started = Instant::now();
        // A new session each time: a client that drops its stream at `process_completed` (as
        // this one does) must not join again on that session until the server has seen the
        // drop, or the next event's messages go to the dead connection.
        if queue_event(s, port, &format!("{session}-{i}"), i).await {
            result
                .latencies_ms
                .push(started.elapsed().as_secs_f64() * 1000.0);
        } else {
            result.failed += 1;
            sender = None;
        }
    }
    result
}

/// One event: the join on the client's keep-alive connection, then its stream on a new one, read
/// to the event's `process_completed` (the server lingers before closing a stream whose session
/// may join again, so a client does not wait for the close).
async fn queue_event(sender: &mut Sender, port: u16, session: &str, i: usize) -> bool {
    let text = format!("hello {i}");
    let join = format!(r#"{{"data":["{text}"],"fn_index":0,"session_hash":"{session}"}}"#);
    match send(sender, "POST", "/gradio_api/queue/join", join).await {
        Some((200, _)) => {}
        _ => return false,
    }
    let path = format!("/gradio_api/queue/data?session_hash={session}");
    stream_until(port, &path, "process_completed")
        .await
        .is_some_and(|body| body.contains(&text))
}

/// `n` connections that send nothing.
fn hold_idle(port: u16, n: usize) -> Vec<std::net::TcpStream> {
    (0..n)
        .filter_map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).ok())
        .collect()
}

/// `n` presence streams (`/gradio_api/heartbeat/…`) whose replies are never read: each is
/// confirmed open by peeking at its status line, which leaves every byte in the socket.
fn hold_streams(port: u16, n: usize) -> Vec<std::net::TcpStream> {
    let deadline = Instant::now() + Duration::from_secs(30);
    (0..n)
        .map_while(|i| (Instant::now() < deadline).then_some(i))
        .filter_map(|i| {
            let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
            let request = format!(
                "GET /gradio_api/heartbeat/held-stream-{i:06} HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n"
            );
            stream.write_all(request.as_bytes()).ok()?;
            stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
            let mut head = [0u8; 12];
            let seen = stream.peek(&mut head).ok()?;
            head[..seen].starts_with(b"HTTP/1.1 200").then_some(stream)
        })
        .collect()
}

/// Whether the server has neither closed nor answered a connection that sent nothing.
fn still_open(stream: &std::net::TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut byte = [0u8; 1];
    let mut reader = stream;
    matches!(reader.read(&mut byte), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
}
