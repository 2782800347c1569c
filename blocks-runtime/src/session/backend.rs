//! The session-store seam: where sessions' serialisable state values live beyond this
//! process, so that several replicas of an app can serve one session.
//!
//! By default there is no store: every value lives in this process's session table
//! ([`Sessions`](crate::session::Sessions)), and events make no store calls at all. With a
//! [`SessionStore`] (set by [`Blocks::session_store`](crate::app::Blocks::session_store)), an
//! event loads the values of the states it touches before its handler runs and saves them
//! after, for every state made with [`State::stored`](crate::component::State::stored).
//! States made with `State::new` or `State::with` (locks, handles, anything not serialisable)
//! stay in the process that made them, and the app says so when it is built.
//!
//! A store for a shared database is one module: implement the three methods. [`MemoryStore`]
//! is the reference implementation (and what tests use to stand in for a shared store).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use serde_json::Value;

use crate::component::ComponentId;
use crate::session::{SessionId, SessionSettings};

/// What a store call returns.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Why a store call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The store could not be reached or refused the call.
    #[error("the session store is unavailable: {0}")]
    Unavailable(String),
    /// Another replica held the session's states for longer than the store waits.
    #[error("the session's states stayed locked by another event for {0:?}; try again")]
    Busy(Duration),
    /// The event's lock on the session's states ran out before its values were saved (the
    /// event ran longer than the lock is held), so they were not saved over newer ones.
    #[error("the event ran past its lock on the session's states; its changes were not saved")]
    LeaseLost,
}

/// What [`SessionStore::acquire`] returns: the stored values, and the lease if the store took
/// one.
pub type Acquired = (Vec<(ComponentId, Value)>, Option<Lease>);

/// What [`SessionStore::admit_holding`] answers for a session new to this process.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Admission {
    /// The app holds its most sessions: the session may not open.
    Refused,
    /// The session may open; its states were not locked (another replica holds them, or the
    /// store takes no locks).
    Admitted,
    /// The session may open, and its states are locked for this replica: their stored values,
    /// and the lease.
    Holding(Vec<(ComponentId, Value)>, Lease),
}

/// An event's hold on some states of one session in a store shared by replicas (see
/// [`SessionStore::acquire`]): the store's token and the states it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// The token the store wrote into the locks.
    pub token: String,
    /// The states locked.
    pub states: Vec<ComponentId>,
}

