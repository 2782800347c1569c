//! How values of components that live in the page cross the wire as JSON.

use serde::{de::DeserializeOwned, Serialize};

use crate::component::codec::{ComponentInput, InputError, OutputWrite};
use crate::component::ReadContext;

/// Reads a JSON input as `T`, or says which component expected what.
pub(crate) fn read<T: DeserializeOwned>(
    input: ComponentInput,
    cx: &ReadContext<'_>,
    component: &'static str,
    expects: &'static str,
) -> Result<T, InputError> {
    match input {
        ComponentInput::Json(json) => {
            let got = describe(&json);
            let empty = json.is_null();
            serde_json::from_value(json).map_err(|err| {
                if empty {
                    return InputError::empty::<T>(cx, component);
                }
                InputError::WrongType {
                    parameter: cx.parameter.into(),
                    position: cx.position,
                    component,
                    id: cx.id,
                    label: cx.label.map(Into::into),
                    expected: expects,
                    got,
                    detail: err.to_string().into(),
                }
            })
        }
        other => Err(InputError::Internal(format!(
            "{component} #{} received {} instead of a JSON value",
            cx.id,
            other.kind()
        ))),
    }
}

/// Writes a value as JSON.
pub(crate) fn write<T: Serialize>(value: &T) -> OutputWrite {
    match serde_json::to_value(value) {
        Ok(json) => OutputWrite::Value(json),
        Err(err) => OutputWrite::Invalid(err.to_string()),
    }
}

/// "a string", "an object", … for error messages.
pub(crate) fn describe(json: &serde_json::Value) -> &'static str {
    match json {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Implements [`WireKind`](crate::component::WireKind) for a built-in component whose value
/// lives in the page: built-in kinds go through the same seam as an app's own kinds.
macro_rules! wire_component {
    (
        $ty:ty, value: $value:ty, name: $name:literal, kind: $kind:literal,
        expects: $expects:literal, python_type: $py:literal,
        schema: $schema:expr, example: $example:expr
        $(, html: $html:expr)?
        $(, encode: $encode:expr)?
        $(, cleared: $cleared:expr)? $(,)?
    ) => {
        impl $crate::component::WireKind for $ty {
            type Value = $value;
            const NAME: &'static str = $name;
            const KIND: &'static str = $kind;
            const EXPECTS: &'static str = $expects;

            fn props(self) -> $crate::component::Props {
                self.props
            }

            fn api() -> Option<$crate::component::ApiInfo> {
                Some($crate::component::ApiInfo::new($schema, $py, $example))
            }

            $(
                const HTML: Option<$crate::component::HtmlFn> = Some(|json, limits| {
                    let render: fn(
                        &$crate::render::RenderLimits,
                        &str,
                    ) -> Result<String, $crate::render::RenderError> = $html;
                    json.as_str().map(|text| render(limits, text))
                });
            )?

            $(
                fn encode(value: &Self::Value) -> Result<serde_json::Value, String> {
                    let encode: fn(&$value) -> Result<serde_json::Value, String> = $encode;
                    encode(value)
                }
            )?

            $(
                fn cleared() -> serde_json::Value {
                    $cleared
                }
            )?
        }

        $crate::wire_kind!($ty);
    };
}
pub(crate) use wire_component;

/// Lets a handler return `&str` for outputs whose value is a `String`.
macro_rules! str_output {
    ($($kind:ty),*) => {$(
        impl $crate::component::IntoOutput<$kind> for &str {
            fn into_write(self) -> $crate::component::codec::OutputWrite {
                $crate::component::wire::write(&self)
            }
        }

        impl $crate::component::IntoOutput<$kind> for Option<&str> {
            fn into_write(self) -> $crate::component::codec::OutputWrite {
                match self {
                    Some(text) => $crate::component::wire::write(&text),
                    None => $crate::component::kind::write_cleared::<$kind>(),
                }
            }
        }
    )*};
}
pub(crate) use str_output;
