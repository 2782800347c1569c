//! `Button`: something to click. Its value is its text; it is a trigger, not an output.

use serde::Serialize;

use crate::component::codec::{ComponentInput, InputError};
use crate::component::props::common_props;
use crate::component::wire;
use crate::component::{Component, ComponentSpec, Props, ReadContext, ReadValue, Role, Update};

/// How prominent a [`Button`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ButtonVariant {
    /// The main action.
    Primary,
    /// The default look.
    Secondary,
    /// A destructive or stopping action.
    Stop,
}

/// A button. Event: click. As an input its value is its text (`String`); it cannot be an
/// output value, but a handler may return `Button::update()` to change it.
///
/// ```
/// use blocks_runtime::component::{Button, ButtonVariant};
/// let add = Button::new("Add Items").variant(ButtonVariant::Primary);
/// assert_eq!(add.props().get("value"), Some(&serde_json::json!("Add Items")));
/// ```
#[derive(Debug, Clone)]
pub struct Button {
    props: Props,
}

impl Button {
    /// A button showing `text`.
    pub fn new(text: impl Into<String>) -> Self {
        let mut props = Props::with_defaults("button");
        props.set("value", text.into());
        props.set("variant", ButtonVariant::Secondary);
        Button { props }
    }
    /// Primary, secondary or stop.
    pub fn variant(mut self, variant: ButtonVariant) -> Self {
        self.props.set("variant", variant);
        self
    }
    /// A prop update (new text, visibility, interactivity).
    pub fn update() -> Update<Self> {
        Update::new()
    }
}

common_props!(Button);

impl Component for Button {
    type Value = String;
    const NAME: &'static str = "Button";
    const KIND: &'static str = "button";

    fn into_spec(self) -> ComponentSpec {
        ComponentSpec {
            kind: "button",
            name: "Button",
            api: None,
            initial: self.props.get("value").cloned(),
            props: self.props,
            role: Role::Button,
            validate: Some(crate::component::validator::<String>()),
            module: None,
            html: None,
            page: crate::component::kind::PageHooks::PLAIN,
        }
    }
}

impl ReadValue for Button {
    fn read(input: ComponentInput, cx: &ReadContext<'_>) -> Result<String, InputError> {
        wire::read(input, cx, "Button", "a string")
    }
}

crate::component::events::events!(Button: Clickable);
