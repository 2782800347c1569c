//! The page hooks every file-valued kind shares: a client's file objects are checked against
//! the upload folder on the way in; a handler's files are written to the session's cache
//! folder and given URLs on the way out.

use base64::Engine as _;
use serde_json::{Map, Value};

use crate::component::PageContext;
use crate::media::FileData;

/// The key of an output's bytes not yet written (an encoded image or sound): the kind's
/// `encode` has no session to write them for, its `to_page` has.
const PENDING: &str = "__bytes__";

/// An output file held in memory until the page hook writes it.
pub(crate) fn pending(name: &str, bytes: &[u8]) -> Value {
    let mut object = Map::new();
    object.insert(
        PENDING.into(),
        base64::engine::general_purpose::STANDARD
            .encode(bytes)
            .into(),
    );
    object.insert("orig_name".into(), name.into());
    Value::Object(object)
}

/// Rewrites the bytes waiting in `json` (a pending output) with `convert` (new name and
/// bytes); other values are returned as they are. A conversion that fails is logged and the
/// output left as it was.
pub(crate) fn map_pending(
    mut json: Value,
    convert: impl FnOnce(&[u8]) -> Result<(String, Vec<u8>), String>,
) -> Value {
    let Some(object) = json.as_object_mut() else {
        return json;
    };
    let Some(Value::String(data)) = object.get(PENDING) else {
        return json;
    };
    let converted = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|err| err.to_string())
        .and_then(|bytes| convert(&bytes));
    match converted {
        Ok((name, bytes)) => pending(&name, &bytes),
        Err(err) => {
            tracing::warn!(%err, "an output could not be converted; it is sent as it was");
            json
        }
    }
}

/// Whether `value` is a file object (it has a `path`, or bytes waiting to be written).
fn is_file(object: &Map<String, Value>) -> bool {
    object.contains_key(PENDING) || object.get("path").is_some_and(Value::is_string)
}

/// `from_page` of file kinds: every file object in the value must name a file this server
/// stored; its path is replaced by the canonical one.
pub(crate) fn files_from_page(json: Value, cx: &PageContext<'_>) -> Result<Value, String> {
    let Some(scope) = cx.files() else {
        return Err("this app has no upload folder to read files from".into());
    };
    walk(json, &mut |object| {
        if object.contains_key(PENDING) {
            return Err("a client cannot send file bytes inline: upload the file to /gradio_api/upload and send its path".into());
        }
        let path = object
            .get("path")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let confined = scope.confine(path)?;
        object.insert(
            "path".into(),
            confined.to_string_lossy().into_owned().into(),
        );
        Ok(())
    })
}

/// `to_page` of file kinds: each file is stored in the session's cache folder (bytes written,
/// a handler's file copied) and given its URL. A file that cannot be stored is logged and sent
/// as `null`: the event already ran, the page shows it empty.
pub(crate) fn files_to_page(json: Value, cx: &PageContext<'_>) -> Value {
    let Some(scope) = cx.files() else {
        return json;
    };
    let stored = walk(json, &mut |object| {
        let file = match object.remove(PENDING) {
            Some(Value::String(data)) => {
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(data)
                    .map_err(|err| err.to_string())?;
                let name = object
                    .get("orig_name")
                    .and_then(Value::as_str)
                    .unwrap_or("file")
                    .to_owned();
                scope
                    .store_bytes(&name, &bytes)
                    .map_err(|err| format!("writing {name:?}: {err}"))?
            }
            _ => {
                let file: FileData = serde_json::from_value(Value::Object(object.clone()))
                    .map_err(|err| err.to_string())?;
                scope.store_file(file)?
            }
        };
        *object = match serde_json::to_value(file) {
            Ok(Value::Object(stored)) => stored,
            _ => Map::new(),
        };
        Ok(())
    });
    stored.unwrap_or_else(|err| {
        tracing::warn!(%err, "an output file could not be stored; the page gets none");
        Value::Null
    })
}

/// Calls `each` on every file object in `json` (the value itself, list items, object fields).
fn walk(
    mut json: Value,
    each: &mut impl FnMut(&mut Map<String, Value>) -> Result<(), String>,
) -> Result<Value, String> {
    visit(&mut json, each)?;
    Ok(json)
}

fn visit(
    json: &mut Value,
    each: &mut impl FnMut(&mut Map<String, Value>) -> Result<(), String>,
) -> Result<(), String> {
    match json {
        Value::Object(object) if is_file(object) => each(object),
        Value::Object(object) => object.values_mut().try_for_each(|v| visit(v, each)),
        Value::Array(items) => items.iter_mut().try_for_each(|v| visit(v, each)),
        _ => Ok(()),
    }
}
