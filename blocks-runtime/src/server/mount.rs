//! Mounting an app into an actix-web server of one's own: [`App::mount`] builds the app's
//! server state once, and [`Mount::service`] gives the actix-web scope to add next to one's
//! own routes, in every worker.
//!
//! ```no_run
//! use blocks_runtime::prelude::*;
//! use blocks_runtime::server::ServerConfig;
//! # fn app() -> App { Blocks::new().build() }
//! #[actix_web::main]
//! async fn main() -> std::io::Result<()> {
//!     let demo = app().mount(ServerConfig::from_env().map_err(std::io::Error::other)?)?;
//!     actix_web::HttpServer::new(move || {
//!         actix_web::App::new()
//!             .route("/health", actix_web::web::get().to(|| async { "ok" }))
//!             .service(demo.service("/demo"))
//!     })
//!     .bind("127.0.0.1:8080")?
//!     .run()
//!     .await
//! }
//! ```

use std::collections::HashMap;
use std::sync::Arc;

use actix_web::{web, HttpRequest, HttpResponse};
use parking_lot::Mutex;

use crate::app::App;
use crate::server::clients::PerClient;
use crate::server::queue::{Queue, QueueLimits};
use crate::server::{auth, gradio_page, mcp, routes, uploads, ServerConfig, Shared};

/// The path an app is mounted at (`""` for [`App::launch`], `/demo`), for its public URL.
#[derive(Debug, Clone)]
pub(crate) struct MountPath(pub(crate) String);

/// The public URL of the app's root for this request, without a trailing slash: the scheme,
/// host and prefix the client reached the server at (trusted proxies' `X-Forwarded-*`, or
/// `BLOCKS_ROOT_PATH`), then the app's mount path. `/config`'s `root`, file URLs and the MCP
/// URL all start with it.
pub(crate) fn public_root(shared: &Shared, req: &HttpRequest) -> String {
    let mount = req.app_data::<MountPath>().map_or("", |m| m.0.as_str());
    format!("{}{mount}", shared.config.proxies().server_root(req))
}

/// The path of the app's root as the client sees it, with a trailing slash (`/tools/demo/`):
/// where its cookies belong.
pub(crate) fn public_path(shared: &Shared, req: &HttpRequest) -> String {
    let root = public_root(shared, req);
    let after_scheme = root.split_once("://").map_or(root.as_str(), |(_, r)| r);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    format!("{}/", path.trim_end_matches('/'))
}

/// An app's server state, ready to be served by any number of actix-web workers: cheap to
/// clone into `HttpServer::new`'s closure. Its background sweeper (expired sessions, uploads,
/// unread results) stops when the last clone is dropped.
#[derive(Clone)]
pub struct Mount {
    inner: Arc<MountInner>,
}

struct MountInner {
    shared: web::Data<Shared>,
    serves_gradio_page: bool,
    /// The MCP server's state, when the app offers MCP.
    mcp: Option<web::Data<mcp::Mcp>>,
    sweeper: tokio::task::AbortHandle,
}

impl Drop for MountInner {
    fn drop(&mut self) {
        self.sweeper.abort();
    }
}

impl std::fmt::Debug for Mount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mount")
            .field("app", &self.inner.shared.app.title())
            .finish()
    }
}

