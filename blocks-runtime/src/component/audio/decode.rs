//! Reading a sound file into a [`Sound`]: WAV with `hound`, MP3, Ogg/Vorbis and FLAC with
//! `symphonia` (pure Rust, only those codecs built), within a bound on the decoded samples so
//! that a small compressed file cannot fill the memory.

use std::io::{Read, Seek};

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{DecoderOptions, CODEC_TYPE_NULL};
use symphonia::core::errors::Error as DecodeError;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

use super::Sound;

/// The formats read, for messages.
pub(super) const FORMATS: &str = "WAV, MP3, Ogg/Vorbis or FLAC";

/// Why a sound file was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SoundError {
    /// The file does not start like a sound file this server reads.
    #[error("the file is not a sound file this component reads ({FORMATS})")]
    NotSound,
    /// It starts like one but cannot be decoded.
    #[error("the sound cannot be decoded: {0}")]
    Broken(String),
    /// It decodes to more samples than allowed.
    #[error(
        "the sound decodes to more than {max} samples (max_audio_samples); send a shorter one"
    )]
    TooLong {
        /// The bound.
        max: u64,
    },
}

/// The container of a sound file, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Container {
    Wav,
    Mp3,
    Ogg,
    Flac,
}

/// Recognises a sound file by its first (up to 12) bytes.
pub(super) fn sniff(start: &[u8]) -> Result<Container, SoundError> {
    match start {
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'A', b'V', b'E', ..] => Ok(Container::Wav),
        [b'f', b'L', b'a', b'C', ..] => Ok(Container::Flac),
        [b'O', b'g', b'g', b'S', ..] => Ok(Container::Ogg),
        // An ID3 tag, or an MPEG audio frame's sync word.
        [b'I', b'D', b'3', ..] => Ok(Container::Mp3),
        [0xFF, second, ..] if second & 0xE0 == 0xE0 => Ok(Container::Mp3),
        _ => Err(SoundError::NotSound),
    }
}

/// Decodes a sound file read from `source` (at most `max_samples` samples, all channels).
pub(super) fn decode<S>(source: S, max_samples: u64) -> Result<Sound, SoundError>
where
    S: MediaSource + Read + Seek + 'static,
{
    let mut source = source;
    let mut start = [0u8; 12];
    let read = read_start(&mut source, &mut start)?;
    match sniff(&start[..read])? {
        Container::Wav => wav(source, max_samples),
        container => compressed(source, container, max_samples),
    }
}

/// Reads the first bytes and goes back to the start.
fn read_start<S: Read + Seek>(source: &mut S, start: &mut [u8]) -> Result<usize, SoundError> {
    let broken = |err: std::io::Error| SoundError::Broken(err.to_string());
    let mut read = 0;
    while read < start.len() {
        match source.read(&mut start[read..]).map_err(broken)? {
            0 => break,
            n => read += n,
        }
    }
    source.rewind().map_err(broken)?;
    Ok(read)
}

/// A WAV file (integer PCM of 8 to 32 bits, or 32-bit float), its length checked from its
/// header before any sample is read.
fn wav<R: Read>(source: R, max_samples: u64) -> Result<Sound, SoundError> {
    let reader = hound::WavReader::new(std::io::BufReader::new(source))
        .map_err(|err| SoundError::Broken(format!("not a WAV file: {err}")))?;
    if u64::from(reader.len()) > max_samples {
        return Err(SoundError::TooLong { max: max_samples });
    }
    let spec = reader.spec();
    let samples: Result<Vec<f32>, hound::Error> = match spec.sample_format {
        hound::SampleFormat::Float => reader.into_samples::<f32>().collect(),
        hound::SampleFormat::Int => {
            let scale = 2f32.powi(i32::from(spec.bits_per_sample.clamp(1, 32)) - 1);
            reader
                .into_samples::<i32>()
                .map(|s| s.map(|s| s as f32 / scale))
                .collect()
        }
    };
    Ok(Sound {
        sample_rate: spec.sample_rate,
        channels: spec.channels,
        samples: samples.map_err(|err| SoundError::Broken(format!("a broken WAV file: {err}")))?,
    })
}

