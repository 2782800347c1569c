// The builder API: a chat function's parameters after the history take the additional
// inputs' values, in order.
use blocks::prelude::*;

fn tuned(message: String, _history: Vec<ChatMessage>, temperature: f64) -> String {
    format!("{message} {temperature}")
}

fn main() {
    let _ = ChatInterface::with_additional_inputs(tuned, Textbox::new()).build();
}
