//! A `ChatInterface`: a chat app around a function of the message and the history (Gradio's
//! `gr.ChatInterface`). The reply streams in word by word; Retry, Undo and Clear come with it,
//! and the endpoint `/respond` serves API clients, each with its own history.

use std::time::Duration;

use blocks::prelude::*;
use futures_util::stream::{self, Stream, StreamExt};

/// Replies to the message, a word at a time, in the tone picked under the chat.
/// (`#[blocks::handler]` gives API clients its parameter names: `message`, `tone`.)
#[blocks::handler]
pub fn respond(
    message: String,
    history: Vec<ChatMessage>,
    tone: String,
) -> impl Stream<Item = String> {
    let turns = history.iter().filter(|m| m.role == ChatRole::User).count();
    let reply = format!(
        "({tone}) You said: **{message}**. That makes {} messages from you.",
        turns + 1
    );
    let words: Vec<String> = reply.split(' ').map(str::to_owned).collect();
    stream::iter(1..=words.len()).then(move |n| {
        let so_far = words[..n].join(" ");
        async move {
            tokio::time::sleep(Duration::from_millis(30)).await;
            so_far
        }
    })
}

/// The app.
pub fn app() -> App {
    ChatInterface::with_additional_inputs(
        respond,
        Radio::new(["friendly", "formal"])
            .label("Tone")
            .value("friendly"),
    )
    .title("Chat")
    .description("A bot that answers in the tone you pick.")
    .examples(["Hello!", "What can you do?"])
    .build()
}

fn main() -> std::io::Result<()> {
    app().launch()
}
