//! The seam for component kinds whose value lives in the page: [`WireKind`] says everything
//! the runtime needs of a kind (name, value type and schema, the wire codec, props, and the
//! browser module that draws it), so a kind defined outside blocks is first-class.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::component::codec::{ComponentInput, InputError, OutputWrite};
use crate::component::{ApiInfo, Component, ComponentSpec, Props, ReadContext, ReadValue, Role};

/// A component kind whose value lives in the page and crosses the wire as JSON: implement it
/// for your own component, add [`wire_kind!`](crate::wire_kind) for its outputs, and the
/// component works in the macro, the builder, the page and every API client like a built-in
/// one.
///
/// - **Events**: implement the event traits it has (`impl HasChange for Rating {}`,
///   [`Clickable`](crate::event::Clickable), …); the others are compile errors at the event.
/// - **The browser module**: an ES module (its source, usually `include_str!`) exporting
///   `create(props, ctx)` that returns `{ el, get(), set(value), update?(props) }`;
///   `ctx.emit("change")` fires an event, and `ctx.kit` offers the page's helpers
///   (`el`, `block`, `common`). The page loads it before drawing, and refuses loudly to draw a
///   kind it has no module for.
/// - **The codec**: [`WireKind::decode`] turns the wire's JSON into the handler's value (and
///   may refuse it: the client gets a 422 naming the component), [`WireKind::encode`] the
///   other way.
/// - **The page hooks**: [`WireKind::to_page`] and [`WireKind::from_page`] change how a value
///   travels between the server and the page (`BrowserState` seals its values with the app's
///   secret there, so the page keeps them without reading them); plain kinds leave them alone.
///
/// ```
/// use blocks_runtime::prelude::*;
/// use blocks_runtime::component::{ApiInfo, Props, WireKind};
/// use blocks_runtime::event::HasChange;
///
/// /// One to five stars.
/// pub struct Rating { props: Props }
///
/// impl WireKind for Rating {
///     type Value = u8;
///     const NAME: &'static str = "Rating";
///     const KIND: &'static str = "rating";
///     const EXPECTS: &'static str = "a whole number from 1 to 5";
///     const BROWSER_MODULE: Option<&'static str> =
///         Some("export function create(props, ctx) { /* … */ }");
///     fn props(self) -> Props { self.props }
///     fn api() -> Option<ApiInfo> {
///         let schema = serde_json::json!({"type": "integer", "minimum": 1, "maximum": 5});
///         Some(ApiInfo::new(schema, "int", 3.into()))
///     }
///     fn decode(json: serde_json::Value) -> Result<u8, String> {
///         match json.as_u64() {
///             Some(n @ 1..=5) => Ok(n as u8),
///             _ => Err(format!("{json} is not a rating from 1 to 5")),
///         }
///     }
/// }
/// impl HasChange for Rating {}
/// blocks_runtime::wire_kind!(Rating);
///
/// let mut app = Blocks::new();
/// let stars = app.add(Rating { props: Props::new("rating") });
/// let shown = app.add(Number::new());
/// app.on(stars.change()).call(|n: u8| f64::from(n), stars, shown);
/// ```
pub trait WireKind: Send + Sync + Sized + 'static {
    /// The value a handler receives and returns.
    type Value: Serialize + DeserializeOwned + Send + 'static;
    /// The name users know (`"Rating"`), used in messages and the API description.
    const NAME: &'static str;
    /// The lower-case kind in `/config` (`"rating"`); it selects the browser module.
    const KIND: &'static str;
    /// The expected JSON in words, for errors (`"a whole number from 1 to 5"`).
    const EXPECTS: &'static str = "a JSON value";
    /// The kind's browser module (ES module source), or `None` for kinds built into the page.
    const BROWSER_MODULE: Option<&'static str> = None;
    /// For kinds the page shows as HTML (Markdown, HTML): how the server renders a wire value
    /// as sanitised HTML within the app's [`RenderLimits`](crate::render::RenderLimits).
    /// `None` (the default): the browser module draws the value itself.
    const HTML: Option<crate::component::HtmlFn> = None;

    /// The props object of `/config` (`label`, `value`, …); see [`Props::new`].
    fn props(self) -> Props;

    /// The JSON schema, Python type name and an example of the value, for the API
    /// description; `None` leaves the component out of the API.
    fn api() -> Option<ApiInfo>;

    /// The wire's JSON to the handler's value. The default is serde's.
    fn decode(json: Value) -> Result<Self::Value, String> {
        serde_json::from_value(json).map_err(|err| err.to_string())
    }

    /// The handler's value to the wire's JSON. The default is serde's.
    fn encode(value: &Self::Value) -> Result<Value, String> {
        serde_json::to_value(value).map_err(|err| err.to_string())
    }

    /// The component's first value, as `/config` shows it and as a handler gets it when the
    /// page sends nothing. The default is the `value` prop.
    fn initial(props: &Props) -> Option<Value> {
        props.get("value").cloned()
    }

    /// Whether [`WireKind::to_page`] seals values with the app's secret (the app then warns at
    /// start when that secret is ephemeral, since the page's values would not survive a
    /// restart).
    const SEALED: bool = false;

    /// What the page receives for an encoded output value. The default sends it as it is.
    fn to_page(json: Value, cx: &PageContext<'_>) -> Value {
        let _ = cx;
        json
    }

    /// What the page sent, back to the encoded value ([`WireKind::decode`] comes after).
    /// An `Err` is logged and the handler gets the initial value: the page's copy may be stale
    /// (another secret, an older format), which is not the client's fault. With
    /// [`WireKind::REFUSES_PAGE_VALUES`], an `Err` is the client's: a 422 naming the component.
    fn from_page(json: Value, cx: &PageContext<'_>) -> Result<Value, String> {
        let _ = cx;
        Ok(json)
    }

    /// Whether a value [`WireKind::from_page`] refuses is the client's error (a 422 naming the
    /// component, before the event is queued) rather than a stale copy the page kept. File
    /// kinds say so: a path that is not one of this server's files is refused.
    const REFUSES_PAGE_VALUES: bool = false;

    /// What the page is sent when a handler clears the component (returns `None` for it). The
    /// default is `null`, which the page shows as empty; kinds that have no empty value give
    /// the one Gradio sends (`false` for a Checkbox, `[]` for a CheckboxGroup).
    fn cleared() -> Value {
        Value::Null
    }
}

