//! The chat function's handler: the user's `fn(message, history, …) -> reply` runs as any
//! handler does (plain, fallible, async or streaming), and each reply it produces is written
//! twice: as the reply itself, and as the history with the message and the reply appended.

use std::marker::PhantomData;
use std::sync::Arc;

use futures_util::{FutureExt, StreamExt};
use serde_json::Value;

use crate::component::state::peek_value;
use crate::component::{ChatMessage, Handle, Textbox};
use crate::event::handler::{HandlerResult, Invocation};
use crate::event::input::InputValue;
use crate::event::{
    ErasedHandler, Handler, InputError, OutputWrite, RawInputs, ReturnKind, Returns,
};
use crate::high_level::lists::History;

/// The user's chat function, erased; `to_state` says whether the history goes to a `State`
/// (the API's endpoint) or to the Chatbot (the page).
pub(crate) struct ChatAdapter<F, I, M> {
    pub(crate) handler: Arc<F>,
    pub(crate) to_state: bool,
    pub(crate) types: PhantomData<fn() -> (I, M)>,
}

/// One turn: the message and the history it was sent with.
#[derive(Clone)]
struct Turn {
    message: String,
    history: History,
    to_state: bool,
}

fn peek<T>(inputs: &RawInputs, n: usize) -> Option<T>
where
    T: Clone + serde::de::DeserializeOwned + Send + Sync + 'static,
{
    match inputs.peek(n)? {
        InputValue::Component(input) => peek_value(input),
        _ => None,
    }
}

impl Turn {
    /// The reply's write, then the history with the turn appended.
    fn write(&self, result: HandlerResult) -> HandlerResult {
        let writes = result?;
        let reply = match writes.into_iter().next() {
            Some(OutputWrite::Value(json)) => json,
            Some(OutputWrite::Update(props)) => props.get("value").cloned().unwrap_or(Value::Null),
            _ => Value::Null,
        };
        let mut history = self.history.clone();
        history.push(ChatMessage::user(self.message.clone()));
        match &reply {
            Value::Null => {}
            Value::String(text) => history.push(ChatMessage::assistant(text.clone())),
            other => history.push(ChatMessage::assistant(other.to_string())),
        }
        let history = if self.to_state {
            OutputWrite::State(Box::new(history))
        } else {
            match serde_json::to_value(&history) {
                Ok(json) => OutputWrite::Value(json),
                Err(err) => OutputWrite::Invalid(err.to_string()),
            }
        };
        Ok(vec![OutputWrite::Value(reply), history])
    }

    fn map(self, invocation: Invocation) -> Invocation {
        match invocation {
            Invocation::Ready(result) => Invocation::Ready(self.write(result)),
            Invocation::Future(future) => {
                Invocation::Future(future.map(move |r| self.write(r)).boxed())
            }
            Invocation::Stream(stream) => {
                Invocation::Stream(stream.map(move |r| self.write(r)).boxed())
            }
            Invocation::Iter(items) => {
                Invocation::Iter(Box::new(items.map(move |r| self.write(r))))
            }
            Invocation::Blocking(run) => Invocation::Blocking(Box::new(move || self.map(run()))),
            Invocation::Rejected(err) => Invocation::Rejected(err),
        }
    }
}

impl<F, I, M> ErasedHandler for ChatAdapter<F, I, M>
where
    F: Handler<I, Handle<Textbox>, M>,
    I: 'static,
    M: 'static,
{
    fn invoke(&self, mut inputs: RawInputs) -> Result<Invocation, InputError> {
        let turn = Turn {
            message: peek(&inputs, 0).unwrap_or_default(),
            history: peek(&inputs, 1).unwrap_or_default(),
            to_state: self.to_state,
        };
        Ok(match self.kind() {
            ReturnKind::Value | ReturnKind::Iterator => {
                let handler = Arc::clone(&self.handler);
                Invocation::Blocking(Box::new(move || match handler.call(&mut inputs) {
                    Ok(returned) => turn.map(returned.into_invocation()),
                    Err(err) => Invocation::Rejected(err),
                }))
            }
            _ => turn.map(self.handler.call(&mut inputs)?.into_invocation()),
        })
    }

    fn kind(&self) -> ReturnKind {
        <F::Returned as Returns<Handle<Textbox>, F::Marker>>::KIND
    }
}
