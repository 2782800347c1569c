//! One multiplexed Redis connection per store and per thread.
//!
//! A connection's driver is a task on the runtime that made it. actix-web runs each worker as
//! a single-threaded runtime, so a connection made by the worker that uses it answers without
//! waking another thread: with one connection per process, every command of every worker went
//! through the one thread that made it, two thread switches per round trip, which on a busy
//! core cost more than Redis itself.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Weak};

use redis::aio::ConnectionManager;

/// A store's key to its connections: an id, and a token whose end (the store dropped) lets
/// its connections go.
pub(super) struct StoreKey {
    id: u64,
    token: Arc<()>,
}

impl StoreKey {
    pub(super) fn new() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        StoreKey {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            token: Arc::new(()),
        }
    }
}

struct Entry {
    store: u64,
    token: Weak<()>,
    connection: ConnectionManager,
    /// False once the runtime that drives the connection is gone.
    alive: Arc<AtomicBool>,
}

thread_local! {
    static CONNECTIONS: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// Sets `alive` to false when dropped: with the runtime's tasks, when the runtime shuts down.
struct Sentinel(Arc<AtomicBool>);

impl Drop for Sentinel {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

/// This thread's connection for `store`, if it has a live one.
pub(super) fn get(store: &StoreKey) -> Option<ConnectionManager> {
    CONNECTIONS.with(|entries| {
        entries
            .borrow()
            .iter()
            .find(|e| e.store == store.id && e.alive.load(Ordering::Acquire))
            .map(|e| e.connection.clone())
    })
}

/// Keeps `connection` as this thread's for `store`, made on the current runtime.
pub(super) fn keep(store: &StoreKey, connection: ConnectionManager) -> ConnectionManager {
    let alive = Arc::new(AtomicBool::new(true));
    let sentinel = Sentinel(Arc::clone(&alive));
    tokio::spawn(async move {
        let _sentinel = sentinel;
        std::future::pending::<()>().await;
    });
    CONNECTIONS.with(|entries| {
        let mut entries = entries.borrow_mut();
        entries.retain(|e| {
            e.alive.load(Ordering::Acquire) && e.token.strong_count() > 0 && e.store != store.id
        });
        entries.push(Entry {
            store: store.id,
            token: Arc::downgrade(&store.token),
            connection: connection.clone(),
            alive,
        });
    });
    connection
}
