//! Admitting a session new to a replica under the cap across replicas, and taking its states'
//! locks in the same round trip when no other replica holds them.

use std::sync::atomic::Ordering;
use std::time::Duration;

use redis::Value as RedisValue;

use super::{held, millis, RedisStore};
use crate::component::ComponentId;
use crate::session::{Admission, SessionId, SessionSettings, StoreError};

impl RedisStore {
    /// The admit script: whether `session` may open.
    pub(super) async fn admit_session(
        &self,
        session: &SessionId,
        settings: &SessionSettings,
    ) -> Result<bool, StoreError> {
        let mut invocation = self.scripts.admit.key(self.index_key());
        self.admission_args(&mut invocation, session, settings);
        let admitted = self
            .retrying(|mut con| {
                let invocation = &invocation;
                async move { invocation.invoke_async::<i64>(&mut con).await }
            })
            .await?;
        Ok(admitted == 1)
    }

    /// The admit-and-hold script: whether `session` may open and, if `states` were free,
    /// their values and the lease on them (lasting `keep`). Takes no lease while no relay of
    /// this process hears the "wanted" channel, as nobody would give it up on request.
    pub(super) async fn admit_and_hold(
        &self,
        session: &SessionId,
        settings: &SessionSettings,
        states: &[ComponentId],
        keep: Duration,
    ) -> Result<Admission, StoreError> {
        let admitted = |yes| {
            if yes {
                Admission::Admitted
            } else {
                Admission::Refused
            }
        };
        if states.is_empty() || self.hearing.load(Ordering::Acquire) == 0 {
            return self.admit_session(session, settings).await.map(admitted);
        }
        let token = format!("{:032x}", rand::random::<u128>());
        let mut invocation = self.scripts.admit_holding.key(self.index_key());
        invocation.key(self.values_key(session));
        for state in states {
            invocation.key(self.lock_key(session, *state));
        }
        self.admission_args(&mut invocation, session, settings);
        invocation.arg(&token).arg(millis(keep));
        for state in states {
            invocation.arg(state.to_string());
        }
        // A retry after a dropped connection uses the same token, so that locks the first try
        // may have taken are taken again rather than left to expire.
        let reply: RedisValue = self
            .retrying(|mut con| {
                let invocation = &invocation;
                async move { invocation.invoke_async(&mut con).await }
            })
            .await?;
        match reply {
            RedisValue::Int(answer) => Ok(admitted(answer == 1)),
            reply => {
                let (values, lease) = held(states, token, reply)?;
                Ok(Admission::Holding(values, lease))
            }
        }
    }

    /// The arguments the admission rule reads.
    fn admission_args(
        &self,
        invocation: &mut redis::ScriptInvocation<'_>,
        session: &SessionId,
        settings: &SessionSettings,
    ) {
        invocation
            .arg(session.as_str())
            .arg(settings.max_sessions)
            .arg(millis(self.evict_idle))
            .arg(millis(settings.ttl_after_close))
            .arg(&self.prefix);
    }
}
