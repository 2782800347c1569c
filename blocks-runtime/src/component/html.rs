//! `Html`: raw HTML written by the app (never by the user). Value: `String`.

use serde_json::json;

use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

/// A block of HTML from the app. Value: `String`. Events: change, click.
///
/// ```
/// use blocks_runtime::component::Html;
/// let banner = Html::new("<b>beta</b>");
/// assert_eq!(banner.props().get("value"), Some(&serde_json::json!("<b>beta</b>")));
/// ```
#[derive(Debug, Clone)]
pub struct Html {
    props: Props,
}

impl Html {
    /// HTML showing `html`.
    pub fn new(html: impl Into<String>) -> Self {
        let mut props = Props::with_defaults("html");
        props.set("value", html.into());
        Html { props }
    }
}

common_props!(Html);
wire_component!(
    Html, value: String, name: "HTML", kind: "html",
    expects: "a string", python_type: "str",
    schema: json!({"type": "string"}), example: json!("<p>Hello</p>"),
    html: |limits, text| limits.html(text),
);

crate::component::wire::str_output!(Html);

crate::component::events::events!(Html: HasChange, Clickable);
