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

mod clients;
mod config;
mod error;
mod files;
mod gradio_page;
mod guard;
mod messages;
mod queue;
mod routes;
mod sink;
mod streams;
mod template;
mod uploads;

pub use config::{ConfigError, ServerConfig};
pub use error::ProtocolError;
pub use gradio_page::GradioPageError;
pub use template::TemplateError;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use actix_web::{web, HttpServer};
use parking_lot::Mutex;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::app::App;
use clients::{ClientSlot, PerClient};
use queue::{Queue, QueueLimits};
use sink::{Backlog, CurlFrame};

/// A curl event's messages, waiting for their `GET`.
struct Unfetched {
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
    /// The page (`GET /`), rendered once.
    pub(crate) page: bytes::Bytes,
    /// The browser modules of the app's own component kinds.
    pub(crate) modules: crate::frontend::KindModules,
    /// Gradio's page, served at `/` instead of blocks' own when configured.
    pub(crate) gradio_page: Option<gradio_page::GradioPage>,
    curl: Mutex<HashMap<String, Unfetched>>,
}

impl Shared {
    /// Starts a curl event through `join` (which returns its messages' receiver), within the
    /// limits on results waiting for their `GET`, and keeps its messages for the `GET`.
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
        self.curl.lock().remove(event_id).map(|u| (u.rx, u.backlog))
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
        let upload_dir = config
            .upload_dir
            .clone()
            .unwrap_or_else(|| crate::media::store::default_dir(self.app_id()));
        std::fs::create_dir_all(&upload_dir)?;
        self.def.files.set(&upload_dir)?;
        let pending_per_client = PerClient::new(
            config.max_pending_per_client,
            "unread sessions and unfetched results",
            "max_pending_per_client",
        );
        let queue_limits = QueueLimits {
            max_queue: config.max_queue,
            max_unread_sessions: config.max_unread_sessions,
            max_unread_bytes: config.max_unread_bytes,
            pending_per_client: Arc::clone(&pending_per_client),
        };
        let modules = crate::frontend::KindModules::new(self.def.kind_modules());
        let page = crate::frontend::page_html(
            self.title(),
            &crate::frontend::page_config(
                self.config(),
                &self.def.renderers(),
                &self.def.render_limits,
                &modules,
            ),
        );
        let gradio_page = match &config.gradio_frontend {
            Some(dir) => Some(gradio_page::GradioPage::load(dir).map_err(std::io::Error::other)?),
            None => None,
        };
        let serves_gradio_page = gradio_page.is_some();
        let shared = web::Data::new(Shared {
            gradio_page,
            page,
            modules,
            app: self.clone(),
            queue: Arc::new(Queue::new(self.clone(), queue_limits)),
            streams_per_client: PerClient::new(
                config.max_streams_per_client,
                "open streams",
                "max_streams_per_client",
            ),
            pending_per_client,
            upload_dir,
            uploads: uploads::Uploads::new(uploads::Quotas {
                per_file: config.max_file_bytes as u64,
                per_request: config.max_upload_request_bytes,
                per_client: config.max_upload_bytes_per_client,
                total: config.max_upload_total_bytes,
            }),
            reads_requests: self.def.reads_requests(),
            curl: Mutex::new(HashMap::new()),
            config: config.clone(),
        });
        let data = shared.clone();
        let server = HttpServer::new(move || {
            actix_web::App::new()
                .app_data(data.clone())
                .wrap(
                    actix_web::middleware::DefaultHeaders::new()
                        .add(("x-content-type-options", "nosniff")),
                )
                .configure(|cfg| routes::configure(cfg, serves_gradio_page))
        })
        // Frames go out as soon as they are written: without this, an event's completion
        // frame waits for the client's delayed ACK (about 40 ms).
        .on_connect(|connection, _| {
            if let Some(tcp) = connection.downcast_ref::<actix_web::rt::net::TcpStream>() {
                // A socket that refuses the option still works, only slower.
                let _ = tcp.set_nodelay(true);
            }
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
                    for session in &expired {
                        shared.app.forget_stored(session).await;
                        // The session's output files go with it.
                        let _ =
                            tokio::fs::remove_dir_all(shared.app.def.files.session_dir(session))
                                .await;
                    }
                    shared.queue.sweep(shared.config.unread_ttl);
                    shared.sweep_curl();
                    let sessions = shared.app.sessions();
                    let expired = shared
                        .uploads
                        .expire(shared.config.upload_ttl, |s| sessions.get(s).is_some());
                    for dir in expired {
                        // A folder already gone is fine; one that cannot be removed is no
                        // longer booked or served.
                        let _ = tokio::fs::remove_dir_all(dir).await;
                    }
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
