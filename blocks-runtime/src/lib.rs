//! The runtime behind `blocks`: components, the app model and its typed builder, events and
//! handler wiring, sessions and state, and the in-process test harness.
//!
//! Most users depend on the `blocks` crate and write `use blocks::prelude::*;`.
//!
//! The modules are layers, each importing only from the ones before it: `hash`, `render` and
//! `seal` (leaves), [`component`] (kinds, values, the wire codec), [`session`], [`event`] (triggers,
//! handler traits, inputs and outputs), [`app`] (the model, the builder, the API model),
//! [`engine`] (how an event runs), then [`server`], [`frontend`] and [`testing`].

pub mod app;
pub mod component;
pub mod engine;
pub mod event;
pub mod frontend;
mod hash;
pub mod high_level;
pub mod media;
mod render;
mod seal;
pub mod server;
pub mod session;
pub mod testing;

#[doc(hidden)]
pub mod __private;

pub use app::{App, Blocks};

/// Everything an app needs: `use blocks::prelude::*;`.
pub mod prelude {
    pub use crate::app::{App, Blocks, DependencyId};
    pub use crate::component::{
        Accordion, BrowserState, Button, ButtonVariant, ChatMessage, ChatRole, Chatbot, Checkbox,
        CheckboxGroup, Column, Component, Confidence, DataFrame, Dataframe, Dataset, Dropdown,
        Group, Handle, Html, Json, Label, LabelValue, Markdown, Multi, Number, Radio, Row, Single,
        Slider, State, StateMut, Tab, Tabs, Textbox, TextboxType, Timer, Update,
    };
    pub use crate::component::{
        BarPlot, Code, CodeLanguage, ColorPicker, DateTime, DateTimeValue, HexColor, Highlight,
        HighlightedText, LinePlot, ScatterPlot,
    };
    pub use crate::engine::EventError;
    pub use crate::event::{
        skip, ApiVisibility, Progress, ProgressInput, Request, RequestInput, SelectData,
        SelectIndex, SelectInput, ShowProgress, Trigger, TriggerMode,
    };
    pub use crate::high_level::{ChatInterface, Examples, Interface};
    pub use crate::session::SessionId;
    // Files and media.
    pub use crate::component::{
        Audio, DownloadButton, File, Files, Gallery, GalleryImage, Image, Sound, UploadButton,
        Video,
    };
    pub use crate::media::FileData;
}
