//! `Audio`: a sound to upload or play. Value: [`Sound`] (samples and sample rate), read from
//! an uploaded WAV, MP3, Ogg/Vorbis or FLAC file and written as a WAV file when returned.

mod decode;

use std::io::Cursor;

use serde_json::Value;

use crate::component::codec::{ComponentInput, InputError, OutputWrite};
use crate::component::file_kinds::{decode_file, example_file, file_schema};
use crate::component::media_kind::{head, media_spec, read_file, MediaKind};
use crate::component::props::{common_props, media_props};
use crate::component::{
    ApiInfo, Component, ComponentSpec, IntoOutput, PageContext, Props, ReadContext, ReadValue,
    Update,
};
use crate::media::FileData;

pub use decode::SoundError;

const EXPECTS: &str = "a sound file: WAV, MP3, Ogg/Vorbis or FLAC (Gradio's FileData with the `path` /gradio_api/upload returned)";

/// A sound: its samples, interleaved by channel, as numbers from -1 to 1, and its sample
/// rate. What an [`Audio`] handler receives and returns.
///
/// ```
/// use blocks_runtime::component::Sound;
/// let beep = Sound::mono(8000, (0..8000).map(|i| (i as f32 / 10.0).sin() * 0.5).collect());
/// assert_eq!(beep.frames(), 8000);
/// assert!((beep.seconds() - 1.0).abs() < 1e-6);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Sound {
    /// Samples per second of each channel.
    pub sample_rate: u32,
    /// How many channels (1: mono, 2: stereo).
    pub channels: u16,
    /// The samples, frame by frame: for stereo, left, right, left, right, …
    pub samples: Vec<f32>,
}

impl Sound {
    /// A one-channel sound.
    pub fn mono(sample_rate: u32, samples: Vec<f32>) -> Self {
        Sound {
            sample_rate,
            channels: 1,
            samples,
        }
    }

    /// How many frames (one sample per channel) it has.
    pub fn frames(&self) -> usize {
        self.samples.len() / usize::from(self.channels.max(1))
    }

    /// How long it lasts.
    pub fn seconds(&self) -> f64 {
        self.frames() as f64 / f64::from(self.sample_rate.max(1))
    }

    /// Reads a WAV file's bytes (integer PCM of 8 to 32 bits, or 32-bit float).
    pub fn from_wav(bytes: &[u8]) -> Result<Sound, String> {
        match decode::sniff(bytes) {
            Ok(decode::Container::Wav) => {
                decode::decode(Cursor::new(bytes.to_vec()), u64::MAX).map_err(|e| e.to_string())
            }
            _ => Err("not a WAV file (RIFF/WAVE)".into()),
        }
    }

    /// Reads a sound file's bytes: WAV, MP3, Ogg/Vorbis or FLAC (recognised by their first
    /// bytes), decoding at most `max_samples` samples (all channels together).
    ///
    /// ```
    /// use blocks_runtime::component::{Sound, SoundError};
    /// let wav = Sound::mono(8000, vec![0.5; 800]).to_wav().unwrap();
    /// assert_eq!(Sound::decode(&wav, 800).unwrap().frames(), 800);
    /// assert_eq!(Sound::decode(&wav, 799), Err(SoundError::TooLong { max: 799 }));
    /// assert_eq!(Sound::decode(b"hello", 800), Err(SoundError::NotSound));
    /// ```
    pub fn decode(bytes: &[u8], max_samples: u64) -> Result<Sound, SoundError> {
        decode::decode(Cursor::new(bytes.to_vec()), max_samples)
    }

