//! An event's reporter: where its progress, logs and intermediate values go.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::event::pseudo::{Notice, Reporter};
use crate::server::messages::EventMessage;
use crate::server::sink::Sink;

/// Sends an event's notices to its sink as queue messages.
pub(super) fn to_sink(sink: &Sink, event_id: &Arc<str>) -> Reporter {
    let sink = sink.clone();
    let event_id = Arc::clone(event_id);
    // The first intermediate message the client gets carries full values; skipped ones (a
    // full backlog) do not count.
    let first = AtomicBool::new(true);
    Arc::new(move |notice: Notice| {
        let is_first = first.load(Ordering::Acquire);
        let message = match notice {
            Notice::Progress(p) => EventMessage::Progress(p),
            Notice::Log { level, message } => EventMessage::Log { level, message },
            Notice::Generating(values, html) => EventMessage::Generating {
                values,
                html,
                first: is_first,
            },
        };
        let generating = matches!(message, EventMessage::Generating { .. });
        if sink.send(&event_id, &message) && generating {
            first.store(false, Ordering::Release);
        }
    })
}
