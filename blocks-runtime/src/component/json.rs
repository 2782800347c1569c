//! `Json`: any JSON value, shown as a tree. Value: `serde_json::Value`.

use serde_json::json;

use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

/// A JSON viewer. Value: `serde_json::Value`. Event: change.
///
/// ```
/// use blocks_runtime::component::Json;
/// let view = Json::new().value(serde_json::json!({"ok": true}));
/// assert_eq!(view.props().get("value"), Some(&serde_json::json!({"ok": true})));
/// ```
#[derive(Debug, Clone)]
pub struct Json {
    props: Props,
}

impl Default for Json {
    fn default() -> Self {
        Self::new()
    }
}

impl Json {
    /// An empty JSON viewer (`null`).
    pub fn new() -> Self {
        let mut props = Props::with_defaults("json");
        props.set("value", serde_json::Value::Null);
        Json { props }
    }
    /// The initial value.
    pub fn value(mut self, value: serde_json::Value) -> Self {
        self.props.set("value", value);
        self
    }
}

common_props!(Json);
wire_component!(
    Json, value: serde_json::Value, name: "JSON", kind: "json",
    expects: "any JSON value", python_type: "Dict[Any, Any] | List[Any] | None",
    schema: json!({}), example: json!({}),
);

crate::component::events::events!(Json: HasChange);
