//! The messages of a [`Chatbot`](crate::component::Chatbot), in Gradio 6's format:
//! `{"role": "user", "metadata": null, "content": [{"type": "text", "text": "hi"}], "options": null}`.
//! Input also takes the older shape with `content` a plain string (or one content object, or a
//! list mixing strings and objects), as Gradio's `postprocess` does; output is always the
//! normalised shape Gradio 6 emits.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Who wrote a [`ChatMessage`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ChatRole {
    /// The person.
    User,
    /// The bot.
    Assistant,
    /// Instructions to the bot.
    System,
}

impl ChatRole {
    /// The role's name on the wire (`"user"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChatRole::User => "user",
            ChatRole::Assistant => "assistant",
            ChatRole::System => "system",
        }
    }
}

/// One part of a message's content (Gradio's `TextMessage`, `FileMessage`, `ComponentMessage`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
#[non_exhaustive]
pub enum ChatContent {
    /// Text, shown as Markdown.
    Text {
        /// The Markdown source.
        text: String,
    },
    /// A file: Gradio's `FileData` object (`path`, and `url`, `orig_name`, `mime_type`, …).
    File {
        /// The `FileData` object.
        file: Value,
        /// Text describing the file.
        alt_text: Option<String>,
    },
    /// A component shown inside the conversation, as Gradio sends it.
    Component {
        /// The component's kind (`"image"`).
        component: String,
        /// Its value.
        value: Value,
        /// The arguments it was made with.
        constructor_args: Map<String, Value>,
        /// Its props.
        props: Map<String, Value>,
    },
}

impl ChatContent {
    /// Text content.
    pub fn text(text: impl Into<String>) -> Self {
        ChatContent::Text { text: text.into() }
    }

    /// One content part from any shape Gradio accepts: a string, `{"type": …}`, or a bare
    /// file object (`{"path": …}`).
    fn from_json(json: Value) -> Result<Self, String> {
        let mut object = match json {
            Value::String(text) => return Ok(ChatContent::Text { text }),
            Value::Object(object) => object,
            other => {
                return Err(format!(
                    "a message's content is a string, a content object or a list of them, not {}",
                    crate::component::wire::describe(&other)
                ))
            }
        };
        let alt_text = |object: &mut Map<String, Value>| {
            object
                .remove("alt_text")
                .and_then(|v| v.as_str().map(str::to_owned))
        };
        let kind = object
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_owned);
        match kind.as_deref() {
            Some("text") => match object.remove("text") {
                Some(Value::String(text)) => Ok(ChatContent::Text { text }),
                _ => Err("a text content needs \"text\": a string".into()),
            },
            Some("component") => Ok(ChatContent::Component {
                component: match object.remove("component") {
                    Some(Value::String(name)) => name,
                    _ => return Err("a component content needs \"component\": a string".into()),
                },
                value: object.remove("value").unwrap_or(Value::Null),
                constructor_args: take_object(&mut object, "constructor_args"),
                props: take_object(&mut object, "props"),
            }),
            Some("file") => {
                let alt_text = alt_text(&mut object);
                match object.remove("file") {
                    Some(file @ Value::Object(_)) => file_data(file, alt_text),
                    _ => Err("a file content needs \"file\": a FileData object".into()),
                }
            }
            None if object.get("file").is_some_and(Value::is_object) => {
                let alt_text = alt_text(&mut object);
                let file = object.remove("file").unwrap_or(Value::Null);
                file_data(file, alt_text)
            }
            None if object.contains_key("path") => {
                let alt_text = alt_text(&mut object);
                file_data(Value::Object(object), alt_text)
            }
            Some(other) => Err(format!(
                "unknown content type {other:?} (expected \"text\", \"file\" or \"component\")"
            )),
            None => Err(
                "a content object needs \"type\" (text, file, component), or is a file \
                         with \"path\""
                    .into(),
            ),
        }
    }
}

fn take_object(object: &mut Map<String, Value>, key: &str) -> Map<String, Value> {
    match object.remove(key) {
        Some(Value::Object(inner)) => inner,
        _ => Map::new(),
    }
}

fn file_data(file: Value, alt_text: Option<String>) -> Result<ChatContent, String> {
    if file.get("path").and_then(Value::as_str).is_none() {
        return Err("a file content needs \"path\": a string".into());
    }
    Ok(ChatContent::File { file, alt_text })
}

