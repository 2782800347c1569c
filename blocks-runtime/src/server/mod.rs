//! The HTTP server: Gradio's API (protocol `sse_v3`) on actix-web, so the official
//! `gradio_client`, the JS client and curl can call any blocks app.
//!
//! ```no_run
//! # use blocks_runtime::prelude::*;
//! # fn app() -> App { Blocks::new().build() }
//! fn main() -> std::io::Result<()> {
//!     app().launch() // serves http://127.0.0.1:7860 (BLOCKS_SERVER_NAME / _PORT override)
//! }
//! ```

mod config;
mod error;
mod files;
mod info;
mod messages;
mod queue;
mod routes;
mod streams;

pub use config::{ConfigError, ServerConfig};
pub use error::ProtocolError;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::{web, HttpServer};
use parking_lot::Mutex;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::app::App;
use messages::EventMessage;
use queue::Queue;

/// How long a curl event's messages wait for their `GET` before they are dropped.
const CURL_TTL: Duration = Duration::from_secs(600);

/// What every request handler shares.
pub(crate) struct Shared {
    pub(crate) app: App,
    pub(crate) config: ServerConfig,
    pub(crate) queue: Arc<Queue>,
    pub(crate) upload_dir: PathBuf,
    /// Whether a handler takes the request; otherwise events skip copying headers.
    pub(crate) reads_requests: bool,
    /// The page (`GET /`), rendered once.
    pub(crate) page: bytes::Bytes,
    curl: Mutex<HashMap<String, (Instant, UnboundedReceiver<EventMessage>)>>,
}

impl Shared {
    pub(crate) fn store_curl(&self, event_id: String, rx: UnboundedReceiver<EventMessage>) {
        let mut curl = self.curl.lock();
        if curl.len() > 1_000 {
            let now = Instant::now();
            curl.retain(|_, (at, _)| now.duration_since(*at) < CURL_TTL);
        }
        curl.insert(event_id, (Instant::now(), rx));
    }

    pub(crate) fn take_curl(&self, event_id: &str) -> Option<UnboundedReceiver<EventMessage>> {
        self.curl.lock().remove(event_id).map(|(_, rx)| rx)
    }
}

/// A running server: its address, and a way to stop it.
pub struct ServerHandle {
    addr: SocketAddr,
    handle: actix_web::dev::ServerHandle,
    done: tokio::task::JoinHandle<std::io::Result<()>>,
    sweeper: tokio::task::AbortHandle,
}

impl std::fmt::Debug for ServerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerHandle")
            .field("addr", &self.addr)
            .finish()
    }
}

impl ServerHandle {
    /// The address the server listens on (with the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://host:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server, letting requests in flight finish.
    pub async fn stop(self) {
        self.sweeper.abort();
        self.handle.stop(true).await;
        let _ = self.done.await;
    }

    /// Waits until the server stops (Ctrl-C stops it gracefully).
    pub async fn wait(self) -> std::io::Result<()> {
        let result = match self.done.await {
            Ok(result) => result,
            Err(err) => Err(std::io::Error::other(err)),
        };
        self.sweeper.abort();
        result
    }
}

impl App {
    /// Serves the app on `127.0.0.1:7860` (or `BLOCKS_SERVER_NAME`/`BLOCKS_SERVER_PORT`),
    /// prints its URL and runs until Ctrl-C.
    pub fn launch(&self) -> std::io::Result<()> {
        let config = ServerConfig::from_env().map_err(std::io::Error::other)?;
        self.launch_with(config)
    }

    /// [`App::launch`] with explicit settings.
    pub fn launch_with(&self, config: ServerConfig) -> std::io::Result<()> {
        if self.browser_state_is_ephemeral() {
            eprintln!(
                "warning: BLOCKS_SECRET is not set, so a random secret seals BrowserState values: \
                 they will not survive a restart. Set BLOCKS_SECRET (or Blocks::secret) to keep them."
            );
        }
        actix_web::rt::System::new().block_on(async move {
            let handle = self.serve(config).await?;
            println!("* Running on local URL:  {}", handle.url());
            handle.wait().await
        })
    }

    /// Starts serving in the background of the current async runtime and returns a handle
    /// (bind to port 0 in tests and read [`ServerHandle::addr`]).
    pub async fn serve(&self, config: ServerConfig) -> std::io::Result<ServerHandle> {
        let addr = config.address().map_err(std::io::Error::other)?;
        let upload_dir = config.upload_dir.clone().unwrap_or_else(|| {
            std::env::temp_dir().join(format!("blocks-uploads-{:016x}", self.app_id()))
        });
        std::fs::create_dir_all(&upload_dir)?;
        let shared = web::Data::new(Shared {
            app: self.clone(),
            queue: Arc::new(Queue::new(self.clone(), config.max_queue)),
            upload_dir,
            reads_requests: self.def.reads_requests(),
            page: crate::frontend::page_html(
                self.title(),
                &crate::frontend::page_config(self.config(), &self.def.render_limits),
            ),
            curl: Mutex::new(HashMap::new()),
            config: config.clone(),
        });
        let payload_limit = config.max_body_bytes;
        let data = shared.clone();
        let server = HttpServer::new(move || {
            actix_web::App::new()
                .app_data(data.clone())
                .app_data(web::PayloadConfig::new(payload_limit))
                .configure(routes::configure)
        })
        .workers(config.workers)
        .shutdown_timeout(5)
        .bind(addr)?;
        let addr = server.addrs().first().copied().unwrap_or(addr);
        let server = server.run();
        let handle = server.handle();
        let done = tokio::spawn(server);
        let sweeper = {
            let shared = shared.clone();
            let every = config.sweep_interval;
            tokio::spawn(async move {
                let mut ticker = tokio::time::interval(every);
                loop {
                    ticker.tick().await;
                    let expired = shared.app.sessions().sweep();
                    if !expired.is_empty() {
                        tracing::debug!(count = expired.len(), "freed expired sessions");
                    }
                    shared
                        .queue
                        .sweep(shared.app.sessions().settings().ttl_after_close);
                }
            })
            .abort_handle()
        };
        Ok(ServerHandle {
            addr,
            handle,
            done,
            sweeper,
        })
    }
}
