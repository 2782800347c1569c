//! The queue: events joined by a session run as tasks under per-event concurrency limits, and
//! their messages are buffered per session from the join on, until the session's `/queue/data`
//! stream reads them.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use serde_json::Value;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio::sync::{oneshot, Notify, Semaphore};

use crate::app::{App, DependencyId};
use crate::engine::EventRequest;
use crate::event::RequestInfo;
use crate::server::clients::{ClientSlot, PerClient};
use crate::server::error::ProtocolError;
use crate::server::messages::EventMessage;
use crate::server::sink::{Backlog, CurlFrame, Frame, Sink};
use crate::session::SessionId;

mod attach;
#[cfg(feature = "redis")]
mod relayed;
mod reporter;
mod room;
pub(crate) use attach::{Attach, Reader, Source};

/// A 32-hex-digit event id.
pub(crate) fn new_event_id() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// One event on its way through the queue.
struct Job {
    event_id: Arc<str>,
    /// The session whose `/queue/data` stream carries the messages, if any.
    stream_session: Option<SessionId>,
    session: SessionId,
    dependency: DependencyId,
    data: Vec<Value>,
    info: RequestInfo,
    sink: Sink,
    alive: Arc<AtomicBool>,
    /// A one-shot session (an API call without `session_hash`): nobody can name it again,
    /// so it is dropped once the event is over.
    one_shot: bool,
    /// The event's count for its session's relayed stream, if any.
    #[cfg(feature = "redis")]
    relayed: Option<crate::server::relay::Ticket>,
}

/// A session's buffer of messages.
pub(crate) struct Channel {
    tx: UnboundedSender<Frame>,
    /// Taken by the `/queue/data` stream while it is open.
    rx: Option<UnboundedReceiver<Frame>>,
    backlog: Arc<Backlog>,
    /// Counts the buffer against its client while no stream reads it.
    unread_slot: Option<ClientSlot>,
    /// Events joined and not finished.
    pending: usize,
    /// Cleared when the stream drops: queued events of the session are skipped.
    alive: Arc<AtomicBool>,
    last_used: Instant,
    /// The client address the unread buffer is counted against.
    client: Option<IpAddr>,
    /// Wakes the open stream when a re-opened one takes over.
    takeover: Arc<Notify>,
    /// Where the open stream hands the receiver to the stream that took over.
    waiting: Option<oneshot::Sender<UnboundedReceiver<Frame>>>,
}

struct Running {
    session: Option<SessionId>,
    /// The event's count for its session's relayed stream (through Redis), if any.
    #[cfg(feature = "redis")]
    relayed: Option<crate::server::relay::Ticket>,
    abort: Option<tokio::task::AbortHandle>,
    sink: Sink,
}

/// The sessions' buffers, and how many of them no stream reads.
#[derive(Default)]
struct Channels {
    map: HashMap<SessionId, Channel>,
    unread: usize,
}

impl Channels {
    fn remove(&mut self, session: &SessionId) -> Option<Channel> {
        let channel = self.map.remove(session)?;
        if channel.rx.is_some() {
            self.unread = self.unread.saturating_sub(1);
        }
        Some(channel)
    }
}

/// The queue's limits (see `ServerConfig`).
#[derive(Clone)]
pub(crate) struct QueueLimits {
    pub(crate) max_queue: usize,
    pub(crate) max_unread_sessions: usize,
    pub(crate) max_unread_bytes: usize,
    /// Unread buffers and unfetched results per client address.
    pub(crate) pending_per_client: Arc<PerClient>,
    /// How long messages nobody reads are kept (relayed ones too).
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    pub(crate) unread_ttl: Duration,
    /// How long curl results wait for their `GET` (relayed ones; others are kept by the
    /// server).
    #[cfg_attr(not(feature = "redis"), allow(dead_code))]
    pub(crate) unfetched_ttl: Duration,
}

/// The server's queue.
pub(crate) struct Queue {
    app: App,
    limits_of: QueueLimits,
    channels: Mutex<Channels>,
    running: Mutex<HashMap<Arc<str>, Running>>,
    queued: AtomicUsize,
    limits: Vec<Option<Arc<Semaphore>>>,
    waiting: Vec<AtomicUsize>,
    durations: Mutex<Vec<(f64, u64)>>,
    /// Routes messages through Redis when the app's store is a Redis one.
    #[cfg(feature = "redis")]
    relay: Option<Arc<crate::server::relay::Relay>>,
}

