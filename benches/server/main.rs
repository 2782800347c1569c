//! Server benchmarks: event throughput and latency through the queue protocol and the curl API,
//! against a bare actix echo endpoint; 10,000 open presence streams; memory per idle session;
//! start-up time and idle memory.
//!
//! `cargo bench --bench server` (add `-- quick` for short runs, `-- streams` for only the
//! open-streams figure). The server runs pinned to core 1 (`taskset -c 1`), this load generator
//! to core 0, as the project's benchmarking rule asks. Figures are medians of several runs.

use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::Request;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

#[path = "../common/mod.rs"]
mod common;
mod queue_user;
mod streams;

use common::{fmt_list, measure, median, report, resident_mib, runtime, Run, Server};
use queue_user::QueueUser;
use streams::open_streams;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--serve-bare") {
        let port: u16 = args.get(i + 1).and_then(|p| p.parse().ok()).unwrap_or(0);
        serve_bare(port);
        return;
    }
    common::pin_load_to_core_0(&args);
    if let Some(i) = args.iter().position(|a| a == "--sessions-memory") {
        let n = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(100_000);
        sessions_memory(n);
        return;
    }
    if let Some(i) = args.iter().position(|a| a == "--drive") {
        // Load an already running server (e.g. one under a profiler):
        // `cargo bench --bench server -- --drive PORT SECONDS [queue|curl]`.
        let port: u16 = args
            .get(i + 1)
            .and_then(|p| p.parse().ok())
            .expect("a port");
        let seconds: u64 = args.get(i + 2).and_then(|s| s.parse().ok()).unwrap_or(10);
        let mode = if args.get(i + 3).map(String::as_str) == Some("curl") {
            Mode::Curl
        } else {
            Mode::Queue
        };
        report("driven", 64, &[load(port, 64, seconds, mode)]);
        return;
    }
    let quick = args.iter().any(|a| a == "quick");
    let (runs, seconds) = if quick { (1, 2) } else { (3, 5) };
    let users = 64;

    build_examples();
    let echo = example_path("echo");

    println!("# blocks server benchmarks (server on core 1, load on core 0)");
    println!();
    if args.iter().any(|a| a == "streams") {
        open_streams(&echo, 10_000);
        return;
    }

    let starts: Vec<(f64, f64)> = (0..5).map(|_| startup(&echo)).collect();
    let mut ms: Vec<f64> = starts.iter().map(|s| s.0).collect();
    let mut rss: Vec<f64> = starts.iter().map(|s| s.1).collect();
    println!(
        "start-up to first /config: median {:.1} ms (runs: {})",
        median(&mut ms),
        fmt_list(&ms)
    );
    println!(
        "idle resident memory:      median {:.1} MiB",
        median(&mut rss)
    );
    println!();

    let server = Server::start(&echo, &[]);
    let queue = measure(runs, || load(server.port, users, seconds, Mode::Queue));
    report("queue protocol (join + data)", users, &queue);
    let curl = measure(runs, || load(server.port, users, seconds, Mode::Curl));
    report("curl API (call + GET stream)", users, &curl);
    drop(server);

    let bare = BareServer::start();
    let baseline = measure(runs, || load(bare.port, users, seconds, Mode::Bare));
    report("bare actix echo (one POST)", users, &baseline);
    drop(bare);

    let rate = |r: &[Run]| median(&mut r.iter().map(|x| x.events_per_sec).collect::<Vec<_>>());
    println!(
        "queue / bare actix: {:.0}%   curl / bare actix: {:.0}%",
        100.0 * rate(&queue) / rate(&baseline),
        100.0 * rate(&curl) / rate(&baseline)
    );
    println!();
    open_streams(&echo, 10_000);
    println!();
    // In a fresh process: memory freed by the load above would otherwise be reused and hide
    // what the sessions take.
    let status = Command::new(std::env::current_exe().expect("this benchmark's path"))
        .args(["--sessions-memory", "100000"])
        .status();
    if !matches!(status, Ok(s) if s.success()) {
        eprintln!("the sessions benchmark failed: {status:?}");
    }
}

