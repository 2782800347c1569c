//! Items only generated code uses: the `blocks!` macro expands to calls into this module.
//! Not part of the public API; may change in any release.

pub use crate::app::{App, Blocks};
pub use crate::component::{Accordion, Column, Group, Row, Tab, Tabs};
pub use crate::event::{
    InputError, InputSource, OutputWrite, ProgressInput, RawInputs, RequestInput, Trigger,
};

use crate::component::Handle;
use crate::event::{
    Clickable, HasBlur, HasChange, HasFocus, HasInput, Selectable, Submittable, Tickable,
};

/// Where an input comes from (a component or a pseudo-input).
pub trait AsInput {
    /// The source.
    fn input_source(&self) -> InputSource;
}

impl<C> AsInput for Handle<C> {
    fn input_source(&self) -> InputSource {
        InputSource::Component(self.id)
    }
}

impl AsInput for RequestInput {
    fn input_source(&self) -> InputSource {
        InputSource::Request
    }
}

impl AsInput for ProgressInput {
    fn input_source(&self) -> InputSource {
        InputSource::Progress
    }
}

/// The source of one input, for the dependency's input list.
pub fn source<I: AsInput>(input: &I) -> InputSource {
    input.input_source()
}

macro_rules! trigger_fns {
    ($($name:ident: $bound:ident),*) => {$(
        /// The trigger of this event of `handle`; fails to compile when the component lacks it.
        pub fn $name<C: $bound>(handle: &Handle<C>) -> Trigger {
            handle.$name()
        }
    )*};
}
trigger_fns!(
    click: Clickable,
    change: HasChange,
    input: HasInput,
    submit: Submittable,
    select: Selectable,
    blur: HasBlur,
    focus: HasFocus,
    tick: Tickable
);
