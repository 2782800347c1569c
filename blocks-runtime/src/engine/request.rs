//! What a caller asks the engine for (one event of one session) and what it gets back.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::EventError;
use crate::app::DependencyId;
use crate::component::ComponentId;
use crate::event::pseudo::{Reporter, RequestInfo};
use crate::session::SessionId;

/// How many rounds of `.change` listeners one event may set off before it is called a cycle.
pub const MAX_CHANGE_ROUNDS: usize = 16;

/// One event to run: which dependency, for which session, with which input values.
#[derive(Clone)]
pub struct EventRequest {
    /// The session.
    pub session: SessionId,
    /// The dependency (`fn_index`).
    pub dependency: DependencyId,
    /// One JSON value per component input, in order (`null` for states).
    pub data: Vec<Value>,
    /// Headers and client address.
    pub info: Arc<RequestInfo>,
    /// Where progress, alerts and streamed outputs go.
    pub reporter: Option<Reporter>,
    /// The session exists for this event only (an API call without a session id): it is
    /// dropped when the event is over, since nobody can name it again.
    pub one_shot: bool,
}

impl std::fmt::Debug for EventRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EventRequest")
            .field("session", &self.session)
            .field("dependency", &self.dependency)
            .field("data", &self.data)
            .finish()
    }
}

impl EventRequest {
    /// An event with these input values and no request details.
    pub fn new(session: SessionId, dependency: DependencyId, data: Vec<Value>) -> Self {
        EventRequest {
            session,
            dependency,
            data,
            info: Arc::new(RequestInfo::default()),
            reporter: None,
            one_shot: false,
        }
    }

    /// Marks the session as this event's alone: it is dropped when the event is over.
    pub fn one_shot(mut self, one_shot: bool) -> Self {
        self.one_shot = one_shot;
        self
    }

    /// Adds request details (headers, client address).
    pub fn with_info(mut self, info: RequestInfo) -> Self {
        self.info = Arc::new(info);
        self
    }

    /// Sends progress, alerts and streamed outputs to `reporter`.
    pub fn with_reporter(mut self, reporter: Reporter) -> Self {
        self.reporter = Some(reporter);
        self
    }
}

/// What a finished event produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventOutcome {
    /// One value per output: the value, a prop update (`{"__type__": "update", …}`), or
    /// `null` for a state.
    pub outputs: Vec<Value>,
    /// New values or prop updates from the `.change` listeners the event set off, by
    /// component (ours: `output.updates` on the wire).
    pub updates: BTreeMap<ComponentId, Value>,
    /// The states whose value changed (Gradio's `changed_state_ids`).
    pub changed_state_ids: Vec<ComponentId>,
    /// The `.change` listeners that ran, in order.
    pub listeners: Vec<DependencyId>,
    /// Listeners that failed (their errors are alerts; the event itself succeeded).
    pub listener_errors: Vec<(DependencyId, EventError)>,
    /// Sanitised HTML of the Markdown and HTML components the event wrote, for the page
    /// (ours: `output.html` on the wire; API clients ignore it).
    pub html: BTreeMap<ComponentId, String>,
}
