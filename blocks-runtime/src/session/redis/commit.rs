//! Saving a session's values with the commit script, ending or keeping the event's lease.

use std::time::Duration;

use serde_json::Value;

use super::{millis, RedisStore};
use crate::component::ComponentId;
use crate::session::{Lease, SessionId, StoreError};

impl RedisStore {
    /// The commit script: saves `values`, then ends the lease's locks, or keeps them `keep`.
    pub(super) async fn save_values(
        &self,
        session: &SessionId,
        values: Vec<(ComponentId, Value)>,
        ttl: Duration,
        lease: Option<&Lease>,
        keep: Option<Duration>,
    ) -> Result<(), StoreError> {
        let mut invocation = self.scripts.commit.key(self.values_key(session));
        invocation.key(self.index_key());
        let token = match lease {
            Some(lease) => {
                for state in &lease.states {
                    invocation.key(self.lock_key(session, *state));
                }
                lease.token.as_str()
            }
            None => "",
        };
        invocation
            .arg(token)
            .arg(millis(ttl))
            .arg(session.as_str())
            .arg(keep.map_or(0, millis));
        for (id, value) in &values {
            invocation.arg(id.to_string()).arg(value.to_string());
        }
        let saved = self
            .retrying(|mut con| {
                let invocation = &invocation;
                async move { invocation.invoke_async::<i64>(&mut con).await }
            })
            .await?;
        if saved == 1 {
            Ok(())
        } else {
            Err(StoreError::LeaseLost)
        }
    }
}
