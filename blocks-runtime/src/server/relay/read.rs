//! Reading relayed messages: a session's `/queue/data` stream on whichever replica it reaches
//! (a curl event's `GET` is in `curl`).

use std::pin::Pin;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::{self, Stream};
use redis::{Script, Value as RedisValue};
use tokio::time::{interval_at, sleep, Instant, Interval, Sleep};

use super::local::Watcher;
use super::write::TAKEOVER;
use super::{Relay, DONE};
use crate::server::messages::{frame, QueueMessage};
use crate::session::SessionId;

type Chunk = Result<Bytes, actix_web::Error>;

/// The most messages popped at once.
pub(super) const COUNT: usize = 256;
/// How long a stream waits for the first sign of its session or event (a join on another
/// replica whose writes are still on their way) before it answers "not found".
pub(super) const GRACE: Duration = Duration::from_secs(1);
/// How often a stream looks at its list when no wake came (a wake lost while the subscriber
/// reconnects only delays).
pub(super) const POLL: Duration = Duration::from_millis(250);

pub(super) const UNAVAILABLE: &str = "the session store (Redis) is unavailable; try again";

/// The end of the session scripts that pop: the session's pending count (KEYS[3]), then up
/// to ARGV[2] messages taken from its list (KEYS[1]).
macro_rules! pop_with_pending {
    () => {
        r"
local out = {tonumber(redis.call('GET', KEYS[3]) or '0')}
local items = redis.call('LPOP', KEYS[1], ARGV[2])
if items then for i = 1, #items do out[#out + 1] = items[i] end end
return out
"
    };
}

/// Pops a session's messages if this stream still reads them; with its pending count first.
static POP_SESSION: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        r"
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return false end
redis.call('PEXPIRE', KEYS[2], ARGV[3])
",
        pop_with_pending!()
    ))
});

/// Claims a session's list for a stream that opens (it reads it from now on, and the other
/// replicas hear of the takeover), then pops as `POP_SESSION` does: one round trip.
static OPEN_SESSION: LazyLock<Script> = LazyLock::new(|| {
    Script::new(concat!(
        r"
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
redis.call('PUBLISH', ARGV[4], ARGV[5])
",
        pop_with_pending!()
    ))
});

/// Ends the stream if it still reads the session and nothing is left or pending (1), else 0.
static CLOSE_SESSION: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 1 end
if redis.call('LLEN', KEYS[1]) > 0 then return 0 end
if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then return 0 end
redis.call('DEL', KEYS[2])
return 1
",
    )
});

/// Lets a session's list go if this stream still reads it.
static LET_GO: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 1",
    )
});

/// A script's reply of a number then messages; `None` for nil.
pub(super) fn split(reply: RedisValue) -> Option<(i64, Vec<Vec<u8>>)> {
    let RedisValue::Array(items) = reply else {
        return None;
    };
    let mut items = items.into_iter();
    let head = match items.next()? {
        RedisValue::Int(n) => n,
        _ => return None,
    };
    let rest = items
        .filter_map(|item| match item {
            RedisValue::BulkString(bytes) => Some(bytes),
            _ => None,
        })
        .collect();
    Some((head, rest))
}

/// A session's stream on this replica.
struct SessionReader {
    relay: Arc<Relay>,
    session: SessionId,
    token: String,
    key: String,
    watcher: Arc<Watcher>,
    heartbeat: Interval,
    poll: Interval,
    linger: Option<Pin<Box<Sleep>>>,
    close_linger: Duration,
    opened: Instant,
    /// Whether the session showed a pending event or a message.
    seen: bool,
    /// Whether the stream is over (closed, taken over, or failed).
    done: bool,
    /// Whether the Redis list may hold more than the last pop took: else the stream waits
    /// for a wake (or the poll) before popping again.
    pop_due: bool,
    /// Whether the last pop found nothing pending in Redis.
    redis_idle: bool,
    /// Whether the stream claimed its session's list (its first pop does, and tells the
    /// other replicas, whose streams of the session stop taking its messages directly).
    claimed: bool,
    /// Whether the stream may send its inbox before its first pop (no barrier as it opened).
    inbox_first: bool,
}

