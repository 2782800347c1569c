//! The streams this replica serves, and the short cut for the messages of their sessions'
//! events that run here: they go straight into the newest stream's inbox, not through Redis.
//!
//! A stream that opens for a session takes over from the older ones: on this replica, it
//! takes their unsent messages into its inbox; on another, it says so on the wake channel,
//! and this replica moves the unsent messages of its streams for that session into the
//! session's Redis list, where the new stream reads them. From then on the session's messages
//! go through Redis until a stream of this replica reads it again.
//!
//! An event joined while its session's stream is here is counted here, not in Redis (no
//! write at all for it): if that stream goes away or is taken over before the event ends,
//! its count moves to Redis, and its end is then written there as for any other event.
//!
//! An event joined while no stream of its session is here (a client joins, then opens its
//! stream) is counted in Redis and sends its messages there, until a stream of the session
//! opens here: its later messages then go straight to that stream, which first waits for the
//! ones already on their way to Redis (a barrier the writer passes once they are written) and
//! reads them, so that one event's messages keep their order.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use parking_lot::Mutex;
use tokio::sync::Notify;

use super::{Op, Relay, DONE};
use crate::session::SessionId;

/// How long the messages of an event joined while no stream of its session is here wait for
/// one to open here (its client opens it right after joining) before they go to Redis; a
/// stream that opens on another replica sends them there at once.
const PARK: std::time::Duration = std::time::Duration::from_millis(200);

/// A session's streams on this replica and its events counted here, by list key.
#[derive(Default)]
pub(super) struct Slot {
    watchers: Vec<Arc<Watcher>>,
    events: Vec<Arc<LocalEvent>>,
    /// Events joined here while no stream of the session was (counted in Redis): whether
    /// their messages may now go straight to a stream here.
    listed: Vec<Arc<AtomicBool>>,
}

impl Slot {
    fn has_direct(&self) -> bool {
        self.watchers.iter().any(|w| w.is_direct())
    }

    /// Whether a stream (not a placeholder) of the session here takes its messages.
    fn has_stream(&self) -> bool {
        self.watchers
            .iter()
            .any(|w| w.is_direct() && !w.placeholder)
    }

    /// The placeholder holding the session's messages for a stream about to open, if any.
    fn holder(&self) -> Option<&Arc<Watcher>> {
        self.watchers
            .iter()
            .rev()
            .find(|w| w.is_direct() && w.placeholder)
    }

    fn is_empty(&self) -> bool {
        self.watchers.is_empty() && self.events.is_empty() && self.listed.is_empty()
    }
}

/// An event counted on this replica; `moved` once its count went to Redis.
pub(crate) struct LocalEvent {
    moved: AtomicBool,
    /// Its ticket's `direct`.
    direct: Arc<AtomicBool>,
}

/// An event joined on this replica, for the session's stream wherever it is: counted here
/// while the stream is here, else in Redis.
pub(crate) struct Ticket {
    session: SessionId,
    key: String,
    local: Option<Arc<LocalEvent>>,
    /// Whether the event's messages go straight to a stream of this replica.
    direct: Arc<AtomicBool>,
}

/// A stream of this replica waiting for its list's wakes.
pub(crate) struct Watcher {
    /// Woken by a message in the inbox, a write to the Redis list, or a takeover.
    pub(super) notify: Notify,
    /// Set when the Redis list may have more (a wake, a takeover): the stream pops it.
    listed: AtomicBool,
    /// Whether it takes its session's messages directly (a session stream not taken over).
    direct: AtomicBool,
    /// Framed messages not yet sent.
    inbox: Mutex<Vec<u8>>,
    /// Barriers not yet passed: messages on their way to the Redis list that must be read
    /// before the inbox.
    barriers: AtomicUsize,
    /// Whether it holds messages for a stream about to open, rather than being one.
    placeholder: bool,
    /// A placeholder's events that ended while it held their messages: their ends go to
    /// Redis once those messages have gone on.
    ended: AtomicUsize,
}

