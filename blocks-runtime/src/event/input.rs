//! Inputs: what a handler parameter can receive from a component or pseudo-input, and the
//! lists of inputs an event takes.

pub(crate) use crate::component::codec::{ComponentInput, InputError};
use crate::component::{ComponentId, Handle, ReadContext, ReadValue, State, StateMut};
use crate::event::pseudo::{Progress, Request};

/// Where one handler argument comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputSource {
    /// A component's value (or a state's session value).
    Component(ComponentId),
    /// The request: session id, headers, client address.
    Request,
    /// A progress reporter.
    Progress,
}

/// One input as the dispatcher hands it over, before it is turned into a typed argument.
#[doc(hidden)]
pub enum InputValue {
    /// A component's value: JSON from the page or an API client, or a state's session slot.
    Component(ComponentInput),
    /// The request.
    Request(Request),
    /// The progress reporter.
    Progress(Progress),
}

impl InputValue {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            InputValue::Component(input) => input.kind(),
            InputValue::Request(_) => "the request",
            InputValue::Progress(_) => "a progress reporter",
        }
    }
}

/// What the dispatcher knows about one input position, fixed when the event is wired.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct InputContext {
    /// The component (or 0 for pseudo-inputs).
    pub id: ComponentId,
    /// Its label, for error messages.
    pub label: Option<String>,
    /// The handler parameter's name.
    pub parameter: String,
}

/// The input values of one event run, taken one by one into typed handler arguments.
///
/// Generated code calls [`RawInputs::take`] once per input, in order.
#[doc(hidden)]
pub struct RawInputs {
    values: std::vec::IntoIter<InputValue>,
    contexts: std::sync::Arc<[InputContext]>,
    position: usize,
    /// The states taken so far, and whether as `StateMut`.
    states: Vec<(ComponentId, bool)>,
}

impl RawInputs {
    pub(crate) fn new(values: Vec<InputValue>, contexts: std::sync::Arc<[InputContext]>) -> Self {
        RawInputs {
            values: values.into_iter(),
            contexts,
            position: 0,
            states: Vec::new(),
        }
    }

    /// The `n`th input not yet taken, without taking it.
    pub(crate) fn peek(&self, n: usize) -> Option<&InputValue> {
        self.values.as_slice().get(n)
    }

    /// The next input as the handler parameter type `A`, which `input` must be able to give.
    pub fn take<H: Input<A, K>, A, K>(&mut self, _input: &H) -> Result<A, InputError> {
        self.next::<H, A, K>()
    }

    /// Like [`RawInputs::take`], for an input the event takes more than once: the type refuses
    /// a `StateMut` there at compile time.
    pub fn take_shared<H: SharedInput<A, K>, A, K>(&mut self, _input: &H) -> Result<A, InputError> {
        self.next::<H, A, K>()
    }

    pub(crate) fn next<H: Input<A, K>, A, K>(&mut self) -> Result<A, InputError> {
        let position = self.position;
        self.position += 1;
        let value = self
            .values
            .next()
            .ok_or_else(|| InputError::Internal(format!("input {position} was not dispatched")))?;
        let context = self
            .contexts
            .get(position)
            .ok_or_else(|| InputError::Internal(format!("input {position} has no context")))?;
        if let InputValue::Component(ComponentInput::State(_)) = &value {
            // A state borrowed as `StateMut` cannot be read again in the same call: the second
            // read would wait for the borrow forever. The macro and `Blocks::try_build` refuse
            // such an event; this is the last line.
            let shared = self
                .states
                .iter()
                .any(|(id, exclusive)| *id == context.id && (*exclusive || H::EXCLUSIVE));
            if shared {
                return Err(InputError::StateMutShared {
                    parameter: context.parameter.as_str().into(),
                    position,
                    id: context.id,
                });
            }
            self.states.push((context.id, H::EXCLUSIVE));
        }
        let cx = ReadContext {
            id: context.id,
            label: context.label.as_deref(),
            position,
            parameter: &context.parameter,
        };
        H::extract(value, &cx)
    }
}

