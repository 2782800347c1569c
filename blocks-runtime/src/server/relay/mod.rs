//! The relay: with a Redis session store, the messages of every event go through Redis, so
//! that a `/queue/join` on one replica and the session's `/queue/data` on another, or a curl
//! `POST /call/…` on one and its `GET` on another, work (docs/scale_out.md).
//!
//! - A session's messages are a Redis list (`{prefix}:{<session>}:q`) with a count of its
//!   pending events (`…:p`); the replica that reads the session's stream pops them. One stream
//!   reads at a time (`…:r` names it; a re-opened stream takes over).
//! - A curl event's messages are a list (`{prefix}:c:<event_id>`), with a marker that the
//!   event exists (`…:e`) until its `GET` read its last message.
//! - When the session's stream is on the replica that runs the event (the usual case: a page
//!   or client talks to one replica), the event's messages go straight to it; only the
//!   pending count and the end marker go through Redis, off the event's path. A stream that
//!   opens elsewhere announces its takeover on the wake channel, and from then on the
//!   messages go through Redis again.
//! - Writes are sent by one task at a time per replica, in order, pipelined in batches,
//!   then publishes the lists it wrote (`<replica id> w <key>`) on `{prefix}:wake`, which every other replica's subscriber
//!   hears and passes on to the streams it serves (they also poll, so a lost wake only
//!   delays).
//!
//! Without a Redis store there is no relay, and none of this runs.

mod curl;
mod local;
mod odds;
mod read;
mod recent;
mod write;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;

use crate::session::{RedisStore, SessionId};
pub(crate) use local::Ticket;
pub(crate) use write::Op;

/// The marker of an event's end in a session's list (messages are never empty).
const DONE: &[u8] = b"";

/// What the server does when a curl result was read on another replica.
pub(crate) type Forget = Box<dyn Fn(&str) + Send + Sync>;

/// The server's settings a relay follows.
pub(crate) struct Settings {
    /// How long a session's messages wait for a stream (`unread_ttl`).
    pub(crate) ttl: Duration,
    /// How long a curl event's messages wait for its `GET` (`unfetched_ttl`).
    pub(crate) curl_ttl: Duration,
    /// The most bytes a stream's local inbox holds (`max_unread_bytes`).
    pub(crate) max_unread: usize,
    /// How many sessions read on other replicas it remembers (`max_unread_sessions`).
    pub(crate) max_sessions: usize,
}

/// The relay of one replica.
pub(crate) struct Relay {
    /// This replica's id in its wakes (it wakes its own streams without Redis).
    id: String,
    store: Arc<dyn crate::session::SessionStore>,
    prefix: String,
    /// This relay, for the tasks it starts.
    me: std::sync::Weak<Relay>,
    /// The writes not sent yet (see `write`).
    outbox: Mutex<write::Outbox>,
    /// The streams this replica serves, by list key, waiting for a wake (a re-opened stream
    /// and the one it takes over may both wait a while); the newest one of a session also
    /// takes the messages of the session's events on this replica directly.
    waiting: Mutex<HashMap<String, local::Slot>>,
    /// The most bytes a stream's local inbox holds before progress messages are dropped.
    max_unread: usize,
    /// Whether Redis answered the last write and the subscriber is connected.
    healthy: AtomicBool,
    /// How long a session's list and count are kept while no stream reads them.
    ttl: Duration,
    /// How long a curl event's messages wait for its `GET`.
    curl_ttl: Duration,
    subscriber: Mutex<Option<tokio::task::AbortHandle>>,
    /// Sessions whose streams other replicas read lately (see `local::Relay::joined`).
    elsewhere: Mutex<recent::Recent>,
    /// How the events whose messages were held for a stream turned out.
    odds: Mutex<odds::Odds>,
    /// Called with a curl event whose messages a `GET` on another replica read.
    on_fetched: std::sync::OnceLock<Forget>,
    /// Called with a session whose states an event on some replica found locked.
    on_wanted: Box<dyn Fn(SessionId) + Send + Sync>,
}

impl Drop for Relay {
    fn drop(&mut self) {
        if let Some(task) = self.subscriber.lock().take() {
            task.abort();
            if let Some(redis) = self.store.redis() {
                redis.hear_wanted(false);
            }
        }
    }
}

impl Relay {
    /// The relay for `store`'s Redis, if it is one. Its tasks start on the runtimes of its
    /// first uses (see `subscribe_here` and `write`).
    pub(crate) fn start(
        store: &Arc<dyn crate::session::SessionStore>,
        settings: Settings,
        on_wanted: Box<dyn Fn(SessionId) + Send + Sync>,
    ) -> Option<Arc<Relay>> {
        let redis = store.redis()?;
        let relay = Arc::new_cyclic(|me| Relay {
            me: me.clone(),
            outbox: Mutex::new(write::Outbox::default()),
            id: format!("{:016x}", rand::random::<u64>()),
            store: Arc::clone(store),
            prefix: redis.key_prefix().to_owned(),
            waiting: Mutex::new(HashMap::new()),
            healthy: AtomicBool::new(true),
            max_unread: settings.max_unread,
            ttl: settings.ttl,
            curl_ttl: settings.curl_ttl,
            subscriber: Mutex::new(None),
            elsewhere: Mutex::new(recent::Recent::new(settings.max_sessions)),
            odds: Mutex::new(odds::Odds::default()),
            on_fetched: std::sync::OnceLock::new(),
            on_wanted,
        });
        Some(relay)
    }

