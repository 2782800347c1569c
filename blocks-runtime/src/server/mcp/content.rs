//! A tool's result as MCP content, by output kind: text for text, JSON text for other values,
//! an image (and its URL) for an image file, a URL for any other file.

use std::path::Path;

use base64::Engine as _;
use serde_json::{json, Value};

/// The content items of one output value. Files are read only from `upload_dir` (where the
/// server keeps the files it serves). Their URLs are used as they are when absolute (an
/// event's outputs carry the request's public root already), else made absolute with `root`.
pub(crate) fn of_value(value: &Value, root: &str, upload_dir: &Path) -> Vec<Value> {
    if let Some(file) = FileData::of(value) {
        return file.content(root, upload_dir);
    }
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    vec![json!({"type": "text", "text": text})]
}

/// A value of a file component (Gradio's `FileData`).
struct FileData<'a> {
    path: &'a str,
    url: Option<&'a str>,
    mime: Option<&'a str>,
}

impl<'a> FileData<'a> {
    fn of(value: &'a Value) -> Option<Self> {
        let is_file = value
            .pointer("/meta/_type")
            .and_then(Value::as_str)
            .is_some_and(|t| t == "gradio.FileData");
        if !is_file {
            return None;
        }
        Some(FileData {
            path: value.get("path")?.as_str()?,
            url: value.get("url").and_then(Value::as_str),
            mime: value.get("mime_type").and_then(Value::as_str),
        })
    }

    fn url(&self, root: &str) -> String {
        match self.url {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => url.into(),
            Some(url) => format!("{root}{url}"),
            None => format!("{root}/gradio_api/file={}", self.path),
        }
    }

    fn content(&self, root: &str, upload_dir: &Path) -> Vec<Value> {
        let url = self.url(root);
        let image = self.mime.filter(|m| m.starts_with("image/"));
        let bytes = image.and_then(|_| {
            let path = Path::new(self.path).canonicalize().ok()?;
            let dir = upload_dir.canonicalize().ok()?;
            path.starts_with(dir)
                .then(|| std::fs::read(path).ok())
                .flatten()
        });
        match (image, bytes) {
            (Some(mime), Some(bytes)) => vec![
                json!({
                    "type": "image",
                    "data": base64::engine::general_purpose::STANDARD.encode(bytes),
                    "mimeType": mime,
                }),
                json!({"type": "text", "text": format!("Image URL: {url}")}),
            ],
            _ => vec![json!({"type": "text", "text": url})],
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn text_and_json_values_are_text() {
        let dir = std::env::temp_dir();
        assert_eq!(
            of_value(&json!("hi"), "http://h", &dir),
            [json!({"type": "text", "text": "hi"})]
        );
        assert_eq!(
            of_value(&json!({"a": 1}), "http://h", &dir),
            [json!({"type": "text", "text": "{\"a\":1}"})]
        );
    }

    #[test]
    fn an_image_file_in_the_upload_dir_is_image_content_and_other_files_a_url() {
        let dir = std::env::temp_dir().join(format!("blocks-mcp-{:x}", rand::random::<u64>()));
        std::fs::create_dir_all(&dir).unwrap();
        let png = dir.join("dot.png");
        std::fs::write(&png, b"\x89PNG fake").unwrap();
        let file = |path: &Path, mime: &str| json!({"path": path, "url": null, "mime_type": mime, "meta": {"_type": "gradio.FileData"}});
        let content = of_value(&file(&png, "image/png"), "http://h", &dir);
        assert_eq!(content[0]["type"], "image");
        assert_eq!(content[0]["mimeType"], "image/png");
        assert_eq!(content[0]["data"], "iVBORyBmYWtl");
        let url = format!("Image URL: http://h/gradio_api/file={}", png.display());
        assert_eq!(content[1]["text"], url);
        // Outside the upload dir: never read, only named.
        let outside = of_value(
            &file(Path::new("/etc/hostname"), "image/png"),
            "http://h",
            &dir,
        );
        assert_eq!(outside.len(), 1);
        assert_eq!(outside[0]["type"], "text");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_files_absolute_url_is_kept_and_a_server_path_made_absolute() {
        let dir = std::env::temp_dir();
        let file = |url: &str| json!({"path": "/x/a.txt", "url": url, "mime_type": "text/plain", "meta": {"_type": "gradio.FileData"}});
        let absolute = "https://proxy/tools/demo/gradio_api/file=/x/a.txt";
        assert_eq!(
            of_value(&file(absolute), "http://h", &dir)[0]["text"],
            absolute
        );
        assert_eq!(
            of_value(&file("/gradio_api/file=/x/a.txt"), "http://h", &dir)[0]["text"],
            "http://h/gradio_api/file=/x/a.txt"
        );
    }
}
