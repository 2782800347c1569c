//! The sepia benchmark: blocks' `image_filter` example against Gradio's equivalent app
//! (benches/media/sepia_gradio.py), in one run. Each server runs pinned to core 1
//! (`taskset -c 1`), this load generator to core 0. 16 users each loop as `gradio_client`
//! does with `handle_file`: upload a 512×512 PNG to `/gradio_api/upload`, join the queue with
//! its FileData, read the session's stream to `process_completed`, then download the output
//! PNG from its URL. Prints events/s and latency percentiles (p50, p99) for each server.
//!
//! `cargo bench --bench media` (add `-- quick` for a short smoke run, `-- blocks` to skip
//! Gradio). Gradio is looked for in target/venv (`BLOCKS_PYTHON` names another Python).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use blocks::media::image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use serde_json::{json, Value};

#[path = "../common/mod.rs"]
#[allow(dead_code)] // Shared with the other benchmarks; this one uses part of it.
mod common;

use common::{runtime, Server};

const USERS: usize = 16;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    common::pin_load_to_core_0(&args);
    let quick = args.iter().any(|a| a == "quick");
    let seconds = if quick { 2 } else { 10 };
    let png = photo_png();
    println!("# sepia benchmark: {USERS} users, a 512×512 PNG ({} KiB), server on core 1, load on core 0, {seconds} s each", png.len() / 1024);
    println!();

    build_example();
    let blocks = blocks_server();
    let figures = drive(blocks.port, &png, seconds);
    report("blocks (image_filter)", &figures);
    drop(blocks);

    if args.iter().any(|a| a == "blocks") {
        return;
    }
    match gradio_server() {
        Ok(gradio) => {
            let gradio_figures = drive(gradio.port, &png, seconds);
            report("Gradio (sepia_gradio.py)", &gradio_figures);
            println!();
            println!(
                "throughput: blocks is {:.1}x Gradio's",
                figures.rate / gradio_figures.rate
            );
        }
        Err(why) => println!("Gradio not measured: {why}"),
    }
}

/// A 512×512 photo-like PNG: smooth gradients with a little noise (a PNG of real size).
fn photo_png() -> Vec<u8> {
    let mut seed = 0x2545_f491_u32;
    let image = RgbImage::from_fn(512, 512, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let noise = (seed % 16) as u8;
        Rgb([
            (x / 2) as u8 ^ noise,
            (y / 2) as u8 ^ noise,
            ((x + y) / 4) as u8 ^ noise,
        ])
    });
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(image)
        .write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Png)
        .expect("png");
    bytes
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn build_example() {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--example", "image_filter", "--quiet"])
        .current_dir(root())
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building the image_filter example failed");
}