impl App {
    /// Builds the app's server state with `config` (its limits, proxies and upload folder;
    /// its host, port and workers are the enclosing server's business) for mounting into an
    /// actix-web server of one's own with [`Mount::service`]. Call it inside the server's
    /// runtime (in `#[actix_web::main]`): it starts a background sweeper there.
    pub fn mount(&self, config: ServerConfig) -> std::io::Result<Mount> {
        let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
            std::io::Error::other(
                "App::mount needs a running Tokio runtime: call it inside #[actix_web::main]",
            )
        })?;
        let shared = web::Data::new(self.shared_state(config)?);
        let serves_gradio_page = shared.gradio_page.is_some();
        let sweeper = runtime.spawn(sweep(shared.clone())).abort_handle();
        let mcp = mcp::state(self, &shared.config);
        Ok(Mount {
            inner: Arc::new(MountInner {
                shared,
                mcp,
                serves_gradio_page,
                sweeper,
            }),
        })
    }

    fn shared_state(&self, config: ServerConfig) -> std::io::Result<Shared> {
        let upload_dir = config
            .upload_dir
            .clone()
            .unwrap_or_else(|| crate::media::store::default_dir(self.app_id()));
        std::fs::create_dir_all(&upload_dir)?;
        self.def.files.set(&upload_dir)?;
        self.def.files.set_limits(config.media_limits());
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
            unread_ttl: config.unread_ttl,
            unfetched_ttl: config.unfetched_ttl,
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
        let queue = Arc::new(Queue::new(self.clone(), queue_limits));
        let curl = Arc::new(Mutex::new(HashMap::new()));
        // A curl result fetched on another replica is no longer waiting here.
        #[cfg(feature = "redis")]
        if let Some(relay) = queue.relay() {
            let curl = Arc::downgrade(&curl);
            relay.on_fetched(Box::new(move |event_id: &str| {
                if let Some(curl) = curl.upgrade() {
                    let _ = curl.lock().remove(event_id);
                }
            }));
        }
        Ok(Shared {
            gradio_page,
            page,
            modules,
            app: self.clone(),
            queue,
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
            has_file_kinds: self.def.has_file_kinds(),
            curl,
            logins: auth::FailedLogins::new(config.max_failed_logins, config.login_window),
            config,
        })
    }
}

impl Mount {
    /// The app as an actix-web scope at `path` (`"/demo"`; `""` for the server's root): add it
    /// with `App::service` in `HttpServer::new`'s closure, next to your own routes. Every
    /// route of the app lives under it (`/demo/`, `/demo/config`, `/demo/gradio_api/…`), and
    /// `/demo` redirects to `/demo/` so that the page's relative URLs resolve.
    pub fn service(&self, path: &str) -> impl actix_web::dev::HttpServiceFactory + 'static {
        let path = format!("/{}", path.trim_matches('/'));
        let path = if path == "/" { String::new() } else { path };
        let gradio_page = self.inner.serves_gradio_page;
        let mut scope = web::scope(&path)
            .app_data(self.inner.shared.clone())
            .app_data(MountPath(path.clone()));
        if let Some(last) = path.rsplit('/').next().filter(|l| !l.is_empty()) {
            let to = format!("{last}/");
            scope = scope.route(
                "",
                web::get().to(move || {
                    let to = to.clone();
                    async move {
                        HttpResponse::PermanentRedirect()
                            .insert_header((actix_web::http::header::LOCATION, to))
                            .finish()
                    }
                }),
            );
        }
        let mcp = self.inner.mcp.clone();
        scope
            .configure(|cfg| mcp::configure(cfg, mcp))
            .configure(|cfg| routes::configure(cfg, gradio_page))
            .wrap(actix_web::middleware::from_fn(auth::require_login))
            .wrap(
                actix_web::middleware::DefaultHeaders::new()
                    .add(("x-content-type-options", "nosniff")),
            )
    }

    pub(crate) fn sweeper(&self) -> tokio::task::AbortHandle {
        self.inner.sweeper.clone()
    }
}

/// Frees what has expired, every `sweep_interval`.
async fn sweep(shared: web::Data<Shared>) {
    let mut ticker = tokio::time::interval(shared.config.sweep_interval);
    loop {
        ticker.tick().await;
        let expired = shared.app.sessions().sweep();
        if !expired.is_empty() {
            tracing::debug!(count = expired.len(), "freed expired sessions");
        }
        // Their stored values are not removed here: other replicas may use the
        // session still, and the store expires them by itself.
        for session in &expired {
            // The session's output files go with it, and their bytes are given back.
            shared.app.def.files.remove_session(session).await;
        }
        shared.queue.sweep(shared.config.unread_ttl);
        shared.sweep_curl();
        shared.logins.sweep();
        let sessions = shared.app.sessions();
        let expired = shared
            .uploads
            .expire(shared.config.upload_ttl, |s| sessions.get(s).is_some());
        for dir in expired {
            // A folder already gone is fine; one that cannot be removed is no longer booked
            // or served.
            let _ = tokio::fs::remove_dir_all(dir).await;
        }
    }
}