/// Where the values of serialisable session states are kept beyond this process.
///
/// Values are JSON, keyed by session and by the state's component id. The store expires a
/// session's values `ttl` after the last save (the app's time to keep a closed session), and
/// forgets a one-shot session's (an API call without `session_hash`) when its event is over. A
/// session one replica frees may live on in another, so freeing it does not remove its values.
///
/// ```
/// use std::sync::Arc;
/// use blocks_runtime::prelude::*;
/// use blocks_runtime::session::MemoryStore;
///
/// let store = Arc::new(MemoryStore::new());
/// let mut app = Blocks::new();
/// app.session_store(store.clone());
/// let visits = app.add(State::stored(0_u32));
/// # let _ = visits;
/// ```
pub trait SessionStore: Send + Sync + 'static {
    /// The stored values among `states` of one session (absent ones are left out).
    fn load<'a>(
        &'a self,
        session: &'a SessionId,
        states: &'a [ComponentId],
    ) -> StoreFuture<'a, Vec<(ComponentId, Value)>>;

    /// Stores values of one session, to expire `ttl` after this save.
    fn save<'a>(
        &'a self,
        session: &'a SessionId,
        values: Vec<(ComponentId, Value)>,
        ttl: Duration,
    ) -> StoreFuture<'a, ()>;

    /// Forgets a session's values.
    fn remove<'a>(&'a self, session: &'a SessionId) -> StoreFuture<'a, ()>;

    /// How many sessions have values stored (expired ones not counted): across every replica
    /// that shares the store, where [`Sessions::len`](crate::session::Sessions::len) counts one
    /// process's.
    fn count(&self) -> StoreFuture<'_, usize>;

    /// Locks `states` of one session for one event and loads their values, in one call where
    /// the store can: events of one session that touch a state run one after the other across
    /// every replica sharing the store. The lock lasts at most `hold`.
    ///
    /// The default takes no lock (`None`): a store used by one process needs none, as the
    /// process's session table orders the events.
    fn acquire<'a>(
        &'a self,
        session: &'a SessionId,
        states: &'a [ComponentId],
        hold: Duration,
    ) -> StoreFuture<'a, Acquired> {
        let _ = hold;
        Box::pin(async move { Ok((self.load(session, states).await?, None)) })
    }

    /// Saves values like [`save`](SessionStore::save) and ends the event's lease in the same
    /// call; fails with [`StoreError::LeaseLost`] (saving nothing) when the lease ran out.
    fn commit<'a>(
        &'a self,
        session: &'a SessionId,
        values: Vec<(ComponentId, Value)>,
        ttl: Duration,
        lease: Option<Lease>,
    ) -> StoreFuture<'a, ()> {
        let _ = lease;
        self.save(session, values, ttl)
    }

    /// Saves values like [`commit`](SessionStore::commit) but keeps the lease for `keep`
    /// more, for the session's next event on this replica to use (see
    /// [`extend`](SessionStore::extend)): the lease back if the store kept it, `None` if it
    /// ended it. The default ends it.
    fn keep<'a>(
        &'a self,
        session: &'a SessionId,
        values: Vec<(ComponentId, Value)>,
        ttl: Duration,
        lease: Lease,
        keep: Duration,
    ) -> StoreFuture<'a, Option<Lease>> {
        let _ = keep;
        Box::pin(async move {
            self.commit(session, values, ttl, Some(lease)).await?;
            Ok(None)
        })
    }

    /// Makes a kept lease last `hold` from now (an event using it runs long); fails with
    /// [`StoreError::LeaseLost`] when it already ran out. The default does nothing.
    fn extend<'a>(
        &'a self,
        session: &'a SessionId,
        lease: &'a Lease,
        hold: Duration,
    ) -> StoreFuture<'a, ()> {
        let _ = (session, lease, hold);
        Box::pin(std::future::ready(Ok(())))
    }

    /// Whether a session new to this process may open under the app's
    /// [`SessionSettings::max_sessions`]: always for one the store already keeps, else only
    /// while fewer are kept (the store may make room by evicting sessions unused for long, as
    /// the session table evicts closed ones), so the cap holds across every replica sharing
    /// the store. Values live `settings.ttl_after_close` after their last save. The default
    /// admits all.
    fn admit<'a>(
        &'a self,
        session: &'a SessionId,
        settings: &'a SessionSettings,
    ) -> StoreFuture<'a, bool> {
        let _ = (session, settings);
        Box::pin(std::future::ready(Ok(true)))
    }

    /// Admits a session new to this process like [`admit`](SessionStore::admit) and, in the
    /// same call where the store can, locks `states` for `keep` and loads their values if no
    /// other replica holds them: the session's first event here then starts with its states
    /// held, as though an earlier event here had kept its lease (see
    /// [`keep`](SessionStore::keep)). The default admits without locking.
    fn admit_holding<'a>(
        &'a self,
        session: &'a SessionId,
        settings: &'a SessionSettings,
        states: &'a [ComponentId],
        keep: Duration,
    ) -> StoreFuture<'a, Admission> {
        let _ = (states, keep);
        Box::pin(async move {
            Ok(if self.admit(session, settings).await? {
                Admission::Admitted
            } else {
                Admission::Refused
            })
        })
    }

    /// Renews the expiry of a session's values: a session held open by its page (heartbeat)
    /// keeps them however long it goes without an event. The default does nothing.
    fn touch<'a>(&'a self, session: &'a SessionId, ttl: Duration) -> StoreFuture<'a, ()> {
        let _ = (session, ttl);
        Box::pin(std::future::ready(Ok(())))
    }

    /// The Redis store behind this one, if it is one: the server then routes the messages of
    /// events through the same Redis, so that any replica serves any request.
    #[cfg(feature = "redis")]
    #[doc(hidden)]
    fn redis(&self) -> Option<&crate::session::RedisStore> {
        None
    }

    /// Ends a lease without saving (an event that failed before its values were read).
    fn release<'a>(&'a self, session: &'a SessionId, lease: Lease) -> StoreFuture<'a, ()> {
        let _ = (session, lease);
        Box::pin(std::future::ready(Ok(())))
    }
}

