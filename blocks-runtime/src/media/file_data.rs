//! [`FileData`]: a file as it crosses the wire, in Gradio's shape (`path`, `url`, `orig_name`,
//! `size`, `mime_type`, `meta: {"_type": "gradio.FileData"}`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The marker Gradio's clients look for to know a value is a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMeta {
    /// Always `"gradio.FileData"`.
    #[serde(rename = "_type")]
    pub kind: String,
}

impl Default for FileMeta {
    fn default() -> Self {
        FileMeta {
            kind: "gradio.FileData".into(),
        }
    }
}

/// A file: what a File, Files, Video, UploadButton or DownloadButton handler receives and
/// returns, and what every media component sends on the wire.
///
/// As an input, `path` is a file this server stored (an upload, or an earlier output): a
/// client's path to anything else is refused before the handler runs. As an output, make it
/// with [`FileData::new`] from a file the handler wrote (under the system's temp dir or the
/// working directory); the server copies it into the session's cache folder, which is deleted
/// with the session, and gives the client a URL to download it.
///
/// ```
/// use blocks_runtime::media::FileData;
/// let out = FileData::new("/tmp/report.csv");
/// assert_eq!(out.name(), "report.csv");
/// assert_eq!(out.mime_type.as_deref(), Some("text/csv"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileData {
    /// Where the file is on the server.
    pub path: PathBuf,
    /// The URL the client downloads it from (set by the server).
    #[serde(default)]
    pub url: Option<String>,
    /// Its size in bytes.
    #[serde(default)]
    pub size: Option<u64>,
    /// The name the user's file had.
    #[serde(default)]
    pub orig_name: Option<String>,
    /// Its MIME type (`"image/png"`).
    #[serde(default)]
    pub mime_type: Option<String>,
    /// Whether it is a stream (never, for now).
    #[serde(default)]
    pub is_stream: bool,
    /// Gradio's marker.
    #[serde(default)]
    pub meta: FileMeta,
}

impl FileData {
    /// A file at `path`, named after it, with the MIME type its extension gives.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let orig_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        FileData {
            mime_type: Some(mime_of(&path)),
            orig_name,
            path,
            url: None,
            size: None,
            is_stream: false,
            meta: FileMeta::default(),
        }
    }

    /// The same file shown under another name.
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.orig_name = Some(name.into());
        self
    }

    /// The name the user knows: the original name, else the path's last part.
    pub fn name(&self) -> String {
        self.orig_name.clone().unwrap_or_else(|| {
            self.path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
    }

    /// The name's extension, lower-case, with its dot (`".png"`), or `""`.
    pub fn extension(&self) -> String {
        Path::new(&self.name())
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
            .unwrap_or_default()
    }

    /// Reads the whole file.
    pub fn read(&self) -> std::io::Result<Vec<u8>> {
        std::fs::read(&self.path)
    }
}

/// The MIME type of a file name (`application/octet-stream` when unknown).
pub(crate) fn mime_of(path: &Path) -> String {
    mime_guess::from_path(path)
        .first_raw()
        .unwrap_or("application/octet-stream")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradio_clients_file_objects_decode() {
        // What `gradio_client.handle_file` sends once uploaded.
        let sent =
            serde_json::json!({"path": "/tmp/x/a.png", "meta": {"_type": "gradio.FileData"}});
        let file: FileData = serde_json::from_value(sent).expect("FileData");
        assert_eq!(file.name(), "a.png");
        assert_eq!(file.extension(), ".png");
        let back = serde_json::to_value(&file).expect("json");
        assert_eq!(back["meta"]["_type"], "gradio.FileData");
        assert_eq!(back["is_stream"], false);
    }
}
