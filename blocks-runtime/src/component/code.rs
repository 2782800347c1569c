//! `Code`: source code, shown with its language and edited in a monospaced area. Value:
//! `String`.

use serde::Serialize;
use serde_json::{json, Value};

use crate::component::{ApiInfo, Props};

/// The languages Gradio's `Code` knows (`gr.Code.languages`), as `/config` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[allow(missing_docs)] // The names say it.
pub enum CodeLanguage {
    #[serde(rename = "python")]
    Python,
    #[serde(rename = "c")]
    C,
    #[serde(rename = "cpp")]
    Cpp,
    #[serde(rename = "markdown")]
    Markdown,
    #[serde(rename = "latex")]
    Latex,
    #[serde(rename = "json")]
    Json,
    #[serde(rename = "html")]
    Html,
    #[serde(rename = "css")]
    Css,
    #[serde(rename = "javascript")]
    JavaScript,
    #[serde(rename = "jinja2")]
    Jinja2,
    #[serde(rename = "typescript")]
    TypeScript,
    #[serde(rename = "yaml")]
    Yaml,
    #[serde(rename = "dockerfile")]
    Dockerfile,
    #[serde(rename = "shell")]
    Shell,
    #[serde(rename = "r")]
    R,
    #[serde(rename = "sql")]
    Sql,
}

/// A code viewer and editor. Value: `String` (outputs also take `&str`). Events: change,
/// input, focus, blur.
///
/// ```
/// use blocks_runtime::prelude::*;
/// let code = Code::new().language(CodeLanguage::Python).value("print('hi')");
/// assert_eq!(code.props().get("language"), Some(&serde_json::json!("python")));
/// ```
#[derive(Debug, Clone)]
pub struct Code {
    props: Props,
}

impl Default for Code {
    fn default() -> Self {
        Self::new()
    }
}

impl Code {
    /// An empty code box of 5 lines, with no language (plain text).
    pub fn new() -> Self {
        let mut props = Props::with_defaults("code");
        props.set("value", Value::Null);
        props.set("language", Value::Null);
        props.set("lines", 5);
        props.set("show_label", true);
        props.set("container", true);
        props.set("min_width", 160);
        props.set("elem_classes", Vec::<String>::new());
        props.set("wrap_lines", false);
        props.set("show_line_numbers", true);
        props.set("autocomplete", false);
        props.set("buttons", ["copy", "download"]);
        props.set("_selectable", false);
        Code { props }
    }
    /// The initial code.
    pub fn value(mut self, code: impl Into<String>) -> Self {
        self.props.set("value", code.into());
        self
    }
    /// The language the code is shown (and highlighted) as.
    pub fn language(mut self, language: CodeLanguage) -> Self {
        self.props.set("language", language);
        self
    }
    /// The lines shown at least.
    pub fn lines(mut self, lines: u32) -> Self {
        self.props.set("lines", lines);
        self
    }
    /// The most lines shown before the box scrolls.
    pub fn max_lines(mut self, lines: u32) -> Self {
        self.props.set("max_lines", lines);
        self
    }
    /// Whether long lines wrap (default: they scroll).
    pub fn wrap_lines(mut self, wrap: bool) -> Self {
        self.props.set("wrap_lines", wrap);
        self
    }
    /// Whether line numbers are shown (default `true`).
    pub fn show_line_numbers(mut self, show: bool) -> Self {
        self.props.set("show_line_numbers", show);
        self
    }
}

crate::component::props::common_props!(Code);

impl crate::component::WireKind for Code {
    type Value = String;
    const NAME: &'static str = "Code";
    const KIND: &'static str = "code";
    const EXPECTS: &'static str = "a string";
    const BROWSER_MODULE: Option<&'static str> =
        Some(include_str!("../frontend/assets/ondemand/code.js"));

    fn props(self) -> Props {
        self.props
    }
    fn api() -> Option<ApiInfo> {
        Some(ApiInfo::new(
            json!({"type": "string"}),
            "str",
            json!("print('Hello World')"),
        ))
    }
}

crate::wire_kind!(Code);
crate::component::wire::str_output!(Code);
crate::component::events::events!(Code: HasChange, HasInput, HasFocus, HasBlur);
