//! An event's claim on its session's states: every state the dependency and the `.change`
//! listeners it may set off touch, locked once for the whole event (in id order, so events of
//! one session that share a state run one after the other and never deadlock), loaded from the
//! session store once and saved once at the end. A listener so sees exactly what its trigger
//! wrote, and with a shared store an event is two round trips however many listeners it runs.

use std::collections::BTreeMap;
use std::time::Duration;

use tokio::sync::OwnedMutexGuard;

use super::stored::{self, Held};
use super::EventError;
use crate::app::AppDef;
use crate::component::{ComponentId, Role};
use crate::session::{Session, StateEntry};

/// The states an event holds until it ends.
pub(super) struct Claim {
    entries: BTreeMap<ComponentId, StateEntry>,
    /// The local order locks, in id order.
    _guards: Vec<OwnedMutexGuard<()>>,
    /// The claimed states a session store keeps.
    stored: Vec<ComponentId>,
    held: Held,
}

impl Claim {
    /// Locks `states` (sorted) in this process, then in the session store (if the app has
    /// one), and loads their stored values.
    pub(super) async fn take(
        def: &AppDef,
        session: &Session,
        states: &[ComponentId],
    ) -> Result<Claim, EventError> {
        let mut entries = BTreeMap::new();
        let mut guards = Vec::with_capacity(states.len());
        for state in states {
            if let Some(Role::State(factory)) = def.component(*state).map(|r| &r.spec.role) {
                let entry = session.state(*state, factory);
                guards.push(std::sync::Arc::clone(&entry.order).lock_owned().await);
                entries.insert(*state, entry);
            }
        }
        let stored = stored::stored_states(def, states);
        let held = stored::load(def, session, &entries, &stored).await?;
        Ok(Claim {
            entries,
            _guards: guards,
            stored,
            held,
        })
    }

    /// The claimed states' slots.
    pub(super) fn entries(&self) -> &BTreeMap<ComponentId, StateEntry> {
        &self.entries
    }

    /// Saves the stored states (whatever the event's outcome: what a handler changed in place
    /// through `StateMut` before failing stays in this process, as in Gradio, whose handlers
    /// change state objects in place, so the store keeps it too and every replica agrees),
    /// then unlocks.
    pub(super) async fn end(
        self,
        def: &AppDef,
        session: &Session,
        ttl: Duration,
    ) -> Result<(), EventError> {
        let Claim {
            entries,
            _guards,
            stored,
            held,
        } = self;
        stored::save(def, session, &entries, &stored, ttl, held).await
    }
}
