//! Where a sync handler runs: on the blocking thread pool, so a slow handler never stalls the
//! async workers, or inline on the async thread once it has proven fast, which saves two thread
//! switches per event.
//!
//! A handler starts on the pool. After [`FAST_STREAK`] runs in a row that each took under
//! [`FAST`], it runs inline; a single inline run over [`SLOW`] sends it back to the pool (and it
//! must prove itself again). So a handler that sometimes takes seconds stalls a worker at most
//! once per streak, and an echo-sized handler costs no thread hop.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// A run at most this long counts towards running inline.
pub(crate) const FAST: Duration = Duration::from_micros(100);
/// An inline run longer than this sends the handler back to the pool.
pub(crate) const SLOW: Duration = Duration::from_millis(1);
/// Fast runs in a row before a handler runs inline.
pub(crate) const FAST_STREAK: u32 = 16;

/// What one dependency has shown about its handler's speed.
#[derive(Debug, Default)]
pub(crate) struct Offload {
    inline: AtomicBool,
    streak: AtomicU32,
}

/// A copy (an app rebuilt with another secret) starts from what the original has learned.
impl Clone for Offload {
    fn clone(&self) -> Self {
        Offload {
            inline: AtomicBool::new(self.inline.load(Ordering::Relaxed)),
            streak: AtomicU32::new(self.streak.load(Ordering::Relaxed)),
        }
    }
}

/// Why a sync handler produced no value.
pub(crate) enum Failure {
    Panicked(Box<dyn std::any::Any + Send>),
    Cancelled,
}

impl Offload {
    /// Whether the handler currently runs inline.
    pub(crate) fn is_inline(&self) -> bool {
        self.inline.load(Ordering::Relaxed)
    }

    fn record(&self, took: Duration, was_inline: bool) {
        if was_inline {
            if took > SLOW {
                self.inline.store(false, Ordering::Relaxed);
                self.streak.store(0, Ordering::Relaxed);
            }
        } else if took <= FAST {
            if self.streak.fetch_add(1, Ordering::Relaxed) + 1 >= FAST_STREAK {
                self.inline.store(true, Ordering::Relaxed);
            }
        } else {
            self.streak.store(0, Ordering::Relaxed);
        }
    }

    /// Runs `f` where this handler belongs (inline when no tokio runtime is present).
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Failure> {
        let runtime = tokio::runtime::Handle::try_current();
        if self.is_inline() || runtime.is_err() {
            let started = Instant::now();
            let result = std::panic::catch_unwind(AssertUnwindSafe(f)).map_err(Failure::Panicked);
            self.record(started.elapsed(), true);
            return result;
        }
        let timed = move || {
            let started = Instant::now();
            let value = f();
            (value, started.elapsed())
        };
        match runtime.map(|r| r.spawn_blocking(timed)) {
            Ok(task) => match task.await {
                Ok((value, took)) => {
                    self.record(took, false);
                    Ok(value)
                }
                Err(err) => match err.try_into_panic() {
                    Ok(payload) => Err(Failure::Panicked(payload)),
                    Err(_) => Err(Failure::Cancelled),
                },
            },
            Err(_) => Err(Failure::Cancelled),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_handler_runs_inline_after_a_fast_streak_and_goes_back_when_slow() {
        let offload = Offload::default();
        for _ in 0..FAST_STREAK - 1 {
            offload.record(Duration::from_micros(10), false);
        }
        assert!(!offload.is_inline());
        offload.record(Duration::from_micros(10), false);
        assert!(offload.is_inline());
        offload.record(Duration::from_micros(500), true);
        assert!(offload.is_inline(), "between FAST and SLOW it stays inline");
        offload.record(Duration::from_millis(5), true);
        assert!(!offload.is_inline());
        offload.record(Duration::from_micros(10), false);
        assert!(!offload.is_inline(), "it has to prove itself again");
    }

    #[test]
    fn a_slow_run_breaks_the_streak() {
        let offload = Offload::default();
        for _ in 0..FAST_STREAK - 1 {
            offload.record(Duration::from_micros(10), false);
        }
        offload.record(Duration::from_millis(2), false);
        offload.record(Duration::from_micros(10), false);
        assert!(!offload.is_inline());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn panics_are_caught_in_both_modes() {
        let offload = Offload::default();
        let pooled = offload.run(|| -> u32 { panic!("boom") }).await;
        assert!(matches!(pooled, Err(Failure::Panicked(_))));
        offload.inline.store(true, Ordering::Relaxed);
        let inline = offload.run(|| -> u32 { panic!("boom") }).await;
        assert!(matches!(inline, Err(Failure::Panicked(_))));
        assert_eq!(offload.run(|| 7).await.ok(), Some(7));
    }
}
