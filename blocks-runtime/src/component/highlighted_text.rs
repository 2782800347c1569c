//! `HighlightedText`: text whose spans carry labels (or scores), drawn in colours. Value:
//! `Vec<Highlight>`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::component::{ApiInfo, Props};

/// What a span of a [`HighlightedText`] is marked with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Mark {
    /// A category, coloured by the component's colour map (or a colour of its own).
    Class(String),
    /// A score from -1 to 1: positive in red, negative in blue, as Gradio draws them.
    Score(f64),
}

/// One span of a [`HighlightedText`]: Gradio's `{"token": …, "class_or_confidence": …}`.
///
/// ```
/// use blocks_runtime::component::Highlight;
/// let spans = vec![Highlight::plain("The "), Highlight::labelled("cat", "noun")];
/// assert_eq!(serde_json::to_value(&spans[1]).unwrap(),
///            serde_json::json!({"token": "cat", "class_or_confidence": "noun"}));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Highlight {
    /// The text of the span.
    pub token: String,
    /// Its label or score; `None` for unmarked text.
    #[serde(rename = "class_or_confidence", default)]
    pub mark: Option<Mark>,
}

impl Highlight {
    /// Unmarked text.
    pub fn plain(token: impl Into<String>) -> Self {
        Highlight {
            token: token.into(),
            mark: None,
        }
    }
    /// Text marked with a category.
    pub fn labelled(token: impl Into<String>, label: impl Into<String>) -> Self {
        Highlight {
            token: token.into(),
            mark: Some(Mark::Class(label.into())),
        }
    }
    /// Text marked with a score from -1 to 1.
    pub fn scored(token: impl Into<String>, score: f64) -> Self {
        Highlight {
            token: token.into(),
            mark: Some(Mark::Score(score)),
        }
    }
}

impl<T: Into<String>, L: Into<String>> From<(T, Option<L>)> for Highlight {
    fn from((token, label): (T, Option<L>)) -> Self {
        Highlight {
            token: token.into(),
            mark: label.map(|l| Mark::Class(l.into())),
        }
    }
}

/// Text with labelled spans. Value: `Vec<Highlight>`. Events: change, select (a clicked
/// span: its index and `[token, label]`).
///
/// ```
/// use blocks_runtime::prelude::*;
/// let ner = HighlightedText::new().color_map([("noun", "#ffd43b")]).show_legend(true);
/// assert_eq!(ner.props().get("color_map"), Some(&serde_json::json!({"noun": "#ffd43b"})));
/// ```
#[derive(Debug, Clone)]
pub struct HighlightedText {
    props: Props,
}

impl Default for HighlightedText {
    fn default() -> Self {
        Self::new()
    }
}

impl HighlightedText {
    /// No text yet.
    pub fn new() -> Self {
        let mut props = Props::with_defaults("highlightedtext");
        props.set("value", Value::Null);
        props.set("show_legend", false);
        props.set("show_inline_category", true);
        props.set("combine_adjacent", false);
        props.set("adjacent_separator", "");
        props.set("show_whitespaces", true);
        props.set("rtl", false);
        props.set("show_label", true);
        props.set("container", true);
        props.set("min_width", 160);
        props.set("elem_classes", Vec::<String>::new());
        props.set("buttons", Vec::<String>::new());
        props.set("_selectable", false);
        HighlightedText { props }
    }
    /// The initial spans.
    pub fn value(mut self, spans: impl IntoIterator<Item = Highlight>) -> Self {
        self.props
            .set("value", spans.into_iter().collect::<Vec<_>>());
        self
    }
    /// Colours of labels (`"#ff8800"`, `"red"`); other labels get colours of their own.
    pub fn color_map<K: Into<String>, V: Into<String>>(
        mut self,
        colors: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let map: Map<String, Value> = colors
            .into_iter()
            .map(|(k, v)| (k.into(), Value::String(v.into())))
            .collect();
        self.props.set("color_map", map);
        self
    }
    /// Whether a legend of the labels is shown (default `false`).
    pub fn show_legend(mut self, show: bool) -> Self {
        self.props.set("show_legend", show);
        self
    }
    /// Whether each span shows its label after it (default `true`).
    pub fn show_inline_category(mut self, show: bool) -> Self {
        self.props.set("show_inline_category", show);
        self
    }
}

crate::component::props::common_props!(HighlightedText);

impl crate::component::WireKind for HighlightedText {
    type Value = Vec<Highlight>;
    const NAME: &'static str = "HighlightedText";
    const KIND: &'static str = "highlightedtext";
    const EXPECTS: &'static str =
        "a list of spans [{\"token\": string, \"class_or_confidence\": string | number | null}]";
    const BROWSER_MODULE: Option<&'static str> = Some(include_str!(
        "../frontend/assets/ondemand/highlightedtext.js"
    ));

    fn props(self) -> Props {
        self.props
    }
    fn api() -> Option<ApiInfo> {
        let token = json!({
            "properties": {
                "token": {"title": "Token", "type": "string"},
                "class_or_confidence": {
                    "anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}],
                    "default": null, "title": "Class Or Confidence",
                },
            },
            "required": ["token"], "title": "HighlightedToken", "type": "object",
        });
        Some(ApiInfo::new(
            json!({"$defs": {"HighlightedToken": token}, "items": {"$ref": "#/$defs/HighlightedToken"},
                   "title": "HighlightedTextData", "type": "array"}),
            "list[dict(token: str, class_or_confidence: str | float | None)]",
            json!([{"token": "The", "class_or_confidence": null},
                   {"token": "quick", "class_or_confidence": "adj"}]),
        ))
    }
}

crate::wire_kind!(HighlightedText);
crate::component::events::events!(HighlightedText: HasChange, Selectable);

#[cfg(test)]
#[allow(clippy::unwrap_used)] // A test fails with the value shown.
mod tests {
    use super::*;
    use crate::component::WireKind;

    #[test]
    fn spans_cross_the_wire_as_gradios_tokens() {
        let wire = json!([{"token": "Paris", "class_or_confidence": "LOC"},
                          {"token": " is", "class_or_confidence": null},
                          {"token": " big", "class_or_confidence": 0.5},
                          {"token": "!"}]);
        let spans = HighlightedText::decode(wire).unwrap();
        assert_eq!(spans[0], Highlight::labelled("Paris", "LOC"));
        assert_eq!(spans[1], Highlight::plain(" is"));
        assert_eq!(spans[2], Highlight::scored(" big", 0.5));
        assert_eq!(spans[3].mark, None);
        assert_eq!(
            HighlightedText::encode(&spans).unwrap()[3],
            json!({"token": "!", "class_or_confidence": null})
        );
        for bad in [
            json!("text"),
            json!([{"text": "x"}]),
            json!([{"token": 1}]),
            json!([{"token": "a", "class_or_confidence": [1]}]),
        ] {
            assert!(HighlightedText::decode(bad.clone()).is_err(), "{bad}");
        }
    }
}
