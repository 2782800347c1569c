//! Events: triggers, handler traits and their erasure, inputs, outputs and the dispatcher.

mod dispatch;
pub(crate) mod handler;
mod input;
pub mod offload;
mod options;
mod output;
mod pseudo;
mod trigger;

pub use dispatch::{EventError, EventOutcome, EventRequest, MAX_CHANGE_ROUNDS};
pub(crate) use handler::ErasedHandler;
#[doc(hidden)]
pub use handler::{Async, Fallible, Iterating, Plain, ReturnsValue, Streaming};
pub use handler::{Handler, HandlerError, ReturnKind, Returns};
#[doc(hidden)]
pub use handler::{HandlerResult, Invocation};
pub use input::{Input, InputError, InputList, InputSource, InputValue};
#[doc(hidden)]
pub use input::{InputContext, RawInputs};
pub use options::{ApiVisibility, EventOptions, ShowProgress, TriggerMode};
pub use output::{IntoOutputs, OutputWrite, Outputs};
pub use pseudo::{
    LogLevel, Notice, Progress, ProgressInput, ProgressUpdate, Reporter, Request, RequestInfo,
    RequestInput,
};
pub(crate) use trigger::StateHasher;
pub use trigger::{
    Clickable, EventName, HasBlur, HasChange, HasFocus, HasInput, Selectable, Submittable,
    Tickable, Trigger, Triggers,
};
