//! Where an event's messages go: a session's `/queue/data` stream or one curl stream. Messages
//! are framed when they are sent, so the bytes waiting for each stream are known and bounded
//! (the backlog).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use bytes::Bytes;
use tokio::sync::mpsc::UnboundedSender;

use crate::server::messages::{curl_frame_of, frame, EventMessage, QueueMessage};

/// What a session's stream receives: a framed message of an event, or "this event is over".
#[derive(Debug)]
pub(crate) enum Frame {
    Message(Bytes),
    Done,
}

/// A framed message on a curl stream; `last` ends the stream.
#[derive(Debug)]
pub(crate) struct CurlFrame {
    pub(crate) bytes: Bytes,
    pub(crate) last: bool,
}

/// The bytes of messages waiting for one stream, and how many may wait.
#[derive(Debug)]
pub(crate) struct Backlog {
    bytes: AtomicUsize,
    max: usize,
}

impl Backlog {
    pub(crate) fn new(max: usize) -> Arc<Self> {
        Arc::new(Backlog {
            bytes: AtomicUsize::new(0),
            max,
        })
    }

    /// The stream wrote `n` bytes.
    pub(crate) fn read(&self, n: usize) {
        self.bytes.fetch_sub(n, Ordering::AcqRel);
    }

    pub(crate) fn is_over(&self) -> bool {
        self.bytes.load(Ordering::Acquire) > self.max
    }

    /// Books `n` bytes, unless they may be skipped and the backlog is full.
    pub(crate) fn book(&self, n: usize, skippable: bool) -> bool {
        if skippable && self.bytes.load(Ordering::Acquire) + n > self.max {
            return false;
        }
        self.bytes.fetch_add(n, Ordering::AcqRel);
        true
    }
}

/// Where an event's messages go. Messages are framed as they are sent, so the bytes waiting
/// for each stream are known and bounded.
#[derive(Clone)]
pub(crate) enum Sink {
    /// The session's `/queue/data` stream.
    Session(UnboundedSender<Frame>, Arc<Backlog>),
    /// One curl `GET /call/{api}/{event_id}` stream.
    Curl(UnboundedSender<CurlFrame>, Arc<Backlog>),
    /// A session's stream on any replica, through Redis (the list's key); while the flag is
    /// set (the stream is on this replica), straight to the stream (see `relay::local`).
    #[cfg(feature = "redis")]
    RelaySession(
        Arc<crate::server::relay::Relay>,
        Arc<str>,
        Arc<std::sync::atomic::AtomicBool>,
    ),
    /// A curl stream on any replica, through Redis (the list's key).
    #[cfg(feature = "redis")]
    RelayCurl(Arc<crate::server::relay::Relay>, Arc<str>),
}

impl Sink {
    /// Sends a message; `false` when it was skipped because the stream's backlog is full
    /// (only progress, logs and intermediate values are skipped: a later message or the
    /// final result supersedes them).
    pub(crate) fn send(&self, event_id: &str, message: &EventMessage) -> bool {
        let skippable = matches!(
            message,
            EventMessage::Progress(_) | EventMessage::Log { .. } | EventMessage::Generating { .. }
        );
        // A closed receiver means nobody listens any more: the message is dropped, as Gradio
        // drops the messages of a disconnected session.
        match self {
            Sink::Session(tx, backlog) => {
                let bytes = frame(&QueueMessage::of(event_id, message));
                let n = bytes.len();
                if !backlog.book(n, skippable) {
                    return false;
                }
                if tx.send(Frame::Message(bytes)).is_err() {
                    backlog.read(n);
                }
                true
            }
            Sink::Curl(tx, backlog) => {
                let Some((last, bytes)) = curl_frame_of(message) else {
                    return true;
                };
                let n = bytes.len();
                if !backlog.book(n, skippable) {
                    return false;
                }
                if tx.send(CurlFrame { bytes, last }).is_err() {
                    backlog.read(n);
                }
                true
            }
            #[cfg(feature = "redis")]
            Sink::RelaySession(relay, key, direct) => {
                let bytes = frame(&QueueMessage::of(event_id, message));
                relay.deliver(key, bytes, skippable, direct)
            }
            #[cfg(feature = "redis")]
            Sink::RelayCurl(relay, key) => {
                let Some((last, bytes)) = curl_frame_of(message) else {
                    return true;
                };
                // The first byte says whether the message ends the stream.
                let mut flagged = Vec::with_capacity(bytes.len() + 1);
                flagged.push(if last { b'1' } else { b'0' });
                flagged.extend_from_slice(&bytes);
                relay.send(crate::server::relay::Op::Push {
                    key: key.to_string(),
                    bytes: Bytes::from(flagged),
                });
                true
            }
        }
    }
}