    /// Writes it as a 16-bit PCM WAV file.
    pub fn to_wav(&self) -> Result<Vec<u8>, String> {
        let spec = hound::WavSpec {
            channels: self.channels.max(1),
            sample_rate: self.sample_rate.max(1),
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut bytes = Vec::new();
        let mut writer =
            hound::WavWriter::new(Cursor::new(&mut bytes), spec).map_err(|err| err.to_string())?;
        for sample in &self.samples {
            let value = (sample.clamp(-1.0, 1.0) * f32::from(i16::MAX)).round() as i16;
            writer.write_sample(value).map_err(|err| err.to_string())?;
        }
        writer.finalize().map_err(|err| err.to_string())?;
        Ok(bytes)
    }
}

/// A sound: dropped or picked in the page and played there, or returned by a handler.
/// Value: [`Sound`]. Events: change, upload.
///
/// ```
/// use blocks_runtime::component::Audio;
/// let voice = Audio::new().label("Voice").autoplay(false);
/// assert_eq!(voice.props().label(), Some("Voice"));
/// ```
#[derive(Debug, Clone)]
pub struct Audio {
    props: Props,
}

impl Default for Audio {
    fn default() -> Self {
        Self::new()
    }
}

impl Audio {
    /// An empty player that takes uploads; outputs are WAV files.
    pub fn new() -> Self {
        let mut props = Props::with_defaults("audio");
        props.set("value", Value::Null);
        props.set("sources", ["upload"]);
        props.set("type", "numpy");
        props.set("format", "wav");
        props.set("autoplay", false);
        props.set("loop", false);
        props.set_download_button(true);
        Audio { props }
    }
    /// A prop update, returned by a handler in place of a sound.
    pub fn update() -> Update<Self> {
        Update::new()
    }
}

common_props!(Audio);
media_props!(Audio, "the sound", playback);

/// `validate`: a file object whose file starts like a sound file this kind reads.
fn check(json: &Value) -> Result<(), String> {
    let file = decode_file(json.clone())?;
    decode::sniff(&head(&file, 12)?)
        .map(|_| ())
        .map_err(|err| err.to_string())
}

/// The key under which `from_page` passes the decoded-samples bound to the reader.
const MAX_SAMPLES: &str = "__max_samples__";

/// `from_page`: the file is this server's; the server's `max_audio_samples` rides along for
/// reading.
fn from_page(json: Value, cx: &PageContext<'_>) -> Result<Value, String> {
    let mut json = crate::component::file_kinds::from_page(json, cx)?;
    if let (Some(object), Some(files)) = (json.as_object_mut(), cx.files()) {
        object.insert(MAX_SAMPLES.into(), files.max_audio_samples().into());
    }
    Ok(json)
}

/// Decodes the (confined) file, within `max_samples`; a decoder that panics on a hostile
/// file is a refusal, not a failed server.
fn load(file: &FileData, max_samples: u64) -> Result<Sound, String> {
    let source = std::fs::File::open(&file.path)
        .map_err(|err| format!("{:?} cannot be read: {err}", file.name()))?;
    std::panic::catch_unwind(move || decode::decode(source, max_samples))
        .unwrap_or_else(|_| Err(SoundError::Broken("the decoder failed on this file".into())))
        .map_err(|err| format!("{:?}: {err}", file.name()))
}

impl Component for Audio {
    type Value = Sound;
    const NAME: &'static str = "Audio";
    const KIND: &'static str = "audio";

    fn into_spec(self) -> ComponentSpec {
        let example = example_file(
            "https://github.com/gradio-app/gradio/raw/main/test/test_files/audio_sample.wav",
        );
        let kind = MediaKind {
            kind: "audio",
            name: "Audio",
            expects: EXPECTS,
            validate: check,
            from_page,
            to_page: crate::component::file_kinds::to_page,
        };
        media_spec(
            &kind,
            self.props,
            ApiInfo::new(file_schema(), "filepath", example),
        )
    }
}

impl ReadValue for Audio {
    fn read(input: ComponentInput, cx: &ReadContext<'_>) -> Result<Sound, InputError> {
        read_file(input, cx, "Audio", EXPECTS, |json, file| {
            let max = json.get(MAX_SAMPLES).and_then(Value::as_u64);
            load(
                &file,
                max.unwrap_or(crate::media::quota::DEFAULT_AUDIO_SAMPLES),
            )
        })
    }
}

impl IntoOutput<Audio> for Sound {
    fn into_write(self) -> OutputWrite {
        match self.to_wav() {
            Ok(bytes) => OutputWrite::Value(crate::media::hooks::pending("audio.wav", &bytes)),
            Err(err) => OutputWrite::Invalid(format!("the sound could not be encoded: {err}")),
        }
    }
}

impl IntoOutput<Audio> for Option<Sound> {
    fn into_write(self) -> OutputWrite {
        match self {
            Some(sound) => IntoOutput::<Audio>::into_write(sound),
            None => OutputWrite::Value(Value::Null),
        }
    }
}

crate::component::events::events!(Audio: HasChange, Uploadable);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wav_round_trips_at_16_bits() {
        let sound = Sound {
            sample_rate: 8000,
            channels: 2,
            samples: vec![0.0, 0.5, -0.5, 1.0],
        };
        let back = Sound::from_wav(&sound.to_wav().expect("wav")).expect("read");
        assert_eq!(back.sample_rate, 8000);
        assert_eq!(back.channels, 2);
        assert_eq!(back.frames(), 2);
        for (a, b) in back.samples.iter().zip(&sound.samples) {
            assert!((a - b).abs() < 1e-3, "{a} vs {b}");
        }
        assert!(Sound::from_wav(b"not a wav").is_err());
    }
}
