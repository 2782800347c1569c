//! Stored states: with a session store, an event locks and loads the values of the stored
//! states it touches before its handler runs, and saves them and unlocks after (see
//! [`crate::session::SessionStore`]). Without one, nothing here runs.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use crate::app::{App, AppDef};
use crate::component::state::StateCodec;
use crate::component::{ComponentId, Role};
use crate::engine::EventError;
use crate::session::{Lease, Session, SessionId, SessionStore, StateEntry};

/// The longest an event holds its lock on a session's stored states in a shared store (a
/// replica that dies mid-event blocks that session's states on the others for at most this).
const HOLD: Duration = Duration::from_secs(60);

/// An event's lease on its stored states: released when the event ends without saving (an
/// error before its save, or a cancel that aborted it).
pub(super) struct Held {
    store: Option<Arc<dyn SessionStore>>,
    session: Option<SessionId>,
    lease: Option<Lease>,
}

impl Held {
    const NONE: Held = Held {
        store: None,
        session: None,
        lease: None,
    };
}

impl Drop for Held {
    fn drop(&mut self) {
        let (Some(store), Some(session), Some(lease)) =
            (self.store.take(), self.session.take(), self.lease.take())
        else {
            return;
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(err) = store.release(&session, lease).await {
                    tracing::warn!(%session, %err, "an event's lock on its states was not released; it expires by itself");
                }
            });
        }
    }
}

fn codec(def: &AppDef, id: ComponentId) -> Option<&StateCodec> {
    match &def.component(id)?.spec.role {
        Role::State(factory) => factory.codec.as_ref(),
        _ => None,
    }
}

/// The touched states a store keeps, if the app has a store.
pub(super) fn stored_states(
    def: &AppDef,
    entries: &BTreeMap<ComponentId, StateEntry>,
) -> Vec<ComponentId> {
    if def.store.is_none() {
        return Vec::new();
    }
    entries
        .keys()
        .copied()
        .filter(|id| codec(def, *id).is_some())
        .collect()
}

/// Locks `states` in the store and loads their stored values into the session's slots. A
/// value that no longer decodes (the app changed the state's type) is logged and the slot
/// keeps its value.
pub(super) async fn load(
    def: &AppDef,
    session: &Session,
    entries: &BTreeMap<ComponentId, StateEntry>,
    states: &[ComponentId],
) -> Result<Held, EventError> {
    let Some(store) = &def.store else {
        return Ok(Held::NONE);
    };
    if states.is_empty() {
        return Ok(Held::NONE);
    }
    let (values, lease) = store.acquire(session.id(), states, HOLD).await?;
    let held = Held {
        store: Some(Arc::clone(store)),
        session: Some(session.id().clone()),
        lease,
    };
    for (id, json) in values {
        if let (Some(entry), Some(codec)) = (entries.get(&id), codec(def, id)) {
            if let Err(err) = (codec.decode)(&entry.slot, json) {
                tracing::warn!(session = %session.id(), state = %id, %err, "a stored state value no longer decodes; the session keeps its current value");
            }
        }
    }
    Ok(held)
}

/// Saves the values of `states` from the session's slots and ends the event's lease.
pub(super) async fn save(
    def: &AppDef,
    session: &Session,
    entries: &BTreeMap<ComponentId, StateEntry>,
    states: &[ComponentId],
    ttl: Duration,
    mut held: Held,
) -> Result<(), EventError> {
    let Some(store) = &def.store else {
        return Ok(());
    };
    if states.is_empty() {
        return Ok(());
    }
    let values = states
        .iter()
        .filter_map(|id| {
            let json = (codec(def, *id)?.encode)(&entries.get(id)?.slot)?;
            Some((*id, json))
        })
        .collect();
    let lease = held.lease.take();
    store.commit(session.id(), values, ttl, lease).await?;
    Ok(())
}

impl App {
    /// With a store, refuses a session new to this process when the store already keeps the
    /// most sessions the app allows (`SessionSettings::max_sessions`, across replicas).
    pub(super) async fn admit(&self, session: &SessionId) -> Result<(), EventError> {
        let Some(store) = &self.def.store else {
            return Ok(());
        };
        if self.sessions.get(session).is_some() {
            return Ok(());
        }
        let max = self.sessions.settings().max_sessions;
        if store.admit(session, max).await? {
            Ok(())
        } else {
            Err(crate::session::SessionError::Full(max).into())
        }
    }

    /// Renews the expiry of a session's stored values (its page is still open).
    pub(crate) async fn touch_stored(&self, session: &SessionId) {
        if let Some(store) = &self.def.store {
            let ttl = self.sessions.settings().ttl_after_close;
            if let Err(err) = store.touch(session, ttl).await {
                tracing::warn!(%session, %err, "the session store did not renew a session's expiry");
            }
        }
    }

    /// With a session store: how many of the app's states are not stored (made with
    /// `State::new` or `State::with`), whose values stay in the process that made them, so
    /// that the app needs sticky routing when run as replicas. `None` without a store.
    pub fn unstored_states(&self) -> Option<usize> {
        self.def.store.as_ref()?;
        Some(
            self.def
                .components
                .iter()
                .filter(|record| matches!(&record.spec.role, Role::State(f) if f.codec.is_none()))
                .count(),
        )
    }
}
