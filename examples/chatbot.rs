//! A chatbot: the conversation is a `Chatbot` value (Gradio 6's messages); the reply, written in
//! Markdown, streams in word by word.

use blocks::prelude::*;
use futures_util::stream::{self, Stream};

/// Adds the user's message to the history and clears the textbox.
pub fn user_turn(message: String, mut history: Vec<ChatMessage>) -> (String, Vec<ChatMessage>) {
    history.push(ChatMessage::user(message));
    (String::new(), history)
}

/// Streams the bot's reply into the history, a word at a time.
pub fn bot_turn(history: Vec<ChatMessage>) -> impl Stream<Item = Vec<ChatMessage>> {
    let last = history.last().map(ChatMessage::text).unwrap_or_default();
    let reply = format!("You said: **{last}**. Tell me more!");
    let words: Vec<String> = reply.split(' ').map(str::to_owned).collect();
    stream::iter((1..=words.len()).map(move |n| {
        let mut history = history.clone();
        history.push(ChatMessage::assistant(words[..n].join(" ")));
        history
    }))
}

/// The app.
#[blocks::app(title = "Chatbot")]
pub fn app() {
    let chat = Chatbot::new().label("Chat");
    let message = Textbox::new().label("Message").placeholder("Say something");
    message
        .submit(user_turn, (message, chat), (message, chat))
        .api_name("user")
        .then(bot_turn, chat, chat)
        .api_name("bot");
}

fn main() -> std::io::Result<()> {
    app().launch()
}
