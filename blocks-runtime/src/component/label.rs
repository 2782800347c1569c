//! `Label`: a classification result: a top label and optional confidences.

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

/// One class and its confidence in a [`LabelValue`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Confidence {
    /// The class name.
    pub label: String,
    /// Between 0 and 1.
    pub confidence: f64,
}

/// The value of a [`Label`]: Gradio's `{"label": …, "confidences": […]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LabelValue {
    /// The label shown in large type.
    pub label: Option<String>,
    /// Classes with confidences, shown as bars.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confidences: Vec<Confidence>,
}

impl From<String> for LabelValue {
    fn from(label: String) -> Self {
        LabelValue {
            label: Some(label),
            confidences: Vec::new(),
        }
    }
}

impl From<&str> for LabelValue {
    fn from(label: &str) -> Self {
        LabelValue::from(label.to_owned())
    }
}

/// Shows a classification. Value: [`LabelValue`]. Events: change, select.
///
/// ```
/// use blocks_runtime::component::{Label, LabelValue};
/// let result = Label::new().label("Prediction");
/// let value: LabelValue = "cat".into();
/// assert_eq!(value.label.as_deref(), Some("cat"));
/// # let _ = result;
/// ```
#[derive(Debug, Clone)]
pub struct Label {
    props: Props,
}

impl Default for Label {
    fn default() -> Self {
        Self::new()
    }
}

impl Label {
    /// An empty label.
    pub fn new() -> Self {
        Label {
            props: Props::with_defaults("label"),
        }
    }
    /// How many top classes to show.
    pub fn num_top_classes(mut self, n: u32) -> Self {
        self.props.set("num_top_classes", n);
        self
    }
}

common_props!(Label);
wire_component!(
    Label, value: LabelValue, name: "Label", kind: "label",
    expects: "an object {\"label\": string, \"confidences\": [...]}", python_type: "Dict[str, Any]",
    schema: json!({"type": "object", "properties": {"label": {"type": "string"}, "confidences": {"type": "array"}}}),
    example: json!({"label": "cat"}),
);

crate::component::events::events!(Label: HasChange, Selectable);
