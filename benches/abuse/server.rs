//! The servers: this binary's `--serve` mode, and starting one as a child process pinned to
//! core 1.

use std::process::{Command, Stdio};
use std::time::Duration;

use blocks::server::ServerConfig;

use crate::common::Server;
use crate::echo;

/// This binary's `--serve` mode: the echo example with the settings given as `key=value`
/// (`max` for `usize::MAX`), printing its URL like `App::launch`.
pub(crate) fn serve(settings: &[String]) {
    let mut config = ServerConfig::default().port(0).workers(1);
    for setting in settings {
        let Some((key, value)) = setting.split_once('=') else {
            continue;
        };
        let n: usize = if value == "max" {
            usize::MAX
        } else {
            value.parse().unwrap_or(0)
        };
        let ms = Duration::from_millis(n as u64);
        config = match key {
            "max_unread_sessions" => config.max_unread_sessions(n),
            "unread_ttl_ms" => config.unread_ttl(ms),
            "max_unfetched_results" => config.max_unfetched_results(n),
            "unfetched_ttl_ms" => config.unfetched_ttl(ms),
            "max_streams_per_client" => config.max_streams_per_client(n),
            "max_pending_per_client" => config.max_pending_per_client(n),
            "sweep_interval_ms" => config.sweep_interval(ms),
            other => {
                eprintln!("abuse --serve: unknown setting {other}");
                std::process::exit(2);
            }
        };
    }
    let served = actix_web::rt::System::new().block_on(async move {
        let handle = echo::app().serve(config).await?;
        println!("* Running on local URL:  {}", handle.url());
        handle.wait().await
    });
    if let Err(err) = served {
        eprintln!("abuse --serve: {err}");
        std::process::exit(1);
    }
}

impl Server {
    pub(crate) fn start(settings: &[(&str, String)]) -> Server {
        let exe = std::env::current_exe().expect("this benchmark's path");
        let args: Vec<String> = std::iter::once("--serve".to_owned())
            .chain(settings.iter().map(|(k, v)| format!("{k}={v}")))
            .collect();
        let mut pinned = Command::new("taskset");
        pinned.args(["-c", "1"]).arg(&exe).args(&args);
        let mut unpinned = Command::new(&exe);
        unpinned.args(&args);
        let child = [pinned, unpinned]
            .into_iter()
            .find_map(|mut command| {
                command
                    .stdout(Stdio::piped())
                    .stderr(Stdio::inherit())
                    .spawn()
                    .ok()
            })
            .expect("the server starts");
        Server::from_child(child)
    }
}
