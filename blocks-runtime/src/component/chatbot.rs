//! `Chatbot`: a conversation. Value: `Vec<ChatMessage>` (Gradio 6's message format). The page
//! shows each message's text as Markdown, rendered and sanitised on the server within the
//! app's [`RenderLimits`] like a [`Markdown`](crate::component::Markdown) value.

use serde_json::{json, Value};

use crate::component::chat_message::{ChatContent, ChatMessage};
use crate::component::props::common_props;
use crate::component::{ApiInfo, Props, WireKind};
use crate::render::{escape_html, RenderError, RenderLimits};

/// A chat transcript. Value: `Vec<ChatMessage>`. Events: change, select (a message: its index
/// and text, in [`SelectData`](crate::event::SelectData)).
///
/// ```
/// use blocks_runtime::component::{ChatMessage, Chatbot};
/// let chat = Chatbot::new().label("Assistant").height(300);
/// let history = vec![ChatMessage::user("hi"), ChatMessage::assistant("**hello**")];
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
    /// An empty conversation, 400 pixels high (Gradio's default).
    pub fn new() -> Self {
        let mut props = Props::with_defaults("chatbot");
        props.set("type", "messages");
        props.set("height", 400);
        props.set("value", Vec::<ChatMessage>::new());
        Chatbot { props }
    }
    /// The height in pixels; longer conversations scroll.
    pub fn height(mut self, pixels: u32) -> Self {
        self.props.set("height", pixels);
        self
    }
}

common_props!(Chatbot);

impl WireKind for Chatbot {
    type Value = Vec<ChatMessage>;
    const NAME: &'static str = "Chatbot";
    const KIND: &'static str = "chatbot";
    const EXPECTS: &'static str =
        "a list of {\"role\", \"content\"} messages (content: a string, or a list of {\"type\": \"text\", \"text\"} / file / component parts)";
    const HTML: Option<crate::component::HtmlFn> = Some(transcript_html);

    fn props(self) -> Props {
        self.props
    }

    fn api() -> Option<ApiInfo> {
        let text = json!({"type": "object", "properties": {
            "type": {"const": "text"}, "text": {"type": "string"}}, "required": ["text"]});
        let file = json!({"type": "object", "properties": {
            "type": {"const": "file"}, "file": {"type": "object"},
            "alt_text": {"anyOf": [{"type": "string"}, {"type": "null"}]}}, "required": ["file"]});
        let schema = json!({"type": "array", "items": {"type": "object", "properties": {
            "role": {"type": "string"},
            "metadata": {"anyOf": [{"type": "object"}, {"type": "null"}]},
            "content": {"type": "array", "items": {"anyOf": [text, file, {"type": "object"}]}},
            "options": {"anyOf": [{"type": "array", "items": {"type": "object"}}, {"type": "null"}]},
        }, "required": ["role", "content"]}});
        let example = json!([
            {"role": "user", "metadata": null, "content": [{"type": "text", "text": "Hello!"}], "options": null},
            {"role": "assistant", "metadata": null, "content": [{"type": "text", "text": "How can I help you?"}], "options": null},
        ]);
        Some(ApiInfo::new(schema, "list[dict]", example))
    }
}

crate::wire_kind!(Chatbot);
crate::component::events::events!(Chatbot: HasChange, Selectable);

/// The transcript as the page shows it: one `div.message.<role>` per message, its text
/// rendered from Markdown and sanitised. `None` when the value is not a transcript (the page
/// then shows it as text). The size limit applies to the whole conversation; a message whose
/// HTML nests too deep is shown as plain text.
fn transcript_html(value: &Value, limits: &RenderLimits) -> Option<Result<String, RenderError>> {
    let messages: Vec<ChatMessage> = serde_json::from_value(value.clone()).ok()?;
    let bytes: usize = messages
        .iter()
        .flat_map(|m| &m.content)
        .map(|c| match c {
            ChatContent::Text { text } => text.len(),
            _ => 0,
        })
        .sum();
    if bytes > limits.max_bytes {
        return Some(Err(RenderError::TooLarge {
            bytes,
            max: limits.max_bytes,
        }));
    }
    let mut html = String::with_capacity(bytes * 2);
    for (index, message) in messages.iter().enumerate() {
        html.push_str(&format!(
            "<div class=\"message {}\" data-index=\"{index}\">",
            message.role.as_str()
        ));
        let title = message.metadata.as_ref().and_then(|m| m.title.as_deref());
        if let Some(title) = title {
            let open = message
                .metadata
                .as_ref()
                .is_none_or(|m| m.status.as_deref() != Some("done"));
            html.push_str(&format!(
                "<details class=\"thought\"{}><summary>{}</summary>",
                if open { " open" } else { "" },
                escape_html(title)
            ));
        }
        for content in &message.content {
            html.push_str(&content_html(content, limits));
        }
        if title.is_some() {
            html.push_str("</details>");
        }
        if let Some(options) = message.options.as_ref().filter(|o| !o.is_empty()) {
            html.push_str("<div class=\"options\">");
            for option in options {
                let shown = option.label.as_deref().unwrap_or(&option.value);
                html.push_str(&format!(
                    "<span class=\"option\">{}</span>",
                    escape_html(shown)
                ));
            }
            html.push_str("</div>");
        }
        html.push_str("</div>");
    }
    Some(Ok(html))
}

