//! Fills the `{{ … }}` expressions of Gradio's `index.html` (a Jinja template that Gradio's
//! server renders per request) from a JSON context. Only the small part of Jinja that page uses
//! is understood: a name, then `.get('key', default)` and `['key']` lookups, an optional
//! `or 'text'`, and the filters `toorjson` and `default('text')`. Anything else is an error when
//! the page is loaded, so a newer template fails at start-up with its expression named, rather
//! than producing a broken page.

use serde_json::Value;

/// Why the template cannot be filled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TemplateError {
    /// An expression outside the supported subset.
    #[error("the Gradio page template uses `{{{{ {0} }}}}`, which blocks cannot fill")]
    Unsupported(String),
    /// A `{{` without its `}}`.
    #[error("the Gradio page template has a `{{{{` that is never closed")]
    Unclosed,
}

/// A parsed template: literal text and expressions, in order.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    Expr(Expr),
}

#[derive(Debug, Clone)]
struct Expr {
    name: String,
    lookups: Vec<Lookup>,
    or: Option<String>,
    filter: Filter,
}

#[derive(Debug, Clone)]
enum Lookup {
    /// `.get('key', default)`; the default is a JSON literal.
    Get(String, Value),
    /// `['key']`.
    Index(String),
}

#[derive(Debug, Clone)]
enum Filter {
    /// Plain output: HTML-escaped text (Jinja's autoescape).
    Text,
    /// `| toorjson`: JSON, safe inside `<script>`.
    Json,
    /// `| default('text')`.
    Default(String),
}

impl Template {
    /// Parses `source`, checking every expression.
    pub(crate) fn parse(source: &str) -> Result<Self, TemplateError> {
        let mut parts = Vec::new();
        let mut rest = source;
        while let Some(start) = rest.find("{{") {
            parts.push(Part::Text(rest[..start].to_owned()));
            let after = &rest[start + 2..];
            let end = after.find("}}").ok_or(TemplateError::Unclosed)?;
            let text = after[..end].trim();
            parts.push(Part::Expr(
                parse_expr(text).ok_or_else(|| TemplateError::Unsupported(text.to_owned()))?,
            ));
            rest = &after[end + 2..];
        }
        parts.push(Part::Text(rest.to_owned()));
        Ok(Template { parts })
    }

    /// Fills the template from `context`, a JSON object of the template's names.
    pub(crate) fn render(&self, context: &Value) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Expr(expr) => out.push_str(&expr.eval(context)),
            }
        }
        out
    }
}

impl Expr {
    fn eval(&self, context: &Value) -> String {
        let mut value = context.get(&self.name).cloned().unwrap_or(Value::Null);
        for lookup in &self.lookups {
            value = match lookup {
                Lookup::Get(key, default) => value.get(key).cloned().unwrap_or(default.clone()),
                Lookup::Index(key) => value.get(key).cloned().unwrap_or(Value::Null),
            };
        }
        if let Some(or) = &self.or {
            if !truthy(&value) {
                value = Value::String(or.clone());
            }
        }
        match &self.filter {
            Filter::Json => crate::frontend::script_json(&value),
            Filter::Default(text) if value.is_null() => crate::render::escape_html(text),
            Filter::Text | Filter::Default(_) => crate::render::escape_html(&plain(&value)),
        }
    }
}

/// Python's truthiness of a JSON value.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64() != Some(0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "None".to_owned(),
        other => other.to_string(),
    }
}

fn parse_expr(text: &str) -> Option<Expr> {
    let (body, filter) = match text.split_once('|') {
        Some((body, filter)) => (body.trim(), parse_filter(filter.trim())?),
        None => (text, Filter::Text),
    };
    let (body, or) = match body.split_once(" or ") {
        Some((body, or)) => (body.trim(), Some(string_literal(or.trim())?)),
        None => (body, None),
    };
    let name_end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(body.len());
    let name = &body[..name_end];
    if name.is_empty() {
        return None;
    }
    let mut rest = &body[name_end..];
    let mut lookups = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix(".get(") {
            let end = closing_paren(after)?;
            let (key, default) = after[..end].split_once(',')?;
            lookups.push(Lookup::Get(
                string_literal(key.trim())?,
                literal(default.trim())?,
            ));
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']')?;
            lookups.push(Lookup::Index(string_literal(after[..end].trim())?));
            rest = &after[end + 1..];
        } else {
            return None;
        }
    }
    Some(Expr {
        name: name.to_owned(),
        lookups,
        or,
        filter,
    })
}

fn parse_filter(text: &str) -> Option<Filter> {
    if text == "toorjson" {
        return Some(Filter::Json);
    }
    let inner = text.strip_prefix("default(")?.strip_suffix(')')?;
    Some(Filter::Default(string_literal(inner.trim())?))
}

/// The index of the `)` closing a call whose arguments start `text`.
fn closing_paren(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '{' | '[') => depth += 1,
            (None, '}' | ']') => depth = depth.checked_sub(1)?,
            (None, ')') if depth == 0 => return Some(i),
            (None, ')') => depth -= 1,
            _ => {}
        }
    }
    None
}

fn string_literal(text: &str) -> Option<String> {
    let quote = text.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.contains(quote)).then(|| inner.to_owned())
}

/// A Python literal default: a string, `{}`, `[]`, `None`, a number or a boolean.
fn literal(text: &str) -> Option<Value> {
    match text {
        "{}" => Some(Value::Object(Default::default())),
        "[]" => Some(Value::Array(Vec::new())),
        "None" => Some(Value::Null),
        "True" => Some(Value::Bool(true)),
        "False" => Some(Value::Bool(false)),
        _ => string_literal(text)
            .map(Value::String)
            .or_else(|| text.parse::<f64>().ok().map(Value::from)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(source: &str, context: Value) -> String {
        Template::parse(source).expect("parses").render(&context)
    }

    #[test]
    fn fills_the_expressions_of_gradios_page() {
        let context = json!({"base_url": "./", "config": {"title": "A <b>", "root": "http://x",
            "body_css": {"body_text_color": "#111"}}, "gradio_api_info": {"a": "</script>"}});
        assert_eq!(
            render("{{ base_url | default('./') }}", context.clone()),
            "./"
        );
        assert_eq!(
            render(
                "{{ config.get('body_css', {}).get('body_text_color', '#1f2937') }}",
                context.clone()
            ),
            "#111"
        );
        assert_eq!(
            render(
                "{{ config.get('body_css', {}).get('body_background_fill', 'white') }}",
                context.clone()
            ),
            "white"
        );
        assert_eq!(
            render("{{ config['title'] or '' }}", context.clone()),
            "A &lt;b&gt;"
        );
        assert_eq!(
            render("{{ config['thumbnail'] or '' }}", context.clone()),
            ""
        );
        assert_eq!(
            render("{{ config.get('root', '') | toorjson }}", context.clone()),
            "\"http://x\""
        );
        assert_eq!(
            render("x{{ gradio_api_info | toorjson }}y", context),
            "x{\"a\":\"\\u003c/script\\u003e\"}y"
        );
    }

    #[test]
    fn other_jinja_is_refused_with_the_expression_named() {
        assert_eq!(
            Template::parse("{{ config.items() }}").expect_err("a call"),
            TemplateError::Unsupported("config.items()".into())
        );
        assert!(Template::parse("{{ a | upper }}").is_err());
        assert_eq!(
            Template::parse("{{ a").expect_err("unclosed"),
            TemplateError::Unclosed
        );
    }
}
