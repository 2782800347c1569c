//! `Textbox`: a single- or multi-line text field. Value: `String`.

use serde::Serialize;
use serde_json::json;

use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

/// What a [`Textbox`] holds, which sets the browser's input type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum TextboxType {
    /// Plain text (the default).
    Text,
    /// Hidden characters.
    Password,
    /// An e-mail address.
    Email,
}

/// A text field. Value: `String`. Events: change, input, submit, blur, focus, select.
///
/// ```
/// use blocks_runtime::component::Textbox;
/// let name = Textbox::new().label("Name").placeholder("Your name").lines(1);
/// assert_eq!(name.props().label(), Some("Name"));
/// ```
#[derive(Debug, Clone)]
pub struct Textbox {
    props: Props,
}

impl Default for Textbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Textbox {
    /// An empty single-line text field. Without [`Textbox::value`] it has no initial value, as
    /// in Gradio: API clients must give it (it advertises no default), and a handler reading it
    /// before anything was typed gets `null` (`None` for an `Option<String>` parameter).
    pub fn new() -> Self {
        let mut props = Props::with_defaults("textbox");
        props.set("lines", 1);
        props.set("type", TextboxType::Text);
        props.set("value", serde_json::Value::Null);
        Textbox { props }
    }
    /// The initial text.
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.props.set("value", value.into());
        self
    }
    /// Visible lines (more than 1 makes a text area).
    pub fn lines(mut self, lines: u32) -> Self {
        self.props.set("lines", lines);
        self
    }
    /// The most lines the field grows to.
    pub fn max_lines(mut self, lines: u32) -> Self {
        self.props.set("max_lines", lines);
        self
    }
    /// Hint shown while empty.
    pub fn placeholder(mut self, text: impl Into<String>) -> Self {
        self.props.set("placeholder", text.into());
        self
    }
    /// Text, password or e-mail.
    pub fn kind(mut self, kind: TextboxType) -> Self {
        self.props.set("type", kind);
        self
    }
}

common_props!(Textbox);
wire_component!(
    Textbox, value: String, name: "Textbox", kind: "textbox",
    expects: "a string", python_type: "str",
    schema: json!({"type": "string"}), example: json!("Hello!!"),
);

crate::component::wire::str_output!(Textbox);

crate::component::events::events!(Textbox: HasChange, HasInput, Submittable, Selectable, HasBlur, HasFocus);