impl Drop for SessionReader {
    fn drop(&mut self) {
        self.relay.unwatch(&self.key, &self.watcher);
        if self.done {
            return;
        }
        // The client went away: another stream may read on; what is left stays listed.
        let relay = Arc::clone(&self.relay);
        let (reader, token) = (relay.reader_key(&self.session), self.token.clone());
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let mut invocation = LET_GO.key(reader);
                invocation.arg(token);
                let _ = relay
                    .redis()
                    .retrying(|mut con| {
                        let invocation = &invocation;
                        async move { invocation.invoke_async::<()>(&mut con).await }
                    })
                    .await;
            });
        }
    }
}

enum Popped {
    Messages {
        out: Vec<u8>,
        idle: bool,
        full: bool,
    },
    TakenOver,
}

impl SessionReader {
    /// Pops, once more after a pause if the first try fails (a connection Redis dropped
    /// fails its next command and reconnects meanwhile).
    async fn pop(&mut self) -> Result<Popped, crate::session::StoreError> {
        match self.pop_once().await {
            Ok(popped) => Ok(popped),
            Err(_) => {
                sleep(Duration::from_millis(150)).await;
                self.pop_once().await
            }
        }
    }

    async fn pop_once(&mut self) -> Result<Popped, crate::session::StoreError> {
        let mut con = self.relay.redis().connection().await?;
        let script = if self.claimed {
            &POP_SESSION
        } else {
            &OPEN_SESSION
        };
        let mut invocation = script.key(&self.key);
        invocation
            .key(self.relay.reader_key(&self.session))
            .key(self.relay.pending_key(&self.session))
            .arg(&self.token)
            .arg(COUNT)
            .arg(crate::session::redis_millis(self.relay.ttl));
        if !self.claimed {
            invocation
                .arg(self.relay.wake_channel())
                .arg(self.relay.wake_message(TAKEOVER, &self.key));
        }
        let reply: RedisValue = invocation
            .invoke_async(&mut con)
            .await
            .map_err(crate::session::redis_unavailable)?;
        self.claimed = true;
        let Some((pending, items)) = split(reply) else {
            return Ok(Popped::TakenOver);
        };
        let full = items.len() >= COUNT;
        if pending > 0 || !items.is_empty() || self.relay.local_pending(&self.key) > 0 {
            self.seen = true;
        }
        let mut out = Vec::new();
        for item in items {
            if item != DONE {
                out.extend_from_slice(&item);
            }
        }
        Ok(Popped::Messages {
            out,
            idle: pending <= 0 && !full,
            full,
        })
    }

    async fn close_if_idle(&self) -> Result<bool, crate::session::StoreError> {
        if self.watcher.has_inbox() || self.relay.local_pending(&self.key) > 0 {
            return Ok(false);
        }
        let mut invocation = CLOSE_SESSION.key(&self.key);
        invocation
            .key(self.relay.reader_key(&self.session))
            .key(self.relay.pending_key(&self.session))
            .arg(&self.token);
        let closed: i64 = self
            .relay
            .redis()
            .retrying(|mut con| {
                let invocation = &invocation;
                async move { invocation.invoke_async(&mut con).await }
            })
            .await?;
        Ok(closed == 1)
    }

    /// Starts the wait before `close_stream` when nothing is pending here or in Redis (as of
    /// the last pop), else stops it.
    fn rearm(&mut self) {
        let idle = self.redis_idle
            && self.relay.local_pending(&self.key) == 0
            && !self.watcher.has_inbox();
        if !(idle && self.seen) {
            self.linger = None;
        } else if self.linger.is_none() {
            self.linger = Some(Box::pin(sleep(self.close_linger)));
        }
    }

    /// Pops: the chunk to send (messages, or the stream's last word), or `None` to wait.
    async fn pop_chunk(&mut self) -> Option<Chunk> {
        let popped = match self.pop().await {
            Ok(popped) => popped,
            Err(err) => {
                tracing::warn!(session = %self.session, %err, "a relayed stream failed");
                self.done = true;
                return Some(Ok(frame(&QueueMessage::unexpected(UNAVAILABLE, false))));
            }
        };
        let Popped::Messages { out, idle, full } = popped else {
            self.done = true;
            return Some(Ok(Bytes::new()));
        };
        if !self.seen && self.opened.elapsed() >= GRACE {
            self.done = true;
            return Some(Ok(frame(&QueueMessage::unexpected("404: Not Found", true))));
        }
        self.redis_idle = idle;
        if !out.is_empty() {
            // Messages came: the wait before `close_stream` starts again.
            self.linger = None;
        }
        self.rearm();
        self.pop_due = full;
        if out.is_empty() {
            return None;
        }
        Some(Ok(Bytes::from(out)))
    }

