//! Room in the queue: its `max_queue` places, and the slots of each event's
//! `concurrency_limit`, for queued events and direct calls alike.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::Queue;
use crate::app::DependencyId;
use crate::server::error::ProtocolError;

impl Queue {
    pub(super) fn reserve(&self) -> Result<(), ProtocolError> {
        let max = self.limits_of.max_queue;
        let size = self.queued.fetch_add(1, Ordering::AcqRel);
        if size >= max {
            self.queued.fetch_sub(1, Ordering::AcqRel);
            return Err(ProtocolError::QueueFull { max, size });
        }
        Ok(())
    }

    pub(super) fn unreserve(&self) {
        self.queued.fetch_sub(1, Ordering::AcqRel);
    }

    /// Runs an event outside the queue's streams (`/run/{api_name}`) under the queue's limits:
    /// it counts toward `max_queue` while it waits and runs, and takes a slot of its event's
    /// concurrency limit, so a direct call cannot outrun what a queued one may do.
    pub(crate) async fn direct<T>(
        &self,
        dependency: DependencyId,
        run: impl std::future::Future<Output = T>,
    ) -> Result<T, ProtocolError> {
        struct Reserved<'a>(&'a Queue);
        impl Drop for Reserved<'_> {
            fn drop(&mut self) {
                self.0.unreserve();
            }
        }
        self.reserve()?;
        let _reserved = Reserved(self);
        // Its event may keep its lock: the relay hears when another replica wants it.
        #[cfg(feature = "redis")]
        if let Some(relay) = &self.relay {
            relay.subscribe_here();
        }
        let _slot = self.concurrency_slot(dependency.get()).await;
        Ok(run.await)
    }

    /// A slot of the event's `concurrency_limit`, waited for; `None` when it has no limit.
    pub(super) async fn concurrency_slot(
        &self,
        index: usize,
    ) -> Option<tokio::sync::OwnedSemaphorePermit> {
        let limit = self.limits.get(index).and_then(Option::as_ref)?;
        Arc::clone(limit).acquire_owned().await.ok()
    }
}