impl<'de> Deserialize<'de> for ChatContent {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ChatContent::from_json(Value::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

/// A message shown as a "thought" (Gradio's `MetadataDict`): a titled, collapsible section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatMetadata {
    /// The thought's title; a message with one is shown collapsible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its id, for nesting thoughts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Value>,
    /// The id of the thought it is nested in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<Value>,
    /// A note shown next to the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<String>,
    /// How long it took, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<f64>,
    /// `"pending"` or `"done"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// A choice offered under a message (Gradio's `OptionDict`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatOption {
    /// The value the choice stands for.
    pub value: String,
    /// The text shown, if not the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// One message in a [`Chatbot`](crate::component::Chatbot).
///
/// ```
/// use blocks_runtime::component::{ChatMessage, ChatRole};
/// let old: ChatMessage = serde_json::from_str(r#"{"role": "user", "content": "hi"}"#).unwrap();
/// assert_eq!(old, ChatMessage::user("hi"));
/// let json = serde_json::to_value(&old).unwrap();
/// assert_eq!(json["content"], serde_json::json!([{"type": "text", "text": "hi"}]));
/// assert_eq!(old.text(), "hi");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatMessage {
    /// Who wrote it.
    pub role: ChatRole,
    /// Shown as a thought when it has a title.
    pub metadata: Option<ChatMetadata>,
    /// What it says: text (Markdown), files, components.
    pub content: Vec<ChatContent>,
    /// Choices offered under it.
    pub options: Option<Vec<ChatOption>>,
}

impl ChatMessage {
    /// A message of `role` saying `text`.
    pub fn new(role: ChatRole, text: impl Into<String>) -> Self {
        ChatMessage {
            role,
            metadata: None,
            content: vec![ChatContent::text(text)],
            options: None,
        }
    }
    /// A message from the user.
    pub fn user(text: impl Into<String>) -> Self {
        ChatMessage::new(ChatRole::User, text)
    }
    /// A message from the bot.
    pub fn assistant(text: impl Into<String>) -> Self {
        ChatMessage::new(ChatRole::Assistant, text)
    }
    /// Instructions to the bot.
    pub fn system(text: impl Into<String>) -> Self {
        ChatMessage::new(ChatRole::System, text)
    }
    /// Shows the message as a thought titled `title`.
    pub fn thought(mut self, title: impl Into<String>) -> Self {
        self.metadata.get_or_insert_with(Default::default).title = Some(title.into());
        self
    }
    /// The text parts, joined by blank lines.
    pub fn text(&self) -> String {
        let texts: Vec<&str> = self
            .content
            .iter()
            .filter_map(|c| match c {
                ChatContent::Text { text } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        texts.join("\n\n")
    }
}

#[derive(Deserialize)]
struct WireMessage {
    role: ChatRole,
    #[serde(default)]
    metadata: Option<ChatMetadata>,
    content: Value,
    #[serde(default)]
    options: Option<Vec<ChatOption>>,
}

impl<'de> Deserialize<'de> for ChatMessage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = WireMessage::deserialize(deserializer)?;
        let content = match wire.content {
            Value::Array(parts) => parts
                .into_iter()
                .map(ChatContent::from_json)
                .collect::<Result<Vec<_>, _>>(),
            one => ChatContent::from_json(one).map(|c| vec![c]),
        }
        .map_err(serde::de::Error::custom)?;
        Ok(ChatMessage {
            role: wire.role,
            metadata: wire.metadata,
            content,
            options: wire.options,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_gradio_shape_reads_and_writes_as_gradio_6() {
        let old: ChatMessage =
            serde_json::from_value(json!({"role": "assistant", "content": "**hi**"}))
                .expect("reads");
        let v6: ChatMessage = serde_json::from_value(json!({
            "role": "assistant", "metadata": null,
            "content": [{"type": "text", "text": "**hi**"}], "options": null
        }))
        .expect("reads");
        assert_eq!(old, v6);
        assert_eq!(
            serde_json::to_value(&v6).expect("writes"),
            json!({"role": "assistant", "metadata": null,
                   "content": [{"type": "text", "text": "**hi**"}], "options": null})
        );
        let rich: ChatMessage = serde_json::from_value(json!({
            "role": "user",
            "metadata": {"title": "Tool", "status": "done"},
            "content": ["see", {"path": "/tmp/a.png", "mime_type": "image/png"},
                        {"type": "file", "file": {"path": "/tmp/b.txt"}, "alt_text": "b"}],
            "options": [{"value": "yes"}, {"value": "n", "label": "No"}]
        }))
        .expect("reads");
        assert_eq!(rich.content.len(), 3);
        let back = serde_json::to_value(&rich).expect("writes");
        assert_eq!(back["content"][1]["type"], "file");
        assert_eq!(back["content"][1]["file"]["path"], "/tmp/a.png");
        assert_eq!(back["content"][2]["alt_text"], "b");
        assert_eq!(back["metadata"], json!({"title": "Tool", "status": "done"}));
        assert_eq!(back["options"][1], json!({"value": "n", "label": "No"}));
    }

    #[test]
    fn bad_messages_are_refused_with_a_reason() {
        for bad in [
            json!({"role": "user", "content": 5}),
            json!({"role": "robot", "content": "x"}),
            json!({"role": "user", "content": [{"type": "video"}]}),
            json!({"role": "user", "content": [{"type": "file", "file": {"url": "x"}}]}),
            json!({"role": "user"}),
        ] {
            let err = serde_json::from_value::<ChatMessage>(bad.clone()).expect_err("refused");
            assert!(!err.to_string().is_empty(), "{bad}");
        }
    }
}
