//! Components: the `Component` trait, typed handles, props and prop updates.
//!
//! Every component kind is a plain builder struct (`Textbox::new().label("Name")`). Adding it
//! to an app ([`crate::Blocks::add`]) returns a [`Handle`] that is `Copy` and carries the
//! component's type, so event wiring can check handler types at compile time.

mod audio;
mod browser_state;
mod button;
mod chat_message;
mod chatbot;
mod checkbox;
mod checkbox_group;
mod code;
pub(crate) mod codec;
mod color_picker;
mod dataframe;
mod dataset;
mod datetime;
mod datetime_value;
mod dropdown;
pub(crate) mod events;
mod file;
pub(crate) mod file_kinds;
mod gallery;
mod highlighted_text;
mod html;
pub(crate) mod image;
mod json;
pub(crate) mod kind;
mod label;
mod layout;
mod markdown;
pub(crate) mod media_kind;
mod number;
mod plot;
mod props;
mod radio;
mod slider;
pub(crate) mod spec;
pub(crate) mod state;
mod textbox;
mod timer;
mod update;
mod upload_button;
mod video;
pub(crate) mod wire;

pub use audio::{Audio, Sound, SoundError};
pub use browser_state::BrowserState;
pub use button::{Button, ButtonVariant};
pub use chat_message::{ChatContent, ChatMessage, ChatMetadata, ChatOption, ChatRole};
pub use chatbot::Chatbot;
pub use checkbox::Checkbox;
pub use checkbox_group::CheckboxGroup;
pub use code::{Code, CodeLanguage};
pub use codec::InputError;
pub use color_picker::{ColorPicker, HexColor, HexColorError};
pub use dataframe::{DataFrame, Dataframe};
pub use dataset::Dataset;
pub use datetime::DateTime;
pub use datetime_value::{DateTimeError, DateTimeValue};
pub use dropdown::{Dropdown, Multi, Single};
pub use file::{File, Files};
pub use gallery::{Gallery, GalleryImage};
pub use highlighted_text::{Highlight, HighlightedText, Mark};
pub use html::Html;
pub use image::{Image, ImageFileFormat, ImageMode};
pub use json::Json;
pub use kind::{PageContext, PageHooks, WireKind};
pub use label::{Confidence, Label, LabelValue};
pub use layout::{Accordion, Column, Group, Layout, Row, Tab, TabId, Tabs};
pub use markdown::Markdown;
pub use number::Number;
pub use plot::{BarPlot, LinePlot, ScatterPlot};
pub use props::Props;
pub use radio::Radio;
pub use slider::Slider;
pub(crate) use spec::{validator, ComponentSpec, HtmlFn, ReadContext, ReadValue, Role};
pub use state::{State, StateMut};
pub use textbox::{Textbox, TextboxType};
pub use timer::Timer;
pub use update::Update;
pub use upload_button::{DownloadButton, UploadButton};
pub use video::Video;

use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;

use crate::component::codec::OutputWrite;

/// The id of a component (or layout block) within one app: small integers given out in
/// creation order, as in Gradio's `/config`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ComponentId(pub(crate) u32);

impl ComponentId {
    /// The numeric id, as used on the wire.
    pub fn get(self) -> u32 {
        self.0
    }
}

impl fmt::Display for ComponentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A component kind: its typed value, its props and how its value crosses the wire.
///
/// Implemented by every component in [`crate::component`]. The value type follows Gradio's
/// JSON types: [`Textbox`] is `String`, [`Number`] and [`Slider`] are `f64`, [`Checkbox`] is
/// `bool`, [`CheckboxGroup`] is `Vec<String>`, [`State<T>`] is `T`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a blocks component",
    label = "not a component",
    note = "components are the types in `blocks::component` (Textbox, Number, Button, State, ...) and kinds that implement `WireKind`"
)]
pub trait Component: Send + Sync + Sized + 'static {
    /// The value a handler receives from this component and returns to it.
    type Value: Send + 'static;
    /// The component's name as users know it (`"Textbox"`), used in messages and `/info`.
    const NAME: &'static str;
    /// The lower-case type name in `/config` (`"textbox"`).
    const KIND: &'static str;

    /// Turns the builder into the data the app keeps: kind, props, API schema.
    #[doc(hidden)]
    fn into_spec(self) -> ComponentSpec;
}

/// A value a handler can return for an output of component `C`.
#[diagnostic::on_unimplemented(
    message = "a handler returning `{Self}` cannot fill an output of type `{C}`",
    label = "this output needs a different value",
    note = "return the component's value type (Textbox: String, Number: f64, Checkbox: bool, \
            CheckboxGroup: Vec<String>, State<T>: T) or `{C}::update()`; a Button is not an output value"
)]
pub trait IntoOutput<C> {
    /// Turns the value into what is written to the session and the wire.
    #[doc(hidden)]
    fn into_write(self) -> OutputWrite;
}

impl<C: Component> IntoOutput<C> for Update<C> {
    fn into_write(self) -> OutputWrite {
        OutputWrite::Update(self.into_props())
    }
}

/// The JSON schema, Python type name and an example of a component's value, for `/config`,
/// `/gradio_api/info` and `gradio_client.view_api()`.
#[derive(Debug, Clone)]
pub struct ApiInfo {
    /// JSON schema of the value.
    pub schema: serde_json::Value,
    /// Python type name shown by `gradio_client.view_api()`.
    pub python_type: &'static str,
    /// An example value.
    pub example: serde_json::Value,
}

impl ApiInfo {
    /// The description of a value: its JSON schema, the Python type `gradio_client` shows
    /// (`"int"`, `"str"`), and an example.
    pub fn new(
        schema: serde_json::Value,
        python_type: &'static str,
        example: serde_json::Value,
    ) -> Self {
        ApiInfo {
            schema,
            python_type,
            example,
        }
    }
}

/// A typed reference to a component added to an app.
///
/// Handles are `Copy`: use them as many times as you like in inputs, outputs and triggers.
/// Event methods (`click`, `change`, …) exist only for components that have that event.
pub struct Handle<C> {
    pub(crate) id: ComponentId,
    _kind: PhantomData<fn() -> C>,
}

impl<C> Handle<C> {
    pub(crate) fn new(id: ComponentId) -> Self {
        Handle {
            id,
            _kind: PhantomData,
        }
    }

    /// The component's id in `/config`.
    pub fn id(&self) -> ComponentId {
        self.id
    }
}

impl<C> Clone for Handle<C> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<C> Copy for Handle<C> {}

impl<C: Component> fmt::Debug for Handle<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", C::NAME, self.id)
    }
}
