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
    /// The component is empty (`null` on the wire: a cleared Number, an unselected Radio) and
    /// the parameter cannot say so.
    #[error(
        "parameter `{parameter}` (input {position}, {component} #{id}{}) is empty (null), but it takes `{rust_type}`: take `Option<{rust_type}>` to receive an empty value as `None`",
        label.as_deref().map(|l| format!(" \"{l}\"")).unwrap_or_default()
    )]
    Empty {
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
        /// The parameter's Rust type (`"f64"`).
        rust_type: Box<str>,
    },
    /// A state is taken as `StateMut<T>` and used again by the same event.
    #[error(
        "parameter `{parameter}` (input {position}) uses state #{id}, which another parameter of this event also takes; a `StateMut<T>` must be the only use of its state in one event: read the value through the `StateMut`"
    )]
    StateMutShared {
        /// The handler parameter's name.
        parameter: Box<str>,
        /// The handler parameter position (0-based).
        position: usize,
        /// The state's id.
        id: ComponentId,
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

impl InputError {
    /// The error for an empty (`null`) input whose parameter type `T` cannot be empty.
    pub(crate) fn empty<T>(
        cx: &crate::component::ReadContext<'_>,
        component: &'static str,
    ) -> Self {
        InputError::Empty {
            parameter: cx.parameter.into(),
            position: cx.position,
            component,
            id: cx.id,
            label: cx.label.map(Into::into),
            rust_type: short_type_name(std::any::type_name::<T>()).into(),
        }
    }
}

/// A type's name without its module paths: `alloc::vec::Vec<alloc::string::String>` is
/// `Vec<String>`, as the user wrote it.
pub(crate) fn short_type_name(full: &str) -> String {
    let mut out = String::with_capacity(full.len());
    let mut word = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            out.push_str(word.rsplit("::").next().unwrap_or(&word));
            word.clear();
            out.push(c);
        }
    }
    out.push_str(word.rsplit("::").next().unwrap_or(&word));
    out
}

#[cfg(test)]
mod tests {
    use super::short_type_name;

    #[test]
    fn type_names_lose_their_paths() {
        assert_eq!(short_type_name("f64"), "f64");
        assert_eq!(short_type_name("alloc::string::String"), "String");
        assert_eq!(
            short_type_name("alloc::vec::Vec<alloc::string::String>"),
            "Vec<String>"
        );
        assert_eq!(
            short_type_name("core::option::Option<(u8, my::Kind)>"),
            "Option<(u8, Kind)>"
        );
    }
}
