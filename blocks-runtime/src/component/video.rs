//! `Video`: a video to upload or play. Value: [`FileData`] (the file and its metadata; blocks
//! does not decode video).

use crate::component::file_kinds::{
    decode_file, encode_file, example_file, file_kind, file_schema,
};
use crate::component::props::{common_props, media_props};
use crate::component::Props;
use crate::media::FileData;

/// A video: dropped or picked in the page and played there, or returned by a handler (a file
/// it wrote). Value: [`FileData`]: `path`, `orig_name`, `size` and `mime_type`. Events:
/// change, upload.
///
/// ```
/// use blocks_runtime::component::Video;
/// let clip = Video::new().label("Clip").autoplay(true).height(240);
/// assert_eq!(clip.props().label(), Some("Clip"));
/// ```
#[derive(Debug, Clone)]
pub struct Video {
    props: Props,
}

impl Default for Video {
    fn default() -> Self {
        Self::new()
    }
}

impl Video {
    /// An empty player that takes uploads.
    pub fn new() -> Self {
        let mut props = Props::with_defaults("video");
        props.set("value", serde_json::Value::Null);
        props.set("format", serde_json::Value::Null);
        props.set("sources", ["upload"]);
        props.set("height", serde_json::Value::Null);
        props.set("width", serde_json::Value::Null);
        props.set("autoplay", false);
        props.set("loop", false);
        props.set_download_button(true);
        Video { props }
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
}

common_props!(Video);
media_props!(Video, "the video", playback);

/// A file object whose name says it is a video (by its extension's MIME type).
fn decode_video(json: serde_json::Value) -> Result<FileData, String> {
    let file = decode_file(json)?;
    let mime = crate::media::store_mime(&file.name());
    if mime.starts_with("video/") {
        Ok(file)
    } else {
        Err(format!("{:?} is not a video file ({mime})", file.name()))
    }
}

file_kind!(
    Video, value: FileData, name: "Video", kind: "video",
    expects: "a video file (Gradio's FileData with the `path` /gradio_api/upload returned)",
    python_type: "filepath",
    schema: file_schema(),
    example: example_file("https://github.com/gradio-app/gradio/raw/main/demo/video_component/files/world.mp4"),
    decode: decode_video, encode: encode_file,
);

crate::component::events::events!(Video: HasChange, Uploadable);
