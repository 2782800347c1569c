//! The Model Context Protocol server: every public endpoint as a tool for LLM agents, as
//! Gradio's `launch(mcp_server=True)` does, built from the API model.
//!
//! - `jsonrpc`: messages and error codes;
//! - `tools`: the tool list and a call's arguments as inputs;
//! - `call`: running a tool, progress notifications;
//! - `content`: results as text, image or file content;
//! - `files`: file parameters as URLs (`data:` or this server's file URLs);
//! - `methods`: the methods answered;
//! - `session`: MCP sessions, each with its blocks session;
//! - `http`: the streamable HTTP transport (`/gradio_api/mcp/`);
//! - `sse`: the older SSE transport (`/gradio_api/mcp/sse`).
//!
//! The official Rust SDK (`rmcp`) serves its transports as axum/tower services; this server is
//! actix-web, so the protocol's JSON-RPC is spoken here on the existing server instead, with
//! the app's queue limits, origin guard and body limits applying to it as to the rest of the API.

mod call;
mod content;
mod files;
mod http;
mod jsonrpc;
mod methods;
mod session;
mod sse;
mod tools;

use std::sync::Arc;

use actix_web::web;

use crate::app::{App, AppDef};
use crate::server::ServerConfig;

/// The MCP server's state, shared by the workers.
#[derive(Default)]
pub(crate) struct Mcp {
    sessions: session::McpSessions,
}

/// Whether `app` served with `config` offers MCP.
pub(crate) fn enabled(app: &App, config: &ServerConfig) -> bool {
    app.def.mcp_server || config.mcp_server
}

/// The MCP state when `app` offers MCP.
pub(crate) fn state(app: &App, config: &ServerConfig) -> Option<web::Data<Mcp>> {
    enabled(app, config).then(|| web::Data::new(Mcp::default()))
}

/// Registers the MCP routes under `/gradio_api/mcp` when on (before the API's own scope).
pub(crate) fn configure(cfg: &mut web::ServiceConfig, mcp: Option<web::Data<Mcp>>) {
    let Some(mcp) = mcp else { return };
    cfg.service(
        web::scope("/gradio_api/mcp")
            .app_data(mcp)
            .wrap(actix_web::middleware::from_fn(
                crate::server::guard::cross_site,
            ))
            .route("/sse", web::get().to(sse::open))
            .route("/messages/", web::post().to(sse::message))
            .route("/messages", web::post().to(sse::message))
            .route("/schema", web::get().to(http::schema))
            .configure(http::configure),
    );
}

/// The streamable HTTP URL of the server at `root` (`http://host:port`).
pub(crate) fn url(root: &str) -> String {
    format!("{root}/gradio_api/mcp/")
}

/// What the launch banner says about MCP, as Gradio's does.
pub(crate) fn banner(root: &str) -> String {
    let url = url(root);
    format!("\n🔨 Launching MCP server:\n* Streamable HTTP URL: {url}\n* SSE URL: {url}sse")
}

impl App {
    /// The same app, offering its public endpoints as Model Context Protocol tools at
    /// `/gradio_api/mcp/` (streamable HTTP) and `/gradio_api/mcp/sse` (SSE) when served, as
    /// Gradio's `launch(mcp_server=True)`. `BLOCKS_MCP_SERVER=true` turns it on too.
    ///
    /// ```
    /// use blocks_runtime::prelude::*;
    /// let app = Blocks::new().build().mcp_server(true);
    /// # let _ = app;
    /// ```
    pub fn mcp_server(&self, on: bool) -> App {
        let mut def = AppDef::clone(&self.def);
        def.mcp_server = on;
        App {
            def: Arc::new(def),
            sessions: Arc::clone(&self.sessions),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn the_banner_names_both_transports() {
        assert_eq!(
            super::banner("http://127.0.0.1:7860"),
            "\n🔨 Launching MCP server:\n* Streamable HTTP URL: http://127.0.0.1:7860/gradio_api/mcp/\n* SSE URL: http://127.0.0.1:7860/gradio_api/mcp/sse"
        );
    }
}
