//! `tools/call`: a tool call runs its endpoint as `/run` does (under the queue's limits) in the
//! MCP session's blocks session; progress and streamed items become `notifications/progress`
//! when the client asked for them, and every failure is a tool error (`isError`), never a
//! protocol error, except an unknown tool.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde_json::{json, Value};
use tokio::sync::mpsc::UnboundedSender;

use super::{content, files, jsonrpc, tools};
use crate::engine::EventRequest;
use crate::event::{Notice, ProgressUpdate, RequestInfo};
use crate::server::Shared;
use crate::session::SessionId;

/// Where a tool call runs and reports.
pub(crate) struct Context {
    /// The MCP session's blocks session; `None`: a one-shot session.
    pub(crate) session: Option<SessionId>,
    /// `scheme://host` as the client reached the server, for file URLs.
    pub(crate) root: String,
    /// The request's headers, for handlers that read them.
    pub(crate) info: RequestInfo,
    /// Where notifications go.
    pub(crate) notify: UnboundedSender<Value>,
}

/// Answers `tools/call`: the `CallToolResult`, or a JSON-RPC error for an unknown tool.
pub(crate) async fn call_tool(
    shared: &Shared,
    params: &Value,
    context: Context,
) -> Result<Value, (i64, String)> {
    let api = shared.app.api();
    let name = params.get("name").and_then(Value::as_str).ok_or((
        jsonrpc::INVALID_PARAMS,
        "tools/call needs a tool \"name\"".into(),
    ))?;
    let endpoint = tools::find(api, name).ok_or_else(|| {
        (
            jsonrpc::INVALID_PARAMS,
            format!("unknown tool {name:?}; tools/list names the tools"),
        )
    })?;
    let arguments = params.get("arguments").cloned().unwrap_or(Value::Null);
    let mut data = match tools::inputs(endpoint, arguments) {
        Ok(data) => data,
        Err(err) => return Ok(tool_error(&err.to_string())),
    };
    let (session, one_shot) = match context.session {
        Some(session) => (session, false),
        None => (SessionId::random(), true),
    };
    let uploader = files::Uploader {
        shared,
        client: context.info.client.as_deref().and_then(|c| c.parse().ok()),
        session: &session,
    };
    for parameter in &endpoint.parameters {
        if let Some(slot) = data.get_mut(parameter.position) {
            match uploader.input(&parameter.name, &parameter.schema, slot.take()) {
                Ok(value) => *slot = value,
                Err(err) => return Ok(tool_error(&err.to_string())),
            }
        }
    }
    let dependency = endpoint.dependency;
    if let Err(err) = shared.app.check_inputs(dependency, &data) {
        return Ok(tool_error(&err.to_string()));
    }
    let token = params.pointer("/_meta/progressToken").cloned();
    let mut request = EventRequest::new(session, dependency, data)
        .with_info(context.info)
        .one_shot(one_shot);
    if let Some(token) = token {
        request = request.with_reporter(progress_reporter(token, context.notify));
    }
    let outcome = match shared
        .queue
        .direct(dependency, shared.app.run(request))
        .await
    {
        Err(err) => return Ok(tool_error(&err.to_string())),
        Ok(Err(err)) => return Ok(tool_error(&err.to_string())),
        Ok(Ok(outcome)) => outcome,
    };
    let outputs = shared
        .app
        .def
        .dependency(dependency)
        .map(|d| d.outputs.clone())
        .unwrap_or_default();
    let mut items = Vec::new();
    for (id, value) in outputs.iter().zip(&outcome.outputs) {
        if !endpoint.returns.iter().any(|r| r.component_id == *id) {
            continue; // A State output: not part of the API.
        }
        let value = match value.get("__type__").and_then(Value::as_str) {
            Some("update") => match value.get("value") {
                Some(v) => v,
                None => continue, // A prop update without a value.
            },
            _ => value,
        };
        items.extend(content::of_value(value, &context.root, &shared.upload_dir));
    }
    Ok(json!({"content": items, "isError": false}))
}

/// A tool error: the message for the agent to read.
fn tool_error(message: &str) -> Value {
    json!({"content": [{"type": "text", "text": message}], "isError": true})
}

/// Sends the event's progress and streamed items as `notifications/progress` for `token`,
/// with Gradio's messages.
fn progress_reporter(token: Value, notify: UnboundedSender<Value>) -> crate::event::Reporter {
    let step = AtomicU64::new(0);
    Arc::new(move |notice| {
        let message = match &notice {
            Notice::Progress(update) => progress_message(update),
            Notice::Generating(..) => "Processing".to_owned(),
            Notice::Log { .. } => return,
        };
        let progress = step.fetch_add(1, Ordering::AcqRel);
        // A closed channel: the client is gone, and so is the interest in progress.
        let _ = notify.send(jsonrpc::notification(
            "notifications/progress",
            json!({"progressToken": token, "progress": progress, "message": message}),
        ));
    })
}

/// Gradio's words for a progress update (`Progress thinking: Step 2 of 3`).
fn progress_message(update: &ProgressUpdate) -> String {
    let title = match &update.desc {
        Some(desc) => format!("Progress {desc}"),
        None => "Progress".to_owned(),
    };
    match (update.index, update.length, update.progress) {
        (Some(i), Some(n), _) => format!("{title}: Step {i} of {n}"),
        (Some(i), None, _) => format!("{title}: Step {i}"),
        (None, _, Some(fraction)) => format!("{title}: {:.0}%", fraction * 100.0),
        _ => title,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_as_gradio_writes_it() {
        let update = |index, length, progress, desc: Option<&str>| ProgressUpdate {
            progress,
            index,
            length,
            unit: "steps".into(),
            desc: desc.map(str::to_owned),
        };
        let thinking = update(Some(2), Some(3), None, Some("thinking"));
        assert_eq!(
            progress_message(&thinking),
            "Progress thinking: Step 2 of 3"
        );
        assert_eq!(
            progress_message(&update(Some(4), None, None, None)),
            "Progress: Step 4"
        );
        assert_eq!(
            progress_message(&update(None, None, Some(0.5), None)),
            "Progress: 50%"
        );
    }
}
