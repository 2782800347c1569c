//! What one client address holds: open streams, unread buffers, unfetched results, so that one
//! client cannot take every slot and lock other visitors out.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

use parking_lot::Mutex;

use crate::server::error::ProtocolError;

/// Counts of one kind of thing held, per client address, under one limit.
pub(crate) struct PerClient {
    held: Mutex<HashMap<IpAddr, usize>>,
    max: usize,
    /// What is counted, for the error ("open streams").
    what: &'static str,
    /// The setting that raises the limit, for the error.
    setting: &'static str,
}

/// One thing held by a client; dropping it gives the slot back.
pub(crate) struct ClientSlot {
    counts: Arc<PerClient>,
    client: IpAddr,
}

impl PerClient {
    pub(crate) fn new(max: usize, what: &'static str, setting: &'static str) -> Arc<Self> {
        Arc::new(PerClient {
            held: Mutex::new(HashMap::new()),
            max,
            what,
            setting,
        })
    }

    /// Takes a slot for `client`, or says it holds the most it may. A request without a peer
    /// address (none over TCP) is not counted.
    pub(crate) fn take(
        self: &Arc<Self>,
        client: Option<IpAddr>,
    ) -> Result<Option<ClientSlot>, ProtocolError> {
        let Some(client) = client else {
            return Ok(None);
        };
        let mut held = self.held.lock();
        let count = held.entry(client).or_insert(0);
        if *count >= self.max {
            return Err(ProtocolError::ClientLimit {
                what: self.what,
                max: self.max,
                setting: self.setting,
            });
        }
        *count += 1;
        Ok(Some(ClientSlot {
            counts: Arc::clone(self),
            client,
        }))
    }

    /// How many `client` holds.
    #[cfg(test)]
    pub(crate) fn held_by(&self, client: IpAddr) -> usize {
        self.held.lock().get(&client).copied().unwrap_or(0)
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut held = self.counts.held.lock();
        if let Some(count) = held.get_mut(&self.client) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                held.remove(&self.client);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_holds_at_most_its_limit_and_gets_slots_back() {
        let counts = PerClient::new(2, "open streams", "max_streams_per_client");
        let a: IpAddr = [127, 0, 0, 1].into();
        let b: IpAddr = [127, 0, 0, 2].into();
        let first = counts.take(Some(a)).ok().flatten();
        let _second = counts.take(Some(a)).ok().flatten();
        let refused = counts.take(Some(a)).err().map(|e| e.to_string());
        assert!(refused.is_some_and(|e| e.contains("max_streams_per_client")));
        assert!(
            counts.take(Some(b)).is_ok(),
            "another client is not affected"
        );
        drop(first);
        assert_eq!(counts.held_by(a), 1);
        assert!(counts.take(Some(a)).is_ok());
    }
}
