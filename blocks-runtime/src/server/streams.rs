//! The server's SSE streams: a session's `/queue/data`, the heartbeat, and the curl stream.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use actix_web::HttpResponse;
use bytes::Bytes;
use futures_util::stream::{self, Stream};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::sync::{oneshot, Notify};
use tokio::time::{interval_at, sleep, Instant, Interval, Sleep};

use crate::server::clients::ClientSlot;
use crate::server::messages::{curl_frame, frame, QueueMessage};
use crate::server::queue::{Queue, Reader, Source};
use crate::server::sink::{Backlog, CurlFrame, Frame};
use crate::server::Shared;
use crate::session::SessionId;

type Chunk = Result<Bytes, actix_web::Error>;

/// An SSE response with the headers proxies need to pass it through unbuffered.
pub(crate) fn sse(body: impl Stream<Item = Chunk> + 'static) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/event-stream; charset=utf-8")
        .insert_header(("cache-control", "no-cache"))
        .insert_header(("x-accel-buffering", "no"))
        .streaming(body)
}

fn ticker(every: Duration) -> Interval {
    interval_at(Instant::now() + every, every)
}

/// A stream with one frame.
pub(crate) fn single(bytes: Bytes) -> impl Stream<Item = Chunk> {
    stream::once(async move { Ok(bytes) })
}

/// Holds the session's receiver; if the stream is dropped before it closed (the client went
/// away), gives it back to the queue, which skips the session's queued events and keeps what
/// was not sent for a re-opened stream.
struct DataGuard {
    queue: Arc<Queue>,
    session: SessionId,
    /// `None` once the stream closed: the queue removed the session's buffer.
    rx: Option<UnboundedReceiver<Frame>>,
}

impl Drop for DataGuard {
    fn drop(&mut self) {
        if let Some(rx) = self.rx.take() {
            self.queue.detach_dropped(&self.session, rx);
        }
    }
}

struct DataState {
    guard: DataGuard,
    /// Until the stream this one took over hands the receiver over.
    handed: Option<oneshot::Receiver<UnboundedReceiver<Frame>>>,
    takeover: Arc<Notify>,
    backlog: Arc<Backlog>,
    _slot: Option<ClientSlot>,
    heartbeat: Interval,
    /// Armed while the session is idle: when it fires with the session still idle, the stream
    /// sends `close_stream`.
    linger: Option<Pin<Box<Sleep>>>,
    every: Duration,
    done: bool,
}

impl DataState {
    /// Arms the linger if the session has nothing left to send, disarms it otherwise.
    fn check_idle(&mut self) {
        let Some(rx) = &self.guard.rx else {
            return;
        };
        if !self.guard.queue.is_idle(&self.guard.session, rx) {
            self.linger = None;
        } else if self.linger.is_none() {
            self.linger = Some(Box::pin(sleep(self.every)));
        }
    }
}

/// Ends when the linger is armed and over; never while it is not armed.
async fn lingered(linger: &mut Option<Pin<Box<Sleep>>>) {
    match linger {
        Some(sleep) => sleep.as_mut().await,
        None => std::future::pending().await,
    }
}

/// What one wait of a `/queue/data` stream brought.
enum Woke {
    Frame(Frame),
    Ended,
    Heartbeat,
    Lingered,
    TakenOver,
}

