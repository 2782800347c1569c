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
}

impl RawInputs {
    pub(crate) fn new(values: Vec<InputValue>, contexts: std::sync::Arc<[InputContext]>) -> Self {
        RawInputs {
            values: values.into_iter(),
            contexts,
            position: 0,
        }
    }

    /// The next input as the handler parameter type `A`, which `input` must be able to give.
    pub fn take<H: Input<A>, A>(&mut self, _input: &H) -> Result<A, InputError> {
        self.next::<H, A>()
    }

    pub(crate) fn next<H: Input<A>, A>(&mut self) -> Result<A, InputError> {
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
/// `Handle<C>` gives `C`'s value type; `Handle<State<T>>` gives `T` (a clone) or
/// [`StateMut<T>`](crate::component::StateMut); [`RequestInput`](crate::event::RequestInput) gives
/// [`Request`] and [`ProgressInput`](crate::event::ProgressInput) gives [`Progress`].
#[diagnostic::on_unimplemented(
    message = "a handler parameter of type `{A}` cannot receive the value of `{Self}`",
    label = "this input does not give `{A}`",
    note = "a parameter takes the input component's value type (Textbox: String, Number: f64, Checkbox: bool, CheckboxGroup: Vec<String>, State<T>: T or StateMut<T>)"
)]
pub trait Input<A> {
    /// Where the value comes from.
    fn source(&self) -> InputSource;
    /// Turns the dispatched value into the argument.
    #[doc(hidden)]
    fn extract(input: InputValue, cx: &ReadContext<'_>) -> Result<A, InputError>;
}

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

impl<T: Send + Sync + 'static> Input<StateMut<T>> for Handle<State<T>> {
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

/// A list of inputs (`()`, one input, or a tuple) whose values make the argument tuple `Args`.
#[diagnostic::on_unimplemented(
    message = "the inputs `{Self}` do not fit the handler's parameters `{Args}`",
    label = "inputs do not match the handler",
    note = "give one input per handler parameter, in order, as a tuple: `(a, b)`; `()` for none"
)]
pub trait InputList<Args> {
    /// Where each argument comes from, in order.
    fn sources(&self) -> Vec<InputSource>;
    /// Turns the dispatched values into the argument tuple.
    #[doc(hidden)]
    fn extract(inputs: &mut RawInputs) -> Result<Args, InputError>;
}

impl InputList<()> for () {
    fn sources(&self) -> Vec<InputSource> {
        Vec::new()
    }
    fn extract(_: &mut RawInputs) -> Result<(), InputError> {
        Ok(())
    }
}

macro_rules! single_input {
    ($($ty:ty => [$($gen:ident),*]),*) => {$(
        impl<$($gen,)* A> InputList<(A,)> for $ty
        where
            $ty: Input<A>,
        {
            fn sources(&self) -> Vec<InputSource> {
                vec![Input::<A>::source(self)]
            }
            fn extract(inputs: &mut RawInputs) -> Result<(A,), InputError> {
                Ok((inputs.next::<$ty, A>()?,))
            }
        }
    )*};
}
single_input!(Handle<C> => [C], crate::event::RequestInput => [], crate::event::ProgressInput => [], crate::event::SelectInput => []);

macro_rules! tuple_inputs {
    () => {};
    ($(($h:ident $a:ident $i:tt)),+) => {
        impl<$($h: Input<$a>, $a,)+> InputList<($($a,)+)> for ($($h,)+) {
            fn sources(&self) -> Vec<InputSource> {
                vec![$(self.$i.source()),+]
            }
            fn extract(inputs: &mut RawInputs) -> Result<($($a,)+), InputError> {
                Ok(($(inputs.next::<$h, $a>()?,)+))
            }
        }
    };
}
crate::event::tuples::all_the_tuples!(tuple_inputs);
