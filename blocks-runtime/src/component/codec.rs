//! How values cross into and out of a component kind: what an event hands a kind to read, what
//! a handler's return value becomes, and why reading fails. The layers above (events, the
//! engine) build on these; they import nothing from above.

use std::any::Any;
use std::fmt;

use serde_json::{Map, Value};

use crate::component::state::AnySlot;
use crate::component::ComponentId;

/// What a component kind reads for one handler argument.
#[doc(hidden)]
pub enum ComponentInput {
    /// A value from the page or an API client.
    Json(Value),
    /// The session's slot of a state.
    State(AnySlot),
}

impl ComponentInput {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            ComponentInput::Json(_) => "a JSON value",
            ComponentInput::State(_) => "a state slot",
        }
    }
}

/// What one output receives from a handler.
#[doc(hidden)]
pub enum OutputWrite {
    /// A new value for a component in the page.
    Value(Value),
    /// A prop update (may include `value`).
    Update(Map<String, Value>),
    /// A new value for a session state.
    State(Box<dyn Any + Send>),
    /// The value could not be serialised.
    Invalid(String),
}

impl fmt::Debug for OutputWrite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OutputWrite::Value(v) => write!(f, "Value({v})"),
            OutputWrite::Update(m) => write!(f, "Update({m:?})"),
            OutputWrite::State(_) => f.write_str("State(..)"),
            OutputWrite::Invalid(e) => write!(f, "Invalid({e})"),
        }
    }
}

/// Why an input could not be given to a handler.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The client sent a value of the wrong JSON type.
    #[error(
        "parameter `{parameter}` (input {position}, {component} #{id}{}) expects {expected}, got {got}: {detail}",
        label.as_deref().map(|l| format!(" \"{l}\"")).unwrap_or_default()
    )]
    WrongType {
        /// The handler parameter's name.
        parameter: Box<str>,
        /// The handler parameter position (0-based).
        position: usize,
        /// The component's name (`"Number"`).
        component: &'static str,
        /// The component's id.
        id: ComponentId,
        /// The component's label.
        label: Option<Box<str>>,
        /// What was expected ("a number").
        expected: &'static str,
        /// What arrived ("a string").
        got: &'static str,
        /// The decoder's message.
        detail: Box<str>,
    },
    /// Fewer values than the event has inputs.
    #[error("expected {expected} input values, got {got}; send one value per input, in order")]
    Missing {
        /// How many the event takes.
        expected: usize,
        /// How many arrived.
        got: usize,
    },
    /// A bug in blocks itself (the wiring did not match the handler).
    #[error("internal error: {0}")]
    Internal(String),
}
