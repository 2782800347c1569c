//! MCP sessions: each `Mcp-Session-Id` (streamable HTTP) or `session_id` (SSE transport) names
//! one blocks session, so `State` values live per MCP session as they do per browser tab.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use bytes::Bytes;
use parking_lot::Mutex;
use tokio::sync::mpsc::UnboundedSender;

use crate::session::SessionId;

/// How many MCP sessions may be open at once.
const MAX_SESSIONS: usize = 10_000;
/// How long a session nobody used is kept when room is needed.
const IDLE: Duration = Duration::from_secs(60 * 60);

/// No room for another session.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error(
    "the server holds {0} MCP sessions, its limit; close sessions you no longer use (DELETE with \
     their Mcp-Session-Id)"
)]
pub(crate) struct Full(pub(crate) usize);

struct Entry {
    blocks: SessionId,
    last_used: Instant,
    /// The SSE transport's stream, where its answers go.
    stream: Option<UnboundedSender<Bytes>>,
}

/// The open MCP sessions.
#[derive(Default)]
pub(crate) struct McpSessions {
    map: Mutex<HashMap<String, Entry>>,
}

/// A session found by its id.
#[derive(Clone)]
pub(crate) struct Found {
    /// The blocks session its tool calls run in.
    pub(crate) blocks: SessionId,
    /// The SSE transport's stream, if it is one.
    pub(crate) stream: Option<UnboundedSender<Bytes>>,
}

impl McpSessions {
    /// Opens a session (with the SSE transport's stream, if any); returns its id.
    pub(crate) fn open(&self, stream: Option<UnboundedSender<Bytes>>) -> Result<String, Full> {
        let mut map = self.map.lock();
        if map.len() >= MAX_SESSIONS {
            let now = Instant::now();
            map.retain(|_, e| {
                now.duration_since(e.last_used) < IDLE
                    || e.stream.as_ref().is_some_and(|s| !s.is_closed())
            });
            if map.len() >= MAX_SESSIONS {
                return Err(Full(MAX_SESSIONS));
            }
        }
        let id = format!("{:032x}", rand::random::<u128>());
        map.insert(
            id.clone(),
            Entry {
                blocks: SessionId::random(),
                last_used: Instant::now(),
                stream,
            },
        );
        Ok(id)
    }

    /// The session `id`, marked as used.
    pub(crate) fn get(&self, id: &str) -> Option<Found> {
        let mut map = self.map.lock();
        let entry = map.get_mut(id)?;
        entry.last_used = Instant::now();
        Some(Found {
            blocks: entry.blocks.clone(),
            stream: entry.stream.clone(),
        })
    }

    /// Ends the session `id`; whether it was open.
    pub(crate) fn close(&self, id: &str) -> bool {
        self.map.lock().remove(id).is_some()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn each_session_has_its_own_blocks_session_until_closed() {
        let sessions = McpSessions::default();
        let a = sessions.open(None).unwrap();
        let b = sessions.open(None).unwrap();
        assert_ne!(a, b);
        let blocks_a = sessions.get(&a).unwrap().blocks;
        assert_eq!(sessions.get(&a).unwrap().blocks, blocks_a);
        assert_ne!(sessions.get(&b).unwrap().blocks, blocks_a);
        assert!(sessions.close(&a));
        assert!(sessions.get(&a).is_none());
        assert!(!sessions.close(&a));
    }
}
