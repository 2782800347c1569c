//! Abuse benchmarks (issue 10): the server's memory under floods of never-read queue joins and
//! never-fetched curl calls, before and after their buffers expire; the time to render
//! adversarial Markdown; a fresh client's latency while thousands of idle connections, unread
//! joins and never-read streams are held. It prints figures and asserts no duration.
//!
//! `cargo bench --bench abuse` (add `-- joins`, `-- curl`, `-- markdown` or `-- latency` for one
//! section). As in `benches/server.rs`, the load runs on core 0 and each server on core 1
//! (`taskset -c 1`); a server is this binary again (`--serve key=value…`) serving
//! `examples/echo.rs`, so that each scenario can set its own limits.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use blocks::frontend::{RenderError, RenderLimits};
use blocks::server::ServerConfig;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use hyper::Request;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

#[path = "../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;

mod common;

use common::{median, resident_mib, runtime, Server};

const PINNED: &str = "BLOCKS_BENCH_PINNED";
/// Queue joins in the memory flood.
const JOINS: usize = 50_000;
/// Curl calls in the memory flood.
const CALLS: usize = 25_000;
/// Keep-alive connections a flood runs on.
const FLOOD_CONNECTIONS: usize = 32;
/// The longest a flood may run.
const FLOOD_LIMIT: Duration = Duration::from_secs(60);
/// The TTL of unread buffers and unfetched results in the memory floods: short enough to see
/// them expire within the run, longer than a flood, so that no slot is freed (and taken
/// again) while the flood runs and the accepted counts show the caps.
const EXPIRY_TTL: Duration = Duration::from_secs(10);
const SWEEP: Duration = Duration::from_secs(1);
/// What the issue asks the server's resident memory to stay under.
const RSS_TARGET_MIB: f64 = 100.0;
/// Round trips of the fresh client in the latency section.
const ROUND_TRIPS: usize = 2_000;
/// Connections, unread joins and streams held in the latency section (each).
const HELD: usize = 2_000;
const MARKDOWN_TARGET_MS: f64 = 50.0;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--serve") {
        serve(&args[i + 1..]);
        return;
    }
    if std::env::var_os(PINNED).is_none() {
        // Re-run this benchmark pinned to core 0; the servers get core 1.
        let status = Command::new("taskset")
            .arg("-c")
            .arg("0")
            .args(&args)
            .env(PINNED, "1")
            .status();
        match status {
            Ok(s) => std::process::exit(s.code().unwrap_or(1)),
            Err(err) => {
                eprintln!("taskset not available ({err}); running unpinned");
                std::env::set_var(PINNED, "0");
            }
        }
    }
    let sections = ["joins", "curl", "markdown", "latency"];
    let chosen: Vec<&str> = sections
        .iter()
        .copied()
        .filter(|s| args.iter().any(|a| a == s))
        .collect();
    let runs = |section: &str| chosen.is_empty() || chosen.contains(&section);
    let started = Instant::now();
    println!("# blocks under abuse (issue 10): servers on core 1, load on core 0");
    let mut tables = Vec::new();
    if runs("joins") {
        tables.push(joins());
    }
    if runs("curl") {
        tables.push(curl());
    }
    if runs("markdown") {
        tables.push(markdown());
    }
    if runs("latency") {
        tables.push(latency());
    }
    println!();
    println!(
        "# summary ({:.0} s in all)",
        started.elapsed().as_secs_f64()
    );
    for table in &tables {
        table.print();
    }
}

// ---------------------------------------------------------------------------------------------
// 1 and 2: memory under floods of joins and curl calls nobody reads.

