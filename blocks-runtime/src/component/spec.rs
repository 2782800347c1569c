//! What the app keeps about a component, and how inputs are read: the runtime's internal view
//! of a kind. Generated code reaches these through `blocks::__private`; they are not part of
//! the public API.

use std::fmt;

use crate::component::codec::{ComponentInput, InputError};
use crate::component::state::StateSlotFactory;
use crate::component::{ApiInfo, Component, ComponentId, Props};

/// A component whose value a handler can receive by value.
///
/// Every component but a `State<T>` whose `T` is not `Clone` (read those through
/// [`StateMut`](crate::component::StateMut)).
pub trait ReadValue: Component {
    /// Reads this component's value from an event input.
    fn read(input: ComponentInput, cx: &ReadContext<'_>) -> Result<Self::Value, InputError>;
}

/// Where an input value is read: used to name the component in error messages.
#[derive(Debug, Clone, Copy)]
pub struct ReadContext<'a> {
    /// The component's id.
    pub id: ComponentId,
    /// The component's label, if it has one.
    pub label: Option<&'a str>,
    /// The handler parameter position.
    pub position: usize,
    /// The handler parameter's name (`param_<i>` when unknown).
    pub parameter: &'a str,
}

/// What the app keeps about one component: the result of [`Component::into_spec`].
#[derive(Debug, Clone)]
pub struct ComponentSpec {
    /// Lower-case wire type (`"textbox"`).
    pub kind: &'static str,
    /// User-facing name (`"Textbox"`).
    pub name: &'static str,
    /// The props object of `/config`.
    pub props: Props,
    /// API description; `None` means the component is left out of the API (`skip_api`).
    pub api: Option<ApiInfo>,
    /// How the component's value is kept.
    pub role: Role,
    /// The value used when an input arrives as `null` or was never sent.
    pub initial: Option<serde_json::Value>,
    /// Checks that a JSON value decodes as the component's value type (without keeping it).
    pub validate: Option<Validator>,
    /// The kind's browser module (ES module source), for kinds not built into the page.
    pub module: Option<&'static str>,
    /// Renders a wire value as the HTML the page shows, for kinds shown as HTML.
    pub html: Option<HtmlFn>,
    /// How values travel to the page and back (sealed for `BrowserState`).
    pub page: crate::component::kind::PageHooks,
}

/// Renders a wire value as sanitised HTML within limits (`None`: not shown as HTML).
pub type HtmlFn = fn(
    &serde_json::Value,
    &crate::render::RenderLimits,
) -> Option<Result<String, crate::render::RenderError>>;

/// Checks a JSON input against a component's value type; the error is the decoder's message.
pub type Validator = fn(&serde_json::Value) -> Result<(), String>;

/// A [`Validator`] for values of type `T`.
pub fn validator<T: serde::de::DeserializeOwned>() -> Validator {
    |value| {
        T::deserialize(value)
            .map(|_| ())
            .map_err(|err| err.to_string())
    }
}

/// How a component's value is kept.
#[derive(Clone)]
pub enum Role {
    /// The value travels on the wire (JSON), the page holds it.
    Wire {
        /// Human description of the expected JSON, for errors ("a string").
        expects: &'static str,
    },
    /// A per-session value kept on the server.
    State(StateSlotFactory),
    /// A button: its value is its label; it cannot be an output value.
    Button,
    /// A layout block.
    Layout,
}

impl fmt::Debug for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Role::Wire { expects } => write!(f, "Wire({expects})"),
            Role::State(_) => f.write_str("State"),
            Role::Button => f.write_str("Button"),
            Role::Layout => f.write_str("Layout"),
        }
    }
}

/// The props Gradio's page reads that a built-in kind has unless the component set them, with
/// Gradio's defaults: without `show_label` the page hides labels, without `container` a field
/// loses its frame, without `interactive` a button that is no event input is disabled.
/// `/config` merges them under each component's own props.
pub(crate) fn page_defaults(kind: &str) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::json;
    let mut props = serde_json::Map::new();
    let mut set = |name: &str, value: serde_json::Value| {
        props.insert(name.to_owned(), value);
    };
    let latex = json!([{"left": "$$", "right": "$$", "display": true}]);
    match kind {
        "textbox" | "number" | "slider" | "checkbox" | "checkboxgroup" | "radio" | "dropdown"
        | "json" | "label" | "dataframe" | "chatbot" => {
            set("show_label", json!(true));
            set("container", json!(kind != "dataframe"));
            set("min_width", json!(160));
            set("elem_classes", json!([]));
        }
        "button" => {
            set("interactive", json!(true));
            set("variant", json!("secondary"));
            set("size", json!("lg"));
            set("link_target", json!("_self"));
            set("elem_classes", json!([]));
        }
        "markdown" | "html" => {
            set("show_label", json!(false));
            set("container", json!(false));
            set("padding", json!(false));
            set("elem_classes", json!([]));
        }
        "row" => {
            set("variant", json!("default"));
            set("equal_height", json!(false));
            set("elem_classes", json!([]));
        }
        "column" => {
            set("scale", json!(1));
            set("min_width", json!(320));
            set("variant", json!("default"));
            set("elem_classes", json!([]));
        }
        _ => {}
    }
    match kind {
        "number" | "slider" => set("step", json!(1)),
        "markdown" => {
            set("sanitize_html", json!(true));
            set("latex_delimiters", latex.clone());
        }
        "html" => {
            set("html_template", json!("${value}"));
            set("css_template", json!(""));
            set("apply_default_css", json!(true));
            set("props", json!({}));
        }
        "dataframe" => set("max_height", json!(500)),
        "chatbot" => {
            set("height", json!(400));
            set("autoscroll", json!(true));
            set("sanitize_html", json!(true));
            set("render_markdown", json!(true));
            set("line_breaks", json!(true));
            set("latex_delimiters", latex);
            set("avatar_images", json!([null, null]));
            set("group_consecutive_messages", json!(true));
            set("buttons", json!(["copy", "copy_all"]));
        }
        _ => {}
    }
    props
}
