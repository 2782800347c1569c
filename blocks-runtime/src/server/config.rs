//! Server settings: address, limits, intervals; from the builder or the environment.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Why the server's settings could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// `BLOCKS_SERVER_PORT` is not a port number.
    #[error("BLOCKS_SERVER_PORT is {0:?}; set it to a port number such as 7860")]
    BadPort(String),
    /// A numeric setting from the environment is not a whole number.
    #[error("{var} is {value:?}; set it to a whole number")]
    BadNumber {
        /// The variable.
        var: &'static str,
        /// What it holds.
        value: String,
    },
    /// An entry of `BLOCKS_ALLOWED_ORIGINS` is not an origin.
    #[error(
        "BLOCKS_ALLOWED_ORIGINS names {0:?}, which is not an origin; list origins such as \
         https://example.com,http://localhost:3000 (or * for any), separated by commas"
    )]
    BadOrigin(String),
    /// The host and port do not make an address.
    #[error(
        "cannot listen on {0:?}: not an address; set BLOCKS_SERVER_NAME to an IP such as 127.0.0.1"
    )]
    BadAddress(String),
    /// An entry of `BLOCKS_TRUSTED_PROXIES` is not an address or network.
    #[error(
        "BLOCKS_TRUSTED_PROXIES names {0:?}, which is not an address or network; list entries \
         such as 127.0.0.1,10.0.0.0/8,::1 separated by commas (empty: trust no proxy)"
    )]
    BadProxy(String),
}

