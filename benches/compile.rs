//! Compile-time cost of the `blocks!` macro: the cart app written with the macro
//! (`examples/cart.rs`) against the same app written with the builder API
//! (`examples/builder.rs`). Each example is touched and rebuilt (dependencies already built),
//! with `cargo check` and with `cargo build`, several times; medians are printed.
//!
//! `cargo bench --bench compile`.

use std::path::Path;
use std::process::Command;
use std::time::{Instant, SystemTime};

const RUNS: usize = 5;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!("# compile time of one app: the macro against the builder API ({RUNS} runs each)");
    println!();
    for step in ["check", "build"] {
        let mut medians = Vec::new();
        for example in ["builder", "cart"] {
            // Warm: dependencies and the other targets are built once first.
            rebuild(root, step, example);
            let mut times: Vec<f64> = (0..RUNS).map(|_| rebuild(root, step, example)).collect();
            let median = median(&mut times);
            println!(
                "cargo {step} --example {example:<8} median {median:>6.0} ms (runs: {})",
                times
                    .iter()
                    .map(|t| format!("{t:.0}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            medians.push(median);
        }
        if let [builder, macro_app] = medians[..] {
            println!(
                "cargo {step}: the macro adds {:+.1}% to the builder's time",
                100.0 * (macro_app - builder) / builder
            );
        }
        println!();
    }
}

/// Touches the example's source and rebuilds it; the time in milliseconds.
fn rebuild(root: &Path, step: &str, example: &str) -> f64 {
    let source = root.join("examples").join(format!("{example}.rs"));
    let touched = std::fs::File::options()
        .append(true)
        .open(&source)
        .and_then(|f| f.set_modified(SystemTime::now()));
    if let Err(err) = touched {
        panic!("cannot touch {}: {err}", source.display());
    }
    let started = Instant::now();
    let status = Command::new(env!("CARGO"))
        .args([step, "--example", example, "--quiet"])
        .current_dir(root)
        .status();
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    match status {
        Ok(s) if s.success() => elapsed,
        other => panic!("cargo {step} --example {example} failed: {other:?}"),
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    match values.len() {
        0 => 0.0,
        n if n % 2 == 0 => (values[n / 2 - 1] + values[n / 2]) / 2.0,
        n => values[n / 2],
    }
}
