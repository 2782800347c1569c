//! `Chatbot`: a conversation. Value: `Vec<ChatMessage>` (Gradio's "messages" format).

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::component::props::common_props;
use crate::component::wire::wire_component;
use crate::component::Props;

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

/// One message in a [`Chatbot`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// Who wrote it.
    pub role: ChatRole,
    /// The text (Markdown).
    pub content: String,
}

impl ChatMessage {
    /// A message from the user.
    pub fn user(content: impl Into<String>) -> Self {
        ChatMessage {
            role: ChatRole::User,
            content: content.into(),
        }
    }
    /// A message from the bot.
    pub fn assistant(content: impl Into<String>) -> Self {
        ChatMessage {
            role: ChatRole::Assistant,
            content: content.into(),
        }
    }
}

/// A chat transcript. Value: `Vec<ChatMessage>`. Events: change, select.
///
/// ```
/// use blocks_runtime::component::{ChatMessage, Chatbot};
/// let chat = Chatbot::new().label("Assistant");
/// let history = vec![ChatMessage::user("hi"), ChatMessage::assistant("hello")];
/// assert_eq!(history.len(), 2);
/// # let _ = chat;
/// ```
#[derive(Debug, Clone)]
pub struct Chatbot {
    props: Props,
}

impl Default for Chatbot {
    fn default() -> Self {
        Self::new()
    }
}

impl Chatbot {
    /// An empty conversation.
    pub fn new() -> Self {
        let mut props = Props::with_defaults("chatbot");
        props.set("type", "messages");
        props.set("value", Vec::<ChatMessage>::new());
        Chatbot { props }
    }
}

common_props!(Chatbot);
wire_component!(
    Chatbot, value: Vec<ChatMessage>, name: "Chatbot", kind: "chatbot",
    expects: "a list of {\"role\", \"content\"} messages", python_type: "list[dict]",
    schema: json!({"type": "array", "items": {"type": "object", "properties": {"role": {"type": "string"}, "content": {"type": "string"}}}}),
    example: json!([{"role": "user", "content": "Hello"}]),
);

crate::component::events::events!(Chatbot: HasChange, Selectable);
