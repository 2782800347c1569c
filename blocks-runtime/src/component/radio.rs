//! `Radio`: one choice out of several. Value: `String`.

use serde_json::json;

use crate::component::checkbox_group::choice_pairs;
use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

/// Radio buttons. Value: the chosen choice, `String`. Events: change, input, select.
///
/// ```
/// use blocks_runtime::component::Radio;
/// let size = Radio::new(["S", "M", "L"]).value("M");
/// assert_eq!(size.props().get("value"), Some(&serde_json::json!("M")));
/// ```
#[derive(Debug, Clone)]
pub struct Radio {
    props: Props,
}

impl Radio {
    /// Radio buttons with these choices, none chosen.
    pub fn new<S: Into<String>>(choices: impl IntoIterator<Item = S>) -> Self {
        let mut props = Props::with_defaults("radio");
        props.set("choices", choice_pairs(choices));
        Radio { props }
    }
    /// The choice selected at first.
    pub fn value(mut self, choice: impl Into<String>) -> Self {
        self.props.set("value", choice.into());
        self
    }
}

common_props!(Radio);
wire_component!(
    Radio, value: String, name: "Radio", kind: "radio",
    expects: "a string", python_type: "str",
    schema: json!({"type": "string"}), example: json!(""),
);

crate::component::wire::str_output!(Radio);

crate::component::events::events!(Radio: HasChange, HasInput, Selectable);