/// A handler parameter of type `A` can be filled from this input.
///
/// `Handle<C>` gives `C`'s value type, or an `Option` of it that is `None` when the component
/// is empty (`null` on the wire: a cleared Number, a Radio with nothing selected);
/// `Handle<State<T>>` gives `T` (a clone) or
/// [`StateMut<T>`](crate::component::StateMut); [`RequestInput`](crate::event::RequestInput) gives
/// [`Request`] and [`ProgressInput`](crate::event::ProgressInput) gives [`Progress`].
#[diagnostic::on_unimplemented(
    message = "a handler parameter of type `{A}` cannot receive the value of `{Self}`",
    label = "this input does not give `{A}`",
    note = "a parameter takes the input component's value type (Textbox: String, Number: f64, Checkbox: bool, CheckboxGroup: Vec<String>, State<T>: T or StateMut<T>), or an `Option` of it to receive an empty value as `None`"
)]
pub trait Input<A, K = ByValue> {
    /// Whether `A` borrows the input for the whole call (`StateMut`), so that the event must
    /// not take the same input again.
    #[doc(hidden)]
    const EXCLUSIVE: bool = false;
    /// Whether the parameter takes an `Option` (an empty input is `None`): the API then
    /// advertises it as optional, as Gradio does for a parameter whose default is `None`.
    #[doc(hidden)]
    const OPTIONAL: bool = false;
    /// Where the value comes from.
    fn source(&self) -> InputSource;
    /// Turns the dispatched value into the argument.
    #[doc(hidden)]
    fn extract(input: InputValue, cx: &ReadContext<'_>) -> Result<A, InputError>;
}

/// Marks the [`Input`] impls that give a value as it is (the default).
#[doc(hidden)]
pub struct ByValue;

/// Marks the [`Input`] impls that give an `Option` of a component's value: the marker keeps
/// them apart from the plain ones (the compiler cannot tell `C::Value` from
/// `Option<C::Value>` for every `C`), and the parameter's type picks one.
#[doc(hidden)]
pub struct Optional;

/// Marks the [`Input`] impl that borrows a state for the whole call (`StateMut`), which an
/// input taken twice by one event cannot give.
#[doc(hidden)]
pub struct Borrowed;

impl<C: ReadValue> Input<C::Value> for Handle<C> {
    fn source(&self) -> InputSource {
        InputSource::Component(self.id)
    }
    fn extract(input: InputValue, cx: &ReadContext<'_>) -> Result<C::Value, InputError> {
        match input {
            InputValue::Component(input) => C::read(input, cx),
            other => Err(InputError::Internal(format!(
                "component #{} received {} instead of its value",
                cx.id,
                other.kind()
            ))),
        }
    }
}

/// An empty component (`null`) gives `None`; any other value is read as `C`'s value.
impl<C: ReadValue> Input<Option<C::Value>, Optional> for Handle<C> {
    const OPTIONAL: bool = true;

    fn source(&self) -> InputSource {
        InputSource::Component(self.id)
    }
    fn extract(input: InputValue, cx: &ReadContext<'_>) -> Result<Option<C::Value>, InputError> {
        match input {
            InputValue::Component(ComponentInput::Json(serde_json::Value::Null)) => Ok(None),
            InputValue::Component(input) => C::read(input, cx).map(Some),
            other => Err(InputError::Internal(format!(
                "component #{} received {} instead of its value",
                cx.id,
                other.kind()
            ))),
        }
    }
}

impl<T: Send + Sync + 'static> Input<StateMut<T>, Borrowed> for Handle<State<T>> {
    const EXCLUSIVE: bool = true;

    fn source(&self) -> InputSource {
        InputSource::Component(self.id)
    }

    fn extract(input: InputValue, cx: &ReadContext<'_>) -> Result<StateMut<T>, InputError> {
        match input {
            InputValue::Component(input) => StateMut::borrow(input, cx),
            other => Err(InputError::Internal(format!(
                "state #{} received {} instead of its session slot",
                cx.id,
                other.kind()
            ))),
        }
    }
}

