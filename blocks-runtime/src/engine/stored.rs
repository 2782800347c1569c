//! Stored states: with a session store, an event locks and loads the values of the stored
//! states it touches before its handler runs, and saves them and unlocks after (see
//! [`crate::session::SessionStore`]). Without one, nothing here runs.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::app::{App, AppDef};
use crate::component::state::StateCodec;
use crate::component::{ComponentId, Role};
use crate::engine::EventError;
use crate::session::{Admission, Lease, Session, SessionId, SessionStore, StateEntry};

/// The longest an event holds its lock on a session's stored states in a shared store (a
/// replica that dies mid-event blocks that session's states on the others for at most this).
const HOLD: Duration = Duration::from_secs(60);
/// How long a saved event keeps its lock for the session's next event on this replica (a
/// replica that dies blocks the session's states on the others for at most this).
const KEEP: Duration = Duration::from_secs(5);
/// How long before a kept lock runs out this replica stops using it: the event that takes it
/// makes it last `HOLD` if it runs longer than `EXTEND_AFTER`, well before then.
const KEEP_MARGIN: Duration = Duration::from_secs(2);
const EXTEND_AFTER: Duration = Duration::from_millis(500);

/// An event's lease on its stored states: released when the event ends without saving (an
/// error before its save, or a cancel that aborted it).
pub(super) struct Held {
    store: Option<Arc<dyn SessionStore>>,
    session: Option<SessionId>,
    lease: Option<Lease>,
    /// Makes a kept lease last `HOLD` if the event runs long.
    extender: Option<tokio::task::AbortHandle>,
}

impl Held {
    const NONE: Held = Held {
        store: None,
        session: None,
        lease: None,
        extender: None,
    };
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(extender) = self.extender.take() {
            extender.abort();
        }
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

/// Those of `states` a store keeps, in their order, if the app has a store.
pub(super) fn stored_states(def: &AppDef, states: &[ComponentId]) -> Vec<ComponentId> {
    if def.store.is_none() {
        return Vec::new();
    }
    states
        .iter()
        .copied()
        .filter(|id| codec(def, *id).is_some())
        .collect()
}

/// Locks `states` in the store and loads their stored values into the session's slots (see
/// `decode_into`).
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
    let taken = session.with_kept(|kept| kept.take(states, Instant::now()));
    for lease in taken.give_up {
        // Given up before acquiring: a lease this replica kept would block the acquire.
        if let Err(err) = store.release(session.id(), lease).await {
            tracing::warn!(session = %session.id(), %err, "a kept lock on a session's states was not given up; it expires by itself");
        }
    }
    if let Some(lease) = taken.lease {
        // This replica held the states since its last save: its values are the newest.
        let extender = extend_if_long(store, session.id(), &lease);
        return Ok(Held {
            store: Some(Arc::clone(store)),
            session: Some(session.id().clone()),
            lease: Some(lease),
            extender: Some(extender),
        });
    }
    // Finding the states locked, the store names the session on its "wanted" channel, which
    // every replica hears (this one too): the holder gives its kept lease up, and both keep
    // none for the session for a while (see `App::give_up_kept`).
    let (values, lease) = store.acquire(session.id(), states, HOLD).await?;
    let held = Held {
        store: Some(Arc::clone(store)),
        session: Some(session.id().clone()),
        lease,
        extender: None,
    };
    decode_into(def, session, entries, states, values);
    Ok(held)
}

/// Puts the stored values of `states` into the session's slots; a state the store has no
/// value for gets its initial value (the store is the truth: its values expired, or the
/// session was evicted, while this process still held the session). A value that no longer
/// decodes (the app changed the state's type) is logged and the slot keeps its value.
fn decode_into(
    def: &AppDef,
    session: &Session,
    entries: &BTreeMap<ComponentId, StateEntry>,
    states: &[ComponentId],
    mut values: Vec<(ComponentId, serde_json::Value)>,
) {
    for id in states {
        let json = match values.iter().position(|(stored, _)| stored == id) {
            Some(at) => values.swap_remove(at).1,
            None => match initial_json(def, *id) {
                Some(json) => json,
                None => continue,
            },
        };
        if let (Some(entry), Some(codec)) = (entries.get(id), codec(def, *id)) {
            if let Err(err) = (codec.decode)(&entry.slot, json) {
                tracing::warn!(session = %session.id(), state = %id, %err, "a stored state value no longer decodes; the session keeps its current value");
            }
        }
    }
}

