//! `Dataset`: a table of samples to pick from, what [`Examples`](crate::high_level::Examples)
//! shows under a form. Value: the index of the picked sample (Gradio's `type="index"`).

use serde::Serialize;
use serde_json::{json, Value};

use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

/// A clickable table of samples. Value: `usize`, the index of the sample the user picked
/// (`None` until one is). Events: click, select (the sample's index and values), change.
///
/// ```
/// use blocks_runtime::component::Dataset;
/// let table = Dataset::new()
///     .headers(["name", "times"])
///     .samples([vec![serde_json::json!("Ada"), 2.into()]]);
/// assert_eq!(table.props().get("samples"), Some(&serde_json::json!([["Ada", 2]])));
/// ```
#[derive(Debug, Clone)]
pub struct Dataset {
    props: Props,
}

impl Default for Dataset {
    fn default() -> Self {
        Self::new()
    }
}

impl Dataset {
    /// An empty table, ten samples a page, laid out as a table, passing the index.
    pub fn new() -> Self {
        let mut props = Props::with_defaults("dataset");
        props.set("samples", Vec::<Vec<Value>>::new());
        props.set("headers", Vec::<String>::new());
        props.set("type", "index");
        props.set("layout", "table");
        props.set("samples_per_page", 10);
        props.set("components", Vec::<Value>::new());
        props.set("component_ids", Vec::<u32>::new());
        props.set("sample_labels", Value::Null);
        Dataset { props }
    }
    /// The samples, one row each, one JSON value per column.
    pub fn samples<R: Serialize>(mut self, samples: impl IntoIterator<Item = R>) -> Self {
        let rows: Vec<R> = samples.into_iter().collect();
        self.props.set("samples", rows);
        self
    }
    /// The column headers.
    pub fn headers<S: Into<String>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        let headers: Vec<String> = headers.into_iter().map(Into::into).collect();
        self.props.set("headers", headers);
        self
    }
    /// Labels shown instead of each sample's values.
    pub fn sample_labels<S: Into<String>>(mut self, labels: impl IntoIterator<Item = S>) -> Self {
        let labels: Vec<String> = labels.into_iter().map(Into::into).collect();
        self.props.set("sample_labels", labels);
        self
    }
    /// How many samples a page shows (Gradio's default: 10).
    pub fn samples_per_page(mut self, n: u32) -> Self {
        self.props.set("samples_per_page", n.max(1));
        self
    }
    /// The kinds of the columns' components and their ids (`components` and `component_ids` in
    /// `/config`, as Gradio's Dataset lists them).
    pub(crate) fn columns(mut self, kinds: &[&str], ids: &[u32]) -> Self {
        let kinds: Vec<Value> = kinds.iter().map(|k| json!({"name": k})).collect();
        self.props.set("components", kinds);
        self.props.set("component_ids", ids);
        self
    }
}

common_props!(Dataset);
wire_component!(
    Dataset, value: usize, name: "Dataset", kind: "dataset",
    expects: "the index of a sample (a whole number from 0)", python_type: "int",
    schema: json!({"type": "integer", "description": "index of selected example"}),
    example: json!(0),
);

crate::component::events::events!(Dataset: HasChange, Clickable, Selectable);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::WireKind;

    #[test]
    fn an_index_decodes_and_anything_else_is_refused() {
        assert_eq!(Dataset::decode(json!(3)), Ok(3));
        assert!(Dataset::decode(json!(-1)).is_err());
        assert!(Dataset::decode(json!("1")).is_err());
    }

    #[test]
    fn props_follow_gradio() {
        let table = Dataset::new()
            .headers(["a"])
            .samples([["x"]])
            .samples_per_page(0)
            .columns(&["textbox"], &[4]);
        let props = table.props();
        assert_eq!(props.get("type"), Some(&json!("index")));
        assert_eq!(props.get("samples_per_page"), Some(&json!(1)));
        assert_eq!(props.get("components"), Some(&json!([{"name": "textbox"}])));
        assert_eq!(props.get("component_ids"), Some(&json!([4])));
    }
}