impl Queue {
    pub(crate) fn new(app: App, limits_of: QueueLimits) -> Self {
        let deps = app.dependencies();
        let limits = deps
            .iter()
            .map(|d| {
                d.options
                    .concurrency_limit
                    .map(|n| Arc::new(Semaphore::new(n.max(1))))
            })
            .collect();
        let waiting = deps.iter().map(|_| AtomicUsize::new(0)).collect();
        Queue {
            #[cfg(feature = "redis")]
            relay: app.def.store.as_ref().and_then(|store| {
                let holder = app.clone();
                crate::server::relay::Relay::start(
                    store,
                    crate::server::relay::Settings {
                        ttl: limits_of.unread_ttl,
                        curl_ttl: limits_of.unfetched_ttl,
                        max_unread: limits_of.max_unread_bytes,
                        max_sessions: limits_of.max_unread_sessions,
                    },
                    Box::new(move |session| holder.give_up_kept(&session)),
                )
            }),
            durations: Mutex::new(vec![(0.0, 0); deps.len()]),
            app,
            limits_of,
            channels: Mutex::new(Channels::default()),
            running: Mutex::new(HashMap::new()),
            queued: AtomicUsize::new(0),
            limits,
            waiting,
        }
    }

    /// The session's buffer, made if new within the limits, with one more pending event.
    fn channel_for(
        &self,
        session: &SessionId,
        client: Option<IpAddr>,
    ) -> Result<(Sink, Arc<AtomicBool>), ProtocolError> {
        let limits = &self.limits_of;
        let mut channels = self.channels.lock();
        if !channels.map.contains_key(session) {
            if channels.unread >= limits.max_unread_sessions {
                return Err(ProtocolError::UnreadSessions(limits.max_unread_sessions));
            }
            let unread_slot = limits.pending_per_client.take(client)?;
            let (tx, rx) = unbounded_channel();
            channels.map.insert(
                session.clone(),
                Channel {
                    tx,
                    rx: Some(rx),
                    backlog: Backlog::new(limits.max_unread_bytes),
                    unread_slot,
                    pending: 0,
                    alive: Arc::new(AtomicBool::new(true)),
                    last_used: Instant::now(),
                    client,
                    takeover: Arc::new(Notify::new()),
                    waiting: None,
                },
            );
            channels.unread += 1;
        }
        let Some(channel) = channels.map.get_mut(session) else {
            return Err(ProtocolError::UnreadSessions(limits.max_unread_sessions));
        };
        if channel.backlog.is_over() {
            return Err(ProtocolError::Backlog(limits.max_unread_bytes));
        }
        channel.pending += 1;
        channel.last_used = Instant::now();
        Ok((
            Sink::Session(channel.tx.clone(), Arc::clone(&channel.backlog)),
            Arc::clone(&channel.alive),
        ))
    }

    /// Joins an event for a session's `/queue/data` stream; returns its id.
    pub(crate) fn join_session(
        self: &Arc<Self>,
        session: SessionId,
        dependency: DependencyId,
        data: Vec<Value>,
        info: RequestInfo,
        client: Option<IpAddr>,
    ) -> Result<String, ProtocolError> {
        self.app.check_inputs(dependency, &data)?;
        #[cfg(feature = "redis")]
        if let Some(relay) = &self.relay {
            return self.join_relayed(relay, session, dependency, data, info);
        }
        self.reserve()?;
        let event_id = new_event_id();
        let (sink, alive) = self
            .channel_for(&session, client)
            .inspect_err(|_| self.unreserve())?;
        self.spawn(Job {
            event_id: Arc::from(event_id.as_str()),
            stream_session: Some(session.clone()),
            session,
            dependency,
            data,
            info,
            sink,
            alive,
            one_shot: false,
            #[cfg(feature = "redis")]
            relayed: None,
        });
        Ok(event_id)
    }

    /// Joins an event whose messages go to one curl stream; returns the receiver. A one-shot
    /// session (`one_shot`) is dropped when the event is over (see `EventRequest::one_shot`).
    pub(crate) fn join_curl(
        self: &Arc<Self>,
        (session, dependency, data): (SessionId, DependencyId, Vec<Value>),
        event_id: &str,
        info: RequestInfo,
        one_shot: bool,
    ) -> Result<(UnboundedReceiver<CurlFrame>, Arc<Backlog>), ProtocolError> {
        self.app.check_inputs(dependency, &data)?;
        #[cfg(feature = "redis")]
        if let Some(relay) = &self.relay {
            return self.join_curl_relayed(
                relay,
                (session, dependency, data),
                event_id,
                info,
                one_shot,
            );
        }
        self.reserve()?;
        let (tx, rx) = unbounded_channel();
        let backlog = Backlog::new(self.limits_of.max_unread_bytes);
        self.spawn(Job {
            event_id: Arc::from(event_id),
            stream_session: None,
            session,
            dependency,
            data,
            info,
            sink: Sink::Curl(tx, Arc::clone(&backlog)),
            alive: Arc::new(AtomicBool::new(true)),
            one_shot,
            #[cfg(feature = "redis")]
            relayed: None,
        });
        Ok((rx, backlog))
    }

