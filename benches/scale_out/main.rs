//! Scale-out benchmark: the cart's `add_items` through the queue protocol (join + data) at 64
//! users, each its own session adding one item per event; one replica with the in-memory
//! session table against one with the Redis store, then one and two Redis replicas behind a
//! per-request round-robin proxy. Prints events/s, p50 and p99.
//!
//! `cargo bench --bench scale_out` (`-- quick` for short runs). The servers run on core 1,
//! this load generator, the proxy and `redis-server` on core 0.

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "../common/mod.rs"]
#[allow(dead_code)]
mod common;
#[path = "../../tests/scale_out/proxy.rs"]
#[allow(dead_code)]
mod proxy;
mod user;

use common::{measure, report, runtime, Run, Server};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    common::pin_load_to_core_0(&args);
    let quick = args.iter().any(|a| a == "quick");
    // `only=memory,redis,proxy1,proxy2`: the lines to run (default all).
    let only: Vec<String> = args
        .iter()
        .find_map(|a| a.strip_prefix("only="))
        .map(|list| list.split(',').map(str::to_owned).collect())
        .unwrap_or_default();
    let wanted = |line: &str| only.is_empty() || only.iter().any(|o| o == line);
    // `session_events=N`: each user starts a new session after N events (default 20, a
    // visitor's cart; 0: one session per user for the whole run, whose cart keeps growing).
    let session_events = args
        .iter()
        .find_map(|a| a.strip_prefix("session_events=")?.parse::<usize>().ok())
        .unwrap_or(20);
    let session_events = (session_events > 0).then_some(session_events);
    let (runs, mut seconds) = if quick { (1, 2) } else { (3, 5) };
    // `secs=N`: seconds per run. (`split`: also the figures of sessions' first events, per run.)
    if let Some(n) = args
        .iter()
        .find_map(|a| a.strip_prefix("secs=")?.parse().ok())
    {
        seconds = n;
    }
    // `users=N`: concurrent users (default 64, the figure).
    let users = args
        .iter()
        .find_map(|a| a.strip_prefix("users=")?.parse::<usize>().ok())
        .unwrap_or(64);
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--release",
            "--example",
            "cart",
            "--features",
            "redis",
            "--quiet",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the cart example failed");
    let cart =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/examples/cart");
    let redis = RedisServer::start();
    let url = redis.url();

    let sessions = match session_events {
        Some(n) => format!("a new session every {n} events"),
        None => "one session per user, its cart growing".to_owned(),
    };
    println!("# blocks scale-out: cart add_items, {users} users, {sessions} (servers on core 1; load, proxy and Redis on core 0)");
    if wanted("memory") {
        let memory = Server::start(&cart, &[]);
        report(
            "1 replica, memory",
            users,
            &measure(runs, || {
                load(memory.port, users, seconds, false, session_events)
            }),
        );
    }
    let stored = Server::start(&cart, &[("BLOCKS_REDIS_URL", &url)]);
    if wanted("redis") {
        report(
            "1 replica, Redis",
            users,
            &measure(runs, || {
                load(stored.port, users, seconds, false, session_events)
            }),
        );
    }

    let rt = runtime();
    if wanted("proxy1") {
        let one = rt.block_on(proxy::Proxy::start(vec![stored.port]));
        let one_port = one.port;
        report(
            "proxy -> 1 replica, Redis",
            users,
            &measure(runs, || on(&rt, one_port, users, seconds, session_events)),
        );
    }
    if !wanted("proxy2") {
        return;
    }
    let second = Server::start(&cart, &[("BLOCKS_REDIS_URL", &url)]);
    let two = rt.block_on(proxy::Proxy::start(vec![stored.port, second.port]));
    let two_port = two.port;
    report(
        "proxy -> 2 replicas, Redis",
        users,
        &measure(runs, || on(&rt, two_port, users, seconds, session_events)),
    );
}

/// The load through a proxy that runs on `rt` (in a thread of its own while the load runs).
fn on(
    rt: &tokio::runtime::Runtime,
    port: u16,
    users: usize,
    seconds: u64,
    session_events: Option<usize>,
) -> Run {
    std::thread::scope(|scope| {
        let stop = Arc::new(AtomicBool::new(false));
        let proxy_stop = Arc::clone(&stop);
        scope.spawn(move || {
            rt.block_on(async {
                while !proxy_stop.load(Ordering::Relaxed) {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            });
        });
        let run = load(port, users, seconds, true, session_events);
        stop.store(true, Ordering::Relaxed);
        run
    })
}

struct RedisServer {
    child: std::process::Child,
    port: u16,
}

impl RedisServer {
    fn start() -> RedisServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new("taskset")
            .args(["-c", "0", "redis-server", "--port", &port.to_string()])
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .current_dir(std::env::temp_dir())
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server starts (apt install redis-server)");
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            std::thread::sleep(Duration::from_millis(10));
        }
        RedisServer { child, port }
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(binary: &std::path::Path, env: &[(&str, &str)]) -> Server {
        let mut command = Command::new("taskset");
        command
            .args(["-c", "1"])
            .arg(binary)
            .env("BLOCKS_SERVER_PORT", "0")
            .env("BLOCKS_SECRET", "bench")
            // The 64 users share one address; the per-client bounds are for real clients.
            .env("BLOCKS_MAX_PENDING_PER_CLIENT", "100000")
            .env("BLOCKS_MAX_STREAMS_PER_CLIENT", "100000")
            // A new visitor every 20 events makes about a thousand sessions a second, which
            // stay counted for the hour a closed session is kept.
            .env("BLOCKS_MAX_SESSIONS", "10000000")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in env {
            command.env(k, v);
        }
        Server::from_child(command.spawn().expect("server starts"))
    }
}

/// `users` sessions adding items for `seconds`; `fresh`: a new connection per request (as
/// through the per-request proxy).
fn load(port: u16, users: usize, seconds: u64, fresh: bool, session_events: Option<usize>) -> Run {
    let split = std::env::args().any(|a| a == "split");
    runtime().block_on(async move {
        let stop = Arc::new(AtomicBool::new(false));
        let tasks: Vec<_> = (0..users)
            .map(|n| {
                let stop = Arc::clone(&stop);
                tokio::spawn(async move { user::run(port, n, fresh, session_events, stop).await })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let started = Instant::now();
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        stop.store(true, Ordering::Relaxed);
        let elapsed = started.elapsed();
        let (mut latencies, mut firsts) = (Vec::new(), Vec::new());
        let mut errors = 0;
        for task in tasks {
            if let Ok((lat, err)) = task.await {
                for (at, latency, first) in lat {
                    if at >= started {
                        latencies.push(latency);
                        if first {
                            firsts.push(latency);
                        }
                    }
                }
                errors += err;
            }
        }
        let pct = |latencies: &mut Vec<Duration>, p: f64| {
            latencies.sort_unstable();
            latencies
                .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        if split {
            println!(
                "    sessions' first events: {} of {}, p50 {:.2} ms, p99 {:.2} ms",
                firsts.len(),
                latencies.len(),
                pct(&mut firsts, 0.50),
                pct(&mut firsts, 0.99),
            );
        }
        Run {
            events_per_sec: latencies.len() as f64 / elapsed.as_secs_f64(),
            p50_ms: pct(&mut latencies, 0.50),
            p99_ms: pct(&mut latencies, 0.99),
            errors,
        }
    })
}
