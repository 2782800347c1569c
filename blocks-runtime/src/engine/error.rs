//! Why an event failed: the engine's one error type.

use super::request::MAX_CHANGE_ROUNDS;
use crate::component::ComponentId;
use crate::event::handler::HandlerError;
use crate::event::input::InputError;
use crate::session::SessionError;

/// Why an event failed. The session keeps the state it had before the event (except changes a
/// handler made in place through `StateMut` before failing).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EventError {
    /// No dependency has this id.
    #[error("no event with fn_index {0}; see /config for the dependencies")]
    UnknownDependency(usize),
    /// An input value could not be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The handler returned an error.
    #[error("{0}")]
    Handler(#[from] HandlerError),
    /// The handler panicked.
    #[error("the handler `{handler}` panicked; the server log has the details")]
    Panicked {
        /// The handler's name.
        handler: String,
    },
    /// The handler's blocking task was cancelled before it finished (the runtime shut down).
    #[error("the handler `{handler}` was cancelled before it finished")]
    Cancelled {
        /// The handler's name.
        handler: String,
    },
    /// A handler returned a value that could not be serialised.
    #[error("output {position} of `{handler}` could not be serialised: {detail}")]
    Output {
        /// The handler's name.
        handler: String,
        /// The output position.
        position: usize,
        /// The serialiser's message.
        detail: String,
    },
    /// An output file was not stored: it would break the server's output caps.
    #[error("output {position} of `{handler}` was not stored: {source}")]
    OutputFile {
        /// The handler's name.
        handler: String,
        /// The output position.
        position: usize,
        /// Which cap it broke.
        source: crate::media::OutputQuotaError,
    },
    /// An output shown as HTML (Markdown, Html) was refused by the app's render limits.
    #[error("the output of `{handler}` for component #{component} was not rendered: {source}")]
    Render {
        /// The handler's name.
        handler: String,
        /// The component whose value it was.
        component: ComponentId,
        /// Which limit it broke.
        source: crate::render::RenderError,
    },
    /// The session store failed.
    #[error(transparent)]
    Store(#[from] crate::session::StoreError),
    /// The session could not be opened.
    #[error(transparent)]
    Session(#[from] SessionError),
    /// `.change` listeners kept setting each other off.
    #[error(
        "`.change` listeners kept changing values after {MAX_CHANGE_ROUNDS} rounds (a cycle?): {}",
        listeners.join(" -> ")
    )]
    ChangeCycle {
        /// The listeners of the last rounds, by handler name.
        listeners: Vec<String>,
    },
}

pub(super) fn panicked(handler: &str, payload: Box<dyn std::any::Any + Send>) -> EventError {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a non-text panic payload".to_owned());
    tracing::error!(handler, %message, "event handler panicked");
    EventError::Panicked {
        handler: handler.to_owned(),
    }
}