/// What a kind's page hooks can use: the component's props, the app's sealing key, and the
/// app's files (the upload folder and the event's session).
#[derive(Debug, Clone)]
pub struct PageContext<'a> {
    props: &'a Props,
    sealer: &'a crate::seal::Sealer,
    files: Option<crate::media::FileScope<'a>>,
}

impl<'a> PageContext<'a> {
    pub(crate) fn new(props: &'a Props, sealer: &'a crate::seal::Sealer) -> Self {
        PageContext {
            props,
            sealer,
            files: None,
        }
    }

    /// The same context with the app's files.
    pub(crate) fn with_files(mut self, files: crate::media::FileScope<'a>) -> Self {
        self.files = Some(files);
        self
    }

    /// The app's files: where clients' uploads are and where outputs are written (`None`
    /// where no files can be read or written).
    pub fn files(&self) -> Option<&crate::media::FileScope<'a>> {
        self.files.as_ref()
    }

    /// The component's props, as given at build time.
    pub fn props(&self) -> &'a Props {
        self.props
    }

    /// Encrypts and authenticates `value` with the app's secret, bound to `purpose` (a token
    /// sealed for one purpose does not open for another).
    pub fn seal(&self, purpose: &str, value: &Value) -> String {
        self.sealer.seal(purpose, value)
    }

    /// Opens a token made by [`PageContext::seal`] for the same purpose and secret.
    pub fn open(&self, purpose: &str, token: &str) -> Result<Value, crate::seal::SealError> {
        self.sealer.open(purpose, token)
    }
}

