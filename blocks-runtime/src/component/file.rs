//! `File` and `Files`: one file, or many, uploaded or downloaded. Value: [`FileData`] /
//! `Vec<FileData>`.

use crate::component::file_kinds::{
    decode_file, decode_files, encode_file, encode_files, example_file, file_kind,
    file_list_schema, file_schema,
};
use crate::component::props::common_props;
use crate::component::Props;
use crate::media::FileData;

const SAMPLE: &str =
    "https://github.com/gradio-app/gradio/raw/main/test/test_files/sample_file.pdf";

/// One file: drop or pick it in the page, or return one for the user to download.
/// Value: [`FileData`]. Events: change.
///
/// ```
/// use blocks_runtime::component::File;
/// let doc = File::new().label("Document").file_types([".pdf", ".txt"]);
/// assert_eq!(doc.props().label(), Some("Document"));
/// ```
#[derive(Debug, Clone)]
pub struct File {
    props: Props,
}

/// Many files at once. Value: `Vec<FileData>`. Events: change.
#[derive(Debug, Clone)]
pub struct Files {
    props: Props,
}

fn file_props(count: &str) -> Props {
    let mut props = Props::with_defaults("file");
    props.set("value", serde_json::Value::Null);
    props.set("file_count", count);
    props.set("file_types", serde_json::Value::Null);
    props.set("type", "filepath");
    props.set("height", serde_json::Value::Null);
    props
}

macro_rules! file_builders {
    ($ty:ident, $count:literal) => {
        impl Default for $ty {
            fn default() -> Self {
                Self::new()
            }
        }

        impl $ty {
            /// An empty component.
            pub fn new() -> Self {
                $ty {
                    props: file_props($count),
                }
            }
            /// The files it takes: extensions (`".pdf"`), MIME families (`"image"`, `"audio"`,
            /// `"video"`, `"text"`) or `"file"` for any. Others are refused (the page's file
            /// picker offers only these, and the server checks every file an event receives).
            pub fn file_types<S: Into<String>>(
                mut self,
                types: impl IntoIterator<Item = S>,
            ) -> Self {
                let types: Vec<String> = types.into_iter().map(Into::into).collect();
                self.props.set("file_types", types);
                self
            }
            /// The height in pixels.
            pub fn height(mut self, pixels: u32) -> Self {
                self.props.set("height", pixels);
                self
            }
        }

        common_props!($ty);
    };
}

file_builders!(File, "single");
file_builders!(Files, "multiple");

file_kind!(
    File, value: FileData, name: "File", kind: "file",
    expects: "a file (Gradio's FileData: an object with the `path` /gradio_api/upload returned)",
    python_type: "filepath",
    schema: file_schema(), example: example_file(SAMPLE),
    decode: decode_file, encode: encode_file,
);

file_kind!(
    Files, value: Vec<FileData>, name: "Files", kind: "file",
    expects: "a list of files (Gradio's FileData objects with the `path`s /gradio_api/upload returned)",
    python_type: "list[filepath]",
    schema: file_list_schema(), example: serde_json::json!([example_file(SAMPLE)]),
    decode: decode_files, encode: encode_files,
);

crate::component::events::events!(File: HasChange, Uploadable);
crate::component::events::events!(Files: HasChange, Uploadable);
