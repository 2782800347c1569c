//! Abuse benchmarks (issue 10): the server's memory under floods of never-read queue joins and
//! never-fetched curl calls, before and after their buffers expire; the time to render
//! adversarial Markdown; a fresh client's latency while thousands of idle connections, unread
//! joins and never-read streams are held. It prints figures and asserts no duration.
//!
//! `cargo bench --bench abuse` (add `-- joins`, `-- curl`, `-- markdown` or `-- latency` for one
//! section). As in `benches/server.rs`, the load runs on core 0 and each server on core 1
//! (`taskset -c 1`); a server is this binary again (`--serve key=value…`) serving
//! `examples/echo.rs`, so that each scenario can set its own limits.
//!
//! This root holds the settings and `main`; one module per section (`memory` for 1 and 2, with
//! `flood` sending the floods; `markdown` for 3, with `markdown_inputs` making its inputs;
//! `latency` for 4), `server` for the servers, `client` for the HTTP client, `table` for the
//! printing.

use std::time::{Duration, Instant};

#[path = "../../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;

#[path = "../common/mod.rs"]
#[allow(dead_code)] // Shared with the other benchmarks; this one uses part of it.
mod common;

mod client;
mod flood;
mod latency;
mod markdown;
mod markdown_inputs;
mod memory;
mod server;
mod table;

use latency::latency;
use markdown::markdown;
use memory::{curl, joins};
use server::serve;

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
    common::pin_load_to_core_0(&args);
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
