//! The session table: session id → live session, sharded so sessions don't contend, with a cap on
//! how many are held and expiry of closed ones.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use parking_lot::{Mutex, RwLock};

use crate::session::{Clock, Session, SessionId, SystemClock};

/// Limits of the session store.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionSettings {
    /// How long a closed (or never-connected, idle) session is kept. Default: 60 minutes.
    pub ttl_after_close: Duration,
    /// The most sessions held at once; closed ones are evicted first. Default: 10,000.
    pub max_sessions: usize,
}

/// The values `BLOCKS_SESSION_TTL_SECS` may take: at least a few of the page's presence
/// beats (an open page renews its session's stored values on them), at most a year.
const TTL_SECS: std::ops::RangeInclusive<u64> = 5..=365 * 24 * 3600;

impl SessionSettings {
    /// Sets how long a closed session is kept.
    pub fn ttl_after_close(mut self, ttl: Duration) -> Self {
        self.ttl_after_close = ttl;
        self
    }

    /// Sets the most sessions held at once.
    pub fn max_sessions(mut self, max: usize) -> Self {
        self.max_sessions = max;
        self
    }

    /// These settings with `BLOCKS_MAX_SESSIONS` and `BLOCKS_SESSION_TTL_SECS` (how long a
    /// closed session is kept, in seconds) applied, where they are set (an app that sets its
    /// [`Blocks::session_settings`](crate::app::Blocks::session_settings) is not changed by
    /// them); the message says what is wrong with a variable.
    pub fn with_env(self) -> Result<Self, String> {
        self.with_vars(
            std::env::var("BLOCKS_MAX_SESSIONS").ok().as_deref(),
            std::env::var("BLOCKS_SESSION_TTL_SECS").ok().as_deref(),
        )
    }

    fn with_vars(self, max: Option<&str>, ttl: Option<&str>) -> Result<Self, String> {
        let positive = |value: &str| value.trim().parse::<u64>().ok().filter(|n| *n > 0);
        let settings = match max {
            Some(max) => match positive(max).and_then(|n| usize::try_from(n).ok()) {
                Some(max) => self.max_sessions(max),
                None => {
                    return Err(format!(
                    "BLOCKS_MAX_SESSIONS is {max:?}; set it to a number of sessions such as 10000"
                ))
                }
            },
            None => self,
        };
        match ttl {
            Some(ttl) => match positive(ttl).filter(|secs| TTL_SECS.contains(secs)) {
                Some(secs) => Ok(settings.ttl_after_close(Duration::from_secs(secs))),
                None => Err(format!(
                    "BLOCKS_SESSION_TTL_SECS is {ttl:?}; set it to a number of seconds from {} to {} (a year), such as 3600",
                    TTL_SECS.start(),
                    TTL_SECS.end()
                )),
            },
            None => Ok(settings),
        }
    }
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings {
            ttl_after_close: Duration::from_secs(60 * 60),
            max_sessions: 10_000,
        }
    }
}

/// Why a session could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// Every slot is taken by a session with a live connection.
    #[error(
        "the server holds its maximum of {0} open sessions (SessionSettings::max_sessions); \
         try again later"
    )]
    Full(usize),
}

const SHARDS: usize = 16;

/// One shard of the store.
type Shard = RwLock<HashMap<SessionId, Arc<Session>>>;

/// The sessions this process holds: their live state values, connections and expiry. (Values
/// of [`State::stored`](crate::component::State::stored) states may also live in a
/// [`SessionStore`](crate::session::SessionStore) beyond the process.)
pub struct Sessions {
    shards: Box<[Shard]>,
    len: AtomicUsize,
    settings: SessionSettings,
    clock: Arc<dyn Clock>,
    /// Serialises the creation of sessions while the store is full, so the cap holds.
    evicting: Mutex<()>,
}

impl std::fmt::Debug for Sessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sessions")
            .field("len", &self.len())
            .field("settings", &self.settings)
            .finish()
    }
}

impl Sessions {
    /// A store with these limits, on the system clock.
    pub fn new(settings: SessionSettings) -> Self {
        Self::with_clock(settings, Arc::new(SystemClock))
    }