    fn spawn(self: &Arc<Self>, job: Job) {
        #[cfg(feature = "redis")]
        let mut job = job;
        let event_id = Arc::clone(&job.event_id);
        self.running.lock().insert(
            Arc::clone(&event_id),
            Running {
                #[cfg(feature = "redis")]
                relayed: job.relayed.take(),
                session: job.stream_session.clone(),
                abort: None,
                sink: job.sink.clone(),
            },
        );
        let queue = Arc::clone(self);
        let task = tokio::spawn(async move { queue.run(job).await });
        if let Some(running) = self.running.lock().get_mut(&event_id) {
            running.abort = Some(task.abort_handle());
        }
    }

    async fn run(self: Arc<Self>, job: Job) {
        let Job {
            event_id,
            session,
            dependency,
            data,
            info,
            sink,
            alive,
            one_shot,
            ..
        } = job;
        let index = dependency.get();
        let rank = self
            .waiting
            .get(index)
            .map_or(0, |w| w.fetch_add(1, Ordering::AcqRel));
        sink.send(
            &event_id,
            &EventMessage::Estimation {
                rank,
                queue_size: self.queued.load(Ordering::Acquire),
            },
        );

        let reporter = reporter::to_sink(&sink, &event_id);
        let request = EventRequest::new(session, dependency, data)
            .with_info(info)
            .with_reporter(reporter)
            .one_shot(one_shot);
        // The event waits for a slot of its concurrency limit before it claims its session's
        // states, and gives it back before they are saved (see `App::run_gated`).
        let started = Mutex::new(Instant::now());
        let counted = AtomicBool::new(true);
        let uncount = || {
            if counted.swap(false, Ordering::AcqRel) {
                if let Some(w) = self.waiting.get(index) {
                    w.fetch_sub(1, Ordering::AcqRel);
                }
            }
        };
        let gate = async {
            let permit = self.concurrency_slot(index).await;
            uncount();
            if !alive.load(Ordering::Acquire) {
                return None;
            }
            sink.send(&event_id, &EventMessage::Starts);
            *started.lock() = Instant::now();
            Some(permit)
        };
        let ran = self.app.run_gated(request, gate).await;
        // An event that failed before its gate (its session could not open) waits no more.
        uncount();
        let result = match ran {
            Ok(Some(outcome)) => Ok(outcome),
            Ok(None) => {
                self.finish(&event_id, None);
                return;
            }
            Err(err) => Err(err),
        };
        let started = *started.lock();
        let duration = started.elapsed().as_secs_f64();
        let average = {
            let mut durations = self.durations.lock();
            match durations.get_mut(index) {
                Some(entry) => {
                    entry.0 += duration;
                    entry.1 += 1;
                    entry.0 / entry.1 as f64
                }
                None => duration,
            }
        };
        self.finish(
            &event_id,
            Some(EventMessage::Completed {
                result,
                duration,
                average,
            }),
        );
    }

    /// Ends an event once: sends its last message, and tells its session's stream it is over.
    /// The first of the event's own end and a cancel does this; the other finds nothing to do.
    fn finish(&self, event_id: &Arc<str>, last: Option<EventMessage>) -> bool {
        let Some(running) = self.running.lock().remove(event_id) else {
            return false;
        };
        self.queued.fetch_sub(1, Ordering::AcqRel);
        if let Some(message) = last {
            running.sink.send(event_id, &message);
        }
        #[cfg(feature = "redis")]
        if let (Some(relay), Some(ticket)) = (&self.relay, running.relayed) {
            relay.finished(ticket);
        }
        if let Some(session) = running.session {
            let mut channels = self.channels.lock();
            if let Some(channel) = channels.map.get_mut(&session) {
                channel.pending = channel.pending.saturating_sub(1);
                channel.last_used = Instant::now();
                let _ = channel.tx.send(Frame::Done);
            }
        }
        true
    }

    /// Cancels an event: stops its task and sends it an empty completion.
    pub(crate) fn cancel(&self, event_id: &str) -> bool {
        let key: Arc<str> = Arc::from(event_id);
        let abort = self
            .running
            .lock()
            .get_mut(&key)
            .and_then(|r| r.abort.take());
        if let Some(abort) = &abort {
            abort.abort();
        }
        self.finish(&key, Some(EventMessage::Cancelled))
    }

    /// Frees buffers of sessions that joined events but never read them, `idle` after their
    /// last event ended.
    pub(crate) fn sweep(&self, idle: Duration) {
        let now = Instant::now();
        let mut channels = self.channels.lock();
        let stale: Vec<SessionId> = channels
            .map
            .iter()
            .filter(|(_, c)| {
                c.rx.is_some() && c.pending == 0 && now.duration_since(c.last_used) >= idle
            })
            .map(|(session, _)| session.clone())
            .collect();
        for session in &stale {
            channels.remove(session);
        }
    }

    /// Events queued or running.
    pub(crate) fn size(&self) -> usize {
        self.queued.load(Ordering::Acquire)
    }
}