impl Watcher {
    fn new(direct: bool, placeholder: bool) -> Arc<Watcher> {
        Arc::new(Watcher {
            placeholder,
            ended: AtomicUsize::new(0),
            notify: Notify::new(),
            listed: AtomicBool::new(true),
            direct: AtomicBool::new(direct),
            inbox: Mutex::new(Vec::new()),
            barriers: AtomicUsize::new(0),
        })
    }

    /// The messages delivered directly and not sent yet.
    pub(super) fn take_inbox(&self) -> Option<Bytes> {
        let mut inbox = self.inbox.lock();
        (!inbox.is_empty()).then(|| Bytes::from(std::mem::take(&mut *inbox)))
    }

    /// Whether messages wait in the inbox.
    pub(super) fn has_inbox(&self) -> bool {
        !self.inbox.lock().is_empty()
    }

    /// Whether messages on their way to the Redis list must be read before the inbox.
    pub(super) fn is_held_back(&self) -> bool {
        self.barriers.load(Ordering::Acquire) > 0
    }

    /// The writer wrote everything queued before a barrier: the list has it.
    pub(super) fn pass_barrier(&self) {
        self.barriers.fetch_sub(1, Ordering::AcqRel);
        self.listed.store(true, Ordering::Release);
        self.notify.notify_one();
    }

    /// Whether the Redis list may have more since the last call.
    pub(super) fn take_listed(&self) -> bool {
        self.listed.swap(false, Ordering::AcqRel)
    }

    /// Whether this stream was taken over (it reads its list once more and ends).
    pub(super) fn is_direct(&self) -> bool {
        self.direct.load(Ordering::Acquire)
    }
}

impl Ticket {
    /// Whether the event's messages go straight to a stream of this replica (shared with its
    /// sink).
    pub(crate) fn direct(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.direct)
    }
}

impl Relay {
    /// A session joined an event: counted here when its stream is here, else one more
    /// pending in Redis.
    ///
    /// With no stream of the session here, and none heard of lately on another replica, the
    /// event's messages are held here a while (`PARK`) for the stream its client is about to
    /// open, rather than written to Redis: a stream that opens here takes them with no round
    /// trip; one that opens elsewhere announces its takeover, and they move to Redis then, as
    /// they do when `PARK` runs out. Only while that pays (see `odds`).
    pub(crate) fn joined(self: &Arc<Self>, session: &SessionId) -> Ticket {
        self.subscribe_here();
        let key = self.session_key(session);
        let mut waiting = self.waiting.lock();
        let slot = waiting.entry(key.clone()).or_default();
        if slot.has_stream() {
            let direct = Arc::new(AtomicBool::new(true));
            let event = Arc::new(LocalEvent {
                moved: AtomicBool::new(false),
                direct: Arc::clone(&direct),
            });
            slot.events.push(Arc::clone(&event));
            return Ticket {
                session: session.clone(),
                key,
                local: Some(event),
                direct,
            };
        }
        let holding = slot.holder().is_some();
        let parked =
            holding || (!self.elsewhere.lock().contains(&key) && self.odds.lock().worth_holding());
        if parked && !holding {
            let placeholder = Watcher::new(true, true);
            slot.watchers.push(Arc::clone(&placeholder));
            let (relay, key) = (Arc::downgrade(self), key.clone());
            tokio::spawn(async move {
                tokio::time::sleep(PARK).await;
                if let Some(relay) = relay.upgrade() {
                    relay.unwatch(&key, &placeholder);
                }
            });
        }
        let direct = Arc::new(AtomicBool::new(parked));
        slot.listed.push(Arc::clone(&direct));
        self.send(Op::Count {
            key: self.pending_key(session),
            delta: 1,
        });
        Ticket {
            session: session.clone(),
            key,
            local: None,
            direct,
        }
    }

