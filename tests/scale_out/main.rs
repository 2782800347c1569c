//! Scale-out: two replicas of the cart example (processes of their own) share a real
//! `redis-server`, behind a round-robin proxy that sends each request of a client to the next
//! replica. Sessions keep their state, clients stay apart, the protocol's two-step calls work
//! split across replicas, a killed replica loses nothing, and Redis going away gives 503s
//! until it is back. A session's stream that moves while its event runs (another replica,
//! the same one, or a dropped stream and a new one) still gets the event's completion.
//!
//! Needs `redis-server` (`/usr/bin/redis-server`, or `BLOCKS_REDIS_SERVER`); the client tests
//! also need Python with `gradio_client` and Chromium. Without them the tests are reported as
//! ignored, unless `BLOCKS_REQUIRE_E2E=1`, which makes them fail.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use libtest_mimic::Arguments;

#[macro_use]
#[path = "../e2e/mod.rs"]
mod e2e;
#[path = "../browser/mod.rs"]
mod browser;

#[path = "../../examples/cart.rs"]
#[allow(dead_code, unreachable_pub)]
mod cart;

mod clients;
mod cluster;
mod protocol;
mod proxy;
mod slow_app;
mod store;
mod takeover;

use clients::*;
use protocol::*;
use store::*;
use takeover::*;

fn main() -> ExitCode {
    if std::env::var_os(cluster::REPLICA_VAR).is_some() {
        // A replica: the cart example as deployed (BLOCKS_REDIS_URL, BLOCKS_SECRET and the
        // port come from the environment).
        let app = match std::env::var(cluster::REPLICA_VAR).as_deref() {
            Ok("slow") => slow_app::app(),
            _ => cart::app(),
        };
        return match app.launch() {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("replica: {err}");
                ExitCode::FAILURE
            }
        };
    }
    let mut args = Arguments::from_args();
    // Each test runs a Redis, two replicas and maybe a browser: one at a time.
    args.test_threads = Some(1);
    let redis = redis_server();
    let python = redis.clone().and_then(|redis| Ok((redis, python()?)));
    let chromium = redis
        .clone()
        .and_then(|redis| Ok((redis, browser::tools()?)));
    let mut trials = trials![
        &redis;
        replicas_present_one_app_id,
        queue_join_on_one_replica_and_data_on_another,
        curl_two_step_split_across_replicas,
        split_curl_calls_count_against_the_client_until_read,
        concurrent_events_of_one_session_on_two_replicas_lose_no_update,
        killing_a_replica_mid_session_loses_nothing,
        redis_going_away_gives_503_and_the_app_recovers,
        redis_keeps_values_with_the_session_ttl_and_the_cap_across_replicas,
        a_new_session_evicts_the_least_recently_used_at_the_cap,
        the_cap_holds_across_serving_replicas,
        an_open_page_keeps_its_values_past_the_session_ttl,
        a_stream_of_a_session_without_events_says_not_found_once,
        a_stream_opened_on_another_replica_mid_event_gets_its_completion,
        a_stream_reopened_on_the_same_replica_mid_event_gets_its_completion,
        a_stream_dropped_mid_event_leaves_its_completion_for_the_next,
        a_stream_opened_after_its_join_gets_the_event_in_order,
        a_stream_opened_long_after_its_join_reads_redis_first,
        a_kept_lock_is_given_up_when_another_replica_asks,
        unload_runs_where_the_page_was_with_the_states_another_replica_saved,
    ];
    trials.extend(trials![&python; gradio_client_keeps_each_cart_across_replicas]);
    trials.extend(trials![&chromium; the_page_keeps_its_cart_across_replicas]);
    e2e::run(&args, &redis, trials)
}

/// `redis-server`, or why there is none.
fn redis_server() -> Result<PathBuf, String> {
    let binary = std::env::var_os("BLOCKS_REDIS_SERVER")
        .map_or_else(|| PathBuf::from("/usr/bin/redis-server"), PathBuf::from);
    let runs = Command::new(&binary)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if runs {
        Ok(binary)
    } else {
        Err(format!(
            "{} not found: install redis-server (apt) or set BLOCKS_REDIS_SERVER",
            binary.display()
        ))
    }
}

/// A Python that can `import gradio_client`, or why there is none.
fn python() -> Result<PathBuf, String> {
    e2e::python("gradio_client", "gradio_client")
}
