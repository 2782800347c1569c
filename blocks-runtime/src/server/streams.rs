//! The server's SSE streams: a session's `/queue/data`, the heartbeat, and the curl stream.

use std::sync::Arc;
use std::time::Duration;

use actix_web::HttpResponse;
use bytes::Bytes;
use futures_util::stream::{self, Stream};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::{interval_at, Instant, Interval};

use crate::server::clients::ClientSlot;
use crate::server::messages::{curl_frame, frame, write_frame, QueueMessage};
use crate::server::queue::Queue;
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

/// Removes the session's buffer when a `/queue/data` stream is dropped before it closed.
struct DataGuard {
    queue: Arc<Queue>,
    session: SessionId,
    closed: bool,
}

impl Drop for DataGuard {
    fn drop(&mut self) {
        if !self.closed {
            self.queue.detach_dropped(&self.session);
        }
    }
}

struct DataState {
    rx: UnboundedReceiver<Frame>,
    backlog: Arc<Backlog>,
    guard: DataGuard,
    _slot: Option<ClientSlot>,
    heartbeat: Interval,
    done: bool,
}

/// A session's `/queue/data` stream: every message of its events, then `close_stream` once no
/// event is pending.
pub(crate) fn queue_data(
    shared: &Arc<Shared>,
    session: SessionId,
    (rx, backlog): (UnboundedReceiver<Frame>, Arc<Backlog>),
    slot: Option<ClientSlot>,
) -> impl Stream<Item = Chunk> {
    let state = DataState {
        rx,
        backlog,
        _slot: slot,
        guard: DataGuard {
            queue: Arc::clone(&shared.queue),
            session,
            closed: false,
        },
        heartbeat: ticker(shared.config.heartbeat_interval),
        done: false,
    };
    stream::unfold(state, |mut state| async move {
        if state.done {
            return None;
        }
        loop {
            let first = tokio::select! {
                frame_in = state.rx.recv() => match frame_in {
                    Some(frame_in) => frame_in,
                    None => return None,
                },
                _ = state.heartbeat.tick() => {
                    let bytes = frame(&QueueMessage::HEARTBEAT);
                    return Some((Ok(bytes), state));
                }
            };
            // Send every frame that is ready in one write: fewer syscalls per event.
            let mut out = Vec::with_capacity(512);
            let mut next = Some(first);
            while let Some(frame_in) = next.take() {
                match frame_in {
                    Frame::Message(bytes) => {
                        state.backlog.read(bytes.len());
                        out.extend_from_slice(&bytes);
                    }
                    Frame::Done => {
                        if state
                            .guard
                            .queue
                            .should_close(&state.guard.session, &state.rx)
                        {
                            state.guard.closed = true;
                            state.done = true;
                            write_frame(&mut out, &QueueMessage::CLOSE_STREAM);
                            break;
                        }
                    }
                }
                next = state.rx.try_recv().ok();
            }
            if !out.is_empty() {
                return Some((Ok(Bytes::from(out)), state));
            }
        }
    })
}

/// Ends a session's connection when the heartbeat stream is dropped (the tab closed), and runs
/// `unload` if it was the last one.
struct HeartbeatGuard {
    shared: Arc<Shared>,
    session: SessionId,
    _slot: Option<ClientSlot>,
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
