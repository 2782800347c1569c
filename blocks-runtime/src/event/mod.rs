//! Events: triggers, handler traits and their erasure, inputs, outputs and the dispatcher.

mod dispatch;
pub(crate) mod handler;
mod input;
mod options;
mod output;
mod pseudo;
mod trigger;

pub use dispatch::{EventError, EventOutcome, EventRequest, MAX_CHANGE_ROUNDS};
pub use handler::{Handler, HandlerError, ReturnKind, Returns};
#[doc(hidden)]
pub use handler::{Async, Fallible, Iterating, Plain, ReturnsValue, Streaming};
pub(crate) use handler::ErasedHandler;
#[doc(hidden)]
pub use handler::{HandlerResult, Invocation};
pub use input::{Input, InputError, InputList, InputSource, InputValue};
pub use options::{ApiVisibility, EventOptions, ShowProgress, TriggerMode};
pub use output::{IntoOutputs, OutputWrite, Outputs};
pub use pseudo::{
    LogLevel, Notice, ProgressInput, Progress, ProgressUpdate, Request, RequestInfo,
    RequestInput, Reporter,
};
pub use trigger::{EventName, Trigger, Triggers};
pub(crate) use trigger::StateHasher;
