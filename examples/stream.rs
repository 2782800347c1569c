//! Streaming: a handler returns a `Stream`, and each item reaches the page as it is produced;
//! the Stop button ends a running stream where it is (`.cancels`).

use std::time::Duration;

use blocks::prelude::*;
use futures_util::stream::{self, Stream, StreamExt};

/// Streams ten tokens, one every 50 ms; each item is the text so far.
pub fn tokens(prompt: String) -> impl Stream<Item = String> {
    stream::iter(0..10).then(move |i| {
        let prompt = prompt.clone();
        async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            let words: Vec<String> = (0..=i).map(|n| format!("{prompt}-{n}")).collect();
            words.join(" ")
        }
    })
}

/// The app.
#[blocks::app(title = "Stream")]
pub fn app() {
    let prompt = Textbox::new().label("Prompt").value("token");
    let output = Textbox::new().label("Output").lines(4);
    let go = Button::new("Stream");
    let stop = Button::new("Stop");
    let streaming = go.click(tokens, prompt, output).api_name("stream");
    stop.click(|| (), (), ()).cancels(streaming);
}

fn main() -> std::io::Result<()> {
    app().launch()
}
