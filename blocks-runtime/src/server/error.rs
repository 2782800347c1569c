//! Protocol errors and the one place they become HTTP responses.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::{json, Value};

use crate::engine::EventError;
use crate::event::InputError;
use crate::session::{SessionError, SessionIdError};

/// Why a request was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
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
    /// The shared session store (Redis) cannot be reached, or another replica holds the
    /// session's states too long.
    #[error(transparent)]
    Store(#[from] crate::session::StoreError),
    /// A body, file or upload is larger than a limit allows.
    #[error("{what} is larger than {max} bytes, the most allowed (ServerConfig::{setting})")]
    TooLarge {
        /// What is too large ("the request body").
        what: &'static str,
        /// The limit.
        max: u64,
        /// The setting that raises it.
        setting: &'static str,
    },
    /// One client address holds as many of something as it may.
    #[error(
        "this client address already holds {max} {what}, the most allowed \
         (ServerConfig::{setting}); close or read some first"
    )]
    ClientLimit {
        /// What it holds ("open streams").
        what: &'static str,
        /// The limit.
        max: usize,
        /// The setting that raises it.
        setting: &'static str,
    },
    /// The server holds as many unread session buffers as it may.
    #[error(
        "{0} sessions have queue messages that no stream reads, the most the server holds \
         (ServerConfig::max_unread_sessions); open /gradio_api/queue/data for your session, or \
         try again later"
    )]
    UnreadSessions(usize),
    /// The session has too many bytes of unread messages.
    #[error(
        "this session has more than {0} bytes of messages that no stream has read \
         (ServerConfig::max_unread_bytes); read them from /gradio_api/queue/data first"
    )]
    Backlog(usize),
    /// The server holds as many unfetched curl results as it may.
    #[error(
        "{0} results of /call requests wait to be fetched, the most the server holds \
         (ServerConfig::max_unfetched_results); fetch them with GET \
         /gradio_api/call/<api_name>/<event_id>, or try again later"
    )]
    UnfetchedResults(usize),
    /// A browser request from a web origin that may not call this app.
    #[error(
        "requests from the web origin {0} are refused: only the app's own pages may call it \
         from a browser (allow other origins with BLOCKS_ALLOWED_ORIGINS)"
    )]
    CrossSite(String),
    /// A body that is not declared as JSON.
    #[error(
        "the body must be JSON sent with Content-Type: application/json, not {0:?} \
         (with curl: -H 'Content-Type: application/json')"
    )]
    NotJson(String),
    /// The body did not arrive in time.
    #[error(
        "the request body did not arrive within {0} s (ServerConfig::body_timeout); send it \
         without pausing"
    )]
    BodyTimeout(u64),
    /// The query string or path could not be read.
    #[error("{0}")]
    BadRequest(String),
    /// No route matches.
    #[error("no route for {0}; the API lives under /gradio_api (see /gradio_api/info)")]
    NoRoute(String),
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
            EventError::Store(e) => ProtocolError::Store(e),
            // Every other error happens once the event runs, and reaches the client in its
            // messages, not as a refused request; this is a fallback that names it.
            other => ProtocolError::BadRequest(other.to_string()),
        }
    }
}

impl ResponseError for ProtocolError {
    fn status_code(&self) -> StatusCode {
        match self {
            ProtocolError::NoSessionHash
            | ProtocolError::NoFnIndex
            | ProtocolError::BadSessionId(_)
            | ProtocolError::BadRequest(_)
            | ProtocolError::Upload(_) => StatusCode::BAD_REQUEST,
            ProtocolError::UnknownFnIndex(_)
            | ProtocolError::UnknownApiName(_)
            | ProtocolError::NoRoute(_)
            | ProtocolError::FileNotFound(_) => StatusCode::NOT_FOUND,
            ProtocolError::CrossSite(_) => StatusCode::FORBIDDEN,
            ProtocolError::NotJson(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ProtocolError::BodyTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            ProtocolError::ClientLimit { .. } => StatusCode::TOO_MANY_REQUESTS,
            ProtocolError::UnreadSessions(_)
            | ProtocolError::Backlog(_)
            | ProtocolError::UnfetchedResults(_) => StatusCode::SERVICE_UNAVAILABLE,
            ProtocolError::InvalidJson(_) | ProtocolError::Input(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            ProtocolError::QueueFull { .. }
            | ProtocolError::Sessions(_)
            | ProtocolError::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
            ProtocolError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
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
                detail,
                ..
            }) => json!([{
                "__type__": "validate",
                "is_valid": false,
                "parameter_name": parameter,
                // The component and the decoder's reason too: "not an image" says more than
                // "got an object".
                "message": format!("{component} expects {expected}, got {got}: {detail}"),
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