/// How the server listens and its limits. `ServerConfig::default()` serves on
/// `127.0.0.1:7860`; [`ServerConfig::from_env`] applies `BLOCKS_SERVER_NAME`,
/// `BLOCKS_SERVER_PORT` and `BLOCKS_ALLOWED_ORIGINS`.
///
/// Every limit is answered with a JSON error naming it (`{"detail": "…"}`): 413 for sizes,
/// 429 for what one client address may hold, 503 for what the whole server may hold, 408 for
/// a body that arrives too slowly. README's "What the server promises under abuse" sums them up.
///
/// ```
/// use blocks_runtime::server::ServerConfig;
/// let config = ServerConfig::default().port(0).workers(1);
/// assert_eq!(config.port, 0);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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
    /// How long a session's `/queue/data` stream stays open after its last pending event
    /// ended before it sends `close_stream`; a join in that time keeps it open. Gradio's clients
    /// open the stream at their first join and do not reopen it for joins already sent, so a
    /// burst of joins whose first event ends before the others arrive would be lost without it.
    /// Default 500 ms.
    pub close_linger: Duration,
    /// How often the page's presence stream (`/heartbeat`) writes `ALIVE`. A closed page is
    /// noticed at the second write that fails, so `unload` runs within about twice this.
    /// Default 2 s (Gradio: 15 s, so its unload can take half a minute or more).
    pub presence_interval: Duration,
    /// How often expired sessions are freed. Default 10 s.
    pub sweep_interval: Duration,
    /// Where uploads are kept; `None`: a folder under the system's temp dir.
    pub upload_dir: Option<PathBuf>,
    /// The total size of the files of one upload request. Default 200 MiB.
    pub max_upload_request_bytes: u64,
    /// The total size of the uploaded files one client address holds at once. Default 1 GiB.
    pub max_upload_bytes_per_client: u64,
    /// The total size of all uploaded files held at once. Default 4 GiB.
    pub max_upload_total_bytes: u64,
    /// The total size of the output files one session's cache folder holds
    /// (`BLOCKS_MAX_OUTPUT_BYTES_PER_SESSION`); an output past it fails its event. Default 1 GiB.
    pub max_output_bytes_per_session: u64,
    /// The total size of all sessions' output files (`BLOCKS_MAX_OUTPUT_TOTAL_BYTES`). Default
    /// 4 GiB.
    pub max_output_total_bytes: u64,
    /// The most samples (all channels) an uploaded sound may decode to, so a small compressed
    /// file cannot fill the memory (`BLOCKS_MAX_AUDIO_SAMPLES`). Default 57,600,000: ten
    /// minutes of 48 kHz stereo.
    pub max_audio_samples: u64,
    /// How long an uploaded file is kept when the upload named no session (`?session_hash=`);
    /// a file uploaded for a session is kept while the session is. Default 60 minutes.
    pub upload_ttl: Duration,
    /// Web origins besides the app's own that may call the API from a browser (CORS), such as
    /// `https://example.com`; `*` allows any. Requests from other origins are refused with 403.
    /// Clients that send no `Origin` (curl, gradio_client) are not affected. Default: none.
    pub allowed_origins: Vec<String>,
    /// How long a request body may take to arrive (for uploads: the longest pause between two
    /// chunks). Default 30 s.
    pub body_timeout: Duration,
    /// How many sessions may have `/queue/data` messages that no stream reads at once. Default
    /// 5,000. With a Redis store, also how many sessions whose streams other replicas read
    /// each replica remembers (see docs/scale_out.md).
    pub max_unread_sessions: usize,
    /// How long unread `/queue/data` messages are kept after the session's last event ended.
    /// Default 60 s (clients open the stream right after joining).
    pub unread_ttl: Duration,
    /// The most bytes of messages waiting for one stream (a session's `/queue/data`, or one
    /// curl result). Past it, intermediate messages (progress, streamed values) are skipped —
    /// the final result is always kept — and the session's new events get 503. Default 16 MiB.
    pub max_unread_bytes: usize,
    /// How many curl results (`POST /call/…`) may wait for their `GET` at once. Default 5,000.
    pub max_unfetched_results: usize,
    /// How long a curl result waits for its `GET`. Default 10 minutes.
    pub unfetched_ttl: Duration,
    /// How many streams (`/queue/data`, the page's heartbeat) one client address may hold
    /// open. Default 256.
    pub max_streams_per_client: usize,
    /// How many unread sessions and unfetched curl results one client address may hold.
    /// Default 1,000.
    pub max_pending_per_client: usize,
    /// Serve Gradio's own page at `/` instead of blocks' page: the `gradio/templates/frontend`
    /// folder of an installed `gradio` pip package (`BLOCKS_GRADIO_FRONTEND`). Default: none.
    pub gradio_frontend: Option<PathBuf>,
    /// The proxies whose `X-Forwarded-For`, `-Proto`, `-Host` and `-Prefix` headers are
    /// believed (`BLOCKS_TRUSTED_PROXIES`, comma-separated addresses or networks). Per-client
    /// limits then count the real client's address. Default: loopback (127.0.0.0/8, ::1), where
    /// a proxy on the same machine connects from.
    pub trusted_proxies: Vec<crate::server::ProxyNet>,
    /// The public path (`/tools/demo`) or URL (`https://example.org/tools/demo`) the server is
    /// reached at behind a proxy (`BLOCKS_ROOT_PATH`, as Gradio's `GRADIO_ROOT_PATH`); mounted
    /// apps add their mount path. Wins over `X-Forwarded-Prefix`. Default: none.
    pub root_path: Option<String>,
    /// How many failed logins one client address may make in [`ServerConfig::login_window`]
    /// before further attempts get 429. Default 10.
    pub max_failed_logins: usize,
    /// The window failed logins are counted in. Default 5 minutes.
    pub login_window: Duration,
    /// Serve the endpoints as Model Context Protocol tools at `/gradio_api/mcp/`
    /// (`BLOCKS_MCP_SERVER=true`; also [`App::mcp_server`](crate::App::mcp_server)). Default off.
    pub mcp_server: bool,
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
            close_linger: Duration::from_millis(500),
            presence_interval: Duration::from_secs(2),
            sweep_interval: Duration::from_secs(10),
            upload_dir: None,
            max_upload_request_bytes: 200 << 20,
            max_upload_bytes_per_client: 1 << 30,
            max_upload_total_bytes: 4 << 30,
            max_output_bytes_per_session: crate::media::quota::DEFAULT_OUTPUT_PER_SESSION,
            max_output_total_bytes: crate::media::quota::DEFAULT_OUTPUT_TOTAL,
            max_audio_samples: crate::media::quota::DEFAULT_AUDIO_SAMPLES,
            upload_ttl: Duration::from_secs(60 * 60),
            allowed_origins: Vec::new(),
            body_timeout: Duration::from_secs(30),
            max_unread_sessions: 5_000,
            unread_ttl: Duration::from_secs(60),
            max_unread_bytes: 16 << 20,
            max_unfetched_results: 5_000,
            unfetched_ttl: Duration::from_secs(600),
            max_streams_per_client: 256,
            max_pending_per_client: 1_000,
            gradio_frontend: None,
            trusted_proxies: crate::server::ProxyNet::loopback(),
            root_path: None,
            max_failed_logins: 10,
            login_window: Duration::from_secs(300),
            mcp_server: false,
        }
    }
}

