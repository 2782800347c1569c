//! Handlers: any `Fn` whose parameters fit the inputs and whose return value fits the outputs,
//! sync or async, plain, fallible or streaming, erased to one object type per event.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::Arc;

use futures_core::Stream;
use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use futures_util::{FutureExt, StreamExt};

use crate::event::input::{InputError, InputList, InputSource, RawInputs};
use crate::event::output::{IntoOutputs, OutputWrite};

/// A handler's own failure: the `Err` of a handler returning `Result<_, E>`, shown as an alert.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct HandlerError {
    /// `E`'s `Display` text.
    pub message: String,
}

/// What one handler call (or one streamed item) produced.
#[doc(hidden)]
pub type HandlerResult = Result<Vec<OutputWrite>, HandlerError>;

/// How a handler produces its outputs; decides where the dispatcher runs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReturnKind {
    /// A sync function returning values: run on a blocking thread.
    Value,
    /// A sync function returning an `Iterator` of values: streamed, pulled on a blocking thread.
    Iterator,
    /// An `async` function: awaited.
    Future,
    /// A function returning a `Stream`: each item is streamed to the page.
    Stream,
}

impl ReturnKind {
    /// Whether the outputs arrive as a stream (`types.generator` in `/config`).
    pub fn is_generator(self) -> bool {
        matches!(self, ReturnKind::Iterator | ReturnKind::Stream)
    }
}

/// A started handler call, for the dispatcher to drive.
#[doc(hidden)]
pub enum Invocation {
    /// Call this on a blocking thread.
    Blocking(Box<dyn FnOnce() -> Invocation + Send>),
    /// The outputs.
    Ready(HandlerResult),
    /// Await this.
    Future(BoxFuture<'static, HandlerResult>),
    /// Drain this, each item an intermediate output.
    Stream(BoxStream<'static, HandlerResult>),
    /// Pull this on a blocking thread, each item an intermediate output.
    Iter(Box<dyn Iterator<Item = HandlerResult> + Send>),
    /// The inputs were refused (found on the blocking thread).
    Rejected(InputError),
}

impl fmt::Debug for Invocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Invocation::Blocking(_) => "Blocking",
            Invocation::Ready(_) => "Ready",
            Invocation::Future(_) => "Future",
            Invocation::Stream(_) => "Stream",
            Invocation::Iter(_) => "Iter",
            Invocation::Rejected(_) => "Rejected",
        })
    }
}

/// Marker: a plain return value.
#[doc(hidden)]
pub struct Plain;
/// Marker: a `Result` return value.
#[doc(hidden)]
pub struct Fallible;
/// Marker: a future.
#[doc(hidden)]
pub struct Async<M>(PhantomData<M>);
/// Marker: a stream.
#[doc(hidden)]
pub struct Streaming<M>(PhantomData<M>);
/// Marker: an iterator.
#[doc(hidden)]
pub struct Iterating<M>(PhantomData<M>);

/// A single result that fills the outputs `O`: the values, or `Result<values, E: Display>`.
#[diagnostic::on_unimplemented(
    message = "a handler result `{Self}` cannot fill the outputs `{O}`",
    label = "the handler's return type does not match the outputs",
    note = "return one value per output (a tuple for several, `()` for none), or a `Result` of that whose error implements Display"
)]
pub trait ReturnsValue<O, M>: Send + 'static {
    /// The outputs, or the handler's error.
    #[doc(hidden)]
    fn into_result(self) -> HandlerResult;
}

impl<O, T: IntoOutputs<O> + Send + 'static> ReturnsValue<O, Plain> for T {
    fn into_result(self) -> HandlerResult {
        Ok(self.into_writes())
    }
}

impl<O, T, E> ReturnsValue<O, Fallible> for Result<T, E>
where
    T: IntoOutputs<O> + Send + 'static,
    E: fmt::Display + Send + 'static,
{
    fn into_result(self) -> HandlerResult {
        self.map(IntoOutputs::into_writes)
            .map_err(|e| HandlerError {
                message: e.to_string(),
            })
    }
}

/// What a handler may return for the outputs `O`: a value (or `Result`), a future of one, a
/// `Stream` of them or an `Iterator` of them.
#[diagnostic::on_unimplemented(
    message = "a handler returning `{Self}` cannot fill the outputs `{O}`",
    label = "the handler's return type does not match the outputs",
    note = "return one value per output (a tuple for several, `()` for none), a `Result` of that, or make the handler `async`, or return a `Stream`/`Iterator` of such values to stream them"
)]
pub trait Returns<O, M>: Send + 'static {
    /// Where the dispatcher runs the handler.
    const KIND: ReturnKind;
    /// Starts producing the outputs.
    #[doc(hidden)]
    fn into_invocation(self) -> Invocation;
}

impl<O, M, T: ReturnsValue<O, M>> Returns<O, (Plain, M)> for T {
    const KIND: ReturnKind = ReturnKind::Value;
    fn into_invocation(self) -> Invocation {
        Invocation::Ready(self.into_result())
    }
}

impl<O: 'static, M: 'static, F> Returns<O, Async<M>> for F
where
    F: Future + Send + 'static,
    F::Output: ReturnsValue<O, M>,
{
    const KIND: ReturnKind = ReturnKind::Future;
    fn into_invocation(self) -> Invocation {
        Invocation::Future(self.map(ReturnsValue::into_result).boxed())
    }
}

impl<O: 'static, M: 'static, S> Returns<O, Streaming<M>> for S
where
    S: Stream + Send + 'static,
    S::Item: ReturnsValue<O, M>,
{
    const KIND: ReturnKind = ReturnKind::Stream;
    fn into_invocation(self) -> Invocation {
        Invocation::Stream(self.map(ReturnsValue::into_result).boxed())
    }
}

