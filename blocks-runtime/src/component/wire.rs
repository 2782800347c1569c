//! How values of components that live in the page cross the wire as JSON.

use serde::{de::DeserializeOwned, Serialize};

use crate::component::ReadContext;
use crate::event::{InputError, InputValue, OutputWrite};

/// Reads a JSON input as `T`, or says which component expected what.
pub(crate) fn read<T: DeserializeOwned>(
    input: InputValue,
    cx: &ReadContext<'_>,
    component: &'static str,
    expects: &'static str,
) -> Result<T, InputError> {
    match input {
        InputValue::Json(json) => {
            let got = describe(&json);
            serde_json::from_value(json).map_err(|err| InputError::WrongType {
                parameter: cx.parameter.into(),
                position: cx.position,
                component,
                id: cx.id,
                label: cx.label.map(Into::into),
                expected: expects,
                got,
                detail: err.to_string().into(),
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

/// Implements [`Component`](crate::component::Component) for a component whose value lives in
/// the page and crosses the wire as JSON.
macro_rules! wire_component {
    (
        $ty:ty, value: $value:ty, name: $name:literal, kind: $kind:literal,
        expects: $expects:literal, python_type: $py:literal,
        schema: $schema:expr, example: $example:expr $(,)?
    ) => {
        impl $crate::component::Component for $ty {
            type Value = $value;
            const NAME: &'static str = $name;
            const KIND: &'static str = $kind;

            fn into_spec(self) -> $crate::component::ComponentSpec {
                $crate::component::ComponentSpec {
                    initial: self.props.get("value").cloned(),
                    kind: $kind,
                    name: $name,
                    props: self.props,
                    api: Some($crate::component::ApiInfo {
                        schema: $schema,
                        python_type: $py,
                        example: $example,
                    }),
                    role: $crate::component::Role::Wire { expects: $expects },
                    validate: Some($crate::component::validator::<$value>()),
                    module: None,
                }
            }
        }

        impl $crate::component::ReadValue for $ty {
            fn read(
                input: $crate::event::InputValue,
                cx: &$crate::component::ReadContext<'_>,
            ) -> Result<Self::Value, $crate::event::InputError> {
                $crate::component::wire::read(input, cx, $name, $expects)
            }
        }

        impl $crate::component::IntoOutput<$ty> for $value {
            fn into_write(self) -> $crate::event::OutputWrite {
                $crate::component::wire::write(&self)
            }
        }

        impl $ty {
            /// A prop update for this component, returned by a handler in place of a value:
            /// `Markdown::update().value("**done**").visible(true)`.
            pub fn update() -> $crate::component::Update<Self> {
                $crate::component::Update::new()
            }
        }
    };
}
pub(crate) use wire_component;