    /// The next chunk of the stream, or `None` at its end.
    async fn next(&mut self) -> Option<Chunk> {
        if self.done {
            return None;
        }
        loop {
            // Messages on their way to Redis from before the stream opened come first: the
            // stream waits for them (a barrier) and reads the list before its inbox.
            if !self.watcher.is_held_back() {
                // Messages that waited here for this stream (see `Relay::joined`) go out
                // before its first pop when nothing was on its way to Redis as it opened:
                // the list then holds no earlier message of their events.
                if self.inbox_first && !self.claimed {
                    self.inbox_first = false;
                    if let Some(bytes) = self.watcher.take_inbox() {
                        self.seen = true;
                        return Some(Ok(bytes));
                    }
                }
                let popping = std::mem::take(&mut self.pop_due) || self.watcher.take_listed();
                if popping {
                    if let Some(chunk) = self.pop_chunk().await {
                        // Taken over: the stream ends without a word.
                        if self.done && matches!(&chunk, Ok(bytes) if bytes.is_empty()) {
                            return None;
                        }
                        return Some(chunk);
                    }
                    if self.pop_due {
                        continue;
                    }
                }
                // Messages of this replica's events: no round trip.
                if let Some(bytes) = self.watcher.take_inbox() {
                    self.seen = true;
                    self.linger = None;
                    return Some(Ok(bytes));
                }
                if !popping {
                    // A local wake: an event counted here may have ended.
                    self.rearm();
                }
            }
            let grace = !self.seen;
            tokio::select! {
                () = self.watcher.notify.notified() => {}
                _ = self.poll.tick() => self.pop_due = true,
                () = sleep(Duration::from_millis(20)), if grace => self.pop_due = true,
                _ = self.heartbeat.tick(), if self.linger.is_none() => {
                    return Some(Ok(frame(&QueueMessage::HEARTBEAT)));
                }
                () = lingered(&mut self.linger) => {
                    self.linger = None;
                    if self.watcher.has_inbox() {
                        continue;
                    }
                    match self.close_if_idle().await {
                        Ok(true) => {
                            self.done = true;
                            return Some(Ok(frame(&QueueMessage::CLOSE_STREAM)));
                        }
                        Ok(false) => {}
                        Err(err) => {
                            tracing::warn!(session = %self.session, %err, "a relayed stream failed");
                            self.done = true;
                            return Some(Ok(frame(&QueueMessage::unexpected(UNAVAILABLE, false))));
                        }
                    }
                }
            }
        }
    }
}

async fn lingered(linger: &mut Option<Pin<Box<Sleep>>>) {
    match linger {
        Some(sleep) => sleep.as_mut().await,
        None => std::future::pending().await,
    }
}

impl Relay {
    /// A session's `/queue/data` stream on this replica: takes over from any stream that read
    /// it until now (on any replica), sends its messages, heartbeats, and `close_stream` once
    /// nothing is pending for `close_linger`; "not found" when no event of the session shows
    /// up within a second.
    pub(crate) fn queue_data(
        self: &Arc<Self>,
        session: SessionId,
        heartbeat: Duration,
        close_linger: Duration,
    ) -> impl Stream<Item = Chunk> {
        let key = self.session_key(&session);
        let watcher = self.watch(&key, true);
        let reader = SessionReader {
            inbox_first: !watcher.is_held_back(),
            watcher,
            relay: Arc::clone(self),
            token: format!("{:032x}", rand::random::<u128>()),
            key,
            session,
            heartbeat: interval_at(Instant::now() + heartbeat, heartbeat),
            poll: interval_at(Instant::now() + POLL, POLL),
            linger: None,
            close_linger,
            opened: Instant::now(),
            seen: false,
            done: false,
            pop_due: true,
            redis_idle: false,
            claimed: false,
        };
        stream::unfold(reader, |mut reader| async move {
            let chunk = reader.next().await?;
            Some((chunk, reader))
        })
    }
}