/// One content part as sanitised HTML.
fn content_html(content: &ChatContent, limits: &RenderLimits) -> String {
    match content {
        ChatContent::Text { text } => match limits.markdown(text) {
            // Without the trailing newline, the message's text is exactly what it says.
            Ok(html) => html.trim_end().to_owned(),
            Err(_) => format!("<p class=\"plain\">{}</p>", escape_html(text)),
        },
        ChatContent::File { file, alt_text } => {
            let text = |key: &str| file.get(key).and_then(Value::as_str);
            let url = text("url").map_or_else(
                // Relative to the page, so that it works under any path prefix.
                || format!("gradio_api/file={}", text("path").unwrap_or_default()),
                str::to_owned,
            );
            let name = alt_text
                .as_deref()
                .or(text("orig_name"))
                .or(text("path"))
                .unwrap_or("file");
            let image = text("mime_type").is_some_and(|m| m.starts_with("image/"));
            let tag = if image {
                format!(
                    "<img src=\"{}\" alt=\"{}\">",
                    escape_html(&url),
                    escape_html(name)
                )
            } else {
                format!(
                    "<a href=\"{}\" download>{}</a>",
                    escape_html(&url),
                    escape_html(name)
                )
            };
            limits.html(&tag).unwrap_or_default()
        }
        ChatContent::Component {
            component, value, ..
        } => format!(
            "<pre class=\"component\" title=\"{}\"><code>{}</code></pre>",
            escape_html(component),
            escape_html(&serde_json::to_string_pretty(value).unwrap_or_default())
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(value: Value, limits: &RenderLimits) -> Result<String, RenderError> {
        transcript_html(&value, limits).expect("a transcript")
    }

    #[test]
    fn messages_render_as_sanitised_markdown_in_either_shape() {
        let limits = RenderLimits::default();
        let out = html(
            json!([
                {"role": "user", "content": "**bold** and `code` <script>alert(1)</script>"},
                {"role": "assistant", "content": [{"type": "text", "text": "- a\n- [link](https://x.org)\n\n```\nfn x() {}\n```"}]},
            ]),
            &limits,
        )
        .expect("rendered");
        assert!(out.contains("<div class=\"message user\" data-index=\"0\">"));
        assert!(out.contains("<strong>bold</strong>") && out.contains("<code>code</code>"));
        assert!(!out.contains("<script"), "{out}");
        assert!(out.contains("<li><a href=\"https://x.org\""), "{out}");
        assert!(out.contains("<pre><code>fn x() {}"), "{out}");
    }

    #[test]
    fn limits_hold_for_the_conversation_and_each_message() {
        let small = RenderLimits::default().max_bytes(10);
        let err = html(
            json!([{"role": "user", "content": "0123456"}, {"role": "assistant", "content": "0123456"}]),
            &small,
        );
        assert_eq!(err, Err(RenderError::TooLarge { bytes: 14, max: 10 }));
        let deep = "<div>".repeat(200);
        let out = html(
            json!([{"role": "user", "content": deep}]),
            &RenderLimits::default(),
        )
        .expect("rendered");
        assert!(
            out.contains("<p class=\"plain\">&lt;div&gt;"),
            "too deep: shown as text"
        );
        assert_eq!(transcript_html(&json!("not a transcript"), &small), None);
    }

    #[test]
    fn thoughts_files_and_options_show() {
        let out = html(
            json!([{"role": "assistant", "metadata": {"title": "Using <tool>", "status": "done"},
                     "content": [{"path": "/tmp/cat.png", "mime_type": "image/png", "orig_name": "cat.png"},
                                 {"type": "file", "file": {"path": "/tmp/x\"y.txt", "url": "javascript:alert(1)"}}],
                     "options": [{"value": "a", "label": "Option <A>"}]}]),
            &RenderLimits::default(),
        )
        .expect("rendered");
        assert!(
            out.contains("<details class=\"thought\"><summary>Using &lt;tool&gt;</summary>"),
            "{out}"
        );
        assert!(
            out.contains("<img src=\"gradio_api/file=/tmp/cat.png\" alt=\"cat.png\">"),
            "{out}"
        );
        assert!(!out.contains("javascript:"), "{out}");
        assert!(
            out.contains("<span class=\"option\">Option &lt;A&gt;</span>"),
            "{out}"
        );
    }
}
