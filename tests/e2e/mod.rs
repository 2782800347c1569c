//! How an end-to-end test binary (libtest-mimic harness) reports a missing tool: its tests show as
//! `ignored` in the runner's own summary, or fail with the reason when `BLOCKS_REQUIRE_E2E=1`.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use blocks::prelude::App;
use blocks::server::ServerConfig;
use blocks::testing::TestServer;
use libtest_mimic::{Arguments, Trial};
use serde_json::Value;

/// One trial per test, named after its function, each given the tool (see [`trial`]); with
/// `tool => runner`, each run as `runner(tool, test)`.
#[allow(unused_macros)] // Not every e2e binary lists its trials with it.
macro_rules! trials {
    ($tool:expr; $($test:ident),* $(,)?) => {
        vec![$($crate::e2e::trial(stringify!($test), $tool, $test)),*]
    };
    ($tool:expr => $runner:path; $($test:ident),* $(,)?) => {
        vec![$($crate::e2e::trial(stringify!($test), $tool, |tool| $runner(tool, $test))),*]
    };
}

/// A Python that can `import {module}` (`BLOCKS_PYTHON`, else the venv `.ci/run` makes, else
/// `python3`), or why there is none; `package` names what to install.
#[allow(dead_code)] // Not every e2e binary runs Python.
pub(crate) fn python(module: &str, package: &str) -> Result<PathBuf, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates: Vec<PathBuf> = match std::env::var_os("BLOCKS_PYTHON") {
        Some(p) => vec![PathBuf::from(p)],
        None => vec![
            root.join("target/venv/bin/python"),
            PathBuf::from("python3"),
        ],
    };
    let import = format!("import {module}");
    candidates
        .iter()
        .find(|candidate| {
            Command::new(candidate)
                .args(["-c", &import])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .cloned()
        .ok_or_else(|| {
            format!(
                "{package} not found (tried {candidates:?}): run .ci/run, or set BLOCKS_PYTHON to a Python with {package}"
            )
        })
}

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

/// A runtime for one test: two worker threads, everything enabled.
pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Serves `app` and runs `processes` copies of a client's check script against it at once: the
/// command `client` makes, given the server's URL (with a trailing `/`). Each must succeed within
/// `limit` (`who` names the client when one does not) and print its findings as JSON on its last
/// line; returns those.
#[allow(dead_code)] // Used by the client interop tests only.
pub(crate) fn check_clients(
    app: App,
    scenario: &str,
    processes: usize,
    who: &str,
    limit: Duration,
    client: impl Fn(&str) -> Command,
) -> Vec<Value> {
    let config = TestServer::server_config();
    check_clients_with(app, config, scenario, processes, who, limit, client)
}

/// Serves `app` and runs the Python check script `script` (a path under the crate) with
/// `scenario` and the server's URL once, within 90 s; returns its findings (`who` names it).
#[allow(dead_code)] // Used by the Python interop tests only.
pub(crate) fn check_python(
    app: App,
    script: &str,
    scenario: &str,
    python: &Path,
    who: &str,
) -> Value {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(script);
    let client = |url: &str| {
        let mut command = Command::new(python);
        command.arg(&script).arg(scenario).arg(url);
        command
    };
    check_clients(app, scenario, 1, who, Duration::from_secs(90), client).remove(0)
}

/// [`check_clients`] with the server configured by `config`.
#[allow(dead_code)] // Used by the client interop tests only.
pub(crate) fn check_clients_with(
    app: App,
    config: ServerConfig,
    scenario: &str,
    processes: usize,
    who: &str,
    limit: Duration,
    client: impl Fn(&str) -> Command,
) -> Vec<Value> {
    let runtime = runtime();
    let server = runtime.block_on(TestServer::start_with(app, config));
    let url = format!("{}/", server.url());
    let mut children: Vec<Child> = (0..processes)
        .map(|_| {
            client(&url)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let started = Instant::now();
    while children.iter_mut().any(|c| c.try_wait().unwrap().is_none()) {
        if started.elapsed() > limit {
            for child in &mut children {
                let _ = child.kill();
            }
            panic!("{scenario}: {who} did not finish in {} s", limit.as_secs());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let outputs: Vec<_> = children
        .into_iter()
        .map(|child| child.wait_with_output().unwrap())
        .collect();
    runtime.block_on(server.stop());
    outputs
        .into_iter()
        .map(|output| {
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success(),
                "{scenario} failed:\nstdout: {stdout}\nstderr: {stderr}"
            );
            serde_json::from_str(stdout.lines().last().unwrap_or_default()).unwrap_or_else(|e| {
                panic!("{scenario}: no JSON findings ({e}):\n{stdout}\n{stderr}")
            })
        })
        .collect()
}

/// Node.js and the `node_modules` folder that holds `@gradio/client`, for the JS client tests.
#[derive(Clone, Debug)]
#[allow(dead_code)] // Used by the JS client tests only; every e2e binary includes this module.
pub(crate) struct Node {
    /// The `node` executable.
    pub(crate) node: std::path::PathBuf,
    /// The `node_modules` folder with `@gradio/client` in it.
    pub(crate) modules: std::path::PathBuf,
}

/// Node.js (`BLOCKS_NODE`, else `node` on the PATH) and `@gradio/client` installed by `.ci/run`
/// under `target/gradio_js` (`BLOCKS_GRADIO_JS_MODULES` names another `node_modules`), or why
/// they are missing.
#[allow(dead_code)]
pub(crate) fn node() -> Result<Node, String> {
    use std::path::PathBuf;
    use std::process::Command;
    let node = std::env::var_os("BLOCKS_NODE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("node"));
    let version = Command::new(&node)
        .arg("--version")
        .output()
        .map_err(|e| format!("node not found ({}: {e}): run .ci/run", node.display()))?;
    if !version.status.success() {
        return Err(format!("{} --version failed", node.display()));
    }
    let modules = std::env::var_os("BLOCKS_GRADIO_JS_MODULES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/gradio_js/node_modules")
        });
    let client = modules.join("@gradio/client/dist/index.js");
    if !client.is_file() {
        return Err(format!(
            "@gradio/client not installed ({} missing): run .ci/run, or `npm ci` in a copy of tests/gradio_js and set BLOCKS_GRADIO_JS_MODULES",
            client.display()
        ));
    }
    Ok(Node { node, modules })
}
