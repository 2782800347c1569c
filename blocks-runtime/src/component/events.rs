//! Events: the events a component kind can have (each kind declares its own in its file, with
//! `events!`), and triggers: which component event starts a dependency (`btn.click()`,
//! `cart.change()`, load).

use std::fmt;

use crate::component::{ComponentId, Handle};

/// The events components can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum EventName {
    /// A button (or HTML) was clicked.
    Click,
    /// The value changed, by the user or by a handler.
    Change,
    /// The user edited the value.
    Input,
    /// The user pressed Enter.
    Submit,
    /// The user selected part of the component.
    Select,
    /// The component lost focus.
    Blur,
    /// The component got focus.
    Focus,
    /// A timer ticked.
    Tick,
    /// The user let go of a slider at the end of a drag.
    Release,
    /// The user uploaded a file.
    Upload,
    /// The page opened.
    Load,
    /// The page closed.
    Unload,
}

impl EventName {
    /// The name used on the wire (`"click"`).
    pub fn as_str(self) -> &'static str {
        match self {
            EventName::Click => "click",
            EventName::Change => "change",
            EventName::Input => "input",
            EventName::Submit => "submit",
            EventName::Select => "select",
            EventName::Blur => "blur",
            EventName::Focus => "focus",
            EventName::Tick => "tick",
            EventName::Release => "release",
            EventName::Upload => "upload",
            EventName::Load => "load",
            EventName::Unload => "unload",
        }
    }
}

impl fmt::Display for EventName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

use crate::component::state::StateHasher;

/// One thing that starts a dependency: a component's event, or the page's load/unload.
#[derive(Clone)]
pub struct Trigger {
    pub(crate) target: Option<ComponentId>,
    pub(crate) event: EventName,
    pub(crate) state_hasher: Option<StateHasher>,
}

impl Trigger {
    pub(crate) fn component(id: ComponentId, event: EventName) -> Self {
        Trigger {
            target: Some(id),
            event,
            state_hasher: None,
        }
    }

    pub(crate) fn with_state_hasher(mut self, hasher: StateHasher) -> Self {
        self.state_hasher = Some(hasher);
        self
    }

    /// The page opened (Gradio's `demo.load`).
    pub fn load() -> Self {
        Trigger {
            target: None,
            event: EventName::Load,
            state_hasher: None,
        }
    }

    /// The page closed (Gradio's `demo.unload`); runs with the session that closed.
    pub fn unload() -> Self {
        Trigger {
            target: None,
            event: EventName::Unload,
            state_hasher: None,
        }
    }

    /// The component, if the trigger is a component's event.
    pub fn target(&self) -> Option<ComponentId> {
        self.target
    }

    /// The event.
    pub fn event(&self) -> EventName {
        self.event
    }
}

impl fmt::Debug for Trigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.target {
            Some(id) => write!(f, "#{id}.{}", self.event),
            None => write!(f, "{}", self.event),
        }
    }
}

/// One trigger or several (`[a.change(), b.change()]`), as `Blocks::on` takes them.
#[derive(Clone, Debug)]
pub struct Triggers(pub(crate) Vec<Trigger>);

impl From<Trigger> for Triggers {
    fn from(t: Trigger) -> Self {
        Triggers(vec![t])
    }
}

impl<const N: usize> From<[Trigger; N]> for Triggers {
    fn from(ts: [Trigger; N]) -> Self {
        Triggers(ts.into())
    }
}

impl From<Vec<Trigger>> for Triggers {
    fn from(ts: Vec<Trigger>) -> Self {
        Triggers(ts)
    }
}

macro_rules! event_support {
    ($( $(#[$doc:meta])* $trait:ident => $method:ident : $name:ident, $msg:literal, $note:literal );* $(;)?) => {$(
        $(#[$doc])*
        #[diagnostic::on_unimplemented(
            message = $msg,
            label = "not an event of this component",
            note = $note
        )]
        pub trait $trait {}

        impl<C: $trait> Handle<C> {
            $(#[$doc])*
            pub fn $method(&self) -> Trigger {
                Trigger::component(self.id, EventName::$name)
            }
        }
    )*};
}

/// Components with a `change` event. A `State<T>` has one when `T: Hash` (changes are found
/// by hashing the value after each event).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no `change` event",
    label = "not an event of this component",
    note = "every value component has `change`; a `State<T>` needs `T: Hash` for it (changes are detected by hashing); Button and Timer have none"
)]
pub trait HasChange {
    /// The trigger, with whatever the component needs for change detection.
    #[doc(hidden)]
    fn change_trigger(id: ComponentId) -> Trigger {
        Trigger::component(id, EventName::Change)
    }
}
impl<C: HasChange> Handle<C> {
    /// Fires when the value changes, by the user or by a handler (for a `State`, when its
    /// hash differs after an event).
    pub fn change(&self) -> Trigger {
        C::change_trigger(self.id)
    }
}

event_support! {
    /// Fires when the component is clicked.
    Clickable => click: Click, "`{Self}` has no `click` event", "components with `click`: Button, HTML, Dataset, UploadButton, DownloadButton";
    /// Fires when the user edits the value (not when a handler sets it).
    HasInput => input: Input, "`{Self}` has no `input` event", "components with `input`: Textbox, Number, Slider, Checkbox, CheckboxGroup, Radio, Dropdown, Dataframe, Code, ColorPicker";
    /// Fires when the user presses Enter.
    Submittable => submit: Submit, "`{Self}` has no `submit` event", "components with `submit`: Textbox, Number, DateTime, ColorPicker";
    /// Fires when the user selects part of the component.
    Selectable => select: Select, "`{Self}` has no `select` event", "components with `select`: Textbox, Checkbox, CheckboxGroup, Radio, Dropdown, Label, Dataframe, Dataset, Chatbot, HighlightedText, Tab";
    /// Fires when the component loses focus.
    HasBlur => blur: Blur, "`{Self}` has no `blur` event", "components with `blur`: Textbox, Number, Dropdown, Code, ColorPicker";
    /// Fires when the component gets focus.
    HasFocus => focus: Focus, "`{Self}` has no `focus` event", "components with `focus`: Textbox, Number, Dropdown, Code, ColorPicker";
    /// Fires every interval of a timer.
    Tickable => tick: Tick, "`{Self}` has no `tick` event", "only a Timer has `tick`";
    /// Fires when the user lets go of the component at the end of a drag (the value is final;
    /// `change` fires throughout the drag).
    Releasable => release: Release, "`{Self}` has no `release` event", "only a Slider has `release`";
    /// Fires when the user has uploaded a file (the value is the uploaded file).
    Uploadable => upload: Upload, "`{Self}` has no `upload` event", "components with `upload`: File, Files, Image, Audio, Video, Gallery, UploadButton";
}

/// Declares the events a component kind has: `events!(Textbox: HasChange, HasInput, Submittable);`
/// in the kind's own file.
macro_rules! events {
    ($kind:ty: $($event:ident),+ $(,)?) => {
        $(impl $crate::component::events::$event for $kind {})+
    };
}
pub(crate) use events;