fn joins() -> Table {
    println!();
    println!(
        "## 1. {} queue joins (distinct session_hash, /queue/data never read)",
        thousands(JOINS)
    );
    println!(
        "servers: workers 1, unread_ttl {} s (not the default 60 s, to see expiry), \
         sweep_interval {} s, other limits default unless named",
        EXPIRY_TTL.as_secs(),
        SWEEP.as_secs()
    );
    let mut table = Table::new(
        "1. queue joins never read (target: RSS < 100 MiB)",
        &[
            "server",
            "joins answered",
            "RSS idle / after / expired",
            "as many again after expiry",
        ],
    );
    let join = |tag: &'static str| {
        move |i: usize| {
            (
                "/gradio_api/queue/join".to_owned(),
                format!(r#"{{"data":["hi"],"fn_index":0,"session_hash":"abuse-{tag}-{i:08}"}}"#),
            )
        }
    };
    for (name, settings) in [
        ("defaults (per client 1,000, in all 5,000)", vec![]),
        (
            "max_pending_per_client(usize::MAX)",
            vec![("max_pending_per_client", "max".to_owned())],
        ),
    ] {
        let mut settings = settings;
        settings.push(("unread_ttl_ms", EXPIRY_TTL.as_millis().to_string()));
        settings.push(("sweep_interval_ms", SWEEP.as_millis().to_string()));
        let row = memory_under_flood(name, &settings, JOINS, join("flood"), join("again"));
        table.rows.push(row);
    }
    table
}

fn curl() -> Table {
    println!();
    println!(
        "## 2. {} curl calls (POST /gradio_api/call/echo, result never fetched)",
        thousands(CALLS)
    );
    println!(
        "servers: workers 1, unfetched_ttl {} s (not the default 10 min, to see expiry), \
         sweep_interval {} s, other limits default unless named",
        EXPIRY_TTL.as_secs(),
        SWEEP.as_secs()
    );
    let mut table = Table::new(
        "2. curl results never fetched (target: RSS < 100 MiB)",
        &[
            "server",
            "calls answered",
            "RSS idle / after / expired",
            "as many again after expiry",
        ],
    );
    let call = |_: usize| {
        (
            "/gradio_api/call/echo".to_owned(),
            r#"{"data":["hi"]}"#.to_owned(),
        )
    };
    for (name, settings) in [
        ("defaults (per client 1,000, in all 5,000)", vec![]),
        (
            "max_pending_per_client(usize::MAX)",
            vec![("max_pending_per_client", "max".to_owned())],
        ),
    ] {
        let mut settings = settings;
        settings.push(("unfetched_ttl_ms", EXPIRY_TTL.as_millis().to_string()));
        settings.push(("sweep_interval_ms", SWEEP.as_millis().to_string()));
        let row = memory_under_flood(name, &settings, CALLS, call, call);
        table.rows.push(row);
    }
    table
}

/// One server: its memory idle, after `n` requests from `request`, and once what they left
/// has expired; then how many of a second, smaller flood (`again`) it accepts, which shows
/// whether the expired buffers gave their slots back.
fn memory_under_flood(
    name: &str,
    settings: &[(&str, String)],
    n: usize,
    request: impl Fn(usize) -> (String, String),
    again: impl Fn(usize) -> (String, String),
) -> Vec<String> {
    let server = Server::start(settings);
    std::thread::sleep(Duration::from_millis(300));
    let idle = resident_mib(server.pid());
    let first = flood(server.port, n, &request);
    let flood_ended = Instant::now();
    // Let the accepted events finish, so their messages sit in the buffers.
    std::thread::sleep(Duration::from_secs(1));
    let after = resident_mib(server.pid());
    // Everything accepted was last used before the flood ended: past the TTL and one more
    // sweep, all of it has expired.
    let expiry = EXPIRY_TTL + SWEEP * 2;
    std::thread::sleep(expiry.saturating_sub(flood_ended.elapsed()));
    let expired = resident_mib(server.pid());
    let expired_at = flood_ended.elapsed();
    // As many again as were accepted: if they fit in the memory the expired ones left, what
    // stays resident after expiry is the allocator keeping freed pages, not a leak.
    let refill = first.accepted().max(1);
    let second = flood(server.port, refill, &again);
    std::thread::sleep(Duration::from_secs(1));
    let refilled = resident_mib(server.pid());
    println!("{name}:");
    println!(
        "  {} in {:.1} s",
        first.summary(),
        first.elapsed.as_secs_f64()
    );
    first.print_details();
    if first.elapsed > EXPIRY_TTL {
        println!(
            "  note: the flood outlasted the {} s TTL, so slots freed during it were taken again",
            EXPIRY_TTL.as_secs()
        );
    }
    println!(
        "  resident memory: idle {idle:.1} MiB, after the flood {after:.1} MiB, {:.0} s after \
         it (TTL + 2 sweeps) {expired:.1} MiB",
        expired_at.as_secs_f64()
    );
    println!(
        "  the same client again after expiry: {} of {} accepted ({}); resident memory \
         then {refilled:.1} MiB",
        thousands(second.accepted()),
        thousands(refill),
        second.summary()
    );
    let verdict = if after.max(expired) < RSS_TARGET_MIB {
        "under"
    } else {
        "OVER"
    };
    vec![
        name.to_owned(),
        format!(
            "{} in {:.1} s",
            first.summary(),
            first.elapsed.as_secs_f64()
        ),
        format!("{idle:.1} / {after:.1} / {expired:.1} MiB ({verdict} 100)"),
        format!(
            "{}/{} accepted, RSS {refilled:.1} MiB",
            thousands(second.accepted()),
            thousands(refill)
        ),
    ]
}