/// An input that may be taken more than once by one event: anything but a `StateMut`, which
/// borrows its state for the whole call.
#[diagnostic::on_unimplemented(
    message = "this input is used more than once by the event, so its parameter cannot be `{A}`",
    label = "a state used twice in one event cannot be a `StateMut`",
    note = "a `StateMut<T>` must be the only use of its state in one event (a second use would wait for its borrow); read the value through the `StateMut` instead"
)]
#[doc(hidden)]
pub trait SharedInput<A, K = ByValue>: Input<A, K> {}

impl<H: Input<A, ByValue>, A> SharedInput<A, ByValue> for H {}
impl<H: Input<A, Optional>, A> SharedInput<A, Optional> for H {}

/// A list of inputs (`()`, one input, or a tuple) whose values make the argument tuple `Args`.
#[diagnostic::on_unimplemented(
    message = "the inputs `{Self}` do not fit the handler's parameters `{Args}`",
    label = "inputs do not match the handler",
    note = "give one input per handler parameter, in order, as a tuple: `(a, b)`; `()` for none"
)]
pub trait InputList<Args, K> {
    /// Where each argument comes from, in order.
    fn sources(&self) -> Vec<InputSource>;
    /// Whether each argument borrows its input for the whole call (a `StateMut`).
    #[doc(hidden)]
    fn exclusive() -> Vec<bool>;
    /// Whether each argument takes an `Option` of its input.
    #[doc(hidden)]
    fn optional() -> Vec<bool>;
    /// Turns the dispatched values into the argument tuple.
    #[doc(hidden)]
    fn extract(inputs: &mut RawInputs) -> Result<Args, InputError>;
}

impl InputList<(), ()> for () {
    fn sources(&self) -> Vec<InputSource> {
        Vec::new()
    }
    fn exclusive() -> Vec<bool> {
        Vec::new()
    }
    fn optional() -> Vec<bool> {
        Vec::new()
    }
    fn extract(_: &mut RawInputs) -> Result<(), InputError> {
        Ok(())
    }
}

macro_rules! single_input {
    ($($ty:ty => [$($gen:ident),*]),*) => {$(
        impl<$($gen,)* A, K> InputList<(A,), (K,)> for $ty
        where
            $ty: Input<A, K>,
        {
            fn sources(&self) -> Vec<InputSource> {
                vec![Input::<A, K>::source(self)]
            }
            fn exclusive() -> Vec<bool> {
                vec![<$ty as Input<A, K>>::EXCLUSIVE]
            }
            fn optional() -> Vec<bool> {
                vec![<$ty as Input<A, K>>::OPTIONAL]
            }
            fn extract(inputs: &mut RawInputs) -> Result<(A,), InputError> {
                Ok((inputs.next::<$ty, A, K>()?,))
            }
        }
    )*};
}
single_input!(Handle<C> => [C], crate::event::RequestInput => [], crate::event::ProgressInput => [], crate::event::SelectInput => []);

macro_rules! tuple_inputs {
    () => {};
    ($(($h:ident $a:ident $k:ident $i:tt)),+) => {
        impl<$($h: Input<$a, $k>, $a, $k,)+> InputList<($($a,)+), ($($k,)+)> for ($($h,)+) {
            fn sources(&self) -> Vec<InputSource> {
                vec![$(self.$i.source()),+]
            }
            fn exclusive() -> Vec<bool> {
                vec![$(<$h as Input<$a, $k>>::EXCLUSIVE),+]
            }
            fn optional() -> Vec<bool> {
                vec![$(<$h as Input<$a, $k>>::OPTIONAL),+]
            }
            fn extract(inputs: &mut RawInputs) -> Result<($($a,)+), InputError> {
                Ok(($(inputs.next::<$h, $a, $k>()?,)+))
            }
        }
    };
}
crate::event::tuples::all_the_tuples!(tuple_inputs);
