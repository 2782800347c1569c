//! `Code`: source code, shown with its language and edited in a monospaced area. Value:
//! `String`.

use serde::Serialize;
use serde_json::{json, Value};

use crate::component::{ApiInfo, Props};

/// One of the languages Gradio's `Code` knows (`gr.Code.languages`), by the name `/config`
/// gives it: `CodeLanguage::PYTHON` is `"python"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CodeLanguage(&'static str);

impl CodeLanguage {
    /// `"python"`.
    pub const PYTHON: CodeLanguage = CodeLanguage("python");
    /// `"c"`.
    pub const C: CodeLanguage = CodeLanguage("c");
    /// `"cpp"`.
    pub const CPP: CodeLanguage = CodeLanguage("cpp");
    /// `"markdown"`.
    pub const MARKDOWN: CodeLanguage = CodeLanguage("markdown");
    /// `"latex"`.
    pub const LATEX: CodeLanguage = CodeLanguage("latex");
    /// `"json"`.
    pub const JSON: CodeLanguage = CodeLanguage("json");
    /// `"html"`.
    pub const HTML: CodeLanguage = CodeLanguage("html");
    /// `"css"`.
    pub const CSS: CodeLanguage = CodeLanguage("css");
    /// `"javascript"`.
    pub const JAVASCRIPT: CodeLanguage = CodeLanguage("javascript");
    /// `"jinja2"`.
    pub const JINJA2: CodeLanguage = CodeLanguage("jinja2");
    /// `"typescript"`.
    pub const TYPESCRIPT: CodeLanguage = CodeLanguage("typescript");
    /// `"yaml"`.
    pub const YAML: CodeLanguage = CodeLanguage("yaml");
    /// `"dockerfile"`.
    pub const DOCKERFILE: CodeLanguage = CodeLanguage("dockerfile");
    /// `"shell"`.
    pub const SHELL: CodeLanguage = CodeLanguage("shell");
    /// `"r"`.
    pub const R: CodeLanguage = CodeLanguage("r");
    /// `"sql"`.
    pub const SQL: CodeLanguage = CodeLanguage("sql");
    /// `"sql-msSQL"`.
    pub const SQL_MSSQL: CodeLanguage = CodeLanguage("sql-msSQL");
    /// `"sql-mySQL"`.
    pub const SQL_MYSQL: CodeLanguage = CodeLanguage("sql-mySQL");
    /// `"sql-mariaDB"`.
    pub const SQL_MARIADB: CodeLanguage = CodeLanguage("sql-mariaDB");
    /// `"sql-sqlite"`.
    pub const SQL_SQLITE: CodeLanguage = CodeLanguage("sql-sqlite");
    /// `"sql-cassandra"`.
    pub const SQL_CASSANDRA: CodeLanguage = CodeLanguage("sql-cassandra");
    /// `"sql-plSQL"`.
    pub const SQL_PLSQL: CodeLanguage = CodeLanguage("sql-plSQL");
    /// `"sql-hive"`.
    pub const SQL_HIVE: CodeLanguage = CodeLanguage("sql-hive");
    /// `"sql-pgSQL"`.
    pub const SQL_PGSQL: CodeLanguage = CodeLanguage("sql-pgSQL");
    /// `"sql-gql"`.
    pub const SQL_GQL: CodeLanguage = CodeLanguage("sql-gql");
    /// `"sql-gpSQL"`.
    pub const SQL_GPSQL: CodeLanguage = CodeLanguage("sql-gpSQL");
    /// `"sql-sparkSQL"`.
    pub const SQL_SPARKSQL: CodeLanguage = CodeLanguage("sql-sparkSQL");
    /// `"sql-esper"`.
    pub const SQL_ESPER: CodeLanguage = CodeLanguage("sql-esper");

    /// Every language, in Gradio's order.
    pub const ALL: &'static [CodeLanguage] = &[
        Self::PYTHON,
        Self::C,
        Self::CPP,
        Self::MARKDOWN,
        Self::LATEX,
        Self::JSON,
        Self::HTML,
        Self::CSS,
        Self::JAVASCRIPT,
        Self::JINJA2,
        Self::TYPESCRIPT,
        Self::YAML,
        Self::DOCKERFILE,
        Self::SHELL,
        Self::R,
        Self::SQL,
        Self::SQL_MSSQL,
        Self::SQL_MYSQL,
        Self::SQL_MARIADB,
        Self::SQL_SQLITE,
        Self::SQL_CASSANDRA,
        Self::SQL_PLSQL,
        Self::SQL_HIVE,
        Self::SQL_PGSQL,
        Self::SQL_GQL,
        Self::SQL_GPSQL,
        Self::SQL_SPARKSQL,
        Self::SQL_ESPER,
    ];

    /// The name in `/config` (`"python"`).
    pub fn name(&self) -> &'static str {
        self.0
    }
}

impl Serialize for CodeLanguage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

/// A code viewer and editor. Value: `String` (outputs also take `&str`). Events: change,
/// input, focus, blur.
///
/// ```
/// use blocks_runtime::prelude::*;
/// let code = Code::new().language(CodeLanguage::PYTHON).value("print('hi')");
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
