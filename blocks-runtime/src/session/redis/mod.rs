//! A [`SessionStore`] on Redis, for running an app as several replicas behind a load balancer
//! (docs/scale_out.md).
//!
//! Layout, under a prefix (default `blocks`, so replicas of one app share it):
//! - `{prefix}:{<session>}:v`: a hash of the session's stored values (state id → JSON), whose
//!   Redis TTL is the session's expiry (`SessionSettings::ttl_after_close` after its last save);
//! - `{prefix}:{<session>}:l:<state>`: an event's lock on one state of the session (a random
//!   token, expiring on its own if the replica holding it dies);
//! - `{prefix}:sessions`: the sessions with values, scored by expiry: the count across replicas.
//!
//! An event is two round trips: one script locks its states and reads their values, one saves
//! the new values, renews the expiry and unlocks. Commands share one multiplexed connection
//! per thread (pipelined by the client; see `connections`), which reconnects by itself when
//! Redis comes back.

mod acquire;
mod admission;
mod commit;
mod connections;
mod scripts;

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::Script;
use serde_json::Value;

use crate::component::ComponentId;
use crate::session::{
    Acquired, Admission, Lease, SessionId, SessionSettings, SessionStore, StoreError, StoreFuture,
};

/// Why a Redis store could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RedisStoreError {
    /// The URL is not a Redis URL.
    #[error("BLOCKS_REDIS_URL (or the URL given) is not a Redis URL such as redis://127.0.0.1:6379/0: {0}")]
    BadUrl(String),
    /// `BLOCKS_REDIS_LOCK_WAIT_MS` is not a number of milliseconds.
    #[error(
        "BLOCKS_REDIS_LOCK_WAIT_MS is {0:?}; set it to a number of milliseconds such as 10000"
    )]
    BadLockWait(String),
}

struct Scripts {
    acquire: Script,
    commit: Script,
    extend: Script,
    release: Script,
    count: Script,
    admit: Script,
    admit_holding: Script,
}

/// Session state values in Redis, shared by every replica that uses the same URL and prefix.
///
/// ```no_run
/// use std::sync::Arc;
/// use blocks_runtime::prelude::*;
/// use blocks_runtime::session::RedisStore;
///
/// let mut app = Blocks::new();
/// app.session_store(Arc::new(RedisStore::open("redis://127.0.0.1:6379/0")?));
/// let cart = app.add(State::stored(Vec::<String>::new()));
/// # let _ = cart;
/// # Ok::<(), blocks_runtime::session::RedisStoreError>(())
/// ```
pub struct RedisStore {
    client: redis::Client,
    prefix: String,
    /// Its connections (one per thread).
    key: connections::StoreKey,
    scripts: Scripts,
    wait: Duration,
    /// How long a session must go unused before a new one may evict it at the cap.
    evict_idle: Duration,
    /// How many relays of this process hear the "wanted" channel: only then do events keep
    /// their leases (a lease nobody would give up on request would block other replicas
    /// until it runs out).
    hearing: std::sync::atomic::AtomicUsize,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("prefix", &self.prefix)
            .finish()
    }
}

/// The environment variable that selects a Redis store.
pub(crate) const REDIS_URL_VAR: &str = "BLOCKS_REDIS_URL";
/// The environment variable that sets how long an event waits for another replica's lock.
const LOCK_WAIT_VAR: &str = "BLOCKS_REDIS_LOCK_WAIT_MS";

