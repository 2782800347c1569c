//! `Image`: an image to upload or show. Value: the `image` crate's
//! [`DynamicImage`](image::DynamicImage), decoded from the uploaded file (PNG, JPEG or WebP)
//! and encoded into the session's cache folder when returned.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat};
use serde_json::Value;

use crate::component::codec::{ComponentInput, InputError, OutputWrite};
use crate::component::file_kinds::{decode_file, example_file, file_schema};
use crate::component::media_kind::{head, media_spec, read_file, MediaKind};
use crate::component::props::{common_props, media_props};
use crate::component::{
    ApiInfo, Component, ComponentSpec, IntoOutput, PageContext, Props, ReadContext, ReadValue,
    Update,
};

const EXPECTS: &str = "an image file (PNG, JPEG or WebP; Gradio's FileData with the `path` /gradio_api/upload returned)";

/// What an image's pixels are converted to before the handler sees them (Gradio's
/// `image_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageMode {
    /// Red, green, blue (the default, as in Gradio).
    Rgb,
    /// With an alpha channel.
    Rgba,
    /// Grey levels.
    L,
}

impl ImageMode {
    fn as_str(self) -> &'static str {
        match self {
            ImageMode::Rgb => "RGB",
            ImageMode::Rgba => "RGBA",
            ImageMode::L => "L",
        }
    }
}

/// The file format images are sent to the page in (Gradio's `format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageFileFormat {
    /// PNG, lossless (the default).
    Png,
    /// JPEG.
    Jpeg,
    /// WebP (lossless).
    Webp,
}

impl ImageFileFormat {
    fn name(self) -> &'static str {
        match self {
            ImageFileFormat::Png => "png",
            ImageFileFormat::Jpeg => "jpeg",
            ImageFileFormat::Webp => "webp",
        }
    }
}

/// An image: dropped, picked or pasted in the page, or returned by a handler.
/// Value: [`DynamicImage`]. Events: change, upload.
///
/// ```
/// use blocks_runtime::component::{Image, ImageMode};
/// let photo = Image::new().label("Photo").image_mode(ImageMode::Rgb).height(300);
/// assert_eq!(photo.props().label(), Some("Photo"));
/// ```
#[derive(Debug, Clone)]
pub struct Image {
    props: Props,
}

impl Default for Image {
    fn default() -> Self {
        Self::new()
    }
}

impl Image {
    /// An empty image: uploads and clipboard paste, RGB pixels, PNG outputs, a download
    /// button.
    pub fn new() -> Self {
        let mut props = Props::with_defaults("image");
        props.set("value", Value::Null);
        props.set("format", "png");
        props.set("height", Value::Null);
        props.set("width", Value::Null);
        props.set("image_mode", "RGB");
        props.set("sources", ["upload", "clipboard"]);
        props.set("type", "pil");
        props.set_download_button(true);
        Image { props }
    }
    /// The height in pixels it is shown at.
    pub fn height(mut self, pixels: u32) -> Self {
        self.props.set("height", pixels);
        self
    }
    /// The width in pixels it is shown at.
    pub fn width(mut self, pixels: u32) -> Self {
        self.props.set("width", pixels);
        self
    }
    /// What the pixels are converted to before the handler gets them; `None` keeps the
    /// file's own.
    pub fn image_mode(mut self, mode: impl Into<Option<ImageMode>>) -> Self {
        self.props
            .set("image_mode", mode.into().map(ImageMode::as_str));
        self
    }
    /// The file format of outputs.
    pub fn format(mut self, format: ImageFileFormat) -> Self {
        self.props.set("format", format.name());
        self
    }
    /// Where images come from in the page: `"upload"` (drop or pick) and `"clipboard"`
    /// (paste).
    pub fn sources<S: Into<String>>(mut self, sources: impl IntoIterator<Item = S>) -> Self {
        let sources: Vec<String> = sources.into_iter().map(Into::into).collect();
        self.props.set("sources", sources);
        self
    }
    /// A prop update, returned by a handler in place of an image.
    pub fn update() -> Update<Self> {
        Update::new()
    }
}

common_props!(Image);
media_props!(Image, "the image");

/// The format of an image file from its first bytes, if it is one this kind reads.
fn sniff(bytes: &[u8]) -> Result<ImageFormat, String> {
    match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP)) => Ok(format),
        Ok(other) => Err(format!(
            "{other:?} images are not read; send PNG, JPEG or WebP"
        )),
        Err(_) => Err("the file is not an image".into()),
    }
}

/// `validate`: a file object whose file starts like a PNG, JPEG or WebP image.
fn check(json: &Value) -> Result<(), String> {
    let file = decode_file(json.clone())?;
    sniff(&head(&file, 16)?).map(|_| ())
}

