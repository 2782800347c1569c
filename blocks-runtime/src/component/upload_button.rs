//! `UploadButton` and `DownloadButton`: a button that picks a file to upload, and one that
//! downloads a file. Value: [`FileData`].

use crate::component::file_kinds::{
    decode_file, encode_file, example_file, file_kind, file_schema,
};
use crate::component::props::common_props;
use crate::component::{ButtonVariant, Props};
use crate::media::FileData;

/// A button that opens the file picker; the chosen file is uploaded and becomes its value.
/// Value: [`FileData`]. Events: click, upload (the file is uploaded), change.
///
/// ```
/// use blocks_runtime::component::UploadButton;
/// let pick = UploadButton::new("Upload a CSV").file_types([".csv"]);
/// assert_eq!(pick.props().label(), Some("Upload a CSV"));
/// ```
#[derive(Debug, Clone)]
pub struct UploadButton {
    props: Props,
}

impl UploadButton {
    /// A button showing `text`.
    pub fn new(text: impl Into<String>) -> Self {
        let mut props = Props::with_defaults("uploadbutton");
        props.set("label", text.into());
        props.set("value", serde_json::Value::Null);
        props.set("variant", ButtonVariant::Secondary);
        props.set("type", "filepath");
        props.set("file_count", "single");
        props.set("file_types", serde_json::Value::Null);
        UploadButton { props }
    }
    /// The files it takes (see [`File::file_types`](crate::component::File::file_types)).
    pub fn file_types<S: Into<String>>(mut self, types: impl IntoIterator<Item = S>) -> Self {
        let types: Vec<String> = types.into_iter().map(Into::into).collect();
        self.props.set("file_types", types);
        self
    }
    /// Primary, secondary or stop.
    pub fn variant(mut self, variant: ButtonVariant) -> Self {
        self.props.set("variant", variant);
        self
    }
}

/// A button that downloads its value's file when clicked. Value: [`FileData`] (a handler
/// returns the file to offer). Events: click (the page downloads the file as well).
///
/// ```
/// use blocks_runtime::component::DownloadButton;
/// let save = DownloadButton::new("Download the report");
/// assert_eq!(save.props().label(), Some("Download the report"));
/// ```
#[derive(Debug, Clone)]
pub struct DownloadButton {
    props: Props,
}

impl DownloadButton {
    /// A button showing `text`, with no file yet.
    pub fn new(text: impl Into<String>) -> Self {
        let mut props = Props::with_defaults("downloadbutton");
        props.set("label", text.into());
        props.set("value", serde_json::Value::Null);
        props.set("variant", ButtonVariant::Secondary);
        DownloadButton { props }
    }
    /// Primary, secondary or stop.
    pub fn variant(mut self, variant: ButtonVariant) -> Self {
        self.props.set("variant", variant);
        self
    }
}

common_props!(UploadButton);
common_props!(DownloadButton);

const SAMPLE: &str =
    "https://github.com/gradio-app/gradio/raw/main/test/test_files/sample_file.pdf";

file_kind!(
    UploadButton, value: FileData, name: "UploadButton", kind: "uploadbutton",
    expects: "a file (Gradio's FileData: an object with the `path` /gradio_api/upload returned)",
    python_type: "filepath",
    schema: file_schema(), example: example_file(SAMPLE),
    decode: decode_file, encode: encode_file,
);

file_kind!(
    DownloadButton, value: FileData, name: "DownloadButton", kind: "downloadbutton",
    expects: "a file (Gradio's FileData: an object with the `path` /gradio_api/upload returned)",
    python_type: "filepath",
    schema: file_schema(), example: example_file(SAMPLE),
    decode: decode_file, encode: encode_file,
);

crate::component::events::events!(UploadButton: Clickable, Uploadable, HasChange);
crate::component::events::events!(DownloadButton: Clickable);
