// Interface, ChatInterface and Examples as statements of an app: laid out where they stand.
use blocks::prelude::*;

fn greet(name: String) -> String {
    format!("Hello, {name}!")
}

fn echo(message: String, _history: Vec<ChatMessage>) -> String {
    message
}

#[blocks::app]
fn demo() {
    Interface::new(greet, Textbox::new().label("Name"), Textbox::new()).examples(["Ada".to_owned()]);
    let chat = ChatInterface::new(echo).api_name("chat");
    let word = Textbox::new().label("Word");
    word.submit(|w: String| w, word, word);
    Examples::new(word, ["hello".to_owned()]);
    let _handles = chat;
}

fn main() {
    let app = demo();
    assert!(app.dependency_by_api_name("greet").is_some());
    assert!(app.dependency_by_api_name("chat").is_some());
}