/// What a flood's requests got back.
#[derive(Default)]
struct Tally {
    /// Replies by status code.
    statuses: BTreeMap<u16, usize>,
    /// The first reply body seen for each status that is not 200.
    details: BTreeMap<u16, String>,
    /// Requests that got no reply (connection refused or dropped).
    failed: usize,
    sent: usize,
    elapsed: Duration,
}

impl Tally {
    fn accepted(&self) -> usize {
        self.statuses.get(&200).copied().unwrap_or(0)
    }

    fn merge(&mut self, other: Tally) {
        for (status, count) in other.statuses {
            *self.statuses.entry(status).or_default() += count;
        }
        for (status, detail) in other.details {
            self.details.entry(status).or_insert(detail);
        }
        self.failed += other.failed;
        self.sent += other.sent;
    }

    /// `200 ×1,000, 429 ×49,000`.
    fn summary(&self) -> String {
        let mut parts: Vec<String> = self
            .statuses
            .iter()
            .map(|(status, count)| format!("{status} ×{}", thousands(*count)))
            .collect();
        if self.failed > 0 {
            parts.push(format!("no reply ×{}", thousands(self.failed)));
        }
        if parts.is_empty() {
            parts.push("nothing sent".to_owned());
        }
        parts.join(", ")
    }

    fn print_details(&self) {
        for (status, detail) in &self.details {
            println!("    {status}: {detail}");
        }
    }
}

/// `n` POSTs (path and JSON body from `request(i)`) on [`FLOOD_CONNECTIONS`] keep-alive
/// connections at once, for at most [`FLOOD_LIMIT`].
fn flood(port: u16, n: usize, request: &dyn Fn(usize) -> (String, String)) -> Tally {
    let runtime = runtime();
    let next = AtomicUsize::new(0);
    let started = Instant::now();
    let deadline = started + FLOOD_LIMIT;
    let mut tally = runtime.block_on(async {
        let workers =
            (0..FLOOD_CONNECTIONS).map(|_| flood_worker(port, n, &next, deadline, request));
        let mut tally = Tally::default();
        for part in futures_util::future::join_all(workers).await {
            tally.merge(part);
        }
        tally
    });
    tally.elapsed = started.elapsed();
    if tally.sent < n {
        println!(
            "  stopped after {} of {} requests (time limit or connection failures)",
            thousands(tally.sent),
            thousands(n)
        );
    }
    tally
}