    /// Starts the subscriber on the caller's runtime if it has not started: the relay's first
    /// use (a join, a stream, a write) starts it, on a worker that serves events, so that
    /// the wakes it hears need no other thread. Until then no event of this replica keeps its
    /// lock (nobody would hear that another replica wants it).
    pub(crate) fn subscribe_here(&self) {
        let mut subscriber = self.subscriber.lock();
        if subscriber.is_some() {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            let task = runtime.spawn(write::subscribe(self.me.clone()));
            *subscriber = Some(task.abort_handle());
            self.redis().hear_wanted(true);
        }
    }

    fn redis(&self) -> &RedisStore {
        // `start` made the relay only for a Redis store.
        self.store
            .redis()
            .unwrap_or_else(|| unreachable!("the relay runs on a Redis store"))
    }

    /// A replica's event found `session`'s states locked (see the store's kept leases).
    fn wanted(&self, session: &str) {
        if let Ok(session) = SessionId::new(session) {
            (self.on_wanted)(session);
        }
    }

    /// Sets what to do when a `GET` on another replica read a curl event's messages (the
    /// server forgets its record of the result); once.
    pub(crate) fn on_fetched(&self, forget: Forget) {
        let _ = self.on_fetched.set(forget);
    }

    /// A `GET` on another replica read the messages of curl event `event_id`.
    fn fetched(&self, event_id: &str) {
        if let Some(forget) = self.on_fetched.get() {
            forget(event_id);
        }
    }

    /// Whether Redis is reachable, as far as the last write and the subscriber know.
    pub(crate) fn is_healthy(&self) -> bool {
        self.healthy.load(Ordering::Acquire)
    }

    fn set_healthy(&self, healthy: bool) {
        self.healthy.store(healthy, Ordering::Release);
    }

    pub(crate) fn session_key(&self, session: &SessionId) -> String {
        format!("{}:{{{}}}:q", self.prefix, session.as_str())
    }

    fn pending_key(&self, session: &SessionId) -> String {
        format!("{}:{{{}}}:p", self.prefix, session.as_str())
    }

    /// The pending count's key of a session's list `key` (`…:q` → `…:p`).
    fn pending_key_of_list(&self, key: &str) -> String {
        let stem = key.strip_suffix(":q").unwrap_or(key);
        format!("{stem}:p")
    }

    fn reader_key(&self, session: &SessionId) -> String {
        format!("{}:{{{}}}:r", self.prefix, session.as_str())
    }

    pub(crate) fn curl_key(&self, event_id: &str) -> String {
        format!("{}:c:{event_id}", self.prefix)
    }

    fn curl_marker(&self, event_id: &str) -> String {
        format!("{}:c:{event_id}:e", self.prefix)
    }

    /// How long the list or count `key` is kept with nobody reading it.
    fn ttl_of(&self, key: &str) -> Duration {
        if is_curl_key(&self.prefix, key) {
            self.curl_ttl
        } else {
            self.ttl
        }
    }

    fn wake_channel(&self) -> String {
        format!("{}:wake", self.prefix)
    }

    /// A message on the wake channel: this replica's id, its kind, the list's key.
    fn wake_message(&self, kind: &str, key: &str) -> String {
        format!("{} {kind} {key}", self.id)
    }

    /// A curl event started: its `GET` may come to any replica.
    pub(crate) fn curl_started(&self, event_id: &str) {
        self.send(Op::Count {
            key: self.curl_marker(event_id),
            delta: 1,
        });
    }
}

/// Whether `key` (under `prefix`) is a curl event's list or marker, not a session's.
fn is_curl_key(prefix: &str, key: &str) -> bool {
    key.strip_prefix(prefix)
        .is_some_and(|rest| rest.starts_with(":c:"))
}

#[cfg(test)]
mod tests {
    use super::is_curl_key;

    #[test]
    fn curl_keys_are_told_from_session_keys() {
        assert!(is_curl_key("blocks", "blocks:c:0123abcd"));
        assert!(is_curl_key("blocks", "blocks:c:0123abcd:e"));
        assert!(!is_curl_key("blocks", "blocks:{c:0123}:q"));
        assert!(!is_curl_key("blocks", "blocks:{s1}:p"));
        assert!(!is_curl_key("app", "blocks:c:0123abcd"));
    }
}
