//! Protocol errors and the one place they become HTTP responses.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::{json, Value};

use crate::event::{EventError, InputError};
use crate::session::{SessionError, SessionIdError};

/// Why a request was refused.
#[derive(Debug, thiserror::Error)]
pub enum ProtocolError {
    /// `queue/join` without `session_hash`.
    #[error("Session hash not found.")]
    NoSessionHash,
    /// `queue/join` without `fn_index`.
    #[error("No function index provided.")]
    NoFnIndex,
    /// The session id is not acceptable.
    #[error("invalid session_hash: {0}")]
    BadSessionId(#[from] SessionIdError),
    /// No dependency has this `fn_index`.
    #[error("no event with fn_index {0}; /config lists the dependencies")]
    UnknownFnIndex(usize),
    /// No endpoint has this name.
    #[error("no endpoint named /{0}; /gradio_api/info lists them")]
    UnknownApiName(String),
    /// The body is not the JSON the route takes.
    #[error("{0}")]
    InvalidJson(String),
    /// An input value was missing or of the wrong type.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Too many events are queued.
    #[error("Queue is full. Max size is {max} and size is {size}.")]
    QueueFull {
        /// The limit.
        max: usize,
        /// How many are queued.
        size: usize,
    },
    /// The session store is full of open sessions.
    #[error(transparent)]
    Sessions(#[from] SessionError),
    /// The body is too large.
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    /// A file that is not there (or not ours to serve).
    #[error("file not found: {0}")]
    FileNotFound(String),
    /// An upload that could not be read or stored.
    #[error("upload failed: {0}")]
    Upload(String),
}

impl From<EventError> for ProtocolError {
    fn from(err: EventError) -> Self {
        match err {
            EventError::UnknownDependency(i) => ProtocolError::UnknownFnIndex(i),
            EventError::Input(e) => ProtocolError::Input(e),
            EventError::Session(e) => ProtocolError::Sessions(e),
            other => ProtocolError::InvalidJson(other.to_string()),
        }
    }
}

impl ResponseError for ProtocolError {
    fn status_code(&self) -> StatusCode {
        match self {
            ProtocolError::NoSessionHash
            | ProtocolError::NoFnIndex
            | ProtocolError::BadSessionId(_)
            | ProtocolError::Upload(_) => StatusCode::BAD_REQUEST,
            ProtocolError::UnknownFnIndex(_)
            | ProtocolError::UnknownApiName(_)
            | ProtocolError::FileNotFound(_) => StatusCode::NOT_FOUND,
            ProtocolError::InvalidJson(_) | ProtocolError::Input(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ProtocolError::QueueFull { .. } | ProtocolError::Sessions(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ProtocolError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let detail: Value = match self {
            ProtocolError::InvalidJson(msg) => {
                json!([{"type": "json_invalid", "loc": ["body"], "msg": msg}])
            }
            ProtocolError::Input(InputError::WrongType {
                parameter,
                position,
                component,
                label,
                expected,
                got,
                ..
            }) => json!([{
                "__type__": "validate",
                "is_valid": false,
                "parameter_name": parameter,
                "message": format!("expects {expected}, got {got}"),
                "type": "wrong_type",
                "loc": ["body", "data", position],
                "msg": self.to_string(),
                "component": component,
                "label": label,
                "expected": expected,
                "got": got,
            }]),
            ProtocolError::Input(InputError::Missing { expected, got }) => json!([{
                "__type__": "validate",
                "is_valid": false,
                "message": self.to_string(),
                "type": "missing",
                "loc": ["body", "data"],
                "msg": self.to_string(),
                "expected": expected,
                "got": got,
            }]),
            other => json!(other.to_string()),
        };
        HttpResponse::build(self.status_code()).json(json!({ "detail": detail }))
    }
}

/// Parses a JSON body, naming what is wrong.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ProtocolError> {
    serde_json::from_slice(body).map_err(|err| {
        ProtocolError::InvalidJson(format!("the body is not valid JSON for this route: {err}"))
    })
}