    /// A session's event is over: uncounted here, or one less pending in Redis and the end
    /// marker after its messages. While its messages wait in a placeholder, those two wait
    /// with them (a stream elsewhere must not see the event over before its messages).
    pub(crate) fn finished(&self, ticket: Ticket) {
        let mut waiting = self.waiting.lock();
        if let Some(slot) = waiting.get_mut(&ticket.key) {
            slot.listed.retain(|d| !Arc::ptr_eq(d, &ticket.direct));
            // A placeholder is direct only while no stream here is, so it holds the messages.
            if ticket.local.is_none() && ticket.direct.load(Ordering::Acquire) {
                if let Some(holder) = slot.holder() {
                    holder.ended.fetch_add(1, Ordering::AcqRel);
                    return;
                }
            }
            let counted_here = ticket
                .local
                .as_ref()
                .filter(|event| !event.moved.load(Ordering::Acquire));
            if let Some(event) = counted_here {
                slot.events.retain(|e| !Arc::ptr_eq(e, event));
                for watcher in &slot.watchers {
                    watcher.notify.notify_one();
                }
            }
            if slot.is_empty() {
                waiting.remove(&ticket.key);
            }
            if counted_here.is_some() {
                return;
            }
        }
        self.send(Op::Count {
            key: self.pending_key(&ticket.session),
            delta: -1,
        });
        self.send(Op::Push {
            key: ticket.key,
            bytes: Bytes::from_static(DONE),
        });
    }

    /// How many events of the session of list `key` are counted here.
    pub(super) fn local_pending(&self, key: &str) -> usize {
        self.waiting
            .lock()
            .get(key)
            .map_or(0, |slot| slot.events.len())
    }

    /// No stream here reads the session any more: its events counted here move to Redis,
    /// and the next messages of its events go there (until a stream opens here again, which
    /// reads those first).
    fn move_events(&self, key: &str, slot: &mut Slot) {
        if slot.has_direct() {
            return;
        }
        for event in slot.events.drain(..) {
            event.moved.store(true, Ordering::Release);
            slot.listed.push(Arc::clone(&event.direct));
            self.send(Op::Count {
                key: self.pending_key_of_list(key),
                delta: 1,
            });
        }
        for direct in &slot.listed {
            direct.store(false, Ordering::Release);
        }
    }

    /// A wake for a stream of this replica about to read the list `key`; a session stream
    /// (`direct`) takes over the inboxes of the older streams of its session here.
    pub(super) fn watch(&self, key: &str, direct: bool) -> Arc<Watcher> {
        self.subscribe_here();
        let watcher = Watcher::new(direct, false);
        let mut waiting = self.waiting.lock();
        let slot = waiting.entry(key.to_owned()).or_default();
        // Whether it takes over a stream here, whose events' earlier messages may be in Redis
        // or on their way there: it reads those first (a barrier).
        let mut took_stream = false;
        if direct {
            self.elsewhere.lock().remove(key);
            let mut inbox = watcher.inbox.lock();
            for older in &slot.watchers {
                if older.direct.swap(false, Ordering::AcqRel) {
                    if older.placeholder {
                        self.odds.lock().record(true);
                        self.send_ended(key, older);
                    } else {
                        took_stream = true;
                    }
                    inbox.extend_from_slice(&std::mem::take(&mut *older.inbox.lock()));
                    older.notify.notify_one();
                }
            }
        }
        slot.watchers.push(Arc::clone(&watcher));
        // Events of the session joined here before this stream opened send their next
        // messages to it, once their earlier ones (on their way to Redis) are read.
        let mut converted = false;
        if direct {
            for flag in &slot.listed {
                converted |= !flag.swap(true, Ordering::AcqRel);
            }
        }
        if converted || took_stream {
            watcher.barriers.fetch_add(1, Ordering::AcqRel);
            self.send(Op::Barrier(Arc::downgrade(&watcher)));
        }
        watcher
    }

