//! How a session's `/queue/data` stream attaches to its buffer: takes the receiver (or takes
//! over from the stream open until now), lingers while idle, closes, or gives the buffer back
//! when its client goes away.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::mpsc::UnboundedReceiver;
use tokio::sync::{oneshot, Notify};

use super::Queue;
use crate::server::sink::{Backlog, Frame};
use crate::session::SessionId;

/// Where a `/queue/data` stream gets the session's receiver from.
pub(crate) enum Source {
    /// No stream read it: at once.
    Now(UnboundedReceiver<Frame>),
    /// From the stream open until now, which hands it over and ends (a re-open takes over,
    /// as the client that re-opens has given up on the old connection).
    HandedOver(oneshot::Receiver<UnboundedReceiver<Frame>>),
    /// Through Redis, from whichever replica runs the session's events.
    #[cfg(feature = "redis")]
    Relay(Arc<crate::server::relay::Relay>),
}

/// What a `/queue/data` stream reads.
pub(crate) struct Reader {
    pub(crate) source: Source,
    /// Wakes the stream when a re-opened one takes over.
    pub(crate) takeover: Arc<Notify>,
}

/// What a `/queue/data` stream gets when it opens.
pub(crate) enum Attach {
    Stream(Reader, Arc<Backlog>),
    NoSession,
}

impl Queue {
    /// Opens a session's stream: takes its receiver, or takes over from the open stream.
    pub(crate) fn attach(&self, session: &SessionId) -> Attach {
        #[cfg(feature = "redis")]
        if let Some(relay) = &self.relay {
            let reader = Reader {
                source: Source::Relay(Arc::clone(relay)),
                takeover: Arc::new(Notify::new()),
            };
            return Attach::Stream(reader, Backlog::new(self.limits_of.max_unread_bytes));
        }
        let mut channels = self.channels.lock();
        let channels = &mut *channels;
        let Some(channel) = channels.map.get_mut(session) else {
            return Attach::NoSession;
        };
        let source = match channel.rx.take() {
            Some(rx) => {
                channels.unread = channels.unread.saturating_sub(1);
                channel.unread_slot = None;
                Source::Now(rx)
            }
            None => {
                let (tx, rx) = oneshot::channel();
                // An earlier stream still waiting is left with nothing: the latest wins.
                channel.waiting = Some(tx);
                channel.takeover.notify_one();
                Source::HandedOver(rx)
            }
        };
        let reader = Reader {
            source,
            takeover: Arc::clone(&channel.takeover),
        };
        Attach::Stream(reader, Arc::clone(&channel.backlog))
    }

    /// The open stream was told of a takeover: hands `rx` to the stream that took over, or
    /// gives it back if that one is gone (or there is none).
    pub(crate) fn hand_over(
        &self,
        session: &SessionId,
        rx: UnboundedReceiver<Frame>,
    ) -> Result<(), UnboundedReceiver<Frame>> {
        let waiting = self
            .channels
            .lock()
            .map
            .get_mut(session)
            .and_then(|c| c.waiting.take());
        match waiting {
            Some(tx) => tx.send(rx),
            None => Err(rx),
        }
    }

    /// Whether the session's stream has nothing left to send: no pending event, nothing
    /// buffered. The stream then lingers (`ServerConfig::close_linger`) before it closes.
    pub(crate) fn is_idle(&self, session: &SessionId, rx: &UnboundedReceiver<Frame>) -> bool {
        match self.channels.lock().map.get(session) {
            Some(channel) => channel.pending == 0 && rx.is_empty(),
            None => true,
        }
    }

    /// The stream lingered: should it close now (still idle)? If so the channel is removed in
    /// the same step, so a join from now on starts a new one, which a re-opened stream reads.
    pub(crate) fn close_if_idle(&self, session: &SessionId, rx: &UnboundedReceiver<Frame>) -> bool {
        let mut channels = self.channels.lock();
        match channels.map.get(session) {
            // A stream waiting to take over gets the receiver instead.
            Some(channel) if channel.pending == 0 && rx.is_empty() && channel.waiting.is_none() => {
                channels.remove(session);
                true
            }
            Some(_) => false,
            None => true,
        }
    }

    /// The stream ended without closing (the client went away). As in Gradio, the session's
    /// queued events are skipped (running ones run to their end), and what the stream had not
    /// sent stays buffered for a re-opened stream, as an unread buffer under the same limits
    /// as one no stream ever read (`max_unread_sessions`, `max_pending_per_client`,
    /// `unread_ttl`); past them, or with nothing left to send, the buffer is dropped.
    pub(crate) fn detach_dropped(&self, session: &SessionId, rx: UnboundedReceiver<Frame>) {
        // A stream that took over reads on: nothing is lost, nothing skipped.
        let Err(rx) = self.hand_over(session, rx) else {
            return;
        };
        let limits = &self.limits_of;
        let mut guard = self.channels.lock();
        let channels = &mut *guard;
        let unread = channels.unread;
        let Some(channel) = channels.map.get_mut(session) else {
            return;
        };
        channel.alive.store(false, Ordering::Release);
        // Events joined from now on belong to the next stream.
        channel.alive = Arc::new(AtomicBool::new(true));
        channel.last_used = Instant::now();
        let keep = (channel.pending > 0 || !rx.is_empty()) && unread < limits.max_unread_sessions;
        let slot = if keep {
            limits.pending_per_client.take(channel.client).ok()
        } else {
            None
        };
        match slot {
            Some(unread_slot) if channel.rx.is_none() => {
                channel.rx = Some(rx);
                channel.unread_slot = unread_slot;
                channels.unread += 1;
            }
            _ => {
                channels.remove(session);
            }
        }
    }
}
