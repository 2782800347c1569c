//! The MCP methods this server answers: `initialize`, `ping`, `tools/list`, `tools/call`.

use serde_json::{json, Value};

use super::{call, jsonrpc, tools};
use crate::server::Shared;

/// The protocol revisions this server speaks, oldest first; the last is offered to clients
/// that ask for another.
pub(crate) const PROTOCOL_VERSIONS: [&str; 4] =
    ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"];

/// The answer to the request `id` (a result or an error).
pub(crate) async fn answer(
    shared: &Shared,
    id: &Value,
    method: &str,
    params: &Value,
    context: call::Context,
) -> Value {
    let result = match method {
        "initialize" => Ok(initialize(shared, params)),
        "ping" => Ok(json!({})),
        "tools/list" => Ok(json!({
            "tools": tools::endpoints(shared.app.api()).map(tools::tool).collect::<Vec<_>>()
        })),
        "tools/call" => call::call_tool(shared, params, context).await,
        other => Err((
            jsonrpc::METHOD_NOT_FOUND,
            format!(
                "this server has no method {other:?}; it offers tools (tools/list, tools/call)"
            ),
        )),
    };
    match result {
        Ok(result) => jsonrpc::result(id, result),
        Err((code, message)) => jsonrpc::error(id, code, &message),
    }
}

fn initialize(shared: &Shared, params: &Value) -> Value {
    let asked = params.get("protocolVersion").and_then(Value::as_str);
    let version = asked
        .filter(|v| PROTOCOL_VERSIONS.contains(v))
        .unwrap_or(PROTOCOL_VERSIONS[PROTOCOL_VERSIONS.len() - 1]);
    let title = shared.app.title();
    json!({
        "protocolVersion": version,
        "capabilities": {"tools": {"listChanged": false}},
        "serverInfo": {
            "name": if title.is_empty() { "blocks app" } else { title },
            "version": env!("CARGO_PKG_VERSION"),
        },
    })
}
