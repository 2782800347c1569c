//! The older SSE transport (MCP 2024-11-05), which Gradio still serves: `GET
//! /gradio_api/mcp/sse` opens a stream whose first event names the URL to POST messages to
//! (`endpoint`); each POST is accepted with 202 and answered on the stream (`message`).
//! Also the SSE framing both transports use.

use std::time::Duration;

use actix_web::{web, HttpRequest, HttpResponse};
use bytes::Bytes;
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

use super::{call, jsonrpc, methods, Mcp};
use crate::server::error::ProtocolError;
use crate::server::routes::{request_info, root_url};
use crate::server::{guard, Shared};

/// One JSON-RPC message as an SSE `message` event.
pub(super) fn message_frame(message: &Value) -> Bytes {
    Bytes::from(format!("event: message\ndata: {message}\n\n"))
}

/// An SSE response streaming `body`.
pub(super) fn response(
    body: impl Stream<Item = Result<Bytes, actix_web::Error>> + 'static,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("cache-control", "no-cache"))
        .insert_header(("x-accel-buffering", "no"))
        .streaming(body)
}

/// The frames of `rx` until it closes; with `keepalive`, an SSE comment after each quiet
/// interval so proxies keep the stream open.
pub(super) fn frames(
    rx: UnboundedReceiver<Bytes>,
    keepalive: Option<Duration>,
) -> impl Stream<Item = Result<Bytes, actix_web::Error>> {
    stream::unfold(rx, move |mut rx| async move {
        let next = match keepalive {
            Some(every) => match tokio::time::timeout(every, rx.recv()).await {
                Ok(frame) => frame,
                Err(_) => Some(Bytes::from_static(b": ping\n\n")),
            },
            None => rx.recv().await,
        };
        next.map(|frame| (Ok(frame), rx))
    })
}

/// Ends the SSE session when its stream is dropped (the client went away).
struct Closer {
    mcp: web::Data<Mcp>,
    id: String,
    _slot: Option<crate::server::clients::ClientSlot>,
}

impl Drop for Closer {
    fn drop(&mut self) {
        self.mcp.sessions.close(&self.id);
    }
}

/// `GET /gradio_api/mcp/sse`: opens a session and its stream.
pub(super) async fn open(
    shared: web::Data<Shared>,
    mcp: web::Data<Mcp>,
    req: HttpRequest,
) -> Result<HttpResponse, ProtocolError> {
    let slot = shared
        .streams_per_client
        .take(crate::server::routes::client(&shared, &req))?;
    let (tx, rx) = unbounded_channel();
    let id = match mcp.sessions.open(Some(tx.clone())) {
        Ok(id) => id,
        Err(full) => {
            return Ok(HttpResponse::ServiceUnavailable().json(json!({"detail": full.to_string()})))
        }
    };
    // The app's public path (a proxy's prefix and the mount path), so that a client behind a
    // proxy at a sub-path posts where the proxy forwards to this app.
    let base = format!(
        "{}gradio_api/mcp",
        crate::server::mount::public_path(&shared, &req)
    );
    let endpoint = format!("{base}/messages/?session_id={id}");
    let _ = tx.send(Bytes::from(format!(
        "event: endpoint\ndata: {endpoint}\n\n"
    )));
    let closer = Closer {
        mcp: mcp.clone(),
        id,
        _slot: slot,
    };
    let body = frames(rx, Some(shared.config.heartbeat_interval));
    let body = futures_util::StreamExt::map(body, move |frame| {
        let _ = &closer;
        frame
    });
    Ok(response(body))
}

#[derive(Deserialize)]
pub(super) struct SessionQuery {
    session_id: Option<String>,
}

/// `POST /gradio_api/mcp/messages/?session_id=…`: one message of an SSE session.
pub(super) async fn message(
    shared: web::Data<Shared>,
    mcp: web::Data<Mcp>,
    req: HttpRequest,
    query: web::Query<SessionQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ProtocolError> {
    let Some(id) = query.into_inner().session_id else {
        return Ok(HttpResponse::BadRequest().json(json!({"detail": "session_id is required"})));
    };
    let Some(found) = mcp.sessions.get(&id) else {
        return Ok(HttpResponse::NotFound().json(json!({"detail": "Could not find session"})));
    };
    let Some(stream) = found.stream else {
        return Ok(HttpResponse::NotFound().json(json!({
            "detail": "this session uses the streamable HTTP transport; POST to /gradio_api/mcp/"
        })));
    };
    let body = guard::json_body(&shared, &req, payload).await?;
    let (id, method, params) = match jsonrpc::parse(&body) {
        Err(err) => return Ok(HttpResponse::BadRequest().json(err.response())),
        Ok(jsonrpc::Incoming::Notification { .. }) => {
            return Ok(HttpResponse::Accepted().body("Accepted"))
        }
        Ok(jsonrpc::Incoming::Request { id, method, params }) => (id, method, params),
    };
    let (notify, notes) = unbounded_channel();
    let context = call::Context {
        session: Some(found.blocks),
        root: root_url(&shared, &req),
        info: request_info(&shared, &req),
        notify,
    };
    actix_web::rt::spawn(answer_streamed(
        shared, id, method, params, context, notes, stream,
    ));
    Ok(HttpResponse::Accepted().body("Accepted"))
}

/// Answers a request, sending its notifications and then its answer to `out` as SSE frames.
pub(super) async fn answer_streamed(
    shared: web::Data<Shared>,
    id: Value,
    method: String,
    params: Value,
    context: call::Context,
    mut notes: UnboundedReceiver<Value>,
    out: UnboundedSender<Bytes>,
) {
    let forward = async {
        // Ends when the call is over and its reporter, the last sender, is dropped.
        while let Some(note) = notes.recv().await {
            let _ = out.send(message_frame(&note));
        }
    };
    let answer = methods::answer(&shared, &id, &method, &params, context);
    let (answer, ()) = futures_util::future::join(answer, forward).await;
    let _ = out.send(message_frame(&answer));
}
