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

mod auth;
mod clients;
mod config;
mod error;
mod files;
mod gradio_page;
mod guard;
mod login;
mod mcp;
mod messages;
mod mount;
mod proxy;
mod queue;
#[cfg(feature = "redis")]
mod relay;
mod routes;
mod sink;
mod streams;
mod template;
mod uploads;

pub use auth::{Auth, AuthError};
pub use config::{ConfigError, ServerConfig};
pub use error::ProtocolError;
pub use gradio_page::GradioPageError;
pub use mount::Mount;
pub use proxy::ProxyNet;
pub use template::TemplateError;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use actix_web::HttpServer;
use parking_lot::Mutex;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::app::App;
use clients::{ClientSlot, PerClient};
use queue::Queue;
use sink::{Backlog, CurlFrame};

/// A curl event's messages, waiting for their `GET`.
pub(crate) struct Unfetched {
    at: Instant,
    rx: UnboundedReceiver<CurlFrame>,
    backlog: Arc<Backlog>,
    _slot: Option<ClientSlot>,
}

/// What every request handler shares.
pub(crate) struct Shared {
    pub(crate) app: App,
    pub(crate) config: ServerConfig,
    pub(crate) queue: Arc<Queue>,
    pub(crate) upload_dir: PathBuf,
    pub(crate) uploads: uploads::Uploads,
    /// Streams each client address holds open.
    pub(crate) streams_per_client: Arc<PerClient>,
    /// Unread buffers and unfetched results each client address holds.
    pub(crate) pending_per_client: Arc<PerClient>,
    /// Whether a handler takes the request; otherwise events skip copying headers.
    pub(crate) reads_requests: bool,
    /// Whether the app has file-valued components; only then do events carry the public root.
    pub(crate) has_file_kinds: bool,
    /// The page (`GET /`), rendered once.
    pub(crate) page: bytes::Bytes,
    /// The browser modules of the app's own component kinds.
    pub(crate) modules: crate::frontend::KindModules,
    /// Gradio's page, served at `/` instead of blocks' own when configured.
    pub(crate) gradio_page: Option<gradio_page::GradioPage>,
    /// Failed logins per client address, to slow guessing.
    pub(crate) logins: auth::FailedLogins,
    pub(crate) curl: Arc<Mutex<HashMap<String, Unfetched>>>,
}

impl Shared {
    /// Starts a curl event through `join` (which returns its messages' receiver), within the
    /// limits on results waiting for their `GET`, and keeps its messages for the `GET`.
    ///
    /// With a relay the messages wait in Redis for a `GET` on any replica; the record here
    /// (which counts against the limits) goes when that `GET` has read them, wherever it ran.
    pub(crate) fn start_curl(
        &self,
        event_id: &str,
        client: Option<std::net::IpAddr>,
        join: impl FnOnce() -> Result<(UnboundedReceiver<CurlFrame>, Arc<Backlog>), ProtocolError>,
    ) -> Result<(), ProtocolError> {
        let max = self.config.max_unfetched_results;
        let mut curl = self.curl.lock();
        if curl.len() >= max {
            let ttl = self.config.unfetched_ttl;
            let now = Instant::now();
            curl.retain(|_, u| now.duration_since(u.at) < ttl);
            if curl.len() >= max {
                return Err(ProtocolError::UnfetchedResults(max));
            }
        }
        let slot = self.pending_per_client.take(client)?;
        let (rx, backlog) = join()?;
        curl.insert(
            event_id.to_owned(),
            Unfetched {
                at: Instant::now(),
                rx,
                backlog,
                _slot: slot,
            },
        );
        Ok(())
    }

    pub(crate) fn take_curl(
        &self,
        event_id: &str,
    ) -> Option<(UnboundedReceiver<CurlFrame>, Arc<Backlog>)> {
        let local = self.curl.lock().remove(event_id).map(|u| (u.rx, u.backlog));
        // With a relay the messages wait in Redis, for a `GET` on any replica.
        #[cfg(feature = "redis")]
        if let Some(relay) = self.queue.relay() {
            return Some(relay.curl(event_id));
        }
        local
    }

    /// Drops curl results nobody fetched in time.
    fn sweep_curl(&self) {
        let ttl = self.config.unfetched_ttl;
        let now = Instant::now();
        self.curl
            .lock()
            .retain(|_, u| now.duration_since(u.at) < ttl);
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
        if let Some(unstored) = self.unstored_states().filter(|n| *n > 0) {
            eprintln!(
                "warning: this app has a session store, but {unstored} of its states are not \
                 stored (State::new / State::with): their values stay in this process, so \
                 replicas behind a load balancer need sticky routing (see docs/scale_out.md)."
            );
        }
        actix_web::rt::System::new().block_on(async move {
            let handle = self.serve(config.clone()).await?;
            println!("* Running on local URL:  {}", handle.url());
            if mcp::enabled(self, &config) {
                println!("{}", mcp::banner(&handle.url()));
            }
            handle.wait().await
        })
    }

    /// Starts serving in the background of the current async runtime and returns a handle
    /// (bind to port 0 in tests and read [`ServerHandle::addr`]).
    pub async fn serve(&self, config: ServerConfig) -> std::io::Result<ServerHandle> {
        let addr = config.address().map_err(std::io::Error::other)?;
        let workers = config.workers;
        let mount = self.mount(config)?;
        let sweeper = mount.sweeper();
        let server = HttpServer::new(move || actix_web::App::new().service(mount.service("")))
            // Frames go out as soon as they are written: without this, an event's completion
            // frame waits for the client's delayed ACK (about 40 ms).
            .on_connect(|connection, _| {
                if let Some(tcp) = connection.downcast_ref::<actix_web::rt::net::TcpStream>() {
                    // A socket that refuses the option still works, only slower.
                    let _ = tcp.set_nodelay(true);
                }
            })
            .workers(workers)
            .shutdown_timeout(5)
            .bind(addr)?;
        let addr = server.addrs().first().copied().unwrap_or(addr);
        let server = server.run();
        let handle = server.handle();
        let done = tokio::spawn(server);
        Ok(ServerHandle {
            addr,
            handle,
            done,
            sweeper,
        })
    }
}