fn build_examples() {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--example", "echo", "--quiet"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the echo example failed");
}

fn example_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/release/examples")
        .join(name)
}

impl Server {
    fn start(binary: &std::path::Path, env: &[(&str, &str)]) -> Server {
        let mut command = Command::new("taskset");
        command
            .arg("-c")
            .arg("1")
            .arg(binary)
            .env("BLOCKS_SERVER_PORT", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in env {
            command.env(k, v);
        }
        Server::from_child(command.spawn().expect("server starts"))
    }
}

/// Spawn to first successful `/config`; resident memory once idle.
fn startup(binary: &std::path::Path) -> (f64, f64) {
    let started = Instant::now();
    let server = Server::start(binary, &[]);
    let runtime = runtime();
    loop {
        let ok = runtime.block_on(async {
            let Ok(stream) = TcpStream::connect(("127.0.0.1", server.port)).await else {
                return false;
            };
            let Ok((mut sender, conn)) = http1::handshake(TokioIo::new(stream)).await else {
                return false;
            };
            tokio::spawn(conn);
            let req = Request::get("/config")
                .header("host", "127.0.0.1")
                .body(Full::new(Bytes::new()))
                .expect("request");
            matches!(sender.send_request(req).await, Ok(r) if r.status().is_success())
        });
        if ok {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    std::thread::sleep(Duration::from_millis(500));
    let rss = resident_mib(server.pid());
    (ms, rss)
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Queue,
    Curl,
    Bare,
}

/// `users` virtual users, each on its own keep-alive connection, for `seconds`.
fn load(port: u16, users: usize, seconds: u64, mode: Mode) -> Run {
    let runtime = runtime();
    runtime.block_on(async move {
        let stop = Arc::new(AtomicBool::new(false));
        let mut tasks = Vec::new();
        for user in 0..users {
            let stop = Arc::clone(&stop);
            tasks.push(tokio::spawn(async move {
                user_loop(port, user, mode, stop).await
            }));
        }
        // Warm up, then measure.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let started = Instant::now();
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        stop.store(true, Ordering::Relaxed);
        let elapsed = started.elapsed();
        let mut latencies = Vec::new();
        let mut errors = 0;
        for task in tasks {
            if let Ok((lat, err)) = task.await {
                latencies.extend(
                    lat.into_iter()
                        .filter(|(at, _)| *at >= started)
                        .map(|(_, d)| d),
                );
                errors += err;
            }
        }
        latencies.sort_unstable();
        let pct = |p: f64| {
            if latencies.is_empty() {
                return 0.0;
            }
            let i = ((latencies.len() as f64 * p) as usize).min(latencies.len() - 1);
            latencies[i].as_secs_f64() * 1000.0
        };
        Run {
            events_per_sec: latencies.len() as f64 / elapsed.as_secs_f64(),
            p50_ms: pct(0.50),
            p99_ms: pct(0.99),
            errors,
        }
    })
}

async fn user_loop(
    port: u16,
    user: usize,
    mode: Mode,
    stop: Arc<AtomicBool>,
) -> (Vec<(Instant, Duration)>, usize) {
    let mut latencies = Vec::new();
    let mut errors = 0;
    let session = format!("bench-{user}-{:08x}", rand::random::<u32>());
    let Ok(stream) = TcpStream::connect(("127.0.0.1", port)).await else {
        return (latencies, 1);
    };
    let _ = stream.set_nodelay(true);
    let Ok((mut sender, conn)) = http1::handshake(TokioIo::new(stream)).await else {
        return (latencies, 1);
    };
    tokio::spawn(conn);
    // A queue user reads its session's stream on a second connection, as a page does.
    let mut queue = match mode {
        Mode::Queue => QueueUser::connect(port).await,
        _ => None,
    };
    let mut n = 0u64;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let started = Instant::now();
        let ok = match mode {
            Mode::Queue => match queue.as_mut() {
                Some(user) => user.event(&mut sender, &session, n).await,
                None => false,
            },
            Mode::Curl => curl_event(&mut sender, n).await,
            Mode::Bare => bare_event(&mut sender, n).await,
        };
        if ok {
            latencies.push((started, started.elapsed()));
        } else {
            errors += 1;
            if errors > 100 {
                break;
            }
        }
    }
    (latencies, errors)
}

pub(crate) type Sender = http1::SendRequest<Full<Bytes>>;

pub(crate) async fn send(
    sender: &mut Sender,
    method: &str,
    path: &str,
    body: String,
) -> Option<Bytes> {
    sender.ready().await.ok()?;
    let req = crate::common::json_request(method, path, body)?;
    let response = sender.send_request(req).await.ok()?;
    if !response.status().is_success() {
        return None;
    }
    Some(response.into_body().collect().await.ok()?.to_bytes())
}

async fn curl_event(sender: &mut Sender, n: u64) -> bool {
    let text = format!("hello {n}");
    let Some(reply) = send(
        sender,
        "POST",
        "/gradio_api/call/echo",
        format!(r#"{{"data":["{text}"]}}"#),
    )
    .await
    else {
        return false;
    };
    let reply = String::from_utf8_lossy(&reply);
    let Some(id) = reply.split('"').nth(3) else {
        return false;
    };
    match send(
        sender,
        "GET",
        &format!("/gradio_api/call/echo/{id}"),
        String::new(),
    )
    .await
    {
        Some(body) => String::from_utf8_lossy(&body).contains(&text),
        None => false,
    }
}

async fn bare_event(sender: &mut Sender, n: u64) -> bool {
    let text = format!("hello {n}");
    match send(sender, "POST", "/echo", format!(r#"{{"data":["{text}"]}}"#)).await {
        Some(body) => String::from_utf8_lossy(&body).contains(&text),
        None => false,
    }
}

/// This binary again, as a bare actix echo server on core 1.
struct BareServer {
    child: Child,
    port: u16,
}

impl BareServer {
    fn start() -> BareServer {
        let port = 20_000 + (rand::random::<u16>() % 20_000);
        let exe = std::env::current_exe().expect("current exe");
        let child = Command::new("taskset")
            .arg("-c")
            .arg("1")
            .arg(exe)
            .arg("--serve-bare")
            .arg(port.to_string())
            .stdout(Stdio::null())
            .spawn()
            .expect("bare server starts");
        for _ in 0..500 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        BareServer { child, port }
    }
}

impl Drop for BareServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The baseline: an actix handler that parses the same JSON and answers it, nothing else.
fn serve_bare(port: u16) {
    use actix_web::{web, App, HttpResponse, HttpServer};
    async fn echo(body: web::Bytes) -> HttpResponse {
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        HttpResponse::Ok().json(serde_json::json!({"data": value["data"]}))
    }
    let _ = actix_web::rt::System::new().block_on(async move {
        HttpServer::new(|| App::new().route("/echo", web::post().to(echo)))
            .workers(1)
            .bind(("127.0.0.1", port))?
            .run()
            .await
    });
}

/// Memory per idle session: resident memory before and after opening `n` sessions.
fn sessions_memory(n: usize) {
    let mut app = blocks::Blocks::new();
    let cart = app.add(blocks::component::State::new(Vec::<String>::new()));
    let text = app.add(blocks::component::Textbox::new());
    app.on(text.submit()).call(
        |s: String, c: Vec<String>| [c, vec![s]].concat(),
        (text, cart),
        cart,
    );
    let app = app
        .build()
        .with_session_settings(blocks::session::SessionSettings::default().max_sessions(n * 2));
    let ids: Vec<blocks::session::SessionId> = (0..n)
        .map(|i| {
            blocks::session::SessionId::new(&format!("{:032x}", i as u128 * 7919)).expect("id")
        })
        .collect();
    let before = resident_mib(std::process::id());
    for id in &ids {
        let _ = app.sessions().open(id);
    }
    let after = resident_mib(std::process::id());
    let per = (after - before) * 1024.0 * 1024.0 / n as f64;
    println!(
        "idle sessions: {n} held in {:.1} MiB: {:.0} bytes per session (id of 32 chars included)",
        after - before,
        per
    );
}
