//! Reading a relayed curl event: its `GET`, on whichever replica it reaches, pops the event's
//! messages from Redis, and once it has read them tells the replica of the `POST`.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use bytes::Bytes;
use redis::{Script, Value as RedisValue};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};
use tokio::time::{sleep, Instant};

use super::read::{split, COUNT, GRACE, POLL, UNAVAILABLE};
use super::write::FETCHED;
use super::Relay;
use crate::server::messages::curl_frame;
use crate::server::sink::{Backlog, CurlFrame};

/// Pops a curl event's messages, with whether the event exists first.
static POP_CURL: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local out = {redis.call('EXISTS', KEYS[2])}
local items = redis.call('LPOP', KEYS[1], ARGV[1])
if items then for i = 1, #items do out[#out + 1] = items[i] end end
return out
",
    )
});

impl Relay {
    /// Deletes a curl event's list and marker, and tells the other replicas that its result
    /// is no longer waiting (the one of its `POST` forgets its record).
    async fn forget_curl(&self, event_id: &str) {
        let pipe = redis::pipe()
            .del(self.curl_marker(event_id))
            .ignore()
            .del(self.curl_key(event_id))
            .ignore()
            .publish(self.wake_channel(), self.wake_message(FETCHED, event_id))
            .ignore()
            .clone();
        let _ = self
            .redis()
            .retrying(|mut con| {
                let pipe = &pipe;
                async move { pipe.query_async::<()>(&mut con).await }
            })
            .await;
    }

    /// The messages of a curl event, wherever it runs, as the curl stream reads them.
    pub(crate) fn curl(
        self: &Arc<Self>,
        event_id: &str,
    ) -> (UnboundedReceiver<CurlFrame>, Arc<Backlog>) {
        let (tx, rx) = unbounded_channel();
        let backlog = Backlog::new(usize::MAX);
        let relay = Arc::clone(self);
        let (key, marker) = (self.curl_key(event_id), self.curl_marker(event_id));
        let event_id = event_id.to_owned();
        let booked = Arc::clone(&backlog);
        let watcher = self.watch(&key, false);
        tokio::spawn(async move {
            let send = |bytes: Bytes, last: bool| {
                booked.book(bytes.len(), false);
                tx.send(CurlFrame { bytes, last }).is_ok()
            };
            let opened = Instant::now();
            loop {
                let mut invocation = POP_CURL.key(&key);
                invocation.key(&marker).arg(COUNT);
                let reply = relay
                    .redis()
                    .retrying(|mut con| {
                        let invocation = &invocation;
                        async move { invocation.invoke_async::<RedisValue>(&mut con).await }
                    })
                    .await;
                let (exists, items) = match reply.map(split) {
                    Ok(Some(popped)) => popped,
                    Ok(None) | Err(_) => {
                        send(curl_frame("error", &UNAVAILABLE), true);
                        break;
                    }
                };
                if exists == 0 && items.is_empty() && opened.elapsed() >= GRACE {
                    send(curl_frame("error", &"404: Not Found"), true);
                    break;
                }
                // The last message is read: the result is no longer waiting, here or on the
                // replica of its `POST` (told before the client hears the end).
                let last = items.iter().any(|item| item.first() == Some(&b'1'));
                if last {
                    relay.forget_curl(&event_id).await;
                }
                let mut ended = false;
                for item in items {
                    let Some((&flag, bytes)) = item.split_first() else {
                        continue;
                    };
                    ended = flag == b'1';
                    if !send(Bytes::copy_from_slice(bytes), ended) || ended {
                        ended = true;
                        break;
                    }
                }
                if ended {
                    // The client went away: the result is gone, as on one process.
                    if !last {
                        relay.forget_curl(&event_id).await;
                    }
                    break;
                }
                if tx.is_closed() {
                    break;
                }
                let wait = if exists == 0 {
                    Duration::from_millis(20)
                } else {
                    POLL
                };
                tokio::select! {
                    () = watcher.notify.notified() => {}
                    () = sleep(wait) => {}
                }
            }
            relay.unwatch(&key, &watcher);
        });
        (rx, backlog)
    }
}
