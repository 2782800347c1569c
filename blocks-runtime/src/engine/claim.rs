//! An event's claim on its session's states: every state the dependency and the `.change`
//! listeners it may set off touch, locked once for the whole event (in id order, so events of
//! one session that share a state run one after the other and never deadlock), loaded from the
//! session store once and saved once at the end. A listener so sees exactly what its trigger
//! wrote, and with a shared store an event is two round trips however many listeners it runs.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use tokio::sync::OwnedMutexGuard;

use super::stored::{self, Held};
use super::EventError;
use crate::app::{AppDef, Dependency, DependencyId};
use crate::component::{ComponentId, Role};
use crate::session::{Session, StateEntry};

fn is_state(def: &AppDef, id: ComponentId) -> bool {
    def.component(id)
        .is_some_and(|r| matches!(r.spec.role, Role::State(_)))
}

/// The states one dependency reads or writes, sorted.
pub(super) fn dependency_states(def: &AppDef, dep: &Dependency) -> Vec<ComponentId> {
    let mut states: Vec<ComponentId> = dep
        .wire_inputs()
        .chain(dep.outputs.iter().copied())
        .filter(|c| is_state(def, *c))
        .collect();
    states.sort_unstable();
    states.dedup();
    states
}

/// The states an event of `id` may touch: its own, and with `listeners` those of every
/// `.change` listener its writes can reach (a dependency changes its outputs, and the states
/// it reads, in place).
pub(super) fn event_states(def: &AppDef, id: DependencyId, listeners: bool) -> Vec<ComponentId> {
    let Some(dep) = def.dependency(id) else {
        return Vec::new();
    };
    let mut states: BTreeSet<ComponentId> = dependency_states(def, dep).into_iter().collect();
    if !listeners || def.change_listeners.is_empty() {
        return states.into_iter().collect();
    }
    let changes = |dep: &Dependency| -> Vec<ComponentId> {
        dep.outputs
            .iter()
            .copied()
            .chain(dep.wire_inputs().filter(|c| is_state(def, *c)))
            .collect()
    };
    let mut seen: BTreeSet<DependencyId> = BTreeSet::from([id]);
    let mut frontier = changes(dep);
    while let Some(component) = frontier.pop() {
        for listener in def.change_listeners.get(&component).into_iter().flatten() {
            if !seen.insert(*listener) {
                continue;
            }
            if let Some(dep) = def.dependency(*listener) {
                states.extend(dependency_states(def, dep));
                frontier.extend(changes(dep));
            }
        }
    }
    states.into_iter().collect()
}

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
        let stored = stored::stored_states(def, &entries);
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
