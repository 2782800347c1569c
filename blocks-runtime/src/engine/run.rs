//! Running an event: open the session, run the dependency, then the `.change` listeners its
//! writes set off; `unload` listeners when a page closes.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::Arc;

use serde_json::Value;

use super::claim::Claim;
use super::request::{EventOutcome, EventRequest};
use super::step::run_dependency;
use super::EventError;
use crate::app::App;
use crate::component::ComponentId;
use crate::event::pseudo::Reporter;
use crate::session::{Session, SessionId};

/// What one dependency run produced, before listeners.
pub(super) struct Step {
    pub(super) outputs: Vec<Value>,
    pub(super) changed: BTreeSet<ComponentId>,
    pub(super) changed_states: Vec<ComponentId>,
    pub(super) html: BTreeMap<ComponentId, String>,
}

/// Where a dependency's component inputs come from.
pub(super) enum Data {
    /// Sent by the client.
    Wire(Vec<Value>),
    /// The session's last known values (for server-run listeners).
    Remembered,
}

pub(super) fn silent_reporter() -> Reporter {
    Arc::new(|_| {})
}

impl App {
    /// Runs one event for one session: the handler, then the `.change` listeners its writes set
    /// off (server-side, so API clients trigger them too; not when the client runs them itself,
    /// see [`RequestInfo::client_runs_listeners`](crate::event::RequestInfo)). Opens the session
    /// if it is new.
    pub async fn run(&self, request: EventRequest) -> Result<EventOutcome, EventError> {
        match self
            .run_gated(request, std::future::ready(Some(())))
            .await?
        {
            Some(outcome) => Ok(outcome),
            None => unreachable!("a gate that always opens skipped an event"),
        }
    }

    /// Runs one event like [`run`](App::run), through a gate: `gate` (a slot of the event's
    /// concurrency limit) is awaited before the event claims the session's states, and what
    /// it gives is held while the handler and its listeners run, and given back before the
    /// states are saved to a session store, so that the save's round trip does not count
    /// against the limit. A gate that gives `None` skips the event (`Ok(None)`): nothing runs
    /// and nothing is saved.
    pub(crate) async fn run_gated<G>(
        &self,
        request: EventRequest,
        gate: impl Future<Output = Option<G>>,
    ) -> Result<Option<EventOutcome>, EventError> {
        let one_shot = request.one_shot.then(|| request.session.clone());
        let result = self.run_in_session(request, gate).await;
        if let Some(session) = one_shot {
            self.sessions.remove(&session);
            self.forget_stored(&session).await;
        }
        result
    }

    /// Removes a freed session's values from the session store, if the app has one (a failure
    /// is logged: the store's own expiry removes them later).
    pub(crate) async fn forget_stored(&self, session: &SessionId) {
        if let Some(store) = &self.def.store {
            if let Err(err) = store.remove(session).await {
                tracing::warn!(%session, %err, "the session store did not forget a freed session");
            }
        }
    }

    async fn run_in_session<G>(
        &self,
        request: EventRequest,
        gate: impl Future<Output = Option<G>>,
    ) -> Result<Option<EventOutcome>, EventError> {
        let def = &self.def;
        if def.dependency(request.dependency).is_none() {
            return Err(EventError::UnknownDependency(request.dependency.0));
        }
        let new_here = def.store.is_some() && self.sessions.get(&request.session).is_none();
        let session = self.sessions.open(&request.session)?;
        session.touch(self.sessions.clock().now());
        let reporter = request.reporter.clone().unwrap_or_else(silent_reporter);
        let listeners = !request.info.client_runs_listeners;
        let touched = def.states_of(request.dependency);
        let states = if listeners {
            &touched.with_listeners
        } else {
            &touched.own
        };
        // A session new to this process is admitted under the cap across replicas, and its
        // states locked for the event, while the event waits at its gate.
        let (admitted, pass) = if new_here {
            tokio::join!(self.admit(&session, states), gate)
        } else {
            (Ok(()), gate.await)
        };
        if let Err(refused) = admitted {
            drop(pass);
            self.sessions.remove(&request.session);
            return Err(refused);
        }
        let Some(pass) = pass else {
            return Ok(None);
        };
        // The states are claimed within the gate (a lock kept by the session's last event
        // here makes that free), and saved after it.
        let claim = Claim::take(def, &session, states).await?;
        let ran = self
            .run_claimed(&session, &claim, request, &reporter, listeners)
            .await;
        drop(pass);
        claim
            .end(def, &session, self.sessions.settings().ttl_after_close)
            .await?;
        let outcome = ran?;
        session.touch(self.sessions.clock().now());
        Ok(Some(outcome))
    }

    /// The dependency, then (with `listeners`) the `.change` listeners it sets off, on the
    /// states `claim` holds.
    async fn run_claimed(
        &self,
        session: &Arc<Session>,
        claim: &Claim,
        request: EventRequest,
        reporter: &Reporter,
        listeners: bool,
    ) -> Result<EventOutcome, EventError> {
        let step = run_dependency(
            &self.def,
            session,
            request.dependency,
            Data::Wire(request.data),
            &request.info,
            reporter,
            claim.entries(),
        )
        .await?;
        let mut outcome = EventOutcome {
            outputs: step.outputs,
            changed_state_ids: step.changed_states,
            html: step.html,
            ..EventOutcome::default()
        };
        if listeners {
            self.cascade(
                session,
                claim,
                step.changed,
                &request.info,
                reporter,
                &mut outcome,
            )
            .await?;
        }
        Ok(outcome)
    }

    /// Runs the `unload` listeners for a session whose page closed.
    pub(crate) async fn run_unload(
        &self,
        session: &SessionId,
    ) -> Vec<Result<EventOutcome, EventError>> {
        let mut results = Vec::new();
        for dep in self.unload_dependencies() {
            // No page sends values: its states are read from the session, anything else
            // reaches the handler empty, as a page component the page left empty.
            let inputs = self
                .def
                .dependency(dep)
                .map_or(0, |d| d.wire_inputs().count());
            let request = EventRequest::new(session.clone(), dep, vec![Value::Null; inputs]);
            results.push(self.run(request).await);
        }
        results
    }
}
