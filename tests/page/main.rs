//! The page in a real browser: headless Debian Chromium driven over WebDriver (chromedriver +
//! fantoccini), against a real server, for each seed app as a person uses it. Screenshots go to
//! `target/screenshots/`.
//!
//! Needs `chromium` and `chromedriver` (`.ci/run` installs them; `BLOCKS_CHROMIUM` and
//! `BLOCKS_CHROMEDRIVER` override the paths). Without them the tests are reported as ignored,
//! unless `BLOCKS_REQUIRE_E2E=1`, which makes them fail. A libtest-mimic harness (`harness =
//! false`), so that the runner itself reports the skip.
//!
//! This root holds the harness and the seed apps; each module holds the tests of one concept.

#![allow(clippy::unwrap_used)]

use std::process::ExitCode;

#[macro_use]
#[path = "../e2e/mod.rs"]
mod e2e;
#[path = "../browser/mod.rs"]
mod browser;

mod browser_storage;
mod custom_kinds;
mod high_level;
mod interaction;
mod layout;
mod loading;
mod sessions;

use browser::tools;
use browser_storage::*;
use custom_kinds::*;
use high_level::*;
use interaction::*;
use layout::*;
use loading::*;
use sessions::*;

#[path = "../../examples/browser_state.rs"]
#[allow(dead_code, unreachable_pub)]
mod browser_state;
#[path = "../../examples/builder.rs"]
#[allow(dead_code, unreachable_pub)]
mod builder;
#[path = "../../examples/cart.rs"]
#[allow(dead_code, unreachable_pub)]
mod cart;
#[path = "../../examples/chat_interface.rs"]
#[allow(dead_code, unreachable_pub)]
mod chat_interface;
#[path = "../../examples/chatbot.rs"]
#[allow(dead_code, unreachable_pub)]
mod chatbot;
#[path = "../../examples/custom_component.rs"]
#[allow(dead_code, unreachable_pub)]
mod custom_component;
#[path = "../../examples/echo.rs"]
#[allow(dead_code, unreachable_pub)]
mod echo;
#[path = "../../examples/global_counter.rs"]
#[allow(dead_code, unreachable_pub)]
mod global_counter;
#[path = "../../examples/interface.rs"]
#[allow(dead_code, unreachable_pub)]
mod interface;
#[path = "../../examples/per_session.rs"]
#[allow(dead_code, unreachable_pub)]
mod per_session;
#[path = "../../examples/stream.rs"]
#[allow(dead_code, unreachable_pub)]
mod stream;

fn main() -> ExitCode {
    browser::main(tools(), |tools| {
        trials![
            tools => browser::in_browser;
            visitor_counter_rises_across_contexts,
            each_context_has_its_own_cart,
            per_session_counters_and_unload_on_close,
            browser_state_survives_reload_and_restart_and_refuses_tampering,
            a_change_in_one_tab_reaches_the_other,
            errors_toast_streams_progress_and_updates_show,
            echo_chatbot_and_builder_work_from_the_keyboard,
            first_load_fits_the_budget,
            a_lost_connection_shows_and_recovers,
            a_custom_kind_draws_with_its_own_module_and_an_unknown_kind_is_an_error,
            a_macro_app_hides_opens_and_selects_its_layout_blocks,
            an_interface_fills_from_an_example_submits_and_clears,
            a_chat_interface_streams_undoes_and_clears,
        ]
    })
}
