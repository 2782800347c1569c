//! Echo: the smallest app. What you type comes back; API clients call it as `/echo`.

use blocks::prelude::*;

/// Returns its input.
///
/// # Arguments
///
/// * `text` - The text to send back.
#[blocks::handler]
pub fn echo(text: String) -> String {
    text
}

/// The app.
#[blocks::app(title = "Echo")]
pub fn app() {
    let input = Textbox::new().label("Input");
    let output = Textbox::new().label("Output");
    let send = Button::new("Echo");
    send.click(echo, input, output).api_name("echo");
    input.submit(echo, input, output).api_name("echo_submit");
}

fn main() -> std::io::Result<()> {
    app().launch()
}
