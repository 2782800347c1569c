//! Server settings: address, limits, intervals; from the builder or the environment.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Why the server's settings could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// `BLOCKS_SERVER_PORT` is not a port number.
    #[error("BLOCKS_SERVER_PORT is {0:?}; set it to a port number such as 7860")]
    BadPort(String),
    /// The host and port do not make an address.
    #[error(
        "cannot listen on {0:?}: not an address; set BLOCKS_SERVER_NAME to an IP such as 127.0.0.1"
    )]
    BadAddress(String),
}

/// How the server listens and its limits. `ServerConfig::default()` serves on
/// `127.0.0.1:7860`; [`ServerConfig::from_env`] applies `BLOCKS_SERVER_NAME` and
/// `BLOCKS_SERVER_PORT`.
///
/// ```
/// use blocks_runtime::server::ServerConfig;
/// let config = ServerConfig::default().port(0).workers(1);
/// assert_eq!(config.port, 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// The interface to listen on. Default `127.0.0.1`.
    pub host: String,
    /// The port; 0 picks a free one. Default 7860.
    pub port: u16,
    /// Worker threads. Default: one per core.
    pub workers: usize,
    /// The largest JSON request body. Default 1 MiB.
    pub max_body_bytes: usize,
    /// The largest uploaded file. Default 100 MiB.
    pub max_file_bytes: usize,
    /// How many events may be queued or running at once before joins get 503. Default 10,000.
    pub max_queue: usize,
    /// How often the `/queue/data` and curl streams send a heartbeat. Default 15 s (as Gradio).
    pub heartbeat_interval: Duration,
    /// How often the page's presence stream (`/heartbeat`) writes `ALIVE`. A closed page is
    /// noticed at the second write that fails, so `unload` runs within about twice this.
    /// Default 2 s (Gradio: 15 s, so its unload can take half a minute or more).
    pub presence_interval: Duration,
    /// How often expired sessions are freed. Default 10 s.
    pub sweep_interval: Duration,
    /// Where uploads are kept; `None`: a folder under the system's temp dir.
    pub upload_dir: Option<PathBuf>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            host: "127.0.0.1".into(),
            port: 7860,
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_body_bytes: 1 << 20,
            max_file_bytes: 100 << 20,
            max_queue: 10_000,
            heartbeat_interval: Duration::from_secs(15),
            presence_interval: Duration::from_secs(2),
            sweep_interval: Duration::from_secs(10),
            upload_dir: None,
        }
    }
}

impl ServerConfig {
    /// The defaults, with `BLOCKS_SERVER_NAME` and `BLOCKS_SERVER_PORT` applied.
    pub fn from_env() -> Result<Self, ConfigError> {
        let mut config = ServerConfig::default();
        if let Ok(host) = std::env::var("BLOCKS_SERVER_NAME") {
            config.host = host;
        }
        if let Ok(port) = std::env::var("BLOCKS_SERVER_PORT") {
            config.port = port
                .trim()
                .parse()
                .map_err(|_| ConfigError::BadPort(port))?;
        }
        Ok(config)
    }

    /// Sets the interface.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }

    /// Sets the port (0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Sets the number of worker threads.
    pub fn workers(mut self, workers: usize) -> Self {
        self.workers = workers.max(1);
        self
    }

    /// Sets the queue limit.
    pub fn max_queue(mut self, max: usize) -> Self {
        self.max_queue = max;
        self
    }

    /// Sets the heartbeat interval of SSE streams.
    pub fn heartbeat_interval(mut self, every: Duration) -> Self {
        self.heartbeat_interval = every;
        self
    }

    /// Sets how often the presence stream writes (and so how soon a closed page is noticed).
    pub fn presence_interval(mut self, every: Duration) -> Self {
        self.presence_interval = every;
        self
    }

    /// Sets how often expired sessions are freed.
    pub fn sweep_interval(mut self, every: Duration) -> Self {
        self.sweep_interval = every;
        self
    }

    /// Sets the upload folder.
    pub fn upload_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.upload_dir = Some(dir.into());
        self
    }

    /// Sets the largest uploaded file.
    pub fn max_file_bytes(mut self, max: usize) -> Self {
        self.max_file_bytes = max;
        self
    }

    pub(crate) fn address(&self) -> Result<SocketAddr, ConfigError> {
        let text = if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        };
        text.parse().map_err(|_| ConfigError::BadAddress(text))
    }
}