/// An MP3, Ogg/Vorbis or FLAC file, decoded packet by packet until the bound.
fn compressed<S>(source: S, container: Container, max_samples: u64) -> Result<Sound, SoundError>
where
    S: MediaSource + 'static,
{
    let broken = |err: DecodeError| SoundError::Broken(err.to_string());
    let stream = MediaSourceStream::new(Box::new(source), Default::default());
    let mut hint = Hint::new();
    hint.with_extension(match container {
        Container::Mp3 => "mp3",
        Container::Ogg => "ogg",
        Container::Flac => "flac",
        Container::Wav => "wav",
    });
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            stream,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .map_err(broken)?;
    let mut format = probed.format;
    let track = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or_else(|| SoundError::Broken("the file has no sound track".into()))?;
    let track_id = track.id;
    let params = track.codec_params.clone();
    let channels = params.channels.map_or(0, |c| c.count() as u64);
    if let Some(frames) = params.n_frames {
        if frames.saturating_mul(channels.max(1)) > max_samples {
            return Err(SoundError::TooLong { max: max_samples });
        }
    }
    let mut decoder = symphonia::default::get_codecs()
        .make(&params, &DecoderOptions::default())
        .map_err(broken)?;
    let mut sound = Sound {
        sample_rate: params.sample_rate.unwrap_or(0),
        channels: u16::try_from(channels).unwrap_or(0),
        samples: Vec::new(),
    };
    let mut buffer: Option<SampleBuffer<f32>> = None;
    loop {
        let packet = match format.next_packet() {
            Ok(packet) => packet,
            // The end of the stream.
            Err(DecodeError::IoError(err)) if err.kind() == std::io::ErrorKind::UnexpectedEof => {
                break
            }
            Err(err) => return Err(broken(err)),
        };
        if packet.track_id() != track_id {
            continue;
        }
        let decoded = match decoder.decode(&packet) {
            Ok(decoded) => decoded,
            // A damaged packet is skipped, as players do.
            Err(DecodeError::DecodeError(_)) => continue,
            Err(err) => return Err(broken(err)),
        };
        let spec = *decoded.spec();
        let count = decoded.frames() as u64 * spec.channels.count() as u64;
        if sound.samples.len() as u64 + count > max_samples {
            return Err(SoundError::TooLong { max: max_samples });
        }
        let buffer = match &mut buffer {
            Some(b) if b.capacity() >= decoded.capacity() * spec.channels.count() => b,
            slot => slot.insert(SampleBuffer::new(decoded.capacity() as u64, spec)),
        };
        buffer.copy_interleaved_ref(decoded);
        sound.samples.extend_from_slice(buffer.samples());
        sound.sample_rate = spec.rate;
        sound.channels = u16::try_from(spec.channels.count()).unwrap_or(u16::MAX);
    }
    if sound.samples.is_empty() || sound.sample_rate == 0 || sound.channels == 0 {
        return Err(SoundError::Broken("the file holds no sound".into()));
    }
    Ok(sound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sound_files_are_recognised_by_their_first_bytes() {
        assert_eq!(sniff(b"RIFF\0\0\0\0WAVEfmt "), Ok(Container::Wav));
        assert_eq!(sniff(b"fLaC\0\0\0\x22"), Ok(Container::Flac));
        assert_eq!(sniff(b"OggS\0\x02"), Ok(Container::Ogg));
        assert_eq!(sniff(b"ID3\x04\0"), Ok(Container::Mp3));
        assert_eq!(sniff(&[0xFF, 0xFB, 0x90, 0x64]), Ok(Container::Mp3));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), Err(SoundError::NotSound));
        assert_eq!(sniff(b""), Err(SoundError::NotSound));
    }

    #[test]
    fn a_wav_longer_than_the_bound_is_refused_before_decoding() {
        let wav = Sound::mono(8000, vec![0.25; 100]).to_wav().expect("wav");
        let read = decode(std::io::Cursor::new(wav.clone()), 100).expect("within");
        assert_eq!(read.frames(), 100);
        assert_eq!(
            decode(std::io::Cursor::new(wav), 99),
            Err(SoundError::TooLong { max: 99 })
        );
    }

    /// The fixtures of tests/media/fixtures: half a second of a rising 440 Hz tone.
    const FIXTURES: [(&str, &[u8], u32, u16); 3] = [
        (
            "mp3",
            include_bytes!("../../../../tests/media/fixtures/rising.mp3"),
            22050,
            1,
        ),
        (
            "ogg",
            include_bytes!("../../../../tests/media/fixtures/rising.ogg"),
            16000,
            2,
        ),
        (
            "flac",
            include_bytes!("../../../../tests/media/fixtures/rising.flac"),
            8000,
            1,
        ),
    ];

    #[test]
    fn mp3_ogg_and_flac_decode_to_their_rate_channels_and_length() {
        for (name, bytes, rate, channels) in FIXTURES {
            let sound = decode(std::io::Cursor::new(bytes.to_vec()), u64::MAX).expect(name);
            assert_eq!(
                (sound.sample_rate, sound.channels),
                (rate, channels),
                "{name}"
            );
            // Half a second; an MP3 adds its encoder's padding.
            let seconds = sound.seconds();
            assert!((0.5..0.6).contains(&seconds), "{name}: {seconds} s");
            // The tone rises: the last tenth is louder than the first.
            let tenth = sound.samples.len() / 10;
            let loudness = |s: &[f32]| s.iter().map(|x| x.abs()).sum::<f32>() / s.len() as f32;
            let (first, last) = (
                loudness(&sound.samples[..tenth]),
                loudness(&sound.samples[sound.samples.len() - tenth..]),
            );
            assert!(last > 0.2 && first < 0.1, "{name}: {first} then {last}");
            let bound = sound.samples.len() as u64 - 1;
            assert_eq!(
                decode(std::io::Cursor::new(bytes.to_vec()), bound),
                Err(SoundError::TooLong { max: bound }),
                "{name}"
            );
        }
    }

    #[test]
    fn garbage_after_a_sound_header_is_broken_not_a_panic() {
        for bytes in [&b"ID3 this is an mp3, really"[..], b"OggS garbage", b"fLaC"] {
            let err = decode(std::io::Cursor::new(bytes.to_vec()), 1000).expect_err("broken");
            assert!(matches!(err, SoundError::Broken(_)), "{err:?}");
        }
    }
}
