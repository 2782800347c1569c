//! Items only generated code uses: the `blocks!` macro expands to calls into this module.
//! Not part of the public API; may change in any release.

pub use crate::app::{App, Blocks};
pub use crate::component::kind::{write_cleared, write_wire};
pub use crate::component::spec::{
    validator, ComponentSpec, HtmlFn, ReadContext, ReadValue, Role, Validator,
};
pub use crate::component::state::StateSlotFactory;
pub use crate::component::{Accordion, Column, Group, Row, Tab, Tabs};
pub use crate::event::handler::{
    Async, Fallible, HandlerResult, Invocation, Iterating, Plain, ReturnsValue, Streaming,
};
pub use crate::event::input::{InputContext, InputValue, RawInputs};
pub use crate::event::{enclosing_path, HandlerSignature};
pub use crate::event::{
    InputError, InputSource, OutputWrite, ProgressInput, RequestInput, SelectInput, Trigger,
};
pub use inventory;

use crate::component::{Component, Handle};
use crate::event::{
    Clickable, HasBlur, HasChange, HasFocus, HasInput, Releasable, Selectable, Submittable,
    Tickable, Uploadable,
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

impl AsInput for SelectInput {
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
    tick: Tickable,
    // `upload` before `release`: the compile-error snapshots quote this list's last line.
    upload: Uploadable,
    release: Releasable
);

// A value the macro saw made but never wired (`let title = Markdown::new("…");`) goes on the
// page if, and only if, its type is a component. The compiler decides, by autoref
// specialization (dtolnay's technique, as in anyhow's `anyhow!`): the macro writes
// `(&value).__blocks_kind().declare(value, &mut blocks)`. Method lookup tries the receiver
// `&T` as it is before borrowing it again, so `ComponentKind` (on `T`, taking `&self`) wins
// when `T: Component`, and `PlainKind` (on `&T`, so needing `&&T`) serves every other type.
// The tag each returns then takes the value by move.

/// Sorts a value whose type is a component; see [`PlainKind`] for the others.
pub trait ComponentKind {
    /// The tag that adds the value to the page.
    fn __blocks_kind(&self) -> AddToPage {
        AddToPage
    }
}

impl<C: Component> ComponentKind for C {}

/// Sorts a value whose type is not a component; [`ComponentKind`] takes precedence.
pub trait PlainKind {
    /// The tag that passes the value through.
    fn __blocks_kind(&self) -> PassThrough {
        PassThrough
    }
}

impl<T> PlainKind for &T {}

/// The value is a component: it goes on the page.
pub struct AddToPage;

impl AddToPage {
    /// Adds the component where the statement stands; its handle replaces it.
    pub fn declare<C: Component>(self, component: C, blocks: &mut Blocks) -> Handle<C> {
        blocks.add(component)
    }
}

/// The value is plain Rust: it is left alone.
pub struct PassThrough;

impl PassThrough {
    /// The value, unchanged.
    pub fn declare<T>(self, value: T, _blocks: &mut Blocks) -> T {
        value
    }
}

/// Sorts a value that lays itself out ([`Render`](crate::high_level::Render): an Interface,
/// a ChatInterface, Examples); like [`ComponentKind`], it takes precedence over [`PlainKind`].
pub trait RenderKind {
    /// The tag that renders the value on the page.
    fn __blocks_kind(&self) -> RenderOnPage {
        RenderOnPage
    }
}

impl<R: crate::high_level::Render> RenderKind for R {}

/// The value lays itself out: it is rendered where the statement stands.
pub struct RenderOnPage;

impl RenderOnPage {
    /// Renders the value; the handles of what it added replace it.
    pub fn declare<R: crate::high_level::Render>(self, item: R, blocks: &mut Blocks) -> R::Handles {
        blocks.render(item)
    }
}
