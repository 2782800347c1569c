//! Audio reverse: drop a WAV file, hear it backwards. API clients call it as `/reverse` with
//! `gradio_client.handle_file("voice.wav")` and get the reversed WAV file back.

use blocks::prelude::*;

/// The sound played backwards (frame by frame, so stereo channels stay in place).
#[blocks::handler]
pub fn reverse(sound: Sound) -> Sound {
    let channels = usize::from(sound.channels.max(1));
    let samples = sound
        .samples
        .chunks(channels)
        .rev()
        .flatten()
        .copied()
        .collect();
    Sound { samples, ..sound }
}

/// The app.
#[blocks::app(title = "Audio reverse")]
pub fn app() {
    let input = Audio::new().label("Input");
    let output = Audio::new().label("Reversed");
    input.upload(reverse, input, output).api_name("reverse");
}

fn main() -> std::io::Result<()> {
    app().launch()
}
