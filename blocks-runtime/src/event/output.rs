//! Outputs: the components an event writes, and how a handler's return value fills them.

pub(crate) use crate::component::codec::OutputWrite;
use crate::component::{ComponentId, Handle, IntoOutput, Update};

/// The components an event writes: `()`, one handle, or a tuple of handles.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of outputs",
    label = "outputs must be a component, a tuple of components, or `()`"
)]
pub trait Outputs {
    /// The written components, in order.
    fn targets(&self) -> Vec<ComponentId>;
}

/// A handler's return value that fills the outputs `O`: a single value for a single output, a
/// tuple of values for a tuple of outputs, `()` for none.
#[diagnostic::on_unimplemented(
    message = "a handler returning `{Self}` cannot fill the outputs `{O}`",
    label = "the return type does not match the outputs",
    note = "return one value per output, in order: a tuple for several outputs, `()` for none;  each value is the component's value type or its `update()`"
)]
pub trait IntoOutputs<O> {
    /// One write per output.
    #[doc(hidden)]
    fn into_writes(self) -> Vec<OutputWrite>;
}

/// "No change" for one output, Gradio's `gr.skip()`: the component (or state) keeps its value
/// and its `.change` listeners do not run. It is an empty [`Update`], so a handler that
/// sometimes sets an output and sometimes leaves it returns `Update<C>` for it.
///
/// ```
/// use blocks_runtime::prelude::*;
/// use blocks_runtime::event::skip;
///
/// /// Doubles the number, and leaves the field alone when it is empty.
/// fn double(n: Option<f64>) -> Update<Number> {
///     match n {
///         Some(n) => Number::update().value(n * 2.0),
///         None => skip(),
///     }
/// }
/// # let _ = double;
/// ```
pub fn skip<C>() -> Update<C> {
    Update::new()
}

impl Outputs for () {
    fn targets(&self) -> Vec<ComponentId> {
        Vec::new()
    }
}

impl IntoOutputs<()> for () {
    fn into_writes(self) -> Vec<OutputWrite> {
        Vec::new()
    }
}

impl<C> Outputs for Handle<C> {
    fn targets(&self) -> Vec<ComponentId> {
        vec![self.id]
    }
}

impl<C, V: IntoOutput<C>> IntoOutputs<Handle<C>> for V {
    fn into_writes(self) -> Vec<OutputWrite> {
        vec![self.into_write()]
    }
}

macro_rules! tuple_outputs {
    () => {};
    ($(($c:ident $v:ident $unused:ident $i:tt)),+) => {
        impl<$($c,)+> Outputs for ($(Handle<$c>,)+) {
            fn targets(&self) -> Vec<ComponentId> {
                vec![$(self.$i.id),+]
            }
        }
        impl<$($c, $v: IntoOutput<$c>,)+> IntoOutputs<($(Handle<$c>,)+)> for ($($v,)+) {
            fn into_writes(self) -> Vec<OutputWrite> {
                vec![$(self.$i.into_write()),+]
            }
        }
    };
}
crate::event::tuples::all_the_tuples!(tuple_outputs);