impl RedisStore {
    /// A store on the Redis at `url` (`redis://[:password@]host:port[/db]`). Nothing is
    /// connected yet: the first event connects, and a Redis that is down fails events with
    /// [`StoreError::Unavailable`] until it is back.
    pub fn open(url: &str) -> Result<Self, RedisStoreError> {
        use redis::IntoConnectionInfo;
        let bad = |err: redis::RedisError| RedisStoreError::BadUrl(err.to_string());
        // Small writes go out at once: with Nagle's algorithm, a pipelined command waits for
        // the previous one's ACK (tens of milliseconds per event).
        let info = url
            .into_connection_info()
            .map_err(bad)?
            .set_tcp_settings(redis::io::tcp::TcpSettings::default().set_nodelay(true));
        let client = redis::Client::open(info).map_err(bad)?;
        Ok(RedisStore {
            client,
            prefix: "blocks".to_owned(),
            key: connections::StoreKey::new(),
            scripts: Scripts {
                acquire: scripts::acquire(),
                commit: scripts::commit(),
                extend: scripts::extend(),
                release: scripts::release(),
                count: scripts::count(),
                admit: scripts::admit(),
                admit_holding: scripts::admit_holding(),
            },
            wait: Duration::from_secs(10),
            evict_idle: Duration::from_secs(120),
            hearing: std::sync::atomic::AtomicUsize::new(0),
        })
    }

    /// The store named by `BLOCKS_REDIS_URL`, if it is set (and not empty).
    ///
    /// `BLOCKS_REDIS_LOCK_WAIT_MS` sets [`lock_wait`](RedisStore::lock_wait) in milliseconds.
    pub fn from_env() -> Option<Result<Self, RedisStoreError>> {
        let url = std::env::var(REDIS_URL_VAR)
            .ok()
            .filter(|u| !u.is_empty())?;
        let store = Self::open(&url).and_then(|store| match std::env::var(LOCK_WAIT_VAR) {
            Ok(ms) => match ms.trim().parse::<u64>() {
                Ok(ms) => Ok(store.lock_wait(Duration::from_millis(ms))),
                Err(_) => Err(RedisStoreError::BadLockWait(ms)),
            },
            Err(_) => Ok(store),
        });
        Some(store)
    }

    /// Keeps this app's keys under `prefix` (default `blocks`): apps sharing one Redis need
    /// distinct prefixes; replicas of one app need the same.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// How long an event waits for another replica's event on the same states before it
    /// fails with [`StoreError::Busy`]. Default 10 s.
    pub fn lock_wait(mut self, wait: Duration) -> Self {
        self.wait = wait;
        self
    }

    /// How long a session must have gone unused (no event, no open page) before a new
    /// session may evict it when the app holds its most sessions
    /// ([`SessionSettings::max_sessions`](crate::session::SessionSettings), counted across
    /// replicas): its values are deleted, as the session table evicts closed sessions. An open
    /// page renews its session about once a minute. Default 2 minutes.
    pub fn evict_idle_after(mut self, idle: Duration) -> Self {
        self.evict_idle = idle;
        self
    }

    /// A relay of this process starts (`true`) or stops hearing the "wanted" channel.
    pub(crate) fn hear_wanted(&self, hearing: bool) {
        use std::sync::atomic::Ordering;
        if hearing {
            self.hearing.fetch_add(1, Ordering::AcqRel);
        } else {
            self.hearing.fetch_sub(1, Ordering::AcqRel);
        }
    }

    /// The client, for connections of their own (the relay's subscriber).
    pub(crate) fn client(&self) -> &redis::Client {
        &self.client
    }

    /// The prefix of every key.
    pub(crate) fn key_prefix(&self) -> &str {
        &self.prefix
    }

