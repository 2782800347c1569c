//! Lists of components, typed: [`ComponentList`] (the components an [`Interface`] lays out, as
//! builders) and [`HandleList`] (the handles they become, with the tuple of their values), so
//! that a handler, an example row or a reset is checked against them by the compiler.
//!
//! [`Interface`]: crate::high_level::Interface

use serde_json::Value;

use crate::app::Blocks;
use crate::component::{ChatMessage, ComponentId, Handle, IntoOutput, State, Textbox, WireKind};
use crate::event::{IntoOutputs, Outputs};

/// The history a [`ChatInterface`](crate::high_level::ChatInterface) keeps per session.
pub type History = Vec<ChatMessage>;

/// One component handle or a tuple of them (up to 6), whose values can fill them: what
/// [`Examples`](crate::high_level::Examples) fill and an [`Interface`](crate::high_level::Interface)
/// clears.
pub trait HandleList: Outputs + Copy + Send + Sync + 'static {
    /// One value per component, in order (a tuple for several): an example row.
    type Values: IntoOutputs<Self> + Clone + Send + Sync + 'static;
    /// "Clear each component" (one `None` per component).
    #[doc(hidden)]
    type Cleared: IntoOutputs<Self> + Send + 'static;
    /// The inputs of a chat function taking these as its additional inputs: the message, the
    /// history, then these.
    #[doc(hidden)]
    type ChatInputs: Send + Sync + 'static;

    /// The value that clears every component.
    #[doc(hidden)]
    fn cleared() -> Self::Cleared;
    /// A row's values as JSON, one per component (how a Dataset shows them).
    #[doc(hidden)]
    fn json(values: &Self::Values) -> Vec<Value>;
    /// The chat function's inputs around these.
    #[doc(hidden)]
    fn chat_inputs(
        self,
        message: Handle<Textbox>,
        history: Handle<State<History>>,
    ) -> Self::ChatInputs;
}

/// The components an [`Interface`](crate::high_level::Interface) takes as its inputs or
/// outputs, as builders: `()`, one component (`Textbox::new()`), or a tuple of up to 6.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of components",
    label = "expected a component (`Textbox::new()`), a tuple of components, or `()`",
    note = "an Interface's inputs and outputs are value components (Textbox, Number, Slider, …), not handles"
)]
pub trait ComponentList: Send + 'static {
    /// The handles the components get when they are added.
    type Handles: HandleList;
    /// Adds the components in the current layout block, in order.
    #[doc(hidden)]
    fn add_to(self, blocks: &mut Blocks) -> Self::Handles;
}

fn json_of<K: WireKind>(value: &K::Value) -> Value {
    K::encode(value).unwrap_or(Value::Null)
}

impl HandleList for () {
    type Values = ();
    type Cleared = ();
    type ChatInputs = (Handle<Textbox>, Handle<State<History>>);
    fn cleared() {}
    fn json(_: &()) -> Vec<Value> {
        Vec::new()
    }
    fn chat_inputs(
        self,
        message: Handle<Textbox>,
        history: Handle<State<History>>,
    ) -> Self::ChatInputs {
        (message, history)
    }
}

impl ComponentList for () {
    type Handles = ();
    fn add_to(self, _: &mut Blocks) {}
}

impl<K> HandleList for Handle<K>
where
    K: WireKind,
    K::Value: IntoOutput<K> + Clone + Sync,
    Option<K::Value>: IntoOutput<K>,
{
    type Values = K::Value;
    type Cleared = Option<K::Value>;
    type ChatInputs = (Handle<Textbox>, Handle<State<History>>, Handle<K>);
    fn cleared() -> Self::Cleared {
        None
    }
    fn json(value: &K::Value) -> Vec<Value> {
        vec![json_of::<K>(value)]
    }
    fn chat_inputs(
        self,
        message: Handle<Textbox>,
        history: Handle<State<History>>,
    ) -> Self::ChatInputs {
        (message, history, self)
    }
}

#[diagnostic::do_not_recommend]
impl<K> ComponentList for K
where
    K: WireKind,
    Handle<K>: HandleList,
{
    type Handles = Handle<K>;
    fn add_to(self, blocks: &mut Blocks) -> Handle<K> {
        blocks.add(self)
    }
}

macro_rules! tuple_lists {
    ($(($k:ident $i:tt)),+) => {
        impl<$($k,)+> HandleList for ($(Handle<$k>,)+)
        where
            $($k: WireKind, $k::Value: IntoOutput<$k> + Clone + Sync, Option<$k::Value>: IntoOutput<$k>,)+
        {
            type Values = ($($k::Value,)+);
            type Cleared = ($(Option<$k::Value>,)+);
            type ChatInputs = (Handle<Textbox>, Handle<State<History>>, $(Handle<$k>,)+);
            fn cleared() -> Self::Cleared {
                ($(None::<$k::Value>,)+)
            }
            fn json(values: &Self::Values) -> Vec<Value> {
                vec![$(json_of::<$k>(&values.$i)),+]
            }
            fn chat_inputs(
                self,
                message: Handle<Textbox>,
                history: Handle<State<History>>,
            ) -> Self::ChatInputs {
                (message, history, $(self.$i,)+)
            }
        }

        impl<$($k,)+> ComponentList for ($($k,)+)
        where
            $($k: WireKind,)+
            ($(Handle<$k>,)+): HandleList,
        {
            type Handles = ($(Handle<$k>,)+);
            fn add_to(self, blocks: &mut Blocks) -> Self::Handles {
                ($(blocks.add(self.$i),)+)
            }
        }
    };
}

tuple_lists!((K0 0));
tuple_lists!((K0 0), (K1 1));
tuple_lists!((K0 0), (K1 1), (K2 2));
tuple_lists!((K0 0), (K1 1), (K2 2), (K3 3));
tuple_lists!((K0 0), (K1 1), (K2 2), (K3 3), (K4 4));
tuple_lists!((K0 0), (K1 1), (K2 2), (K3 3), (K4 4), (K5 5));

/// The ids of a list's components, in order.
pub(crate) fn ids<H: HandleList>(handles: &H) -> Vec<ComponentId> {
    handles.targets()
}
