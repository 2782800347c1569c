//! What the scale-out tests run: a `redis-server` on a free loopback port (persistence off),
//! replicas of the cart example as processes of their own (this test binary, re-run as a
//! replica), and the round-robin proxy in front of them.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::proxy::Proxy;

/// The variable that makes this binary serve the cart as a replica instead of testing.
pub(crate) const REPLICA_VAR: &str = "BLOCKS_SCALE_OUT_REPLICA";

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_for_port(port: u16, what: &str) {
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{what} did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A `redis-server` of the test's own; killed when dropped.
pub(crate) struct Redis {
    binary: PathBuf,
    pub(crate) port: u16,
    child: Option<Child>,
}

impl Redis {
    pub(crate) fn start(binary: &Path) -> Redis {
        let mut redis = Redis {
            binary: binary.to_owned(),
            port: free_port(),
            child: None,
        };
        redis.restart();
        redis
    }

    pub(crate) fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    /// Starts the server (again) on its port.
    pub(crate) fn restart(&mut self) {
        let child = Command::new(&self.binary)
            .args(["--port", &self.port.to_string()])
            .args(["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .current_dir(std::env::temp_dir())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        wait_for_port(self.port, "redis-server");
    }

    /// Kills the server (it comes back empty: persistence is off).
    pub(crate) fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A replica of the cart example: this test binary serving it, with the Redis URL and a
/// shared secret in its environment, as a deployment would set them.
pub(crate) struct Replica {
    pub(crate) port: u16,
    child: Option<Child>,
}

impl Replica {
    /// A replica serving `app` (`cart`, or `slow`: see `slow_app.rs`).
    pub(crate) fn start(redis_url: &str, app: &str, env: &[(&str, &str)]) -> Replica {
        let port = free_port();
        let child = Command::new(std::env::current_exe().unwrap())
            .envs(env.iter().copied())
            .env(REPLICA_VAR, app)
            .env("BLOCKS_REDIS_URL", redis_url)
            .env("BLOCKS_SECRET", "one secret for every replica")
            .env("BLOCKS_SERVER_PORT", port.to_string())
            .env("BLOCKS_SERVER_NAME", "127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_for_port(port, "a replica");
        Replica {
            port,
            child: Some(child),
        }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Kills the replica's process at once (SIGKILL: nothing is flushed or closed).
    pub(crate) fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Redis, two replicas, and the proxy alternating between them.
pub(crate) struct Cluster {
    pub(crate) redis: Redis,
    pub(crate) replicas: Vec<Replica>,
    pub(crate) proxy: Proxy,
}

impl Cluster {
    /// Starts everything (call within a runtime: the proxy runs on it).
    pub(crate) async fn start(redis_server: &Path) -> Cluster {
        Cluster::serving(redis_server, "cart").await
    }

    /// Starts everything, the replicas serving `app`.
    pub(crate) async fn serving(redis_server: &Path, app: &str) -> Cluster {
        Cluster::serving_with(redis_server, app, &[]).await
    }

    /// Starts everything, the replicas serving `app` with `env` in their environment.
    pub(crate) async fn serving_with(
        redis_server: &Path,
        app: &str,
        env: &[(&str, &str)],
    ) -> Cluster {
        let redis = Redis::start(redis_server);
        let replicas: Vec<Replica> = (0..2)
            .map(|_| Replica::start(&redis.url(), app, env))
            .collect();
        let proxy = Proxy::start(replicas.iter().map(|r| r.port).collect()).await;
        Cluster {
            redis,
            replicas,
            proxy,
        }
    }
}
