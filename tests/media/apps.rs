//! The apps the media tests share.

#![allow(dead_code)]

use blocks::media::image::{self, DynamicImage, Rgb, RgbImage};
use blocks::prelude::*;

/// An app whose handler writes a file per name it is given, for Files and DownloadButton.
pub(crate) fn reports() -> App {
    let mut app = Blocks::new();
    let names = app.add(Textbox::new().label("Names"));
    let files = app.add(Files::new().label("Reports"));
    let download = app.add(DownloadButton::new("Download"));
    app.on(names.submit())
        .call(
            |names: String| -> Result<(Vec<FileData>, FileData), String> {
                let dir =
                    std::env::temp_dir().join(format!("blocks-report-{:x}", rand::random::<u64>()));
                std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
                let mut made = Vec::new();
                for name in names.split(',') {
                    let path = dir.join(format!("{name}.txt"));
                    std::fs::write(&path, format!("report {name}")).map_err(|e| e.to_string())?;
                    made.push(FileData::new(path));
                }
                let first = made.first().cloned().ok_or("no names")?;
                Ok((made, first))
            },
            names,
            (files, download),
        )
        .api_name("reports");
    app.build()
}

/// A 4×4 PNG of one colour.
pub(crate) fn png(colour: [u8; 3]) -> Vec<u8> {
    let image = solid(colour);
    let mut bytes = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

/// A stereo WAV of four frames at 8 kHz: left 0, 0.1, 0.2, 0.3; right the negatives.
pub(crate) fn ramp_wav() -> Vec<u8> {
    let samples = (0..4)
        .flat_map(|i| [i as f32 / 10.0, -(i as f32) / 10.0])
        .collect();
    blocks::component::Sound {
        sample_rate: 8000,
        channels: 2,
        samples,
    }
    .to_wav()
    .unwrap()
}

/// The compressed sound fixtures (tests/media/fixtures, made by its make_fixtures.py): half a
/// second of a rising 440 Hz tone, as (file name, bytes).
pub(crate) fn sound_fixtures() -> Vec<(&'static str, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/media/fixtures");
    ["rising.mp3", "rising.ogg", "rising.flac"]
        .into_iter()
        .map(|name| (name, std::fs::read(dir.join(name)).unwrap()))
        .collect()
}

/// Checks that `wav` is a WAV of `source` (any format the server reads) played backwards:
/// the same sample rate, channels and length, the frames in reverse order.
pub(crate) fn assert_reversed(name: &str, source: &[u8], wav: &[u8]) {
    let original = blocks::component::Sound::decode(source, u64::MAX).unwrap();
    let back = blocks::component::Sound::from_wav(wav)
        .unwrap_or_else(|err| panic!("{name}: the output is not a WAV: {err}"));
    assert_eq!(back.sample_rate, original.sample_rate, "{name}");
    assert_eq!(back.channels, original.channels, "{name}");
    assert_eq!(back.frames(), original.frames(), "{name}");
    let channels = usize::from(original.channels);
    let reversed: Vec<f32> = original
        .samples
        .chunks(channels)
        .rev()
        .flatten()
        .copied()
        .collect();
    for (i, (a, b)) in back.samples.iter().zip(&reversed).enumerate() {
        assert!(
            (a - b.clamp(-1.0, 1.0)).abs() < 1e-3,
            "{name}: sample {i}: {a} vs {b}"
        );
    }
}

/// A one-second mono WAV tone at 8 kHz.
pub(crate) fn tone_wav() -> Vec<u8> {
    let samples = (0..8000)
        .map(|i| (i as f32 * 440.0 * std::f32::consts::TAU / 8000.0).sin() * 0.3)
        .collect();
    blocks::component::Sound::mono(8000, samples)
        .to_wav()
        .unwrap()
}

/// A video echo: what is uploaded comes back, with its name and size in a textbox.
pub(crate) fn video_echo() -> App {
    let mut app = Blocks::new();
    let input = app.add(Video::new().label("Clip"));
    let output = app.add(Video::new().label("Echo"));
    let info = app.add(Textbox::new().label("About"));
    app.on(input.upload())
        .call(
            |clip: FileData| {
                let size = std::fs::metadata(&clip.path).map(|m| m.len()).unwrap_or(0);
                let about = format!("{} {size}", clip.name());
                (clip, about)
            },
            input,
            (output, info),
        )
        .api_name("echo");
    app.build()
}

/// A gallery taken as input: its captions and image sizes come back as text.
pub(crate) fn gallery_reader() -> App {
    let mut app = Blocks::new();
    let gallery = app.add(Gallery::new().label("Pictures"));
    let info = app.add(Textbox::new().label("About"));
    app.on(gallery.upload())
        .call(
            |items: Vec<GalleryImage>| {
                items
                    .iter()
                    .map(|g| {
                        let caption = g.caption.as_deref().unwrap_or("-");
                        format!("{caption} {}x{}", g.image.width(), g.image.height())
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            gallery,
            info,
        )
        .api_name("read");
    app.build()
}

/// A 4×4 image of one colour.
pub(crate) fn solid(colour: [u8; 3]) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_pixel(4, 4, Rgb(colour)))
}

/// An upload button whose file comes back upper-cased through a download button.
pub(crate) fn shout() -> App {
    let mut app = Blocks::new();
    let pick = app.add(UploadButton::new("Upload a text"));
    let save = app.add(DownloadButton::new("Download it loud"));
    app.on(pick.upload())
        .call(
            |file: FileData| -> Result<FileData, String> {
                let text = std::fs::read_to_string(&file.path).map_err(|e| e.to_string())?;
                let dir =
                    std::env::temp_dir().join(format!("blocks-shout-{:x}", rand::random::<u64>()));
                std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
                let out = dir.join(format!("loud-{}", file.name()));
                std::fs::write(&out, text.to_uppercase()).map_err(|e| e.to_string())?;
                Ok(FileData::new(out))
            },
            pick,
            save,
        )
        .api_name("shout");
    app.build()
}

/// The sepia filter with an input that takes uploads only (no clipboard among its sources).
pub(crate) fn upload_only_sepia() -> App {
    let mut app = Blocks::new();
    let input = app.add(Image::new().label("Input").sources(["upload"]));
    let output = app.add(Image::new().label("Sepia"));
    let go = app.add(Button::new("Filter"));
    app.on(go.click())
        .call(crate::image_filter::sepia, input, output)
        .api_name("sepia");
    app.build()
}
