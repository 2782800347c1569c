//! `BrowserState<T>`: a value kept in the browser's localStorage, so it survives reloads.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::json;

use crate::component::codec::{ComponentInput, InputError, OutputWrite};
use crate::component::{
    wire, ApiInfo, Component, ComponentSpec, IntoOutput, Props, ReadContext, ReadValue, Role,
    Update,
};

/// A value stored in the browser under `storage_key`: it survives reloads and server restarts
/// and is shared by the tabs of one browser. Value: `T` (any serde type). Event: change.
///
/// ```
/// use blocks_runtime::component::BrowserState;
/// let saved = BrowserState::new(vec![String::new(), String::new()]).storage_key("login");
/// assert_eq!(saved.props().get("storage_key"), Some(&serde_json::json!("login")));
/// ```
#[derive(Debug, Clone)]
pub struct BrowserState<T> {
    props: Props,
    _value: std::marker::PhantomData<fn() -> T>,
}

impl<T: Serialize + DeserializeOwned + Send + Sync + 'static> BrowserState<T> {
    /// A browser state starting from `default` in a browser that has nothing stored yet.
    pub fn new(default: T) -> Self {
        let mut props = Props::with_defaults("browserstate");
        props.set("default_value", &default);
        props.set("storage_key", "blocks_browser_state");
        BrowserState {
            props,
            _value: std::marker::PhantomData,
        }
    }

    /// The localStorage key (give each BrowserState of an app its own).
    pub fn storage_key(mut self, key: impl Into<String>) -> Self {
        self.props.set("storage_key", key.into());
        self
    }

    /// The props so far.
    pub fn props(&self) -> &Props {
        &self.props
    }

    /// A prop update.
    pub fn update() -> Update<Self> {
        Update::new()
    }
}

impl<T: Serialize + DeserializeOwned + Send + Sync + 'static> Component for BrowserState<T> {
    type Value = T;
    const NAME: &'static str = "BrowserState";
    const KIND: &'static str = "browserstate";

    fn into_spec(self) -> ComponentSpec {
        let storage_key = self
            .props
            .get("storage_key")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("blocks_browser_state")
            .to_owned();
        ComponentSpec {
            kind: "browserstate",
            name: "Browserstate",
            initial: self.props.get("default_value").cloned(),
            props: self.props,
            api: Some(ApiInfo {
                schema: json!({"type": {}, "description": "any json-serializable value"}),
                python_type: "str | float | bool | list | dict",
                example: json!(null),
            }),
            role: Role::Browser { storage_key },
            validate: Some(crate::component::validator::<T>()),
            module: None,
            html: None,
        }
    }
}

impl<T: Serialize + DeserializeOwned + Send + Sync + 'static> ReadValue for BrowserState<T> {
    fn read(input: ComponentInput, cx: &ReadContext<'_>) -> Result<T, InputError> {
        wire::read(input, cx, "BrowserState", "the stored JSON value")
    }
}

impl<T: Serialize + DeserializeOwned + Send + Sync + 'static> IntoOutput<BrowserState<T>> for T {
    fn into_write(self) -> OutputWrite {
        wire::write(&self)
    }
}

impl<T> crate::component::events::HasChange for BrowserState<T> {}
