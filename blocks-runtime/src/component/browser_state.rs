//! `BrowserState<T>`: a value kept in the browser's localStorage, so it survives reloads.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::json;

use crate::component::codec::OutputWrite;
use crate::component::kind::{write_wire, PageContext};
use crate::component::{wire, ApiInfo, IntoOutput, Props, Update, WireKind};

/// The localStorage key when none is given.
const DEFAULT_STORAGE_KEY: &str = "blocks_browser_state";

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
        props.set("storage_key", DEFAULT_STORAGE_KEY);
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

/// The localStorage key of a BrowserState's props.
fn storage_key(props: &Props) -> &str {
    props
        .get("storage_key")
        .and_then(serde_json::Value::as_str)
        .unwrap_or(DEFAULT_STORAGE_KEY)
}

/// Through the kind seam: values leave the server sealed (encrypted and authenticated with the
/// app's secret, bound to the storage key) and are opened when the page sends them back.
impl<T: Serialize + DeserializeOwned + Send + Sync + 'static> WireKind for BrowserState<T> {
    type Value = T;
    const NAME: &'static str = "BrowserState";
    const KIND: &'static str = "browserstate";
    const EXPECTS: &'static str = "the stored JSON value";
    const SEALED: bool = true;

    fn props(self) -> Props {
        self.props
    }

    fn api() -> Option<ApiInfo> {
        let schema = json!({"type": {}, "description": "any json-serializable value"});
        Some(ApiInfo::new(
            schema,
            "str | float | bool | list | dict",
            serde_json::Value::Null,
        ))
    }

    fn initial(props: &Props) -> Option<serde_json::Value> {
        props.get("default_value").cloned()
    }

    fn to_page(json: serde_json::Value, cx: &PageContext<'_>) -> serde_json::Value {
        serde_json::Value::String(cx.seal(storage_key(cx.props()), &json))
    }

    fn from_page(
        json: serde_json::Value,
        cx: &PageContext<'_>,
    ) -> Result<serde_json::Value, String> {
        match json {
            serde_json::Value::String(token) => cx
                .open(storage_key(cx.props()), &token)
                .map_err(|err| err.to_string()),
            other => Err(format!(
                "expected a sealed token, got {}",
                wire::describe(&other)
            )),
        }
    }
}

impl<T: Serialize + DeserializeOwned + Send + Sync + 'static> IntoOutput<BrowserState<T>> for T {
    fn into_write(self) -> OutputWrite {
        write_wire::<BrowserState<T>>(&self)
    }
}

impl<T> crate::component::events::HasChange for BrowserState<T> {}
