//! Plots and the small components (Code, DateTime, ColorPicker, HighlightedText) end to end:
//! drawn and used in headless Chromium (screenshots in `target/screenshots/plots*.png`), the
//! plot code fetched only by apps that have a plot, and values through the real
//! `gradio_client`.
//!
//! Needs `chromium` and `chromedriver`, and Python with `gradio_client` (`.ci/run` installs
//! them; `BLOCKS_PYTHON` names the Python). Without them the tests are reported as ignored,
//! unless `BLOCKS_REQUIRE_E2E=1`. A libtest-mimic harness (`harness = false`).

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Duration;

use libtest_mimic::Arguments;
use serde_json::{json, Value};

#[macro_use]
#[path = "e2e/mod.rs"]
mod e2e;
#[path = "plots/apps.rs"]
mod apps;
#[path = "browser/mod.rs"]
mod browser;
#[path = "plots/gradio.rs"]
mod gradio;
#[path = "plots/page.rs"]
mod page;

#[path = "../examples/cart.rs"]
#[allow(dead_code, unreachable_pub)]
mod cart;
#[path = "../examples/plots.rs"]
#[allow(dead_code, unreachable_pub)]
mod plots;

use gradio::gradios_page_draws_them_with_its_own_components;
use page::{
    small_components_edit_submit_and_select, the_plot_code_loads_only_in_apps_with_a_plot,
    the_plots_example_draws_recolours_and_reports,
};

fn main() -> ExitCode {
    let mut args = Arguments::from_args();
    args.test_threads = Some(1);
    let chromium = browser::tools();
    let python = python();
    let mut trials = trials![
        &chromium => browser::in_browser;
        the_plots_example_draws_recolours_and_reports,
        the_plot_code_loads_only_in_apps_with_a_plot,
        small_components_edit_submit_and_select,
    ];
    trials.extend(trials![&python; values_round_trip_through_gradio_client]);
    let node = e2e::node();
    trials.extend(trials![&node; values_round_trip_through_the_js_client]);
    let gradio_page = gradio::tools(&python);
    trials.extend(trials![
        &gradio_page => gradio::in_gradio_page;
        gradios_page_draws_them_with_its_own_components,
    ]);
    let required = std::env::var("BLOCKS_REQUIRE_E2E").as_deref() == Ok("1");
    for why in [
        chromium.as_ref().err(),
        node.as_ref().err(),
        gradio_page.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    {
        if !required && !args.list {
            eprintln!("ignoring the tests that need it: {why}");
        }
    }
    libtest_mimic::run(&args, trials).exit_code()
}

/// A Python that can `import gradio_client`, or why there is none.
fn python() -> Result<PathBuf, String> {
    e2e::python("gradio_client", "gradio_client")
}

fn values_round_trip_through_gradio_client(python: PathBuf) {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/plots/check.py");
    let client = |url: &str| {
        let mut command = Command::new(&python);
        command.arg(&script).arg(url);
        command
    };
    let found = e2e::check_clients(
        apps::kinds_app(),
        "plots",
        1,
        "gradio_client",
        Duration::from_secs(90),
        client,
    )
    .remove(0);
    assert_eq!(found["line"]["mark"], "line", "{found}");
    assert_eq!(found["bar"]["mark"], "bar", "{found}");
    assert_eq!(found["line"]["data"], json!([[1, 2], [2, 4]]), "{found}");
    assert_eq!(found["date"], "2024-02-29 12:00:00", "{found}");
    assert_eq!(found["color"], "#ff8800", "{found}");
    assert_eq!(
        found["spans"],
        json!([{"token": "Paris", "class_or_confidence": "LOC"},
               {"token": " is", "class_or_confidence": null},
               {"token": "!", "class_or_confidence": "bang"}]),
        "{found}"
    );
    assert_eq!(found["code"], "PRINT('HI')", "{found}");
    let components = &found["components"];
    for (api, name) in [
        ("/line", "LinePlot"),
        ("/date", "DateTime"),
        ("/color", "ColorPicker"),
        ("/spans", "HighlightedText"),
        ("/code", "Code"),
    ] {
        assert_eq!(components[api], Value::from(name), "{found}");
    }
    for (key, says) in [("bad_color", "hex colour"), ("bad_date", "a date-time")] {
        let refused = found[key].as_str().unwrap();
        assert!(refused.starts_with("ValidationError"), "{refused}");
        assert!(refused.contains(says), "{refused}");
    }
}

fn values_round_trip_through_the_js_client(node: e2e::Node) {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/plots/check.mjs");
    let client = |url: &str| {
        let mut command = Command::new(&node.node);
        command
            .arg(&script)
            .arg(url)
            .env("BLOCKS_GRADIO_JS_MODULES", &node.modules);
        command
    };
    let found = e2e::check_clients(
        apps::kinds_app(),
        "plots",
        1,
        "the JS client",
        Duration::from_secs(120),
        client,
    )
    .remove(0);
    assert_eq!(found["scatter"]["mark"], "point", "{found}");
    assert_eq!(found["scatter"]["columns"], json!(["x", "y"]), "{found}");
    assert_eq!(found["date"], "2025-01-01 23:00:00", "{found}");
    assert_eq!(found["color"], "#0a0b0c", "{found}");
    assert_eq!(
        found["spans"],
        json!([{"token": "Rust", "class_or_confidence": 0.5},
               {"token": "!", "class_or_confidence": "bang"}]),
        "{found}"
    );
    assert_eq!(found["code"], "LET X = 1;", "{found}");
    let refused = found["bad_spans"].as_str().unwrap();
    assert!(
        refused.contains("token") || refused.contains("HighlightedText"),
        "{refused}"
    );
}