    /// The stream that watched with `watcher` is over: what its inbox still holds goes to
    /// the Redis list, for the stream that reads the session next.
    pub(super) fn unwatch(&self, key: &str, watcher: &Arc<Watcher>) {
        let mut waiting = self.waiting.lock();
        if watcher.direct.swap(false, Ordering::AcqRel) && watcher.placeholder {
            // No stream came for what it held.
            self.odds.lock().record(false);
        }
        let Some(slot) = waiting.get_mut(key) else {
            return;
        };
        slot.watchers.retain(|w| !Arc::ptr_eq(w, watcher));
        self.move_events(key, slot);
        self.list_inbox(key, watcher);
        self.send_ended(key, watcher);
        if slot.is_empty() {
            waiting.remove(key);
        }
    }

    /// Moves a watcher's unsent messages to the Redis list (under the `waiting` lock, so they
    /// go before any later message of the session).
    fn list_inbox(&self, key: &str, watcher: &Watcher) {
        if let Some(bytes) = watcher.take_inbox() {
            self.send(Op::Push {
                key: key.to_owned(),
                bytes,
            });
        }
    }

    /// The ends of the events whose messages `watcher` (a placeholder) held, which waited
    /// for them: one less pending in Redis and the end marker each, after their messages.
    fn send_ended(&self, key: &str, watcher: &Watcher) {
        for _ in 0..watcher.ended.swap(0, Ordering::AcqRel) {
            self.send(Op::Count {
                key: self.pending_key_of_list(key),
                delta: -1,
            });
            self.send(Op::Push {
                key: key.to_owned(),
                bytes: Bytes::from_static(DONE),
            });
        }
    }

    /// The Redis list `key` has more: wakes this replica's streams that read it.
    pub(super) fn wake(&self, key: &str) {
        if let Some(slot) = self.waiting.lock().get(key) {
            for watcher in &slot.watchers {
                watcher.listed.store(true, Ordering::Release);
                watcher.notify.notify_one();
            }
        }
    }

    /// A stream on another replica took the session of list `key` over: this replica's
    /// streams of it stop taking messages directly, their unsent ones go to Redis, and so
    /// does the count of its events here.
    pub(super) fn taken_over(&self, key: &str) {
        let mut waiting = self.waiting.lock();
        self.elsewhere.lock().insert(key);
        let Some(slot) = waiting.get_mut(key) else {
            return;
        };
        for watcher in &slot.watchers {
            if watcher.direct.swap(false, Ordering::AcqRel) && watcher.placeholder {
                self.odds.lock().record(false);
            }
        }
        self.move_events(key, slot);
        for watcher in &slot.watchers {
            self.list_inbox(key, watcher);
            self.send_ended(key, watcher);
            watcher.listed.store(true, Ordering::Release);
            watcher.notify.notify_one();
        }
    }

    /// Sends a framed message of a session's event: straight to the session's stream when
    /// `direct` (the event's ticket says so) and this replica serves it, else to the Redis
    /// list (under the lock, so that a stream opening here meanwhile reads it first). A
    /// progress message (`skippable`) is dropped when the stream already has `max_unread`
    /// bytes waiting: `false` then.
    pub(crate) fn deliver(
        &self,
        key: &str,
        bytes: Bytes,
        skippable: bool,
        direct: &AtomicBool,
    ) -> bool {
        let waiting = self.waiting.lock();
        let watcher = waiting
            .get(key)
            .filter(|_| direct.load(Ordering::Acquire))
            .and_then(|slot| slot.watchers.iter().rev().find(|w| w.is_direct()));
        let Some(watcher) = watcher else {
            self.send(Op::Push {
                key: key.to_owned(),
                bytes,
            });
            return true;
        };
        {
            let mut inbox = watcher.inbox.lock();
            if skippable && inbox.len() + bytes.len() > self.max_unread {
                return false;
            }
            inbox.extend_from_slice(&bytes);
        }
        watcher.notify.notify_one();
        true
    }
}