async fn flood_worker(
    port: u16,
    n: usize,
    next: &AtomicUsize,
    deadline: Instant,
    request: &dyn Fn(usize) -> (String, String),
) -> Tally {
    let mut tally = Tally::default();
    let mut sender = None;
    let mut connects = 0;
    while Instant::now() < deadline {
        let i = next.fetch_add(1, Ordering::Relaxed);
        if i >= n {
            break;
        }
        tally.sent += 1;
        if sender.is_none() {
            connects += 1;
            if connects > 100 {
                tally.failed += 1;
                break;
            }
            sender = connect(port).await;
        }
        let Some(s) = sender.as_mut() else {
            tally.failed += 1;
            continue;
        };
        let (path, body) = request(i);
        match send(s, "POST", &path, body).await {
            Some((status, body)) => {
                *tally.statuses.entry(status).or_default() += 1;
                if status != 200 {
                    tally.details.entry(status).or_insert_with(|| {
                        String::from_utf8_lossy(&body).chars().take(160).collect()
                    });
                }
            }
            None => {
                tally.failed += 1;
                sender = None;
            }
        }
    }
    tally
}

// ---------------------------------------------------------------------------------------------
// 3: Markdown rendering of hostile input.

const MIB: usize = 1 << 20;
const HALF_MIB: usize = 512 << 10;

fn markdown() -> Table {
    println!();
    println!("## 3. rendering adversarial Markdown (RenderLimits::markdown)");
    println!(
        "wall time on core 0 with no server running (one thread, so about its CPU time); median \
         of 5 runs (1 run when the first takes over 2 s). Default limits: max_bytes 512 KiB, \
         max_depth 128; the output HTML is checked against the limits too."
    );
    let cases: [(&str, Generator); 9] = [
        ("nested blockquotes (>×1000 per line)", blockquotes),
        ("nested <div> (one HTML block)", divs),
        ("nested lists (- - - … per line)", dash_lists),
        ("nested lists (indented staircase)", indented_lists),
        ("big table (20 columns)", big_table),
        ("wide-header table, 1-cell rows", wide_table),
        ("[ runs (one line)", bracket_runs),
        ("[ runs with ]( (link openers)", link_openers),
        ("honest document (README-like)", honest),
    ];
    let mut table = Table::new(
        "3. Markdown render time, median of 5 (target: < 50 ms, or refused)",
        &[
            "input",
            "1 MiB, default limits",
            "512 KiB, default limits",
            "1 MiB, max_bytes(usize::MAX)",
        ],
    );
    let default = RenderLimits::default();
    let unlimited = RenderLimits::default().max_bytes(usize::MAX);
    for (name, make) in cases {
        let big = make(MIB);
        let half = make(HALF_MIB);
        let mut cells = Vec::new();
        let mut last = Ok(String::new());
        for (limits, text) in [(&default, &big), (&default, &half), (&unlimited, &big)] {
            let (ms, result) = median_time(|| limits.markdown(text));
            let outcome = outcome(&result, text.len(), limits);
            // A refusal meets the target, but one that comes after rendering still cost the
            // time, so it is marked when slow.
            let verdict = match (result.is_ok(), ms < MARKDOWN_TARGET_MS) {
                (_, true) => "",
                (true, false) => " OVER",
                (false, false) => " (slow)",
            };
            cells.push(format!("{} {outcome}{verdict}", fmt_ms(ms)));
            last = result;
        }
        // How much of the unlimited render is the sanitiser's pass over the HTML.
        if let (Ok(html), Some(cell)) = (&last, cells.last_mut()) {
            let (ms, _) = median_time(|| unlimited.html(html));
            cell.push_str(&format!(", of which sanitising {}", fmt_ms(ms)));
        }
        println!("{name}: {}", cells.join(" | "));
        let mut row = vec![name.to_owned()];
        row.extend(cells);
        table.rows.push(row);
    }
    table
}

/// The median time of `render` over 5 runs (1 when the first takes over 2 s), and its last
/// result.
fn median_time(
    render: impl Fn() -> Result<String, RenderError>,
) -> (f64, Result<String, RenderError>) {
    let mut times = Vec::new();
    let mut result = Ok(String::new());
    for _ in 0..5 {
        let started = Instant::now();
        result = std::hint::black_box(render());
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        if ms > 2_000.0 {
            break;
        }
    }
    (median(&mut times), result)
}

