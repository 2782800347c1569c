//! The floods: many POSTs on a few keep-alive connections at once, and the tally of what they
//! got back.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::client::{connect, send};
use crate::common::runtime;
use crate::table::thousands;
use crate::{FLOOD_CONNECTIONS, FLOOD_LIMIT};

/// What a flood's requests got back.
#[derive(Default)]
pub(crate) struct Tally {
    /// Replies by status code.
    statuses: BTreeMap<u16, usize>,
    /// The first reply body seen for each status that is not 200.
    details: BTreeMap<u16, String>,
    /// Requests that got no reply (connection refused or dropped).
    failed: usize,
    sent: usize,
    pub(crate) elapsed: Duration,
}

impl Tally {
    pub(crate) fn accepted(&self) -> usize {
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
    pub(crate) fn summary(&self) -> String {
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

    pub(crate) fn print_details(&self) {
        for (status, detail) in &self.details {
            println!("    {status}: {detail}");
        }
    }
}

/// `n` POSTs (path and JSON body from `request(i)`) on [`FLOOD_CONNECTIONS`] keep-alive
/// connections at once, for at most [`FLOOD_LIMIT`].
pub(crate) fn flood(port: u16, n: usize, request: &dyn Fn(usize) -> (String, String)) -> Tally {
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