impl<O: 'static, M: 'static, I> Returns<O, Iterating<M>> for I
where
    I: Iterator + Send + 'static,
    I::Item: ReturnsValue<O, M>,
{
    const KIND: ReturnKind = ReturnKind::Iterator;
    fn into_invocation(self) -> Invocation {
        Invocation::Iter(Box::new(self.map(ReturnsValue::into_result)))
    }
}

/// A function that can handle an event with inputs `I` and outputs `O`.
///
/// Implemented for every `Fn(A0, …, An) -> R` (up to 12 parameters) where the inputs give the
/// parameter types ([`InputList`]) and `R` fills the outputs ([`Returns`]): plain `fn`s,
/// closures, `async fn`s, functions returning `Result`, a `Stream` or an `Iterator`. `M` is
/// inferred; never name it.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot handle this event: its parameters must fit the inputs `{I}` and its return value the outputs `{O}`",
    label = "handler does not fit the inputs and outputs",
    note = "each parameter takes its input's value type, in order (Textbox: String, Number: f64, State<T>: T);  the return value is one value per output (a tuple for several)"
)]
pub trait Handler<I, O, M>: Send + Sync + Sized + 'static {
    /// What the handler returns.
    #[doc(hidden)]
    type Returned: Returns<O, Self::Marker>;
    /// How its return value fills the outputs (inferred).
    #[doc(hidden)]
    type Marker: 'static;

    /// Where each argument comes from.
    #[doc(hidden)]
    fn input_sources(inputs: &I) -> Vec<InputSource>;

    /// Whether each argument borrows its input for the whole call (a `StateMut`).
    #[doc(hidden)]
    fn input_exclusive() -> Vec<bool>;

    /// Whether each argument takes an `Option` of its input.
    #[doc(hidden)]
    fn input_optional() -> Vec<bool>;

    /// Extracts the arguments and calls the handler.
    #[doc(hidden)]
    fn call(&self, inputs: &mut RawInputs) -> Result<Self::Returned, InputError>;
}

/// A handler with its types erased, as the app stores it.
pub(crate) trait ErasedHandler: Send + Sync {
    fn invoke(&self, inputs: RawInputs) -> Result<Invocation, InputError>;
    fn kind(&self) -> ReturnKind;
}

/// Remembers the handler's input, output and marker types without owning values of them.
type TypesOf<I, O, M> = PhantomData<fn() -> (I, O, M)>;

/// A builder handler, erased: lowered to the same adapter the macro writes (extract the
/// arguments, call), so there is one erased handler type.
pub(crate) fn erase<F, I, O, M>(handler: F) -> Arc<dyn ErasedHandler>
where
    F: Handler<I, O, M>,
    I: 'static,
    O: 'static,
    M: 'static,
{
    erase_adapter::<_, F::Returned, O, F::Marker>(move |mut inputs: RawInputs| {
        handler.call(&mut inputs)
    })
}

/// The one erased handler: a closure that takes the raw inputs and calls the user's function
/// (the macro writes it with each argument where the user wrote it, so type errors point
/// there; the builder's comes from [`erase`]). Sync handlers run, arguments and all, where the
/// offload rule puts them; async and streaming ones are started at once.
struct Adapted<F, R, O, M> {
    adapter: Arc<F>,
    _types: TypesOf<R, O, M>,
}

impl<F, R, O, M> ErasedHandler for Adapted<F, R, O, M>
where
    F: Fn(RawInputs) -> Result<R, InputError> + Send + Sync + 'static,
    R: Returns<O, M>,
    O: 'static,
    M: 'static,
{
    fn invoke(&self, inputs: RawInputs) -> Result<Invocation, InputError> {
        Ok(match R::KIND {
            ReturnKind::Value | ReturnKind::Iterator => {
                let adapter = Arc::clone(&self.adapter);
                Invocation::Blocking(Box::new(move || match adapter(inputs) {
                    Ok(returned) => returned.into_invocation(),
                    Err(err) => Invocation::Rejected(err),
                }))
            }
            ReturnKind::Future | ReturnKind::Stream => (self.adapter)(inputs)?.into_invocation(),
        })
    }
    fn kind(&self) -> ReturnKind {
        R::KIND
    }
}

pub(crate) fn erase_adapter<F, R, O, M>(adapter: F) -> Arc<dyn ErasedHandler>
where
    F: Fn(RawInputs) -> Result<R, InputError> + Send + Sync + 'static,
    R: Returns<O, M>,
    O: 'static,
    M: 'static,
{
    Arc::new(Adapted::<F, R, O, M> {
        adapter: Arc::new(adapter),
        _types: PhantomData,
    })
}

macro_rules! fn_handler {
    ($(($a:ident $unused:ident $k:ident $i:tt)),*) => {
        #[allow(non_snake_case)]
        impl<F, I, R, O, M, $($a, $k,)*> Handler<I, O, (R, M, ($($a,)*), ($($k,)*))> for F
        where
            F: Fn($($a),*) -> R + Send + Sync + 'static,
            I: InputList<($($a,)*), ($($k,)*)>,
            $($k: 'static,)*
            R: Returns<O, M>,
            M: 'static,
            $($a: Send + 'static,)*
        {
            type Returned = R;
            type Marker = M;

            fn input_sources(inputs: &I) -> Vec<InputSource> {
                inputs.sources()
            }

            fn input_exclusive() -> Vec<bool> {
                I::exclusive()
            }

            fn input_optional() -> Vec<bool> {
                I::optional()
            }

            fn call(&self, inputs: &mut RawInputs) -> Result<R, InputError> {
                let ($($a,)*) = I::extract(inputs)?;
                Ok(self($($a),*))
            }
        }
    };
}
crate::event::tuples::all_the_tuples!(fn_handler);
