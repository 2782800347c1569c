//! `Update<C>`: a prop update a handler returns in place of a value (Gradio's `gr.update`).

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::component::Component;

/// A change to a component's props (and optionally its value), returned by a handler for an
/// output instead of a plain value.
///
/// ```
/// use blocks_runtime::component::{Markdown, Update};
/// let update: Update<Markdown> = Markdown::update().value("**Saved**".to_string()).visible(true);
/// assert_eq!(update.props()["visible"], true);
/// ```
pub struct Update<C> {
    props: Map<String, Value>,
    _kind: PhantomData<fn() -> C>,
}

impl<C> Default for Update<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C> Update<C> {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Update {
            props: Map::new(),
            _kind: PhantomData,
        }
    }

    /// Sets any prop by name (for props without a dedicated method).
    pub fn prop(mut self, name: &str, value: impl Serialize) -> Self {
        if let Ok(value) = serde_json::to_value(value) {
            self.props.insert(name.to_owned(), value);
        }
        self
    }

    /// Shows or hides the component.
    pub fn visible(self, visible: bool) -> Self {
        self.prop("visible", visible)
    }

    /// Makes the component editable or read-only.
    pub fn interactive(self, interactive: bool) -> Self {
        self.prop("interactive", interactive)
    }

    /// Changes the label.
    pub fn label(self, label: impl Into<String>) -> Self {
        self.prop("label", label.into())
    }

    /// Changes the choices (for Radio, Dropdown, CheckboxGroup).
    pub fn choices<S: Into<String>>(self, choices: impl IntoIterator<Item = S>) -> Self {
        let choices: Vec<String> = choices.into_iter().map(Into::into).collect();
        self.prop("choices", choices)
    }

    /// The props this update sets.
    pub fn props(&self) -> &Map<String, Value> {
        &self.props
    }

    pub(crate) fn into_props(self) -> Map<String, Value> {
        self.props
    }
}

impl<C: Component> Update<C>
where
    C::Value: Serialize,
{
    /// Sets the component's value.
    pub fn value(self, value: impl Into<C::Value>) -> Self {
        let value: C::Value = value.into();
        self.prop("value", value)
    }
}

impl<C: Component> fmt::Debug for Update<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Update<{}>({:?})", C::NAME, self.props)
    }
}
