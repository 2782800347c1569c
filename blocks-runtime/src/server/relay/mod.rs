//! The relay: with a Redis session store, the messages of every event go through Redis, so
//! that a `/queue/join` on one replica and the session's `/queue/data` on another, or a curl
//! `POST /call/…` on one and its `GET` on another, work (docs/scale_out.md).
//!
//! - A session's messages are a Redis list (`{prefix}:{<session>}:q`) with a count of its
//!   pending events (`…:p`); the replica that reads the session's stream pops them. One stream
//!   reads at a time (`…:r` names it; a re-opened stream takes over).
//! - A curl event's messages are a list (`{prefix}:c:<event_id>`), with a marker that the
//!   event exists (`…:e`) until its `GET` read its last message.
//! - Writes go through one task per replica that sends them in order, pipelined in batches,
//!   then publishes the lists it wrote (with its id) on `{prefix}:wake`, which every other replica's subscriber
//!   hears and passes on to the streams it serves (they also poll, so a lost wake only
//!   delays).
//!
//! Without a Redis store there is no relay, and none of this runs.

mod read;
mod write;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use tokio::sync::Notify;

use crate::session::{RedisStore, SessionId};
pub(crate) use write::Op;

/// The marker of an event's end in a session's list (messages are never empty).
const DONE: &[u8] = b"";

/// The relay of one replica.
pub(crate) struct Relay {
    /// This replica's id in its wakes (it wakes its own streams without Redis).
    id: String,
    store: Arc<dyn crate::session::SessionStore>,
    prefix: String,
    writer: tokio::sync::mpsc::UnboundedSender<Op>,
    /// The streams this replica serves, by list key, waiting for a wake (a re-opened stream
    /// and the one it takes over may both wait a while).
    waiting: Mutex<HashMap<String, Vec<Arc<Notify>>>>,
    /// Whether Redis answered the last write and the subscriber is connected.
    healthy: AtomicBool,
    /// How long lists and counts no stream reads are kept.
    ttl: Duration,
    subscriber: Mutex<Option<tokio::task::AbortHandle>>,
}

impl Drop for Relay {
    fn drop(&mut self) {
        if let Some(task) = self.subscriber.lock().take() {
            task.abort();
        }
    }
}

impl Relay {
    /// The relay for `store`'s Redis, if it is one; starts its writer and subscriber tasks on
    /// the current runtime.
    pub(crate) fn start(
        store: &Arc<dyn crate::session::SessionStore>,
        ttl: Duration,
    ) -> Option<Arc<Relay>> {
        let redis = store.redis()?;
        let (writer, ops) = tokio::sync::mpsc::unbounded_channel();
        let relay = Arc::new(Relay {
            id: format!("{:016x}", rand::random::<u64>()),
            store: Arc::clone(store),
            prefix: redis.key_prefix().to_owned(),
            writer,
            waiting: Mutex::new(HashMap::new()),
            healthy: AtomicBool::new(true),
            ttl,
            subscriber: Mutex::new(None),
        });
        tokio::spawn(write::run(Arc::downgrade(&relay), ops));
        let task = tokio::spawn(write::subscribe(Arc::downgrade(&relay)));
        *relay.subscriber.lock() = Some(task.abort_handle());
        Some(relay)
    }

    fn redis(&self) -> &RedisStore {
        // `start` made the relay only for a Redis store.
        self.store
            .redis()
            .unwrap_or_else(|| unreachable!("the relay runs on a Redis store"))
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

    fn reader_key(&self, session: &SessionId) -> String {
        format!("{}:{{{}}}:r", self.prefix, session.as_str())
    }

    pub(crate) fn curl_key(&self, event_id: &str) -> String {
        format!("{}:c:{event_id}", self.prefix)
    }

    fn curl_marker(&self, event_id: &str) -> String {
        format!("{}:c:{event_id}:e", self.prefix)
    }

    fn wake_channel(&self) -> String {
        format!("{}:wake", self.prefix)
    }

    /// Queues a write (sent in order with every other write of this replica).
    pub(crate) fn send(&self, op: Op) {
        // The writer ends only with the relay.
        let _ = self.writer.send(op);
    }

    /// A session joined an event: one more pending.
    pub(crate) fn joined(&self, session: &SessionId) {
        self.send(Op::Count {
            key: self.pending_key(session),
            delta: 1,
        });
    }

    /// A session's event is over: one less pending, then the end marker.
    pub(crate) fn finished(&self, session: &SessionId) {
        self.send(Op::Count {
            key: self.pending_key(session),
            delta: -1,
        });
        self.send(Op::Push {
            key: self.session_key(session),
            bytes: bytes::Bytes::from_static(DONE),
        });
    }

    /// A curl event started: its `GET` may come to any replica.
    pub(crate) fn curl_started(&self, event_id: &str) {
        self.send(Op::Count {
            key: self.curl_marker(event_id),
            delta: 1,
        });
    }

    /// A wake for a stream of this replica about to read the list `key`.
    fn watch(&self, key: &str) -> Arc<Notify> {
        let notify = Arc::new(Notify::new());
        self.waiting
            .lock()
            .entry(key.to_owned())
            .or_default()
            .push(Arc::clone(&notify));
        notify
    }

    /// The stream that watched with `notify` is over.
    fn unwatch(&self, key: &str, notify: &Arc<Notify>) {
        let mut waiting = self.waiting.lock();
        if let Some(list) = waiting.get_mut(key) {
            list.retain(|n| !Arc::ptr_eq(n, notify));
            if list.is_empty() {
                waiting.remove(key);
            }
        }
    }

    fn wake(&self, key: &str) {
        if let Some(list) = self.waiting.lock().get(key) {
            for notify in list {
                notify.notify_one();
            }
        }
    }
}
