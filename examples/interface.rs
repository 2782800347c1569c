//! An `Interface`: a function's inputs and outputs with Submit and Clear, and a table of
//! examples under them (Gradio's `gr.Interface`). Written in `#[blocks::app]`, where an
//! `Interface` statement is laid out where it stands; `Interface::new(…).build()` makes the
//! same app with the builder.

use blocks::prelude::*;

/// Greets a person, as many times as asked, loudly if asked.
#[blocks::handler]
pub fn greet(name: String, times: f64, shout: bool) -> String {
    let greeting = format!("Hello, {name}! ").repeat(times.max(0.0) as usize);
    let greeting = greeting.trim_end().to_owned();
    if shout {
        greeting.to_uppercase()
    } else {
        greeting
    }
}

/// The app.
#[blocks::app(title = "Greeter")]
pub fn app() {
    Interface::new(
        greet,
        (
            Textbox::new().placeholder("Your name"),
            Slider::new(1.0, 5.0).value(1.0).step(1.0),
            Checkbox::new(),
        ),
        Textbox::new().label("Greeting"),
    )
    .title("Greeter")
    .description("Type a name, pick how many times, and press **Submit**.")
    .examples([
        ("Ada".to_owned(), 2.0, false),
        ("Grace".to_owned(), 1.0, true),
    ]);
}

fn main() -> std::io::Result<()> {
    app().launch()
}
