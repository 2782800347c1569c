//! One session: its state slots, the values and hashes change detection needs, its lifecycle.

use std::sync::Arc;
use std::time::Instant;

use parking_lot::Mutex;

use crate::component::state::{AnySlot, StateSlotFactory};
use crate::component::ComponentId;
use crate::session::SessionId;

/// A state's slot in one session, with the lock that orders the events touching it.
#[derive(Clone)]
pub(crate) struct StateEntry {
    pub(crate) slot: AnySlot,
    pub(crate) order: Arc<tokio::sync::Mutex<()>>,
}

/// One browser tab or API client: its own state values, kept on the server.
///
/// Small maps are kept as vectors: an app has few states, and an idle session should cost
/// little memory.
pub struct Session {
    id: SessionId,
    inner: Mutex<Inner>,
}

struct Inner {
    states: Vec<(ComponentId, StateEntry)>,
    values: Vec<(ComponentId, serde_json::Value)>,
    hashes: Vec<(ComponentId, u64)>,
    connections: u32,
    last_seen: Instant,
    kept: super::kept::Kept,
}

fn find<T>(list: &[(ComponentId, T)], id: ComponentId) -> Option<&T> {
    list.iter().find(|(k, _)| *k == id).map(|(_, v)| v)
}

fn upsert<T>(list: &mut Vec<(ComponentId, T)>, id: ComponentId, value: T) {
    match list.iter_mut().find(|(k, _)| *k == id) {
        Some(entry) => entry.1 = value,
        None => list.push((id, value)),
    }
}

impl Session {
    pub(crate) fn new(id: SessionId, now: Instant) -> Self {
        Session {
            id,
            inner: Mutex::new(Inner {
                states: Vec::new(),
                values: Vec::new(),
                hashes: Vec::new(),
                connections: 0,
                last_seen: now,
                kept: super::kept::Kept::default(),
            }),
        }
    }

    /// The session's id.
    pub fn id(&self) -> &SessionId {
        &self.id
    }

    /// Whether a page or client holds the session open (a live heartbeat).
    pub fn is_connected(&self) -> bool {
        self.inner.lock().connections > 0
    }

    /// When the session was last used or closed.
    pub fn last_seen(&self) -> Instant {
        self.inner.lock().last_seen
    }

    /// The state's slot, made from its default on first use.
    pub(crate) fn state(&self, id: ComponentId, factory: &StateSlotFactory) -> StateEntry {
        let mut inner = self.inner.lock();
        if let Some(entry) = find(&inner.states, id) {
            return entry.clone();
        }
        // Made under the session lock: the factory is the user's constructor, expected to be
        // quick; a slow one delays only this session.
        let entry = StateEntry {
            slot: (factory.make)(),
            order: Arc::new(tokio::sync::Mutex::new(())),
        };
        inner.states.push((id, entry.clone()));
        entry
    }

    /// The state's slot if this session has used the state.
    pub(crate) fn existing_state(&self, id: ComponentId) -> Option<AnySlot> {
        find(&self.inner.lock().states, id).map(|e| e.slot.clone())
    }

    pub(crate) fn remember(&self, id: ComponentId, value: serde_json::Value) {
        upsert(&mut self.inner.lock().values, id, value);
    }

    pub(crate) fn remembered(&self, id: ComponentId) -> Option<serde_json::Value> {
        find(&self.inner.lock().values, id).cloned()
    }

    /// Records the hash of a component's value; returns whether it differs from the last one
    /// (or from `initial` when there is none yet).
    pub(crate) fn update_hash(&self, id: ComponentId, hash: u64, initial: u64) -> bool {
        let mut inner = self.inner.lock();
        let previous = find(&inner.hashes, id).copied().unwrap_or(initial);
        upsert(&mut inner.hashes, id, hash);
        previous != hash
    }

    pub(crate) fn touch(&self, now: Instant) {
        let mut inner = self.inner.lock();
        if now > inner.last_seen {
            inner.last_seen = now;
        }
    }

    pub(crate) fn connect(&self, now: Instant) {
        let mut inner = self.inner.lock();
        inner.connections += 1;
        inner.last_seen = now;
    }

    /// Returns whether this was the last connection (the session is now closed).
    pub(crate) fn disconnect(&self, now: Instant) -> bool {
        let mut inner = self.inner.lock();
        inner.connections = inner.connections.saturating_sub(1);
        inner.last_seen = now;
        inner.connections == 0
    }

    /// The leases on its stored states the session's last events kept (see `kept`).
    pub(crate) fn with_kept<T>(&self, f: impl FnOnce(&mut super::kept::Kept) -> T) -> T {
        f(&mut self.inner.lock().kept)
    }

    /// Closed (no connection) and unused for at least `ttl`.
    pub(crate) fn expired(&self, now: Instant, ttl: std::time::Duration) -> bool {
        let inner = self.inner.lock();
        inner.connections == 0 && now.saturating_duration_since(inner.last_seen) >= ttl
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("id", &self.id).finish()
    }
}
