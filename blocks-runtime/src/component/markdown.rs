//! `Markdown`: formatted text. Value: the Markdown source, `String`.

use serde_json::json;

use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

/// Formatted text written in Markdown. Value: the Markdown source (`String`); the page shows it
/// rendered and sanitised. Event: change.
///
/// ```
/// use blocks_runtime::component::Markdown;
/// let md = Markdown::new("# Welcome");
/// assert_eq!(md.props().get("value"), Some(&serde_json::json!("# Welcome")));
/// ```
#[derive(Debug, Clone)]
pub struct Markdown {
    props: Props,
}

impl Markdown {
    /// Markdown showing `text`.
    pub fn new(text: impl Into<String>) -> Self {
        let mut props = Props::with_defaults("markdown");
        props.set("value", text.into());
        Markdown { props }
    }
}

common_props!(Markdown);
wire_component!(
    Markdown, value: String, name: "Markdown", kind: "markdown",
    expects: "a string", python_type: "str",
    schema: json!({"type": "string"}), example: json!("# Hello!"),
    html: |limits, text| limits.markdown(text),
);

crate::component::wire::str_output!(Markdown);

crate::component::events::events!(Markdown: HasChange);