fn blocks_server() -> Server {
    let child = Command::new("taskset")
        .args(["-c", "1"])
        .arg(root().join("target/release/examples/image_filter"))
        .env("BLOCKS_SERVER_PORT", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the image_filter example starts");
    Server::from_child(child)
}

fn gradio_server() -> Result<Server, String> {
    let python = std::env::var_os("BLOCKS_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/venv/bin/python"));
    let ok = Command::new(&python)
        .args(["-c", "import gradio"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        return Err(format!("{} cannot import gradio", python.display()));
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| e.to_string())?
        .port();
    let child = Command::new("taskset")
        .args(["-c", "1"])
        .arg(&python)
        .arg("-u")
        .arg(root().join("benches/media/sepia_gradio.py"))
        .arg(port.to_string())
        .env("GRADIO_ANALYTICS_ENABLED", "False")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    Ok(Server::from_child(child))
}

/// What one load run measured.
struct Figures {
    events: usize,
    failed: usize,
    rate: f64,
    latencies_ms: Vec<f64>,
}

fn report(name: &str, figures: &Figures) {
    let mut sorted = figures.latencies_ms.clone();
    sorted.sort_by(f64::total_cmp);
    let at = |q: f64| {
        sorted
            .get(((sorted.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(f64::NAN)
    };
    println!(
        "{name}: {:.1} events/s, p50 {:.1} ms, p99 {:.1} ms ({} events, {} failed)",
        figures.rate,
        at(0.5),
        at(0.99),
        figures.events,
        figures.failed
    );
}

/// Runs `USERS` users against the server on `port` for `seconds`.
fn drive(port: u16, png: &[u8], seconds: u64) -> Figures {
    let url = format!("http://127.0.0.1:{port}");
    runtime().block_on(async move {
        let until = Instant::now() + Duration::from_secs(seconds);
        let started = Instant::now();
        let tasks: Vec<_> = (0..USERS)
            .map(|user| {
                let url = url.clone();
                let png = png.to_vec();
                tokio::spawn(user_loop(url, png, user, until))
            })
            .collect();
        let mut figures = Figures {
            events: 0,
            failed: 0,
            rate: 0.0,
            latencies_ms: Vec::new(),
        };
        for task in tasks {
            let (latencies, failed) = task.await.unwrap_or_default();
            figures.events += latencies.len();
            figures.failed += failed;
            figures.latencies_ms.extend(latencies);
        }
        figures.rate = figures.events as f64 / started.elapsed().as_secs_f64();
        figures
    })
}

/// One user's events until `until`: their latencies in ms, and how many failed.
async fn user_loop(url: String, png: Vec<u8>, user: usize, until: Instant) -> (Vec<f64>, usize) {
    let client = reqwest::Client::new();
    let session = format!("bench{user:04}{:08x}", rand::random::<u32>());
    let mut latencies = Vec::new();
    let mut failed = 0;
    while Instant::now() < until {
        let start = Instant::now();
        match event(&client, &url, &session, &png).await {
            Some(()) => latencies.push(start.elapsed().as_secs_f64() * 1000.0),
            None => failed += 1,
        }
    }
    (latencies, failed)
}

/// One `handle_file` predict: upload, join, read the stream to completion, download.
async fn event(client: &reqwest::Client, url: &str, session: &str, png: &[u8]) -> Option<()> {
    let part = reqwest::multipart::Part::bytes(png.to_vec())
        .file_name("photo.png")
        .mime_str("image/png")
        .ok()?;
    let form = reqwest::multipart::Form::new().part("files", part);
    let paths: Vec<String> = client
        .post(format!("{url}/gradio_api/upload"))
        .multipart(form)
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    let file = json!({"path": paths.first()?, "orig_name": "photo.png", "meta": {"_type": "gradio.FileData"}});
    let joined: Value = client
        .post(format!("{url}/gradio_api/queue/join"))
        .json(&json!({"data": [file], "fn_index": 0, "session_hash": session, "event_data": null, "trigger_id": null}))
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    let event_id = joined["event_id"].as_str()?.to_owned();
    let mut stream = client
        .get(format!(
            "{url}/gradio_api/queue/data?session_hash={session}"
        ))
        .send()
        .await
        .ok()?;
    let mut buffer = String::new();
    let output = loop {
        let chunk = stream.chunk().await.ok()??;
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        let mut done = None;
        while let Some(end) = buffer.find("\n\n") {
            let frame: String = buffer.drain(..end + 2).collect();
            let Some(data) = frame.trim().strip_prefix("data: ") else {
                continue;
            };
            let Ok(message) = serde_json::from_str::<Value>(data) else {
                continue;
            };
            if message["msg"] == "process_completed" && message["event_id"] == event_id.as_str() {
                done = Some(message);
            }
        }
        if let Some(message) = done {
            break message;
        }
    };
    if output["success"] != true {
        return None;
    }
    let out_url = output["output"]["data"][0]["url"].as_str()?;
    let out_url = if out_url.starts_with("http") {
        out_url.to_owned()
    } else {
        format!("{url}{out_url}")
    };
    let bytes = client.get(out_url).send().await.ok()?.bytes().await.ok()?;
    (bytes.len() > 8).then_some(())
}