impl ServerConfig {
    /// The defaults, with `BLOCKS_SERVER_NAME`, `BLOCKS_SERVER_PORT`,
    /// `BLOCKS_ALLOWED_ORIGINS` (comma-separated origins, or `*`), and the limits
    /// `BLOCKS_MAX_QUEUE`, `BLOCKS_MAX_STREAMS_PER_CLIENT`, `BLOCKS_MAX_PENDING_PER_CLIENT`,
    /// `BLOCKS_MAX_UNREAD_SESSIONS`, `BLOCKS_MAX_UNFETCHED_RESULTS`,
    /// `BLOCKS_MAX_OUTPUT_BYTES_PER_SESSION`, `BLOCKS_MAX_OUTPUT_TOTAL_BYTES` and
    /// `BLOCKS_MAX_AUDIO_SAMPLES` applied,
    /// `BLOCKS_GRADIO_FRONTEND` (see [`ServerConfig::gradio_frontend`]), `BLOCKS_MCP_SERVER`
    /// (see [`ServerConfig::mcp_server`]), and behind a proxy `BLOCKS_TRUSTED_PROXIES` and
    /// `BLOCKS_ROOT_PATH` (see docs/deploying.md).
    pub fn from_env() -> Result<Self, ConfigError> {
        let mut config = ServerConfig::default();
        env_number("BLOCKS_MAX_QUEUE", &mut config.max_queue)?;
        env_number(
            "BLOCKS_MAX_STREAMS_PER_CLIENT",
            &mut config.max_streams_per_client,
        )?;
        env_number(
            "BLOCKS_MAX_PENDING_PER_CLIENT",
            &mut config.max_pending_per_client,
        )?;
        env_number(
            "BLOCKS_MAX_UNREAD_SESSIONS",
            &mut config.max_unread_sessions,
        )?;
        env_number(
            "BLOCKS_MAX_UNFETCHED_RESULTS",
            &mut config.max_unfetched_results,
        )?;
        let per_session = &mut config.max_output_bytes_per_session;
        env_number("BLOCKS_MAX_OUTPUT_BYTES_PER_SESSION", per_session)?;
        env_number(
            "BLOCKS_MAX_OUTPUT_TOTAL_BYTES",
            &mut config.max_output_total_bytes,
        )?;
        env_number("BLOCKS_MAX_AUDIO_SAMPLES", &mut config.max_audio_samples)?;
        if let Ok(origins) = std::env::var("BLOCKS_ALLOWED_ORIGINS") {
            for origin in origins.split(',').map(str::trim).filter(|o| !o.is_empty()) {
                config = config.allow_origin(origin)?;
            }
        }
        if let Some(dir) = std::env::var_os("BLOCKS_GRADIO_FRONTEND").filter(|d| !d.is_empty()) {
            config.gradio_frontend = Some(dir.into());
        }
        if let Ok(list) = std::env::var("BLOCKS_TRUSTED_PROXIES") {
            config.trusted_proxies = list
                .split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(crate::server::ProxyNet::parse)
                .collect::<Result<_, _>>()?;
        }
        if let Some(root) = std::env::var("BLOCKS_ROOT_PATH")
            .ok()
            .filter(|r| !r.trim().is_empty())
        {
            config.root_path = Some(root.trim().to_owned());
        }
        if let Ok(on) = std::env::var("BLOCKS_MCP_SERVER") {
            config.mcp_server = on.trim().eq_ignore_ascii_case("true") || on.trim() == "1";
        }
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

    /// Sets how long an idle `/queue/data` stream waits for more joins before it closes.
    pub fn close_linger(mut self, linger: Duration) -> Self {
        self.close_linger = linger;
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

    /// Serves Gradio's own page at `/` instead of blocks' page, from `dir`: the
    /// `gradio/templates/frontend` folder of an installed `gradio` pip package (find it with
    /// `python -c "import gradio, os; print(os.path.dirname(gradio.__file__))"`). The server
    /// refuses to start when the folder has no usable `index.html`.
    ///
    /// ```
    /// use blocks_runtime::server::ServerConfig;
    /// let config = ServerConfig::default().gradio_frontend("/opt/venv/lib/python3.11/site-packages/gradio/templates/frontend");
    /// assert!(config.gradio_frontend.is_some());
    /// ```
    pub fn gradio_frontend(mut self, dir: impl Into<PathBuf>) -> Self {
        self.gradio_frontend = Some(dir.into());
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

    /// Allows a web origin (`scheme://host[:port]`, or `*` for any) to call the API from a
    /// browser.
    ///
    /// ```
    /// use blocks_runtime::server::ServerConfig;
    /// let config = ServerConfig::default().allow_origin("https://example.com").unwrap();
    /// assert!(ServerConfig::default().allow_origin("example.com").is_err());
    /// ```
    pub fn allow_origin(mut self, origin: &str) -> Result<Self, ConfigError> {
        let origin = origin.trim().trim_end_matches('/');
        let valid = origin == "*"
            || origin.split_once("://").is_some_and(|(scheme, host)| {
                !scheme.is_empty() && !host.is_empty() && !host.contains('/')
            });
        if !valid {
            return Err(ConfigError::BadOrigin(origin.to_owned()));
        }
        self.allowed_origins.push(origin.to_ascii_lowercase());
        Ok(self)
    }

    /// Sets how long a request body may take to arrive.
    pub fn body_timeout(mut self, timeout: Duration) -> Self {
        self.body_timeout = timeout;
        self
    }

    /// Sets the largest JSON request body.
    pub fn max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = max;
        self
    }

    /// Sets how many sessions may have unread `/queue/data` messages at once.
    pub fn max_unread_sessions(mut self, max: usize) -> Self {
        self.max_unread_sessions = max;
        self
    }

    /// Sets how long unread `/queue/data` messages are kept.
    pub fn unread_ttl(mut self, ttl: Duration) -> Self {
        self.unread_ttl = ttl;
        self
    }

    /// Sets the most bytes of messages waiting for one stream.
    pub fn max_unread_bytes(mut self, max: usize) -> Self {
        self.max_unread_bytes = max;
        self
    }

    /// Sets how many curl results may wait for their `GET`.
    pub fn max_unfetched_results(mut self, max: usize) -> Self {
        self.max_unfetched_results = max;
        self
    }

    /// Sets how long a curl result waits for its `GET`.
    pub fn unfetched_ttl(mut self, ttl: Duration) -> Self {
        self.unfetched_ttl = ttl;
        self
    }

    /// Sets how many streams one client address may hold open.
    pub fn max_streams_per_client(mut self, max: usize) -> Self {
        self.max_streams_per_client = max;
        self
    }

    /// Sets how many unread sessions and unfetched results one client address may hold.
    pub fn max_pending_per_client(mut self, max: usize) -> Self {
        self.max_pending_per_client = max;
        self
    }

    /// Sets the upload quotas: per request, per client address, and in all.
    pub fn upload_quotas(mut self, per_request: u64, per_client: u64, total: u64) -> Self {
        self.max_upload_request_bytes = per_request;
        self.max_upload_bytes_per_client = per_client;
        self.max_upload_total_bytes = total;
        self
    }

    /// Sets the output caps: the bytes of one session's output files, and of all sessions'.
    pub fn output_quotas(mut self, per_session: u64, total: u64) -> Self {
        self.max_output_bytes_per_session = per_session;
        self.max_output_total_bytes = total;
        self
    }

    /// Sets the most samples an uploaded sound may decode to.
    pub fn max_audio_samples(mut self, max: u64) -> Self {
        self.max_audio_samples = max;
        self
    }

    pub(crate) fn media_limits(&self) -> crate::media::quota::MediaLimits {
        crate::media::quota::MediaLimits {
            output_per_session: self.max_output_bytes_per_session,
            output_total: self.max_output_total_bytes,
            audio_samples: self.max_audio_samples,
        }
    }

    /// Sets how long a file uploaded without a session is kept.
    pub fn upload_ttl(mut self, ttl: Duration) -> Self {
        self.upload_ttl = ttl;
        self
    }

    /// Sets the trusted proxies (see [`ServerConfig::trusted_proxies`]).
    pub fn trusted_proxies(mut self, proxies: Vec<crate::server::ProxyNet>) -> Self {
        self.trusted_proxies = proxies;
        self
    }

    /// Sets the public path or URL the server is reached at (see [`ServerConfig::root_path`]).
    pub fn root_path(mut self, root: impl Into<String>) -> Self {
        self.root_path = Some(root.into());
        self
    }

    /// Sets how many failed logins one client address may make per `window`.
    pub fn failed_logins(mut self, max: usize, window: Duration) -> Self {
        self.max_failed_logins = max;
        self.login_window = window;
        self
    }

    pub(crate) fn proxies(&self) -> crate::server::proxy::Proxies<'_> {
        crate::server::proxy::Proxies {
            trusted: &self.trusted_proxies,
            root_path: self.root_path.as_deref(),
        }
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

/// Sets `slot` from the environment variable `var` when it is set.
fn env_number<T: std::str::FromStr>(var: &'static str, slot: &mut T) -> Result<(), ConfigError> {
    if let Ok(value) = std::env::var(var) {
        *slot = value
            .trim()
            .parse()
            .map_err(|_| ConfigError::BadNumber { var, value })?;
    }
    Ok(())
}