    /// This thread's multiplexed connection (made at its first use).
    pub(crate) async fn connection(&self) -> Result<ConnectionManager, StoreError> {
        if let Some(connection) = connections::get(&self.key) {
            return Ok(connection);
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_secs(2)))
            .set_response_timeout(Some(Duration::from_secs(5)))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(500));
        let connection = ConnectionManager::new_with_config(self.client.clone(), config)
            .await
            .map_err(unavailable)?;
        Ok(connections::keep(&self.key, connection))
    }

    /// Runs `op` on this thread's connection, and once more after a pause if it fails: a
    /// connection that Redis dropped (a restart) fails its next command and reconnects
    /// meanwhile, and each thread's connection learns that on its own.
    pub(crate) async fn retrying<T, F, Fut>(&self, op: F) -> Result<T, StoreError>
    where
        F: Fn(ConnectionManager) -> Fut,
        Fut: std::future::Future<Output = Result<T, redis::RedisError>>,
    {
        match op(self.connection().await?).await {
            Ok(value) => Ok(value),
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(150)).await;
                op(self.connection().await?).await.map_err(unavailable)
            }
        }
    }

    fn values_key(&self, session: &SessionId) -> String {
        format!("{}:{{{}}}:v", self.prefix, session.as_str())
    }

    fn lock_key(&self, session: &SessionId, state: ComponentId) -> String {
        format!("{}:{{{}}}:l:{}", self.prefix, session.as_str(), state)
    }

    fn index_key(&self) -> String {
        format!("{}:sessions", self.prefix)
    }

    /// The channel where an event that finds a session's states locked names the session, so
    /// that the replica keeping a lease on them gives it up.
    pub(crate) fn wanted_channel(&self) -> String {
        format!("{}:wanted", self.prefix)
    }
}

pub(crate) fn unavailable(err: redis::RedisError) -> StoreError {
    StoreError::Unavailable(format!("Redis: {err}"))
}

/// A duration in Redis' milliseconds: at least 1, and at most about a century (Redis refuses
/// an expiry past what its clock holds).
pub(crate) fn millis(d: Duration) -> u64 {
    const MAX: u64 = 100 * 365 * 24 * 3600 * 1000;
    u64::try_from(d.as_millis()).unwrap_or(MAX).clamp(1, MAX)
}

/// The values of `states` from a lock script's `HMGET` reply, and the lease its `token` took.
fn held(
    states: &[ComponentId],
    token: String,
    reply: redis::Value,
) -> Result<(Vec<(ComponentId, Value)>, Lease), StoreError> {
    let values: Vec<Option<String>> = redis::from_redis_value(reply)
        .map_err(|err| StoreError::Unavailable(format!("Redis answered oddly: {err}")))?;
    let lease = Lease {
        token,
        states: states.to_vec(),
    };
    Ok((decode(states, values), lease))
}

/// The values of `states` from an `HMGET` reply (absent or unreadable ones left out).
fn decode(states: &[ComponentId], reply: Vec<Option<String>>) -> Vec<(ComponentId, Value)> {
    states
        .iter()
        .zip(reply)
        .filter_map(|(id, text)| {
            let text = text?;
            match serde_json::from_str(&text) {
                Ok(value) => Some((*id, value)),
                Err(err) => {
                    tracing::warn!(state = %id, %err, "a value in Redis is not JSON; ignored");
                    None
                }
            }
        })
        .collect()
}

