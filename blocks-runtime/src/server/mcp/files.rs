//! File parameters of tools, as Gradio's MCP server takes them: the schema says "a string: a
//! URL of a file" instead of Gradio's `FileData` object, and a call passes a `data:` URL
//! (base64) or the URL of a file this server serves (`…/gradio_api/file=<path>`). A `data:`
//! URL is stored as an upload (within `max_file_bytes` and the upload quotas); a file URL names
//! a file in the upload folder. Other URLs are refused: this server fetches nothing remote.
//! A `FileData` object (as Gradio's API clients send it) is still taken as is.

use std::net::IpAddr;

use base64::Engine as _;
use serde_json::{json, Value};

use crate::server::Shared;
use crate::session::SessionId;

/// What the schema of a file parameter says, as Gradio's.
const FORMAT: &str = "Gradio File Input - a http or https url to a file";

/// Why a tool argument is not a file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum FileInputError {
    /// Neither a `data:` URL nor a URL of a file this server serves.
    #[error(
        "argument `{0}`: a file is a base64 `data:` URL (data:image/png;base64,…) or the URL \
         of a file this server serves (…/gradio_api/file=…); this server fetches no other URL"
    )]
    Unsupported(String),
    /// A `data:` URL that does not decode.
    #[error("argument `{0}`: the data: URL is not base64 data (data:<mime>;base64,<data>)")]
    BadData(String),
    /// A file URL naming no file of this server.
    #[error("argument `{0}`: {1:?} is not a file of this server")]
    NotServed(String, String),
    /// Too large, or over an upload quota, or not written.
    #[error("argument `{0}`: {1}")]
    Store(String, String),
}

/// Whether `schema` is Gradio's `FileData` schema (`Some(false)`), a list of them
/// (`Some(true)`), or neither.
fn file_kind(schema: &Value) -> Option<bool> {
    let has_meta = schema
        .pointer("/$defs/FileDataMeta/properties/_type/const")
        .and_then(Value::as_str)
        == Some("gradio.FileData");
    let kind = schema.get("type").and_then(Value::as_str);
    let items = schema.pointer("/items/$ref").and_then(Value::as_str);
    match (has_meta, kind, items) {
        (true, Some("object"), _) => Some(false),
        (true, Some("array"), Some("#/$defs/FileData")) => Some(true),
        _ => None,
    }
}

/// The tool's schema of a parameter whose endpoint schema is `schema`: file URLs for files.
pub(crate) fn tool_schema(schema: &Value) -> Value {
    let url = json!({"type": "string", "format": FORMAT});
    match file_kind(schema) {
        Some(false) => url,
        Some(true) => json!({"type": "array", "items": url}),
        None => schema.clone(),
    }
}

/// Where a tool call's uploads are booked.
pub(crate) struct Uploader<'a> {
    pub(crate) shared: &'a Shared,
    pub(crate) client: Option<IpAddr>,
    pub(crate) session: &'a SessionId,
}

impl Uploader<'_> {
    /// The endpoint's input for the argument `value` of parameter `name` whose endpoint schema
    /// is `schema`: file URLs become `FileData`; everything else is left as it is.
    pub(crate) fn input(
        &self,
        name: &str,
        schema: &Value,
        value: Value,
    ) -> Result<Value, FileInputError> {
        let kind = file_kind(schema);
        match value {
            Value::String(url) if kind == Some(false) => self.file(name, &url),
            Value::Array(items) if kind == Some(true) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(url) => self.file(name, &url),
                    other => Ok(other),
                })
                .collect::<Result<_, _>>()
                .map(Value::Array),
            other => Ok(other),
        }
    }

    /// The `FileData` of one file URL.
    fn file(&self, name: &str, url: &str) -> Result<Value, FileInputError> {
        let path = if let Some(data) = url.strip_prefix("data:") {
            self.store(name, data)?
        } else if url.starts_with("http://") || url.starts_with("https://") {
            let (_, requested) = url
                .split_once("/gradio_api/file=")
                .ok_or_else(|| FileInputError::Unsupported(name.into()))?;
            let requested = percent_decoded(requested);
            let root = self.shared.upload_dir.canonicalize().ok();
            let path = std::path::Path::new(&requested).canonicalize().ok();
            match (root, path) {
                (Some(root), Some(path)) if path.starts_with(&root) && path.is_file() => path,
                _ => return Err(FileInputError::NotServed(name.into(), requested)),
            }
        } else {
            return Err(FileInputError::Unsupported(name.into()));
        };
        Ok(json!({"path": path, "meta": {"_type": "gradio.FileData"}}))
    }

    /// Stores a `data:` URL's bytes (`data` without `data:`) as an upload; returns its path.
    fn store(&self, name: &str, data: &str) -> Result<std::path::PathBuf, FileInputError> {
        let bad = || FileInputError::BadData(name.into());
        let (header, encoded) = data.split_once(',').ok_or_else(bad)?;
        let mime = header.strip_suffix(";base64").ok_or_else(bad)?;
        let max = self.shared.config.max_file_bytes as u64;
        let too_large = || {
            FileInputError::Store(
                name.into(),
                format!("the file is larger than max_file_bytes ({max} bytes)"),
            )
        };
        if encoded.len() as u64 / 4 * 3 > max.saturating_add(3) {
            return Err(too_large());
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .map_err(|_| bad())?;
        let size = bytes.len() as u64;
        if size > max {
            return Err(too_large());
        }
        let extension = match mime {
            "text/plain" => "txt",
            "image/jpeg" => "jpg",
            _ => mime_guess::get_mime_extensions_str(mime)
                .and_then(|e| e.first())
                .copied()
                .unwrap_or("bin"),
        };
        let store_error = |err: String| FileInputError::Store(name.into(), err);
        let mut receiving = self.shared.uploads.receive(self.client);
        let dir = self
            .shared
            .upload_dir
            .join(format!("{:032x}", rand::random::<u128>()));
        receiving.folder(dir.clone());
        receiving
            .count(size, size)
            .map_err(|err| store_error(err.to_string()))?;
        std::fs::create_dir_all(&dir).map_err(|err| store_error(err.to_string()))?;
        let path = dir.join(format!("{name}.{extension}"));
        std::fs::write(&path, bytes).map_err(|err| store_error(err.to_string()))?;
        receiving.keep(Some(self.session.clone()));
        Ok(path)
    }
}

/// `%XX` escapes (as [`crate::media::store`]'s file URLs write them) decoded.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::component::file_kinds::{file_list_schema, file_schema};

    #[test]
    fn file_parameters_are_urls_in_the_schema_as_gradio_says() {
        let one = tool_schema(&file_schema());
        assert_eq!(one, json!({"type": "string", "format": FORMAT}));
        let many = tool_schema(&file_list_schema());
        assert_eq!(many["items"], one);
        let text = json!({"type": "string"});
        assert_eq!(tool_schema(&text), text);
    }

    #[test]
    fn escapes_decode() {
        assert_eq!(percent_decoded("/tmp/a%20b.png"), "/tmp/a b.png");
        assert_eq!(percent_decoded("%zz%4"), "%zz%4");
    }
}
