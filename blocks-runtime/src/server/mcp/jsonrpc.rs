//! JSON-RPC 2.0 as MCP uses it: one message per HTTP body (or SSE event), requests with an
//! `id`, notifications without, and the error codes the specification names.

use serde_json::{json, Value};

/// The body could not be read as JSON.
pub(crate) const PARSE_ERROR: i64 = -32700;
/// The JSON is not a JSON-RPC message.
pub(crate) const INVALID_REQUEST: i64 = -32600;
/// No such method.
pub(crate) const METHOD_NOT_FOUND: i64 = -32601;
/// The parameters are wrong (an unknown tool).
pub(crate) const INVALID_PARAMS: i64 = -32602;

/// One incoming message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Incoming {
    /// A request: answer it with the same `id`.
    Request {
        id: Value,
        method: String,
        params: Value,
    },
    /// A notification (or a client's response to a server request): no answer.
    Notification { method: String },
}

/// Why a message is not one.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub(crate) enum MessageError {
    /// Not JSON.
    #[error("the body is not JSON: {0}")]
    Parse(String),
    /// JSON, but not a JSON-RPC 2.0 message.
    #[error("not a JSON-RPC 2.0 message: {0}")]
    Invalid(&'static str),
}

impl MessageError {
    /// The JSON-RPC error answering it (`id` null: the id could not be read).
    pub(crate) fn response(&self) -> Value {
        let code = match self {
            MessageError::Parse(_) => PARSE_ERROR,
            MessageError::Invalid(_) => INVALID_REQUEST,
        };
        error(&Value::Null, code, &self.to_string())
    }
}

/// Reads one message.
pub(crate) fn parse(body: &[u8]) -> Result<Incoming, MessageError> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| MessageError::Parse(e.to_string()))?;
    let Value::Object(mut map) = value else {
        return Err(MessageError::Invalid(
            "expected one object (batches are not supported)",
        ));
    };
    if map.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(MessageError::Invalid("\"jsonrpc\" must be \"2.0\""));
    }
    let method = match map.remove("method") {
        Some(Value::String(m)) => Some(m),
        Some(_) => return Err(MessageError::Invalid("\"method\" must be a string")),
        None => None,
    };
    let id = map.remove("id").filter(|id| !id.is_null());
    if let Some(id) = &id {
        if !(id.is_string() || id.is_number()) {
            return Err(MessageError::Invalid("\"id\" must be a string or a number"));
        }
    }
    match (id, method) {
        (Some(id), Some(method)) => Ok(Incoming::Request {
            id,
            method,
            params: map.remove("params").unwrap_or_else(|| json!({})),
        }),
        (None, Some(method)) => Ok(Incoming::Notification { method }),
        // A response to a request of ours: this server sends none, so there is nothing to do.
        (Some(_), None) if map.contains_key("result") || map.contains_key("error") => {
            Ok(Incoming::Notification {
                method: String::new(),
            })
        }
        _ => Err(MessageError::Invalid("a request needs a \"method\"")),
    }
}

/// A successful answer.
pub(crate) fn result(id: &Value, result: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "result": result})
}

/// An error answer.
pub(crate) fn error(id: &Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// A notification from the server.
pub(crate) fn notification(method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "method": method, "params": params})
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn requests_notifications_and_bad_messages_are_told_apart() {
        let request = parse(br#"{"jsonrpc":"2.0","id":7,"method":"tools/list"}"#).unwrap();
        assert_eq!(
            request,
            Incoming::Request {
                id: json!(7),
                method: "tools/list".into(),
                params: json!({})
            }
        );
        let note = parse(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).unwrap();
        assert!(matches!(note, Incoming::Notification { .. }));
        assert!(matches!(parse(b"{"), Err(MessageError::Parse(_))));
        assert!(matches!(parse(b"[1]"), Err(MessageError::Invalid(_))));
        assert!(matches!(
            parse(br#"{"jsonrpc":"1.0","id":1,"method":"x"}"#),
            Err(MessageError::Invalid(_))
        ));
        assert!(matches!(
            parse(br#"{"jsonrpc":"2.0","id":{},"method":"x"}"#),
            Err(MessageError::Invalid(_))
        ));
        assert_eq!(
            MessageError::Parse("eof".into()).response()["error"]["code"],
            PARSE_ERROR
        );
    }
}
