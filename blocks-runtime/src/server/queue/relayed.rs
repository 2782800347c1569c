//! Joins with a relay: the event runs on this replica, and its messages go through Redis to
//! whichever replica serves the session's `/queue/data` stream or the curl `GET`.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use serde_json::Value;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

use super::{new_event_id, Job, Queue};
use crate::app::DependencyId;
use crate::event::RequestInfo;
use crate::server::error::ProtocolError;
use crate::server::relay::Relay;
use crate::server::sink::{Backlog, CurlFrame, Sink};
use crate::session::{SessionId, StoreError};

impl Queue {
    /// The relay, when the app's session store is a Redis one.
    pub(crate) fn relay(&self) -> Option<&Arc<Relay>> {
        self.relay.as_ref()
    }

    /// Refuses new events while Redis is away (503, with the reason), so that none runs
    /// whose messages could not reach its client.
    fn check_relay(relay: &Relay) -> Result<(), ProtocolError> {
        if relay.is_healthy() {
            Ok(())
        } else {
            Err(ProtocolError::Store(StoreError::Unavailable(
                "Redis does not answer the relay; the app serves events again once it is back"
                    .into(),
            )))
        }
    }

    pub(super) fn join_relayed(
        self: &Arc<Self>,
        relay: &Arc<Relay>,
        session: SessionId,
        dependency: DependencyId,
        data: Vec<Value>,
        info: RequestInfo,
    ) -> Result<String, ProtocolError> {
        Self::check_relay(relay)?;
        self.reserve()?;
        let event_id = new_event_id();
        let ticket = relay.joined(&session);
        let direct = ticket.direct();
        let key: Arc<str> = Arc::from(relay.session_key(&session));
        self.spawn(Job {
            event_id: Arc::from(event_id.as_str()),
            stream_session: None,
            relayed: Some(ticket),
            session,
            dependency,
            data,
            info,
            sink: Sink::RelaySession(Arc::clone(relay), key, direct),
            alive: Arc::new(AtomicBool::new(true)),
            one_shot: false,
        });
        Ok(event_id)
    }

    /// A curl event whose messages wait in Redis for a `GET` on any replica; the receiver
    /// returned gets nothing (the `GET` reads Redis).
    pub(super) fn join_curl_relayed(
        self: &Arc<Self>,
        relay: &Arc<Relay>,
        (session, dependency, data): (SessionId, DependencyId, Vec<Value>),
        event_id: &str,
        info: RequestInfo,
        one_shot: bool,
    ) -> Result<(UnboundedReceiver<CurlFrame>, Arc<Backlog>), ProtocolError> {
        Self::check_relay(relay)?;
        self.reserve()?;
        relay.curl_started(event_id);
        let key: Arc<str> = Arc::from(relay.curl_key(event_id));
        self.spawn(Job {
            event_id: Arc::from(event_id),
            stream_session: None,
            relayed: None,
            session,
            dependency,
            data,
            info,
            sink: Sink::RelayCurl(Arc::clone(relay), key),
            alive: Arc::new(AtomicBool::new(true)),
            one_shot,
        });
        let (_, rx) = unbounded_channel();
        Ok((rx, Backlog::new(self.limits_of.max_unread_bytes)))
    }
}
