//! The relay's writes and wakes: this replica's writes go to Redis in order and in pipelined
//! batches, sent by one task at a time; the subscriber task hears every replica's wakes.

use std::collections::BTreeSet;
use std::sync::Weak;
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;

use super::Relay;

/// One write.
pub(crate) enum Op {
    /// Appends a message to a list.
    Push { key: String, bytes: Bytes },
    /// Adds to a count.
    Count { key: String, delta: i64 },
    /// Tells a stream of this replica once everything queued before is written.
    Barrier(Weak<super::local::Watcher>),
}

/// A wake message's kind: the list has more.
pub(super) const WAKE: &str = "w";
/// A wake message's kind: a `GET` read a curl event's messages (the key is its id).
pub(super) const FETCHED: &str = "f";
/// A wake message's kind: a stream took the session of the list over.
pub(super) const TAKEOVER: &str = "t";

/// The most writes sent in one pipeline.
const BATCH: usize = 512;

/// The writes waiting to be sent, and whether a task is sending them.
#[derive(Default)]
pub(super) struct Outbox {
    ops: Vec<Op>,
    sending: bool,
}

impl Relay {
    /// Queues a write (sent in order with every other write of this replica). When no task is
    /// sending, one starts on the caller's runtime: with one worker, the thread that serves
    /// the events also writes, and no other thread is woken.
    pub(crate) fn send(&self, op: Op) {
        self.subscribe_here();
        let mut outbox = self.outbox.lock();
        outbox.ops.push(op);
        if outbox.sending {
            return;
        }
        // Outside a runtime, the write waits for the next one queued within one.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            outbox.sending = true;
            runtime.spawn(send_all(self.me.clone()));
        }
    }
}

/// Sends the queued writes in pipelined batches until none is left.
async fn send_all(relay: Weak<Relay>) {
    loop {
        let Some(relay) = relay.upgrade() else {
            return;
        };
        let batch: Vec<Op> = {
            let mut outbox = relay.outbox.lock();
            if outbox.ops.is_empty() {
                outbox.sending = false;
                return;
            }
            let n = outbox.ops.len().min(BATCH);
            outbox.ops.drain(..n).collect()
        };
        send_batch(&relay, batch).await;
    }
}

/// Sends one batch of writes, then wakes this replica's streams and passes its barriers.
async fn send_batch(relay: &Relay, batch: Vec<Op>) {
    {
        let ttl = |key: &str| {
            i64::try_from(crate::session::redis_millis(relay.ttl_of(key))).unwrap_or(i64::MAX)
        };
        let mut pipe = redis::pipe();
        let mut pushed = BTreeSet::new();
        let mut barriers = Vec::new();
        for op in batch {
            match op {
                Op::Barrier(watcher) => barriers.push(watcher),
                Op::Push { key, bytes } => {
                    pipe.rpush(&key, bytes.as_ref()).ignore();
                    pipe.pexpire(&key, ttl(&key)).ignore();
                    pushed.insert(key);
                }
                Op::Count { key, delta } => {
                    pipe.incr(&key, delta).ignore();
                    pipe.pexpire(&key, ttl(&key)).ignore();
                }
            }
        }
        let channel = relay.wake_channel();
        for key in &pushed {
            pipe.publish(&channel, relay.wake_message(WAKE, key))
                .ignore();
        }
        // A connection that Redis dropped fails its next command and reconnects meanwhile:
        // the batch is tried again (twice) before its messages are given up.
        let mut sent = Ok(());
        // A batch of barriers only has nothing to write.
        let attempts: u32 = if pipe.cmd_iter().next().is_some() {
            3
        } else {
            0
        };
        for attempt in 0..attempts {
            if attempt > 0 {
                tokio::time::sleep(Duration::from_millis(100 * u64::from(attempt))).await;
            }
            sent = match relay.redis().connection().await {
                Ok(mut con) => pipe
                    .query_async::<()>(&mut con)
                    .await
                    .map_err(crate::session::redis_unavailable),
                Err(err) => Err(err),
            };
            if sent.is_ok() {
                break;
            }
        }
        match sent {
            Ok(()) => relay.set_healthy(true),
            Err(err) => {
                relay.set_healthy(false);
                tracing::error!(%err, "the relay could not write to Redis; those messages are lost");
            }
        }
        // Streams of this replica need no round trip through the subscriber to wake.
        for key in &pushed {
            relay.wake(key);
        }
        for watcher in barriers.iter().filter_map(Weak::upgrade) {
            watcher.pass_barrier();
        }
    }
}

/// Hears the wakes of every replica and passes them on to this replica's streams, and the
/// sessions wanted by an event that found their states locked;
/// reconnects when Redis goes away, marking the relay unhealthy meanwhile.
pub(super) async fn subscribe(relay: Weak<Relay>) {
    let mut pause = Duration::from_millis(100);
    loop {
        let (client, channel, wanted) = match relay.upgrade() {
            Some(relay) => (
                relay.redis().client().clone(),
                relay.wake_channel(),
                relay.redis().wanted_channel(),
            ),
            None => return,
        };
        let connected = async {
            let mut pubsub = client.get_async_pubsub().await?;
            pubsub.subscribe(&[&channel, &wanted]).await?;
            Ok::<_, redis::RedisError>(pubsub)
        };
        match tokio::time::timeout(Duration::from_secs(2), connected).await {
            Ok(Ok(pubsub)) => {
                pause = Duration::from_millis(100);
                if let Some(relay) = relay.upgrade() {
                    relay.set_healthy(true);
                }
                let mut messages = pubsub.into_on_message();
                while let Some(message) = messages.next().await {
                    let Some(relay) = relay.upgrade() else {
                        return;
                    };
                    let payload = std::str::from_utf8(message.get_payload_bytes()).ok();
                    if message.get_channel_name() == wanted {
                        if let Some(session) = payload {
                            relay.wanted(session);
                        }
                        continue;
                    }
                    let mut parts = payload.map(|p| p.splitn(3, ' ')).into_iter().flatten();
                    if let (Some(from), Some(kind), Some(key)) =
                        (parts.next(), parts.next(), parts.next())
                    {
                        match kind {
                            _ if from == relay.id => {}
                            WAKE => relay.wake(key),
                            TAKEOVER => relay.taken_over(key),
                            FETCHED => relay.fetched(key),
                            _ => {}
                        }
                    }
                }
                tracing::warn!("the relay lost its Redis subscription; reconnecting");
            }
            Ok(Err(err)) => tracing::warn!(%err, "the relay cannot subscribe to Redis"),
            Err(_) => tracing::warn!("the relay's subscription to Redis timed out"),
        }
        match relay.upgrade() {
            Some(relay) => relay.set_healthy(false),
            None => return,
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_secs(2));
    }
}