/// A session's `/queue/data` stream: every message of its events, then `close_stream` once no
/// event is pending and none joined for `close_linger` (Gradio's clients do not reopen the
/// stream for joins they sent before it closed, so it must outlast a burst of joins). With a
/// relay, the messages come through Redis from whichever replica runs the events.
pub(crate) fn queue_data(
    shared: &Arc<Shared>,
    session: SessionId,
    (reader, backlog): (Reader, Arc<Backlog>),
    slot: Option<ClientSlot>,
) -> impl Stream<Item = Chunk> {
    #[cfg(feature = "redis")]
    use futures_util::StreamExt;
    let (rx, handed) = match reader.source {
        Source::Now(rx) => (Some(rx), None),
        Source::HandedOver(handed) => (None, Some(handed)),
        #[cfg(feature = "redis")]
        Source::Relay(relay) => {
            let stream = relay.queue_data(
                session,
                shared.config.heartbeat_interval,
                shared.config.close_linger,
            );
            // The client's stream slot is held as long as the stream lives.
            return stream
                .map(move |chunk| {
                    let _ = &slot;
                    chunk
                })
                .left_stream();
        }
    };
    let mut state = DataState {
        backlog,
        _slot: slot,
        guard: DataGuard {
            queue: Arc::clone(&shared.queue),
            session,
            rx: None,
        },
        handed,
        takeover: reader.takeover,
        heartbeat: ticker(shared.config.heartbeat_interval),
        linger: None,
        every: shared.config.close_linger,
        done: false,
    };
    // A re-opened stream of a session with nothing left to send closes after the linger too.
    state.guard.rx = rx;
    state.check_idle();
    let local = stream::unfold(state, |mut state| async move {
        if state.done {
            return None;
        }
        if let Some(handed) = state.handed.take() {
            // Heartbeats while the stream taken over hands the receiver over.
            let mut handed = handed;
            let rx = tokio::select! {
                rx = &mut handed => rx.ok()?,
                _ = state.heartbeat.tick() => {
                    state.handed = Some(handed);
                    return Some((Ok(frame(&QueueMessage::HEARTBEAT)), state));
                }
            };
            state.guard.rx = Some(rx);
            state.check_idle();
        }
        loop {
            let rx = state.guard.rx.as_mut()?;
            let woke = tokio::select! {
                frame_in = rx.recv() => frame_in.map_or(Woke::Ended, Woke::Frame),
                // No heartbeat while lingering: the linger is far shorter than the heartbeat.
                _ = state.heartbeat.tick(), if state.linger.is_none() => Woke::Heartbeat,
                () = lingered(&mut state.linger) => Woke::Lingered,
                () = state.takeover.notified() => Woke::TakenOver,
            };
            let first = match woke {
                Woke::Frame(frame_in) => frame_in,
                Woke::Ended => return None,
                Woke::Heartbeat => return Some((Ok(frame(&QueueMessage::HEARTBEAT)), state)),
                Woke::Lingered => {
                    state.linger = None;
                    if state.guard.queue.close_if_idle(&state.guard.session, rx) {
                        state.guard.rx = None;
                        state.done = true;
                        return Some((Ok(frame(&QueueMessage::CLOSE_STREAM)), state));
                    }
                    continue;
                }
                Woke::TakenOver => {
                    let rx = state.guard.rx.take()?;
                    match state.guard.queue.hand_over(&state.guard.session, rx) {
                        // The new stream reads on; this one ends without closing the session.
                        Ok(()) => return None,
                        Err(rx) => {
                            state.guard.rx = Some(rx);
                            continue;
                        }
                    }
                }
            };
            // Send every frame that is ready in one write: fewer syscalls per event.
            let mut out = Vec::with_capacity(512);
            let mut next = Some(first);
            // A session becomes idle only when one of its events is done: only then is the
            // queue asked (it takes the queue's lock).
            let mut saw_done = false;
            while let Some(frame_in) = next.take() {
                match frame_in {
                    Frame::Message(bytes) => {
                        state.backlog.read(bytes.len());
                        out.extend_from_slice(&bytes);
                    }
                    Frame::Done => saw_done = true,
                }
                next = rx.try_recv().ok();
            }
            if saw_done {
                state.check_idle();
            }
            if !out.is_empty() {
                return Some((Ok(Bytes::from(out)), state));
            }
        }
    });
    #[cfg(feature = "redis")]
    let local = local.right_stream();
    local
}

/// Ends a session's connection when the heartbeat stream is dropped (the tab closed), and runs
/// `unload` if it was the last one.
struct HeartbeatGuard {
    shared: Arc<Shared>,
    session: SessionId,
    _slot: Option<ClientSlot>,
    /// `ALIVE`s written.
    beats: std::sync::atomic::AtomicU64,
}

impl Drop for HeartbeatGuard {
    fn drop(&mut self) {
        if self.shared.app.sessions().disconnect(&self.session) {
            let app = self.shared.app.clone();
            let session = self.session.clone();
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move {
                    for result in app.run_unload(&session).await {
                        if let Err(err) = result {
                            tracing::warn!(%session, %err, "an unload listener failed");
                        }
                    }
                });
            }
        }
    }
}

/// `data: ALIVE` at once, then every presence interval, for as long as the page lives; a
/// closed page is noticed when writes fail.
pub(crate) fn heartbeat(
    shared: &Arc<Shared>,
    session: SessionId,
    slot: Option<ClientSlot>,
) -> impl Stream<Item = Chunk> {
    let guard = HeartbeatGuard {
        shared: Arc::clone(shared),
        session,
        _slot: slot,
        beats: std::sync::atomic::AtomicU64::new(0),
    };
    let every = shared.config.presence_interval;
    stream::unfold(
        (guard, None::<Interval>),
        move |(guard, ticker_state)| async move {
            let mut ticker_state = match ticker_state {
                None => {
                    return Some((
                        Ok(Bytes::from_static(b"data: ALIVE\n\n")),
                        (guard, Some(ticker(every))),
                    ));
                }
                Some(t) => t,
            };
            ticker_state.tick().await;
            // A page held open keeps its session's stored values however long it goes
            // without an event (renewed at most once a minute, whatever the interval).
            let renew = guard.shared.app.renew_stored_every();
            let beats = u64::try_from(renew.as_millis() / every.as_millis().max(1))
                .unwrap_or(u64::MAX)
                .max(1);
            if guard
                .beats
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                % beats
                == beats - 1
            {
                guard.shared.app.touch_stored(&guard.session).await;
            }
            Some((
                Ok(Bytes::from_static(b"data: ALIVE\n\n")),
                (guard, Some(ticker_state)),
            ))
        },
    )
}

/// The curl stream of one event: `generating`, then `complete` or `error`, with heartbeats.
pub(crate) fn curl(
    every: Duration,
    (rx, backlog): (UnboundedReceiver<CurlFrame>, Arc<Backlog>),
) -> impl Stream<Item = Chunk> {
    stream::unfold(
        (rx, backlog, ticker(every), false),
        |(mut rx, backlog, mut beat, done)| async move {
            if done {
                return None;
            }
            tokio::select! {
                message = rx.recv() => match message {
                    Some(CurlFrame { bytes, last }) => {
                        backlog.read(bytes.len());
                        Some((Ok(bytes), (rx, backlog, beat, last)))
                    }
                    None => None,
                },
                _ = beat.tick() => {
                    Some((Ok(curl_frame("heartbeat", &())), (rx, backlog, beat, false)))
                }
            }
        },
    )
}
