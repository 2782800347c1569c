// A ChatInterface in the macro: the chat function takes the message and the history, and
// returns a reply (a String, or a stream of them).
use blocks::prelude::*;

fn no_history(message: String) -> String {
    message
}

fn counts(message: String, _history: Vec<ChatMessage>) -> f64 {
    message.len() as f64
}

#[blocks::app]
fn demo() {
    ChatInterface::new(no_history);
    ChatInterface::new(counts);
}

fn main() {}