/// `from_page`: the file is this server's; the component's `image_mode` rides along for
/// reading.
fn from_page(json: Value, cx: &PageContext<'_>) -> Result<Value, String> {
    let mut json = crate::component::file_kinds::from_page(json, cx)?;
    if let (Some(object), Some(mode)) = (json.as_object_mut(), cx.props().get("image_mode")) {
        object.insert(MODE.into(), mode.clone());
    }
    Ok(json)
}

/// `to_page`: an output in another `format` than PNG is converted, then stored.
fn to_page(json: Value, cx: &PageContext<'_>) -> Value {
    let format = match cx.props().get("format").and_then(Value::as_str) {
        Some("jpeg" | "jpg") => Some((ImageFormat::Jpeg, "image.jpeg")),
        Some("webp") => Some((ImageFormat::WebP, "image.webp")),
        _ => None,
    };
    let json = match format {
        Some((format, name)) => crate::media::hooks::map_pending(json, |bytes| {
            let image = image::load_from_memory_with_format(bytes, ImageFormat::Png)
                .map_err(|err| err.to_string())?;
            // JPEG has no alpha channel.
            let image = if format == ImageFormat::Jpeg {
                DynamicImage::ImageRgb8(image.into_rgb8())
            } else {
                image
            };
            let mut out = Vec::new();
            image
                .write_to(&mut Cursor::new(&mut out), format)
                .map_err(|err| err.to_string())?;
            Ok((name.to_owned(), out))
        }),
        None => json,
    };
    crate::component::file_kinds::to_page(json, cx)
}

/// The key under which `from_page` passes the `image_mode` to the reader.
const MODE: &str = "__image_mode__";

/// Decodes an image file, converted to `mode`.
pub(crate) fn load(
    file: &crate::media::FileData,
    mode: Option<&str>,
) -> Result<DynamicImage, String> {
    let bytes = file
        .read()
        .map_err(|err| format!("{:?} cannot be read: {err}", file.name()))?;
    let format = sniff(&bytes)?;
    let image = image::load_from_memory_with_format(&bytes, format)
        .map_err(|err| format!("{:?} is not a readable image: {err}", file.name()))?;
    Ok(match mode {
        Some("RGB") => DynamicImage::ImageRgb8(image.into_rgb8()),
        Some("RGBA") => DynamicImage::ImageRgba8(image.into_rgba8()),
        Some("L") => DynamicImage::ImageLuma8(image.into_luma8()),
        _ => image,
    })
}

/// Encodes an image as PNG, for the page hook to store.
pub(crate) fn encode_png(image: &DynamicImage) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), ImageFormat::Png)
        .map_err(|err| format!("the image could not be encoded: {err}"))?;
    Ok(bytes)
}

impl Component for Image {
    type Value = DynamicImage;
    const NAME: &'static str = "Image";
    const KIND: &'static str = "image";

    fn into_spec(self) -> ComponentSpec {
        let example = example_file(
            "https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png",
        );
        let api = ApiInfo::new(file_schema(), "filepath", example);
        let kind = MediaKind {
            kind: "image",
            name: "Image",
            expects: EXPECTS,
            validate: check,
            from_page,
            to_page,
        };
        media_spec(&kind, self.props, api)
    }
}

impl ReadValue for Image {
    fn read(input: ComponentInput, cx: &ReadContext<'_>) -> Result<DynamicImage, InputError> {
        read_file(input, cx, "Image", EXPECTS, |json, file| {
            load(&file, json.get(MODE).and_then(Value::as_str))
        })
    }
}

impl IntoOutput<Image> for DynamicImage {
    fn into_write(self) -> OutputWrite {
        match encode_png(&self) {
            Ok(bytes) => OutputWrite::Value(crate::media::hooks::pending("image.png", &bytes)),
            Err(err) => OutputWrite::Invalid(err),
        }
    }
}

impl IntoOutput<Image> for Option<DynamicImage> {
    fn into_write(self) -> OutputWrite {
        match self {
            Some(image) => IntoOutput::<Image>::into_write(image),
            None => OutputWrite::Value(Value::Null),
        }
    }
}

crate::component::events::events!(Image: HasChange, Uploadable);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_images_pass_the_sniff() {
        let png = encode_png(&DynamicImage::new_rgb8(2, 2)).expect("png");
        assert_eq!(sniff(&png), Ok(ImageFormat::Png));
        assert!(sniff(b"RIFF....WAVEfmt ").is_err());
        assert!(sniff(b"hello").is_err());
    }
}
