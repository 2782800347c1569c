//! Sections 1 and 2: the server's memory under floods of joins and curl calls nobody reads,
//! before and after their buffers expire.

use std::time::{Duration, Instant};

use crate::common::{resident_mib, Server};
use crate::flood::flood;
use crate::table::{thousands, Table};
use crate::{CALLS, EXPIRY_TTL, JOINS, RSS_TARGET_MIB, SWEEP};

pub(crate) fn joins() -> Table {
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

pub(crate) fn curl() -> Table {
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