/// A kind's page hooks, kept in its [`ComponentSpec`].
#[derive(Clone, Copy)]
pub struct PageHooks {
    pub(crate) to_page: fn(Value, &PageContext<'_>) -> Value,
    pub(crate) from_page: fn(Value, &PageContext<'_>) -> Result<Value, String>,
    pub(crate) sealed: bool,
    pub(crate) refuses: bool,
}

impl PageHooks {
    /// Values travel as they are.
    pub const PLAIN: PageHooks = PageHooks {
        to_page: |json, _| json,
        from_page: |json, _| Ok(json),
        sealed: false,
        refuses: false,
    };

    /// The hooks of kind `K`.
    pub fn of<K: WireKind>() -> PageHooks {
        PageHooks {
            to_page: K::to_page,
            from_page: K::from_page,
            sealed: K::SEALED,
            refuses: K::REFUSES_PAGE_VALUES,
        }
    }

    /// Whether values are sealed with the app's secret.
    pub fn sealed(&self) -> bool {
        self.sealed
    }

    /// Whether a value the page hook refuses is the client's error (file kinds).
    pub fn refuses(&self) -> bool {
        self.refuses
    }
}

impl std::fmt::Debug for PageHooks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageHooks")
            .field("sealed", &self.sealed)
            .finish_non_exhaustive()
    }
}

#[diagnostic::do_not_recommend]
impl<K: WireKind> Component for K {
    type Value = K::Value;
    const NAME: &'static str = K::NAME;
    const KIND: &'static str = K::KIND;

    fn into_spec(self) -> ComponentSpec {
        let props = self.props();
        ComponentSpec {
            initial: K::initial(&props),
            kind: K::KIND,
            name: K::NAME,
            props,
            api: K::api(),
            role: Role::Wire {
                expects: K::EXPECTS,
            },
            validate: Some(|json| K::decode(json.clone()).map(|_| ())),
            module: K::BROWSER_MODULE,
            html: K::HTML,
            page: PageHooks::of::<K>(),
        }
    }
}

#[diagnostic::do_not_recommend]
impl<K: WireKind> ReadValue for K {
    fn read(input: ComponentInput, cx: &ReadContext<'_>) -> Result<Self::Value, InputError> {
        match input {
            ComponentInput::Json(json) => {
                let got = crate::component::wire::describe(&json);
                let empty = json.is_null();
                K::decode(json).map_err(|detail| {
                    if empty {
                        return InputError::empty::<K::Value>(cx, K::NAME);
                    }
                    InputError::WrongType {
                        parameter: cx.parameter.into(),
                        position: cx.position,
                        component: K::NAME,
                        id: cx.id,
                        label: cx.label.map(Into::into),
                        expected: K::EXPECTS,
                        got,
                        detail: detail.into(),
                    }
                })
            }
            other => Err(InputError::Internal(format!(
                "{} #{} received {} instead of a JSON value",
                K::NAME,
                cx.id,
                other.kind()
            ))),
        }
    }
}

/// Writes a kind's value for the wire (what [`wire_kind!`](crate::wire_kind) outputs call).
#[doc(hidden)]
pub fn write_wire<K: WireKind>(value: &K::Value) -> OutputWrite {
    match K::encode(value) {
        Ok(json) => OutputWrite::Value(json),
        Err(err) => OutputWrite::Invalid(err),
    }
}

/// Writes "clear this component" for a kind (what a `None` output calls).
#[doc(hidden)]
pub fn write_cleared<K: WireKind>() -> OutputWrite {
    OutputWrite::Value(K::cleared())
}

/// Completes a [`WireKind`]: lets handlers return the kind's value, `None` to clear it (an
/// `Option` of the value) and `Kind::update()` for its outputs. One line after the
/// `impl WireKind` (the [`WireKind`] example runs it):
///
/// ```text
/// blocks::wire_kind!(Rating);
/// ```
#[macro_export]
macro_rules! wire_kind {
    ($kind:ty) => {
        impl $crate::component::IntoOutput<$kind>
            for <$kind as $crate::component::WireKind>::Value
        {
            fn into_write(self) -> $crate::__private::OutputWrite {
                $crate::__private::write_wire::<$kind>(&self)
            }
        }

        impl $crate::component::IntoOutput<$kind>
            for ::std::option::Option<<$kind as $crate::component::WireKind>::Value>
        {
            fn into_write(self) -> $crate::__private::OutputWrite {
                match self {
                    ::std::option::Option::Some(value) => {
                        $crate::__private::write_wire::<$kind>(&value)
                    }
                    ::std::option::Option::None => $crate::__private::write_cleared::<$kind>(),
                }
            }
        }

        impl $kind {
            /// A prop update for this component, returned by a handler in place of a value.
            #[allow(dead_code)]
            pub fn update() -> $crate::component::Update<Self> {
                $crate::component::Update::new()
            }
        }
    };
}
