//! The streamable HTTP transport at `/gradio_api/mcp/`: a POST carries one JSON-RPC message;
//! requests are answered with JSON, except `tools/call`, answered with an SSE stream of its
//! progress notifications and then its result. `initialize` opens a session named by the
//! `Mcp-Session-Id` header; DELETE ends it. A browser's GET gets a page telling how to connect.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::{json, Value};
use tokio::sync::mpsc::unbounded_channel;

use super::{call, jsonrpc, methods, sse, tools, Mcp};
use crate::server::error::ProtocolError;
use crate::server::routes::{request_info, root_url};
use crate::server::{guard, Shared};

/// The session header.
const SESSION: &str = "mcp-session-id";

/// The transport's routes: the scope's root with and without `/`, and Gradio's `/http` alias.
pub(super) fn configure(cfg: &mut web::ServiceConfig) {
    for path in ["", "/", "/http", "/http/"] {
        cfg.route(path, web::post().to(post))
            .route(path, web::get().to(get))
            .route(path, web::delete().to(delete));
    }
}

async fn post(
    shared: web::Data<Shared>,
    mcp: web::Data<Mcp>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ProtocolError> {
    let body = guard::json_body(&shared, &req, payload).await?;
    let (id, method, params) = match jsonrpc::parse(&body) {
        Err(err) => return Ok(HttpResponse::BadRequest().json(err.response())),
        Ok(jsonrpc::Incoming::Notification { .. }) => return Ok(HttpResponse::Accepted().finish()),
        Ok(jsonrpc::Incoming::Request { id, method, params }) => (id, method, params),
    };
    let named = req
        .headers()
        .get(SESSION)
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    let (session_id, blocks) = if method == "initialize" {
        let session_id = match mcp.sessions.open(None) {
            Ok(id) => id,
            Err(full) => {
                return Ok(
                    HttpResponse::ServiceUnavailable().json(json!({"detail": full.to_string()}))
                )
            }
        };
        let blocks = mcp.sessions.get(&session_id).map(|f| f.blocks);
        (Some(session_id), blocks)
    } else {
        match named {
            Some(named) => match mcp.sessions.get(&named) {
                Some(found) => (None, Some(found.blocks)),
                None => {
                    let message = format!(
                        "no MCP session {named:?} (it ended, or the server restarted); initialize a new one"
                    );
                    return Ok(HttpResponse::NotFound().json(jsonrpc::error(
                        &id,
                        jsonrpc::INVALID_REQUEST,
                        &message,
                    )));
                }
            },
            // No session: a stateless call, in a one-shot blocks session.
            None => (None, None),
        }
    };
    let (notify, notes) = unbounded_channel();
    let context = call::Context {
        session: blocks,
        root: root_url(&shared, &req),
        info: request_info(&shared, &req),
        notify,
    };
    if method != "tools/call" {
        let answer = methods::answer(&shared, &id, &method, &params, context).await;
        let mut response = HttpResponse::Ok();
        if let Some(session_id) = session_id {
            response.insert_header((SESSION, session_id));
        }
        return Ok(response.json(answer));
    }
    // A tool call: its notifications, then its answer, as an SSE stream.
    let (frames, rx) = unbounded_channel();
    actix_web::rt::spawn(sse::answer_streamed(
        shared, id, method, params, context, notes, frames,
    ));
    Ok(sse::response(sse::frames(rx, None)))
}

async fn get(shared: web::Data<Shared>, req: HttpRequest) -> HttpResponse {
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if accept.contains("text/event-stream") {
        // No server-initiated messages: this server sends nothing unasked.
        return HttpResponse::MethodNotAllowed()
            .insert_header((header::ALLOW, "POST, DELETE"))
            .json(
                json!({"detail": "this MCP server sends no messages unasked; POST requests to it"}),
            );
    }
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(landing_page(&super::url(&root_url(&shared, &req))))
}

async fn delete(mcp: web::Data<Mcp>, req: HttpRequest) -> HttpResponse {
    let named = req.headers().get(SESSION).and_then(|v| v.to_str().ok());
    match named {
        Some(named) if mcp.sessions.close(named) => HttpResponse::Ok().finish(),
        Some(named) => {
            HttpResponse::NotFound().json(json!({"detail": format!("no MCP session {named:?}")}))
        }
        None => HttpResponse::BadRequest()
            .json(json!({"detail": "name the session to end in the Mcp-Session-Id header"})),
    }
}

/// `GET /gradio_api/mcp/schema`: the tools, as Gradio lists them there.
pub(super) async fn schema(shared: web::Data<Shared>) -> HttpResponse {
    let tools: Vec<Value> = tools::endpoints(shared.app.api())
        .map(|endpoint| {
            let mut tool = tools::tool(endpoint);
            tool["meta"] = json!({
                "file_data_present": false,
                "mcp_type": "tool",
                "endpoint_name": endpoint.name,
            });
            tool
        })
        .collect();
    HttpResponse::Ok().json(tools)
}

/// The page a browser gets at the MCP URL.
fn landing_page(url: &str) -> String {
    let config = serde_json::to_string_pretty(&json!({"mcpServers": {"blocks": {"url": url}}}))
        .unwrap_or_default();
    let escape = crate::render::escape_html;
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>MCP server</title></head><body>\
         <h1>MCP server</h1><p>This is a Model Context Protocol server (streamable HTTP). \
         Connect an MCP client to <code>{}</code>, for example with:</p><pre>{}</pre></body></html>",
        escape(url),
        escape(&config)
    )
}