type Stored = (Instant, HashMap<ComponentId, Value>);

/// `ttl` from `now`, or about a century for a TTL past what `Instant` holds.
fn expiry(now: Instant, ttl: Duration) -> Instant {
    now.checked_add(ttl)
        .or_else(|| now.checked_add(Duration::from_secs(100 * 365 * 24 * 3600)))
        .unwrap_or(now)
}

/// A [`SessionStore`] in this process's memory: the reference implementation of the seam.
#[derive(Debug, Default)]
pub struct MemoryStore {
    sessions: Mutex<HashMap<SessionId, Stored>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many sessions have values stored (expired ones not counted).
    pub fn len(&self) -> usize {
        let now = Instant::now();
        self.sessions
            .lock()
            .values()
            .filter(|(expires, _)| *expires > now)
            .count()
    }

    /// Whether no session has values stored.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl SessionStore for MemoryStore {
    fn load<'a>(
        &'a self,
        session: &'a SessionId,
        states: &'a [ComponentId],
    ) -> StoreFuture<'a, Vec<(ComponentId, Value)>> {
        let now = Instant::now();
        let mut sessions = self.sessions.lock();
        let values = match sessions.get(session) {
            Some((expires, _)) if *expires <= now => {
                sessions.remove(session);
                Vec::new()
            }
            Some((_, values)) => states
                .iter()
                .filter_map(|id| values.get(id).map(|v| (*id, v.clone())))
                .collect(),
            None => Vec::new(),
        };
        Box::pin(std::future::ready(Ok(values)))
    }

    fn save<'a>(
        &'a self,
        session: &'a SessionId,
        values: Vec<(ComponentId, Value)>,
        ttl: Duration,
    ) -> StoreFuture<'a, ()> {
        let expires = expiry(Instant::now(), ttl);
        let mut sessions = self.sessions.lock();
        let entry = sessions
            .entry(session.clone())
            .or_insert_with(|| (expires, HashMap::new()));
        entry.0 = expires;
        entry.1.extend(values);
        Box::pin(std::future::ready(Ok(())))
    }

    fn remove<'a>(&'a self, session: &'a SessionId) -> StoreFuture<'a, ()> {
        self.sessions.lock().remove(session);
        Box::pin(std::future::ready(Ok(())))
    }

    fn count(&self) -> StoreFuture<'_, usize> {
        Box::pin(std::future::ready(Ok(self.len())))
    }

    fn touch<'a>(&'a self, session: &'a SessionId, ttl: Duration) -> StoreFuture<'a, ()> {
        let now = Instant::now();
        if let Some((expires, _)) = self.sessions.lock().get_mut(session) {
            if *expires > now {
                *expires = expiry(now, ttl);
            }
        }
        Box::pin(std::future::ready(Ok(())))
    }

    fn admit<'a>(
        &'a self,
        session: &'a SessionId,
        settings: &'a SessionSettings,
    ) -> StoreFuture<'a, bool> {
        let (now, max) = (Instant::now(), settings.max_sessions);
        let kept = self
            .sessions
            .lock()
            .get(session)
            .is_some_and(|(expires, _)| *expires > now);
        Box::pin(std::future::ready(Ok(kept || self.len() < max)))
    }
}
