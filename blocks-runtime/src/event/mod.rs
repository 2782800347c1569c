//! Events: triggers, handler traits and their erasure, inputs, outputs and pseudo-inputs (the
//! engine that runs them is [`crate::engine`]).

pub(crate) mod handler;
pub(crate) mod input;
pub(crate) mod offload;
mod options;
pub(crate) mod output;
pub(crate) mod pseudo;
mod signature;
mod tuples;

pub use crate::component::codec::OutputWrite;
pub use crate::component::events::{
    Clickable, EventName, HasBlur, HasChange, HasFocus, HasInput, Releasable, Selectable,
    Submittable, Tickable, Trigger, Triggers, Uploadable,
};
pub(crate) use crate::component::state::StateHasher;
pub use crate::component::InputError;
pub(crate) use handler::ErasedHandler;
pub use handler::{Handler, HandlerError, ReturnKind, Returns};
pub use input::{Input, InputList, InputSource};
pub(crate) use input::{InputContext, RawInputs};
pub use options::{ApiVisibility, EventOptions, ShowProgress, TriggerMode};
pub use output::{skip, IntoOutputs, Outputs};
pub use pseudo::{
    LogLevel, Notice, Progress, ProgressInput, ProgressUpdate, Reporter, Request, RequestInfo,
    RequestInput, SelectData, SelectIndex, SelectInput,
};
#[doc(hidden)]
pub use signature::enclosing_path;
pub use signature::HandlerSignature;