/// `7.8 ms`; `48.4 µs` below a tenth of a millisecond; `25 ns` below a microsecond.
fn fmt_ms(ms: f64) -> String {
    if ms < 0.001 {
        format!("{:.0} ns", ms * 1e6)
    } else if ms < 0.1 {
        format!("{:.1} µs", ms * 1000.0)
    } else {
        format!("{ms:.1} ms")
    }
}

fn outcome(result: &Result<String, RenderError>, input: usize, limits: &RenderLimits) -> String {
    match result {
        Ok(html) => format!("ok ({} KiB html)", html.len() >> 10),
        Err(RenderError::TooLarge { .. }) if input > limits.max_bytes => {
            "refused: input too large".to_owned()
        }
        Err(RenderError::TooLarge { .. }) => "refused: html too large".to_owned(),
        Err(RenderError::TooDeep { .. }) => "refused: too deep".to_owned(),
        Err(other) => format!("refused: {other}"),
    }
}

/// Makes an input of the given size in bytes.
type Generator = fn(usize) -> String;

/// `unit` repeated up to `size` bytes, then cut or padded with newlines to exactly `size`.
fn repeat_to(unit: &str, size: usize) -> String {
    let mut text = unit.repeat(size / unit.len() + 1);
    fit(&mut text, size);
    text
}

fn fit(text: &mut String, size: usize) {
    text.truncate(size);
    while text.len() < size {
        text.push('\n');
    }
}

fn blockquotes(size: usize) -> String {
    repeat_to(&format!("{} deep\n", ">".repeat(1_000)), size)
}

fn divs(size: usize) -> String {
    let n = size / 11;
    let mut text = format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
    fit(&mut text, size);
    text
}

fn dash_lists(size: usize) -> String {
    repeat_to(&format!("{}item\n", "- ".repeat(500)), size)
}

fn indented_lists(size: usize) -> String {
    let staircase: String = (0..200)
        .map(|depth| format!("{}- item {depth}\n", "  ".repeat(depth)))
        .collect();
    repeat_to(&staircase, size)
}

fn big_table(size: usize) -> String {
    let columns = 20;
    let mut text = String::new();
    for c in 0..columns {
        text.push_str(&format!("| head {c} "));
    }
    text.push_str("|\n");
    text.push_str(&"|---".repeat(columns));
    text.push_str("|\n");
    let row: String = (0..columns)
        .map(|c| format!("| cell *{c}* "))
        .chain(std::iter::once("|\n".to_owned()))
        .collect();
    while text.len() < size {
        text.push_str(&row);
    }
    fit(&mut text, size);
    text
}

fn wide_table(size: usize) -> String {
    let columns = 5_000;
    let mut text = format!("{}|\n{}|\n", "|h".repeat(columns), "|-".repeat(columns));
    text.push_str(&"|x\n".repeat(size / 3));
    fit(&mut text, size);
    text
}

fn bracket_runs(size: usize) -> String {
    "[".repeat(size)
}

fn link_openers(size: usize) -> String {
    repeat_to("[a](", size)
}