/// A stored state's initial value, as JSON.
fn initial_json(def: &AppDef, id: ComponentId) -> Option<serde_json::Value> {
    match &def.component(id)?.spec.role {
        Role::State(factory) => (factory.codec.as_ref()?.encode)(&(factory.make)()),
        _ => None,
    }
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
            let json = (codec(def, *id)?.encode)(&entries.get(id)?.slot);
            if json.is_none() {
                tracing::warn!(session = %session.id(), state = %id, "a stored state's value does not serialise to JSON (e.g. a map with non-string keys); it is not saved, and replicas start it from its initial value");
            }
            Some((*id, json?))
        })
        .collect();
    if let Some(extender) = held.extender.take() {
        extender.abort();
    }
    let lease = held.lease.take();
    let now = Instant::now();
    match lease {
        Some(lease) if !session.with_kept(|kept| kept.is_contended(now)) => {
            if let Some(kept) = store.keep(session.id(), values, ttl, lease, KEEP).await? {
                let until = now + KEEP - KEEP_MARGIN;
                // Another replica may have asked for the session while this one saved: then
                // the lease is given up at once rather than left to run out.
                let asked = session.with_kept(|k| {
                    k.put(kept, until);
                    let now = Instant::now();
                    if k.is_contended(now) {
                        k.contend(now)
                    } else {
                        Vec::new()
                    }
                });
                for lease in asked {
                    store.release(session.id(), lease).await?;
                }
            }
        }
        lease => store.commit(session.id(), values, ttl, lease).await?,
    }
    Ok(())
}

/// A task that makes a kept `lease` last `HOLD` if the event using it is still running after
/// `EXTEND_AFTER`.
fn extend_if_long(
    store: &Arc<dyn SessionStore>,
    session: &SessionId,
    lease: &Lease,
) -> tokio::task::AbortHandle {
    let (store, session, lease) = (Arc::clone(store), session.clone(), lease.clone());
    tokio::spawn(async move {
        tokio::time::sleep(EXTEND_AFTER).await;
        if let Err(err) = store.extend(&session, &lease, HOLD).await {
            tracing::warn!(%session, %err, "a long event could not extend its kept lock");
        }
    })
    .abort_handle()
}

impl App {
    /// With a store, refuses a session new to this process when the store already keeps the
    /// most sessions the app allows (`SessionSettings::max_sessions`, across replicas). In the
    /// same round trip, the stored ones among `states` (those its first event claims) are
    /// locked if no other replica holds them and their values loaded, and the lease is kept
    /// as an event's would be: the first event then claims them with no round trip of its own,
    /// while it waits for its concurrency slot.
    pub(super) async fn admit(
        &self,
        session: &Session,
        states: &[ComponentId],
    ) -> Result<(), EventError> {
        let Some(store) = &self.def.store else {
            return Ok(());
        };
        let settings = self.sessions.settings();
        let stored = stored_states(&self.def, states);
        let asked = Instant::now();
        match store
            .admit_holding(session.id(), settings, &stored, KEEP)
            .await?
        {
            Admission::Refused => {
                Err(crate::session::SessionError::Full(settings.max_sessions).into())
            }
            Admission::Admitted => Ok(()),
            Admission::Holding(values, lease) => {
                let until = asked + KEEP - KEEP_MARGIN;
                if let Some(unused) = self.keep_first(session, values, lease, until) {
                    // Admitted all the same: a lock not given up expires by itself.
                    if let Err(err) = store.release(session.id(), unused).await {
                        tracing::warn!(session = %session.id(), %err, "a new session's lock was not given up; it expires by itself");
                    }
                }
                Ok(())
            }
        }
    }

    /// Loads the values a new session's admission read and keeps its lease until `until`; or,
    /// when that time is past, an event of the session already runs here on those states, or
    /// another replica asked for the session meanwhile, hands the lease back to be given up.
    fn keep_first(
        &self,
        session: &Session,
        values: Vec<(ComponentId, serde_json::Value)>,
        lease: Lease,
        until: Instant,
    ) -> Option<Lease> {
        if until <= Instant::now() {
            return Some(lease);
        }
        let mut entries = BTreeMap::new();
        let mut guards = Vec::with_capacity(lease.states.len());
        for state in &lease.states {
            let Some(Role::State(factory)) = self.def.component(*state).map(|r| &r.spec.role)
            else {
                return Some(lease);
            };
            let entry = session.state(*state, factory);
            let Ok(guard) = Arc::clone(&entry.order).try_lock_owned() else {
                return Some(lease);
            };
            guards.push(guard);
            entries.insert(*state, entry);
        }
        session.with_kept(|kept| {
            if kept.is_contended(Instant::now()) {
                return Some(lease);
            }
            decode_into(&self.def, session, &entries, &lease.states, values);
            kept.put(lease, until);
            None
        })
    }

    /// Another replica asked for a session's states: gives up the leases this replica kept on
    /// them, and keeps none for the session for a while.
    #[cfg(feature = "redis")]
    pub(crate) fn give_up_kept(&self, session: &SessionId) {
        let (Some(store), Some(open)) = (&self.def.store, self.sessions.get(session)) else {
            return;
        };
        let leases = open.with_kept(|kept| kept.contend(Instant::now()));
        for lease in leases {
            let (store, session) = (Arc::clone(store), session.clone());
            tokio::spawn(async move {
                if let Err(err) = store.release(&session, lease).await {
                    tracing::warn!(%session, %err, "a kept lock was not given up; it expires by itself");
                }
            });
        }
    }

    /// How often an open page renews its session's stored values: a quarter of the time a
    /// closed session is kept, at most once a minute.
    pub(crate) fn renew_stored_every(&self) -> Duration {
        (self.sessions.settings().ttl_after_close / 4).min(Duration::from_secs(60))
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
