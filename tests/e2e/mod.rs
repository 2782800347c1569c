//! How an end-to-end test binary (libtest-mimic harness) reports a missing tool: its tests show as
//! `ignored` in the runner's own summary, or fail with the reason when `BLOCKS_REQUIRE_E2E=1`.

use std::process::ExitCode;

use libtest_mimic::{Arguments, Trial};

/// Whether a missing tool is a failure rather than a reason to ignore the tests (CI sets it).
fn required() -> bool {
    std::env::var("BLOCKS_REQUIRE_E2E").as_deref() == Ok("1")
}

/// The test `name`, which runs `body` with `tool`. Without the tool the test is ignored, unless
/// the tool is required; a test run without its tool (required, or `--ignored`) fails with the
/// reason.
pub(crate) fn trial<T>(
    name: &str,
    tool: &Result<T, String>,
    body: impl FnOnce(T) + Send + 'static,
) -> Trial
where
    T: Clone + Send + 'static,
{
    let tool = tool.clone();
    let ignored = tool.is_err() && !required();
    Trial::test(name, move || {
        let tool = tool.map_err(|why| {
            if required() {
                format!("{why} (BLOCKS_REQUIRE_E2E=1 forbids skipping)")
            } else {
                why
            }
        })?;
        body(tool);
        Ok(())
    })
    .with_ignored_flag(ignored)
}

/// Runs `trials` as libtest would, after saying once why they are ignored, if they are.
pub(crate) fn run<T>(args: &Arguments, tool: &Result<T, String>, trials: Vec<Trial>) -> ExitCode {
    if let Err(why) = tool {
        if !required() && !args.list {
            eprintln!("ignoring the tests that need it: {why}");
        }
    }
    libtest_mimic::run(args, trials).exit_code()
}