fn honest(size: usize) -> String {
    let section = "\
## Installing

Add the crate to `Cargo.toml`, then run **cargo build**. See the [guide](https://example.com/guide)
for details, or read the *changelog* before you upgrade.

- Typed handlers, checked by the compiler
- A queue with [progress](#progress) and cancellation
  - nested item with `code`
- ~~Old API~~ removed

1. First step
2. Second step

> A quote from a user, with **emphasis** and a [link](https://example.com).

```rust
fn echo(text: String) -> String {
    text
}
```

| option | default | meaning |
|---|---|---|
| port | 7860 | where to listen |
| workers | cores | threads |

";
    repeat_to(section, size)
}

// ---------------------------------------------------------------------------------------------
// 4: a fresh client's latency while connections, unread joins and streams are held.

fn latency() -> Table {
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

/// A fresh client (new connection, new session) doing `n` events one after another, for at
/// most 30 s.
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
        if queue_event(s, &session, i).await {
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

async fn queue_event(sender: &mut Sender, session: &str, i: usize) -> bool {
    let text = format!("hello {i}");
    let join = format!(r#"{{"data":["{text}"],"fn_index":0,"session_hash":"{session}"}}"#);
    match send(sender, "POST", "/gradio_api/queue/join", join).await {
        Some((200, _)) => {}
        _ => return false,
    }
    let path = format!("/gradio_api/queue/data?session_hash={session}");
    match send(sender, "GET", &path, String::new()).await {
        Some((200, body)) => {
            let body = String::from_utf8_lossy(&body);
            body.contains("process_completed") && body.contains(&text)
        }
        _ => false,
    }
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

// ---------------------------------------------------------------------------------------------
// The servers, the client, and the printing.

/// This binary's `--serve` mode: the echo example with the settings given as `key=value`
/// (`max` for `usize::MAX`), printing its URL like `App::launch`.
fn serve(settings: &[String]) {
    let mut config = ServerConfig::default().port(0).workers(1);
    for setting in settings {
        let Some((key, value)) = setting.split_once('=') else {
            continue;
        };
        let n: usize = if value == "max" {
            usize::MAX
        } else {
            value.parse().unwrap_or(0)
        };
        let ms = Duration::from_millis(n as u64);
        config = match key {
            "max_unread_sessions" => config.max_unread_sessions(n),
            "unread_ttl_ms" => config.unread_ttl(ms),
            "max_unfetched_results" => config.max_unfetched_results(n),
            "unfetched_ttl_ms" => config.unfetched_ttl(ms),
            "max_streams_per_client" => config.max_streams_per_client(n),
            "max_pending_per_client" => config.max_pending_per_client(n),
            "sweep_interval_ms" => config.sweep_interval(ms),
            other => {
                eprintln!("abuse --serve: unknown setting {other}");
                std::process::exit(2);
            }
        };
    }
    let served = actix_web::rt::System::new().block_on(async move {
        let handle = echo::app().serve(config).await?;
        println!("* Running on local URL:  {}", handle.url());
        handle.wait().await
    });
    if let Err(err) = served {
        eprintln!("abuse --serve: {err}");
        std::process::exit(1);
    }
}

impl Server {
    fn start(settings: &[(&str, String)]) -> Server {
        let exe = std::env::current_exe().expect("this benchmark's path");
        let args: Vec<String> = std::iter::once("--serve".to_owned())
            .chain(settings.iter().map(|(k, v)| format!("{k}={v}")))
            .collect();
        let mut pinned = Command::new("taskset");
        pinned.args(["-c", "1"]).arg(&exe).args(&args);
        let mut unpinned = Command::new(&exe);
        unpinned.args(&args);
        let child = [pinned, unpinned]
            .into_iter()
            .find_map(|mut command| {
                command
                    .stdout(Stdio::piped())
                    .stderr(Stdio::inherit())
                    .spawn()
                    .ok()
            })
            .expect("the server starts");
        Server::from_child(child)
    }
}

type Sender = http1::SendRequest<Full<Bytes>>;

async fn connect(port: u16) -> Option<Sender> {
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
async fn send(sender: &mut Sender, method: &str, path: &str, body: String) -> Option<(u16, Bytes)> {
    sender.ready().await.ok()?;
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header("host", "127.0.0.1")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .ok()?;
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

/// `50000` → `50,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A titled table of text cells, printed with aligned columns.
struct Table {
    title: &'static str,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(title: &'static str, header: &[&str]) -> Table {
        Table {
            title,
            header: header.iter().map(|h| (*h).to_owned()).collect(),
            rows: Vec::new(),
        }
    }

    fn print(&self) {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell:<w$}"))
                .collect();
            println!("| {} |", padded.join(" | "));
        };
        println!();
        println!("{}", self.title);
        line(&self.header);
        println!(
            "|{}|",
            widths
                .iter()
                .map(|w| "-".repeat(w + 2))
                .collect::<Vec<_>>()
                .join("|")
        );
        for row in &self.rows {
            line(row);
        }
    }
}
