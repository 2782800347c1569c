//! What the benchmarks share: pinning the load to core 0, a server child process found by the
//! URL it prints, its resident memory, a runtime for the load, and medians.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command};

/// A request to the benchmarked server with a JSON body (an empty one for a `GET`).
pub(crate) fn json_request(
    method: &str,
    path: &str,
    body: String,
) -> Option<hyper::Request<http_body_util::Full<bytes::Bytes>>> {
    hyper::Request::builder()
        .method(method)
        .uri(path)
        .header("host", "127.0.0.1")
        .header("content-type", "application/json")
        .body(http_body_util::Full::new(bytes::Bytes::from(body)))
        .ok()
}

/// Set in the re-run pinned to core 0 ("1"), or when `taskset` is missing ("0").
const PINNED: &str = "BLOCKS_BENCH_PINNED";

/// Re-runs this benchmark (`args`, as it was started) pinned to core 0 and exits with its
/// status, unless it already is: the servers it starts get core 1. Without `taskset` it goes on
/// unpinned and says so.
pub(crate) fn pin_load_to_core_0(args: &[String]) {
    if std::env::var_os(PINNED).is_some() {
        return;
    }
    let status = Command::new("taskset")
        .arg("-c")
        .arg("0")
        .args(args)
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

/// A server process (pinned to core 1 by its benchmark); its port read from the URL it prints.
pub(crate) struct Server {
    child: Child,
    pub(crate) port: u16,
}

impl Server {
    /// Waits for a spawned server (stdout piped) to print its URL; kills it if it never does.
    pub(crate) fn from_child(mut child: Child) -> Server {
        let stdout = child.stdout.take().expect("the server's stdout is piped");
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap_or(0) > 0 {
            let port = line.trim().rsplit(':').next().and_then(|p| p.parse().ok());
            if let Some(port) = port.filter(|_| line.contains("http://")) {
                // Keep draining its output so the server never blocks on a full pipe.
                std::thread::spawn(move || for _ in reader.lines() {});
                return Server { child, port };
            }
            line.clear();
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the server printed no URL");
    }

    /// The server's own pid: `taskset` execs it, so the child's pid is the server's.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Already gone is fine: the figures were taken.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A process's resident memory in MiB (NaN when /proc cannot tell).
pub(crate) fn resident_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// A single-threaded runtime for the load generator (it runs on its own core).
pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// The median (NaN for none).
pub(crate) fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    if values.is_empty() {
        return f64::NAN;
    }
    let mid = values.len() / 2;
    if values.len() % 2 == 0 {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    }
}

/// Figures as `1.0, 2.5, …`.
pub(crate) fn fmt_list(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| format!("{v:.1}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One load run's figures.
pub(crate) struct Run {
    pub(crate) events_per_sec: f64,
    pub(crate) p50_ms: f64,
    pub(crate) p99_ms: f64,
    pub(crate) errors: usize,
}

/// `runs` runs of `f`.
pub(crate) fn measure(runs: usize, mut f: impl FnMut() -> Run) -> Vec<Run> {
    (0..runs).map(|_| f()).collect()
}

/// Prints the medians of `runs` (and each run's rate) under `name`.
pub(crate) fn report(name: &str, users: usize, runs: &[Run]) {
    let mut rate: Vec<f64> = runs.iter().map(|r| r.events_per_sec).collect();
    let mut p50: Vec<f64> = runs.iter().map(|r| r.p50_ms).collect();
    let mut p99: Vec<f64> = runs.iter().map(|r| r.p99_ms).collect();
    let errors: usize = runs.iter().map(|r| r.errors).sum();
    let each = fmt_list(&rate);
    println!(
        "{name:<32} {users} users: {:>8.0} events/s  p50 {:.2} ms  p99 {:.2} ms  (runs: {each}; errors: {errors})",
        median(&mut rate),
        median(&mut p50),
        median(&mut p99),
    );
}
