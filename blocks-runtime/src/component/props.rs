//! `Props`: the JSON props object of a component, and the builder methods every component shares.

use serde::Serialize;
use serde_json::{Map, Value};

/// The props of a component as they appear in `/config` (`label`, `visible`, `value`, …).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Props(pub(crate) Map<String, Value>);

impl Props {
    /// Sets a prop; a value that cannot be serialized is ignored (never happens for the
    /// plain data props hold).
    pub fn set(&mut self, name: &str, value: impl Serialize) {
        if let Ok(value) = serde_json::to_value(value) {
            self.0.insert(name.to_owned(), value);
        }
    }

    /// Reads a prop.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// The component's label, if set.
    pub fn label(&self) -> Option<&str> {
        self.0.get("label").and_then(Value::as_str)
    }

    /// The props as a JSON object.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }

    /// The props every component starts with (`visible`, and `name`: the kind), for a kind
    /// of your own (see [`WireKind`](crate::component::WireKind)).
    pub fn new(kind: &str) -> Self {
        Self::with_defaults(kind)
    }

    /// Whether the page offers a download button (Gradio 4's `show_download_button`, and
    /// Gradio 5's `buttons` list, which its page reads).
    pub(crate) fn set_download_button(&mut self, show: bool) {
        self.set("show_download_button", show);
        let buttons: &[&str] = if show { &["download"] } else { &[] };
        self.set("buttons", buttons);
    }

    pub(crate) fn with_defaults(name: &str) -> Self {
        let mut props = Props::default();
        props.set("visible", true);
        props.set("name", name);
        props
    }
}

/// Builder methods of the media kinds (Image, Audio, Video): the download button, and with
/// `playback` autoplay and looping. `$what` names the value in the docs ("the image").
macro_rules! media_props {
    ($ty:ty, $what:literal) => {
        impl $ty {
            #[doc = concat!("Whether the page offers to download ", $what, ".")]
            pub fn show_download_button(mut self, show: bool) -> Self {
                self.props.set_download_button(show);
                self
            }
        }
    };
    ($ty:ty, $what:literal, playback) => {
        media_props!($ty, $what);
        impl $ty {
            /// Whether a new value starts playing at once.
            pub fn autoplay(mut self, on: bool) -> Self {
                self.props.set("autoplay", on);
                self
            }
            /// Whether it plays in a loop.
            pub fn looping(mut self, on: bool) -> Self {
                self.props.set("loop", on);
                self
            }
        }
    };
}

/// Builder methods every component has: label, info, visibility, interactivity, sizing.
macro_rules! common_props {
    ($ty:ty) => {
        impl $ty {
            /// The label shown above the component (also its name in the API).
            pub fn label(mut self, label: impl Into<String>) -> Self {
                self.props.set("label", label.into());
                self
            }
            /// Help text shown under the label.
            pub fn info(mut self, info: impl Into<String>) -> Self {
                self.props.set("info", info.into());
                self
            }
            /// Whether the component is shown (default `true`).
            pub fn visible(mut self, visible: bool) -> Self {
                self.props.set("visible", visible);
                self
            }
            /// Whether the user can edit it (default: editable when it is an input).
            pub fn interactive(mut self, interactive: bool) -> Self {
                self.props.set("interactive", interactive);
                self
            }
            /// Whether the label is shown.
            pub fn show_label(mut self, show: bool) -> Self {
                self.props.set("show_label", show);
                self
            }
            /// An HTML id for custom CSS.
            pub fn elem_id(mut self, id: impl Into<String>) -> Self {
                self.props.set("elem_id", id.into());
                self
            }
            /// HTML classes for custom CSS.
            pub fn elem_classes<S: Into<String>>(
                mut self,
                classes: impl IntoIterator<Item = S>,
            ) -> Self {
                let classes: Vec<String> = classes.into_iter().map(Into::into).collect();
                self.props.set("elem_classes", classes);
                self
            }
            /// Relative width in a row (like CSS flex-grow).
            pub fn scale(mut self, scale: u32) -> Self {
                self.props.set("scale", scale);
                self
            }
            /// Minimum width in pixels.
            pub fn min_width(mut self, px: u32) -> Self {
                self.props.set("min_width", px);
                self
            }
            /// The component's props so far.
            pub fn props(&self) -> &$crate::component::Props {
                &self.props
            }
        }
    };
}
pub(crate) use common_props;
pub(crate) use media_props;