impl SessionStore for RedisStore {
    fn load<'a>(
        &'a self,
        session: &'a SessionId,
        states: &'a [ComponentId],
    ) -> StoreFuture<'a, Vec<(ComponentId, Value)>> {
        Box::pin(async move {
            if states.is_empty() {
                return Ok(Vec::new());
            }
            let fields: Vec<String> = states.iter().map(ToString::to_string).collect();
            let command = redis::cmd("HMGET")
                .arg(self.values_key(session))
                .arg(&fields)
                .clone();
            let reply: Vec<Option<String>> = self
                .retrying(|mut con| {
                    let command = &command;
                    async move { command.query_async(&mut con).await }
                })
                .await?;
            Ok(decode(states, reply))
        })
    }

    fn save<'a>(
        &'a self,
        session: &'a SessionId,
        values: Vec<(ComponentId, Value)>,
        ttl: Duration,
    ) -> StoreFuture<'a, ()> {
        self.commit(session, values, ttl, None)
    }

    fn remove<'a>(&'a self, session: &'a SessionId) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let pipe = redis::pipe()
                .del(self.values_key(session))
                .ignore()
                .zrem(self.index_key(), session.as_str())
                .ignore()
                .clone();
            self.retrying(|mut con| {
                let pipe = &pipe;
                async move { pipe.query_async::<()>(&mut con).await }
            })
            .await
        })
    }

    fn count(&self) -> StoreFuture<'_, usize> {
        Box::pin(async move {
            let invocation = self.scripts.count.key(self.index_key());
            self.retrying(|mut con| {
                let invocation = &invocation;
                async move { invocation.invoke_async::<usize>(&mut con).await }
            })
            .await
        })
    }

    fn acquire<'a>(
        &'a self,
        session: &'a SessionId,
        states: &'a [ComponentId],
        hold: Duration,
    ) -> StoreFuture<'a, Acquired> {
        Box::pin(self.acquire_states(session, states, hold))
    }

    fn commit<'a>(
        &'a self,
        session: &'a SessionId,
        values: Vec<(ComponentId, Value)>,
        ttl: Duration,
        lease: Option<Lease>,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            self.save_values(session, values, ttl, lease.as_ref(), None)
                .await
        })
    }

    fn keep<'a>(
        &'a self,
        session: &'a SessionId,
        values: Vec<(ComponentId, Value)>,
        ttl: Duration,
        lease: Lease,
        keep: Duration,
    ) -> StoreFuture<'a, Option<Lease>> {
        Box::pin(async move {
            if self.hearing.load(std::sync::atomic::Ordering::Acquire) == 0 {
                self.save_values(session, values, ttl, Some(&lease), None)
                    .await?;
                return Ok(None);
            }
            self.save_values(session, values, ttl, Some(&lease), Some(keep))
                .await?;
            Ok(Some(lease))
        })
    }

    fn extend<'a>(
        &'a self,
        session: &'a SessionId,
        lease: &'a Lease,
        hold: Duration,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut invocation = self.scripts.extend.prepare_invoke();
            for state in &lease.states {
                invocation.key(self.lock_key(session, *state));
            }
            invocation.arg(&lease.token).arg(millis(hold));
            let extended = self
                .retrying(|mut con| {
                    let invocation = &invocation;
                    async move { invocation.invoke_async::<i64>(&mut con).await }
                })
                .await?;
            if extended == 1 {
                Ok(())
            } else {
                Err(StoreError::LeaseLost)
            }
        })
    }

    fn touch<'a>(&'a self, session: &'a SessionId, ttl: Duration) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut invocation = self.scripts.commit.key(self.values_key(session));
            invocation
                .key(self.index_key())
                .arg("")
                .arg(millis(ttl))
                .arg(session.as_str())
                .arg(0);
            self.retrying(|mut con| {
                let invocation = &invocation;
                async move { invocation.invoke_async::<()>(&mut con).await }
            })
            .await
        })
    }

    fn admit<'a>(
        &'a self,
        session: &'a SessionId,
        settings: &'a SessionSettings,
    ) -> StoreFuture<'a, bool> {
        Box::pin(self.admit_session(session, settings))
    }

    fn admit_holding<'a>(
        &'a self,
        session: &'a SessionId,
        settings: &'a SessionSettings,
        states: &'a [ComponentId],
        keep: Duration,
    ) -> StoreFuture<'a, Admission> {
        Box::pin(self.admit_and_hold(session, settings, states, keep))
    }

    fn redis(&self) -> Option<&RedisStore> {
        Some(self)
    }

    fn release<'a>(&'a self, session: &'a SessionId, lease: Lease) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let mut invocation = self.scripts.release.prepare_invoke();
            for state in &lease.states {
                invocation.key(self.lock_key(session, *state));
            }
            invocation.arg(&lease.token);
            self.retrying(|mut con| {
                let invocation = &invocation;
                async move { invocation.invoke_async::<()>(&mut con).await }
            })
            .await
        })
    }
}