    /// A store with these limits and this clock.
    pub fn with_clock(settings: SessionSettings, clock: Arc<dyn Clock>) -> Self {
        Sessions {
            shards: (0..SHARDS).map(|_| RwLock::new(HashMap::new())).collect(),
            len: AtomicUsize::new(0),
            settings,
            clock,
            evicting: Mutex::new(()),
        }
    }

    /// The limits.
    pub fn settings(&self) -> &SessionSettings {
        &self.settings
    }

    /// The clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// How many sessions are held.
    pub fn len(&self) -> usize {
        self.len.load(Ordering::Relaxed)
    }

    /// Whether no session is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn shard(&self, id: &SessionId) -> &Shard {
        let index = crate::hash::hash_value(id.as_str()) as usize % self.shards.len();
        &self.shards[index]
    }

    /// The session, if held.
    pub fn get(&self, id: &SessionId) -> Option<Arc<Session>> {
        self.shard(id).read().get(id).cloned()
    }

    /// The session, made if new. When the store is full, the closed sessions unused longest
    /// are evicted first; if every session is connected, this fails.
    pub fn open(&self, id: &SessionId) -> Result<Arc<Session>, SessionError> {
        if let Some(session) = self.get(id) {
            return Ok(session);
        }
        let _full_guard = if self.len() >= self.settings.max_sessions {
            let guard = self.evicting.lock();
            if self.len() >= self.settings.max_sessions {
                self.evict_closed();
                if self.len() >= self.settings.max_sessions {
                    return Err(SessionError::Full(self.settings.max_sessions));
                }
            }
            Some(guard)
        } else {
            None
        };
        let mut shard = self.shard(id).write();
        let session = shard.entry(id.clone()).or_insert_with(|| {
            self.len.fetch_add(1, Ordering::Relaxed);
            Arc::new(Session::new(id.clone(), self.clock.now()))
        });
        Ok(Arc::clone(session))
    }

    /// Evicts the oldest closed sessions: about 1% of the cap at once, so a flood of new ids
    /// does not pay a full scan per session.
    fn evict_closed(&self) {
        let mut closed: Vec<(std::time::Instant, Arc<Session>)> = Vec::new();
        for shard in self.shards.iter() {
            for session in shard.read().values() {
                if !session.is_connected() {
                    closed.push((session.last_seen(), Arc::clone(session)));
                }
            }
        }
        let batch = (self.settings.max_sessions / 100).max(1);
        if closed.len() > batch {
            closed.select_nth_unstable_by_key(batch - 1, |(seen, _)| *seen);
            closed.truncate(batch);
        }
        for (_, session) in closed {
            self.remove(session.id());
        }
    }

    /// Drops a session and its state now.
    pub fn remove(&self, id: &SessionId) -> Option<Arc<Session>> {
        let removed = self.shard(id).write().remove(id);
        if removed.is_some() {
            self.len.fetch_sub(1, Ordering::Relaxed);
        }
        removed
    }

    /// A page or client connected (heartbeat opened).
    pub fn connect(&self, id: &SessionId) -> Result<Arc<Session>, SessionError> {
        let session = self.open(id)?;
        session.connect(self.clock.now());
        Ok(session)
    }

    /// A connection ended; returns `true` when it was the session's last one, which closes the
    /// session (run `unload`, start the expiry clock).
    pub fn disconnect(&self, id: &SessionId) -> bool {
        match self.get(id) {
            Some(session) => session.disconnect(self.clock.now()),
            None => false,
        }
    }

    /// Frees every session closed (or idle without a connection) for longer than the TTL,
    /// dropping its state values. Returns their ids.
    pub fn sweep(&self) -> Vec<SessionId> {
        let now = self.clock.now();
        let ttl = self.settings.ttl_after_close;
        let mut expired = Vec::new();
        for shard in self.shards.iter() {
            let mut shard = shard.write();
            shard.retain(|id, session| {
                let keep = !session.expired(now, ttl);
                if !keep {
                    expired.push(id.clone());
                }
                keep
            });
        }
        self.len.fetch_sub(expired.len(), Ordering::Relaxed);
        expired
    }

    /// Ids of all held sessions.
    pub fn ids(&self) -> Vec<SessionId> {
        self.shards
            .iter()
            .flat_map(|shard| shard.read().keys().cloned().collect::<Vec<_>>())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::ManualClock;

    fn store(max: usize, clock: &ManualClock) -> Sessions {
        Sessions::with_clock(
            SessionSettings {
                ttl_after_close: Duration::from_secs(60),
                max_sessions: max,
            },
            Arc::new(clock.clone()),
        )
    }

    fn id(s: &str) -> SessionId {
        SessionId::new(s).expect("valid id")
    }

    #[test]
    fn open_returns_the_same_session() {
        let clock = ManualClock::new();
        let store = store(10, &clock);
        let a = store.open(&id("a")).expect("open");
        let again = store.open(&id("a")).expect("open");
        assert!(Arc::ptr_eq(&a, &again));
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn closed_sessions_expire_after_the_ttl_counted_from_the_close() {
        let clock = ManualClock::new();
        let store = store(10, &clock);
        store.connect(&id("a")).expect("connect");
        clock.advance(Duration::from_secs(600));
        assert!(store.sweep().is_empty(), "connected sessions never expire");
        assert!(store.disconnect(&id("a")));
        clock.advance(Duration::from_secs(59));
        assert!(store.sweep().is_empty());
        clock.advance(Duration::from_secs(1));
        assert_eq!(store.sweep(), vec![id("a")]);
        assert!(store.get(&id("a")).is_none());
        assert_eq!(store.len(), 0);
    }

    #[test]
    fn the_cap_evicts_closed_sessions_first() {
        let clock = ManualClock::new();
        let store = store(3, &clock);
        store.connect(&id("live")).expect("connect");
        store.open(&id("old")).expect("open");
        clock.advance(Duration::from_secs(1));
        store.open(&id("newer")).expect("open");
        store.open(&id("fresh")).expect("open at cap evicts");
        assert_eq!(store.len(), 3);
        assert!(
            store.get(&id("old")).is_none(),
            "the oldest closed one goes"
        );
        assert!(store.get(&id("live")).is_some());
        assert!(store.get(&id("newer")).is_some());
    }

    #[test]
    fn a_full_store_of_connected_sessions_refuses_new_ones() {
        let clock = ManualClock::new();
        let store = store(2, &clock);
        store.connect(&id("a")).expect("connect");
        store.connect(&id("b")).expect("connect");
        assert_eq!(store.open(&id("c")).err(), Some(SessionError::Full(2)));
        assert!(store.open(&id("a")).is_ok(), "existing sessions still open");
    }

    #[test]
    fn a_flood_of_ids_never_exceeds_the_cap() {
        let clock = ManualClock::new();
        let store = store(100, &clock);
        for i in 0..5_000 {
            store
                .open(&id(&format!("s{i}")))
                .expect("closed sessions are evictable");
            assert!(store.len() <= 100);
        }
    }

    #[test]
    fn blocks_max_sessions_and_session_ttl_apply_and_a_bad_value_is_named() {
        let defaults = SessionSettings::default();
        assert_eq!(defaults.clone().with_vars(None, None), Ok(defaults.clone()));
        assert_eq!(
            defaults
                .clone()
                .with_vars(Some(" 250000 "), Some("90"))
                .map(|s| (s.max_sessions, s.ttl_after_close)),
            Ok((250_000, Duration::from_secs(90)))
        );
        for bad in ["0", "many", "-3"] {
            let err = defaults
                .clone()
                .with_vars(Some(bad), None)
                .expect_err("a bad value is refused");
            assert!(err.contains("BLOCKS_MAX_SESSIONS"), "{err}");
        }
        for bad in ["0", "many", "-3", "2", "99999999999"] {
            let err = defaults
                .clone()
                .with_vars(None, Some(bad))
                .expect_err("a bad value is refused");
            assert!(err.contains("BLOCKS_SESSION_TTL_SECS"), "{err}");
        }
    }
}
