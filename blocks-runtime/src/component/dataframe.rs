//! `Dataframe`: a table. Value: [`DataFrame`] (headers and rows of JSON cells).

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

/// The value of a [`Dataframe`]: Gradio's `{"headers": […], "data": [[…]]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DataFrame {
    /// Column names.
    pub headers: Vec<String>,
    /// Rows of cells (numbers, strings, booleans, null).
    pub data: Vec<Vec<serde_json::Value>>,
}

/// A table. Value: [`DataFrame`]. Events: change, input, select.
///
/// ```
/// use blocks_runtime::component::Dataframe;
/// let table = Dataframe::new(["name", "qty"]);
/// assert_eq!(table.props().get("headers"), Some(&serde_json::json!(["name", "qty"])));
/// ```
#[derive(Debug, Clone)]
pub struct Dataframe {
    props: Props,
}

impl Dataframe {
    /// An empty table with these columns.
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Self {
        let headers: Vec<String> = headers.into_iter().map(Into::into).collect();
        let mut props = Props::with_defaults("dataframe");
        props.set("headers", &headers);
        props.set(
            "value",
            DataFrame {
                headers,
                data: Vec::new(),
            },
        );
        Dataframe { props }
    }
    /// The initial rows.
    pub fn value(mut self, value: DataFrame) -> Self {
        self.props.set("value", value);
        self
    }
}

common_props!(Dataframe);
wire_component!(
    Dataframe, value: DataFrame, name: "Dataframe", kind: "dataframe",
    expects: "an object {\"headers\": [...], \"data\": [[...]]}", python_type: "Dict(headers: List[Any], data: List[List[Any]])",
    schema: json!({"type": "object", "properties": {"headers": {"type": "array", "items": {}}, "data": {"type": "array", "items": {"type": "array", "items": {}}}}}),
    example: json!({"headers": ["a", "b"], "data": [["foo", "bar"]]}),
);

crate::component::events::events!(Dataframe: HasChange, HasInput, Selectable);
