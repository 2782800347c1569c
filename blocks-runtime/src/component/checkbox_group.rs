//! `CheckboxGroup`: several choices, any number checked. Value: `Vec<String>`.

use serde_json::json;

use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

/// A group of checkboxes. Value: the checked choices, `Vec<String>`.
/// Events: change, input, select.
///
/// ```
/// use blocks_runtime::component::CheckboxGroup;
/// let items = CheckboxGroup::new(["Cereal", "Milk"]).label("Items");
/// assert_eq!(items.props().get("choices"), Some(&serde_json::json!([["Cereal", "Cereal"], ["Milk", "Milk"]])));
/// ```
#[derive(Debug, Clone)]
pub struct CheckboxGroup {
    props: Props,
}

impl CheckboxGroup {
    /// A group with these choices, none checked.
    pub fn new<S: Into<String>>(choices: impl IntoIterator<Item = S>) -> Self {
        let mut props = Props::with_defaults("checkboxgroup");
        props.set("choices", choice_pairs(choices));
        props.set("value", Vec::<String>::new());
        CheckboxGroup { props }
    }
    /// The choices checked at first.
    pub fn value<S: Into<String>>(mut self, checked: impl IntoIterator<Item = S>) -> Self {
        let checked: Vec<String> = checked.into_iter().map(Into::into).collect();
        self.props.set("value", checked);
        self
    }
}

/// Gradio sends choices as `[display, value]` pairs.
pub(crate) fn choice_pairs<S: Into<String>>(
    choices: impl IntoIterator<Item = S>,
) -> Vec<[String; 2]> {
    choices
        .into_iter()
        .map(|c| {
            let c: String = c.into();
            [c.clone(), c]
        })
        .collect()
}

common_props!(CheckboxGroup);
wire_component!(
    CheckboxGroup, value: Vec<String>, name: "Checkboxgroup", kind: "checkboxgroup",
    expects: "a list of strings", python_type: "list[str]",
    schema: json!({"type": "array", "items": {"type": "string"}}), example: json!([]),
    cleared: json!([]),
);

crate::component::events::events!(CheckboxGroup: HasChange, HasInput, Selectable);
