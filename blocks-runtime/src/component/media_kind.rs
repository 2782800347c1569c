//! What the media kinds whose handler value is decoded content (Image, Audio, Gallery) share:
//! a [`ComponentSpec`] with the file page hooks, and reading a checked file object into the
//! handler's value with errors that name the component.

use serde_json::Value;

use crate::component::codec::{ComponentInput, InputError};
use crate::component::file_kinds::{decode_file, MEDIA_JS};
use crate::component::kind::PageHooks;
use crate::component::{ApiInfo, ComponentSpec, PageContext, Props, ReadContext, Role};
use crate::media::FileData;

/// What a media kind is, for its [`ComponentSpec`].
pub(crate) struct MediaKind {
    /// The kind in `/config` (`"image"`).
    pub(crate) kind: &'static str,
    /// The name users know (`"Image"`).
    pub(crate) name: &'static str,
    /// The expected value in words.
    pub(crate) expects: &'static str,
    /// Checks a value once `from_page` confined its paths.
    pub(crate) validate: crate::component::spec::Validator,
    /// The page hook on the way in.
    pub(crate) from_page: fn(Value, &PageContext<'_>) -> Result<Value, String>,
    /// The page hook on the way out.
    pub(crate) to_page: fn(Value, &PageContext<'_>) -> Value,
}

/// The spec of a media kind: a wire value checked by `validate` (after `from_page` confined
/// its paths), drawn by the media module.
pub(crate) fn media_spec(kind: &MediaKind, props: Props, api: ApiInfo) -> ComponentSpec {
    ComponentSpec {
        kind: kind.kind,
        name: kind.name,
        initial: props.get("value").cloned(),
        props,
        api: Some(api),
        role: Role::Wire {
            expects: kind.expects,
        },
        validate: Some(kind.validate),
        module: Some(MEDIA_JS),
        html: None,
        page: PageHooks {
            to_page: kind.to_page,
            from_page: kind.from_page,
            sealed: false,
            refuses: true,
        },
    }
}

/// The wrong-value error for input `cx` of component `name`.
pub(crate) fn wrong(
    cx: &ReadContext<'_>,
    name: &'static str,
    expects: &'static str,
    json: &Value,
    detail: impl Into<Box<str>>,
) -> InputError {
    InputError::WrongType {
        parameter: cx.parameter.into(),
        position: cx.position,
        component: name,
        id: cx.id,
        label: cx.label.map(Into::into),
        expected: expects,
        got: crate::component::wire::describe(json),
        detail: detail.into(),
    }
}

/// Reads an input's JSON as a file object and loads it with `load` (an empty input is
/// [`InputError::Empty`]; a file `load` refuses is [`InputError::WrongType`] naming the
/// component).
pub(crate) fn read_file<T>(
    input: ComponentInput,
    cx: &ReadContext<'_>,
    name: &'static str,
    expects: &'static str,
    load: impl FnOnce(&Value, FileData) -> Result<T, String>,
) -> Result<T, InputError> {
    let json = match input {
        ComponentInput::Json(json) => json,
        other => {
            return Err(InputError::Internal(format!(
                "{name} #{} received {} instead of a JSON value",
                cx.id,
                other.kind()
            )))
        }
    };
    if json.is_null() {
        return Err(InputError::empty::<T>(cx, name));
    }
    let file = decode_file(json.clone()).map_err(|d| wrong(cx, name, expects, &json, d))?;
    load(&json, file).map_err(|d| wrong(cx, name, expects, &json, d))
}

/// Reads the first bytes of a (confined) file, to recognise its format cheaply.
pub(crate) fn head(file: &FileData, n: usize) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(n);
    std::fs::File::open(&file.path)
        .and_then(|f| f.take(n as u64).read_to_end(&mut bytes))
        .map_err(|err| format!("{:?} cannot be read: {err}", file.name()))?;
    Ok(bytes)
}
