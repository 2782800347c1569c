//! Locking a session's states for one event and reading their values, waiting while another
//! replica's event holds them.

use std::time::Duration;

use redis::Value as RedisValue;

use super::{held, millis, unavailable, RedisStore};
use crate::component::ComponentId;
use crate::session::{Acquired, SessionId, StoreError};

impl RedisStore {
    /// The acquire script, again after short pauses while another token holds a lock (each
    /// miss names the session on the "wanted" channel), for at most the store's lock wait.
    pub(super) async fn acquire_states(
        &self,
        session: &SessionId,
        states: &[ComponentId],
        hold: Duration,
    ) -> Result<Acquired, StoreError> {
        if states.is_empty() {
            return Ok((Vec::new(), None));
        }
        let mut con = self.connection().await?;
        let token = format!("{:032x}", rand::random::<u128>());
        let mut invocation = self.scripts.acquire.key(self.values_key(session));
        for state in states {
            invocation.key(self.lock_key(session, *state));
        }
        invocation
            .arg(&token)
            .arg(millis(hold))
            .arg(self.wanted_channel())
            .arg(session.as_str());
        for state in states {
            invocation.arg(state.to_string());
        }
        let started = tokio::time::Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            let reply: RedisValue = match invocation.invoke_async(&mut con).await {
                Ok(reply) => reply,
                // A connection Redis dropped fails once and reconnects: one more try (the
                // same token, so locks the first try may have taken are ours).
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(150)).await;
                    con = self.connection().await?;
                    invocation
                        .invoke_async(&mut con)
                        .await
                        .map_err(unavailable)?
                }
            };
            if !matches!(reply, RedisValue::Nil) {
                let (values, lease) = held(states, token, reply)?;
                return Ok((values, Some(lease)));
            }
            // Another replica runs an event on these states: wait for it.
            if started.elapsed() >= self.wait {
                return Err(StoreError::Busy(self.wait));
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(25));
        }
    }
}
