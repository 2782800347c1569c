//! `Checkbox`: one on/off box. Value: `bool`.

use serde_json::json;

use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

/// A single checkbox. Value: `bool`. Events: change, input, select.
///
/// ```
/// use blocks_runtime::component::Checkbox;
/// let agree = Checkbox::new().label("I agree").value(true);
/// assert_eq!(agree.props().get("value"), Some(&serde_json::json!(true)));
/// ```
#[derive(Debug, Clone)]
pub struct Checkbox {
    props: Props,
}

impl Default for Checkbox {
    fn default() -> Self {
        Self::new()
    }
}

impl Checkbox {
    /// An unchecked box.
    pub fn new() -> Self {
        let mut props = Props::with_defaults("checkbox");
        props.set("value", false);
        Checkbox { props }
    }
    /// Whether it starts checked.
    pub fn value(mut self, checked: bool) -> Self {
        self.props.set("value", checked);
        self
    }
}

common_props!(Checkbox);
wire_component!(
    Checkbox, value: bool, name: "Checkbox", kind: "checkbox",
    expects: "a boolean", python_type: "bool",
    schema: json!({"type": "boolean"}), example: json!(true),
    cleared: json!(false),
);

crate::component::events::events!(Checkbox: HasChange, HasInput, Selectable);
