//! What the file-valued kinds share: Gradio's `FileData` schema for the API description, the
//! `file_types` rule, and the page hooks (files checked on the way in, stored on the way out).

use serde_json::{json, Value};

use crate::component::PageContext;
use crate::media::hooks::{files_from_page, files_to_page};
use crate::media::FileData;

/// The browser module of every media kind (one module; it draws the kind in `props.name`).
pub(crate) const MEDIA_JS: &str = include_str!("../frontend/assets/media/media.js");

/// Gradio's JSON schema of a `FileData`.
pub(crate) fn file_schema() -> Value {
    json!({
        "$defs": {"FileDataMeta": {"properties": {"_type": {"const": "gradio.FileData", "title": "Type", "type": "string"}}, "required": ["_type"], "title": "FileDataMeta", "type": "object"}},
        "properties": {
            "path": {"title": "Path", "type": "string"},
            "url": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "title": "Url"},
            "size": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null, "title": "Size"},
            "orig_name": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "title": "Orig Name"},
            "mime_type": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "title": "Mime Type"},
            "is_stream": {"default": false, "title": "Is Stream", "type": "boolean"},
            "meta": {"$ref": "#/$defs/FileDataMeta"}
        },
        "required": ["path"], "title": "FileData", "type": "object"
    })
}

/// Gradio's schema of a list of `FileData`.
pub(crate) fn file_list_schema() -> Value {
    let mut item = file_schema();
    let defs = item
        .as_object_mut()
        .and_then(|o| o.remove("$defs"))
        .unwrap_or(Value::Null);
    let mut defs = defs.as_object().cloned().unwrap_or_default();
    defs.insert("FileData".into(), item);
    json!({"$defs": defs, "items": {"$ref": "#/$defs/FileData"}, "title": "ListFiles", "type": "array"})
}

/// An example file as `gradio_client.handle_file` sends it.
pub(crate) fn example_file(url: &str) -> Value {
    json!({"path": url, "meta": {"_type": "gradio.FileData"}})
}

/// The client's file object to a [`FileData`] (no I/O: its path was checked by the page hook).
pub(crate) fn decode_file(json: Value) -> Result<FileData, String> {
    if !json.is_object() {
        return Err("a file is an object with a `path` (Gradio's FileData)".into());
    }
    serde_json::from_value(json).map_err(|err| err.to_string())
}

/// A handler's [`FileData`] for the wire (its file is stored by [`to_page`]).
pub(crate) fn encode_file(file: &FileData) -> Result<Value, String> {
    serde_json::to_value(file).map_err(|err| err.to_string())
}

/// Whether the file named `name` is one of `file_types` (Gradio's rule: `".ext"` suffixes,
/// `"image"`-like MIME families, `"file"` for any).
pub(crate) fn type_allowed(name: &str, file_types: &[String]) -> bool {
    let lower = name.to_lowercase();
    let mime = crate::media::store_mime(&lower);
    file_types.iter().any(|t| {
        if t == "file" {
            true
        } else if t.starts_with('.') {
            let t = t.to_lowercase();
            lower.len() > t.len() && lower.ends_with(&t)
        } else {
            mime.starts_with(&format!("{t}/"))
        }
    })
}

/// `from_page` of a file kind: the files must be this server's, and of the component's
/// `file_types` when it has them.
pub(crate) fn from_page(json: Value, cx: &PageContext<'_>) -> Result<Value, String> {
    let json = files_from_page(json, cx)?;
    let Some(types) = cx
        .props()
        .get("file_types")
        .and_then(|t| serde_json::from_value::<Vec<String>>(t.clone()).ok())
    else {
        return Ok(json);
    };
    let files: Vec<&Value> = match &json {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    for file in files {
        let name = file
            .get("orig_name")
            .and_then(Value::as_str)
            .or_else(|| file.get("path").and_then(Value::as_str))
            .unwrap_or_default();
        if !type_allowed(name, &types) {
            return Err(format!(
                "Invalid file type: {name:?}. Please upload a file that is one of these formats: {types:?}"
            ));
        }
    }
    Ok(json)
}

/// `to_page` of a file kind.
pub(crate) fn to_page(json: Value, cx: &PageContext<'_>) -> Value {
    files_to_page(json, cx)
}

/// Implements [`WireKind`](crate::component::WireKind) for a file-valued kind: Gradio's
/// schema, the media browser module, and the file page hooks.
macro_rules! file_kind {
    (
        $ty:ty, value: $value:ty, name: $name:literal, kind: $kind:literal,
        expects: $expects:literal, python_type: $py:literal,
        schema: $schema:expr, example: $example:expr,
        decode: $decode:expr, encode: $encode:expr $(,)?
    ) => {
        impl $crate::component::WireKind for $ty {
            type Value = $value;
            const NAME: &'static str = $name;
            const KIND: &'static str = $kind;
            const EXPECTS: &'static str = $expects;
            const BROWSER_MODULE: Option<&'static str> =
                Some($crate::component::file_kinds::MEDIA_JS);
            const REFUSES_PAGE_VALUES: bool = true;

            fn props(self) -> $crate::component::Props {
                self.props
            }
            fn api() -> Option<$crate::component::ApiInfo> {
                Some($crate::component::ApiInfo::new($schema, $py, $example))
            }
            fn decode(json: serde_json::Value) -> Result<$value, String> {
                ($decode)(json)
            }
            fn encode(value: &$value) -> Result<serde_json::Value, String> {
                ($encode)(value)
            }
            fn to_page(
                json: serde_json::Value,
                cx: &$crate::component::PageContext<'_>,
            ) -> serde_json::Value {
                $crate::component::file_kinds::to_page(json, cx)
            }
            fn from_page(
                json: serde_json::Value,
                cx: &$crate::component::PageContext<'_>,
            ) -> Result<serde_json::Value, String> {
                $crate::component::file_kinds::from_page(json, cx)
            }
        }
        $crate::wire_kind!($ty);
    };
}
pub(crate) use file_kind;

/// Decodes a list of file objects.
pub(crate) fn decode_files(json: Value) -> Result<Vec<FileData>, String> {
    match json {
        Value::Array(items) => items.into_iter().map(decode_file).collect(),
        _ => Err("a list of files (Gradio's FileData objects)".into()),
    }
}

/// Encodes a list of files.
pub(crate) fn encode_files(files: &[FileData]) -> Result<Value, String> {
    files
        .iter()
        .map(encode_file)
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

#[cfg(test)]
mod tests {
    use super::type_allowed;

    #[test]
    fn file_types_follow_gradio() {
        let types = |t: &[&str]| t.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(type_allowed("a.PNG", &types(&[".png"])));
        assert!(!type_allowed(".png", &types(&[".png"])));
        assert!(type_allowed("a.jpg", &types(&["image"])));
        assert!(!type_allowed("a.txt", &types(&["image", ".csv"])));
        assert!(type_allowed("a.txt", &types(&["file"])));
    }
}
