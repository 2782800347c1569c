//! Leases a session's events kept after they ended: with a store shared by replicas, an event
//! that saves its states may keep their locks a few seconds longer, so that the session's
//! next event on this replica (the usual case: a page talks to one replica) starts without a
//! round trip to the store, its values in this process being the newest ones. A kept lease is
//! given up when another replica asks for the session, or when it runs out; a session that
//! replicas share is marked contended for a while and keeps no lease.

use std::time::{Duration, Instant};

use crate::component::ComponentId;
use crate::session::Lease;

/// How long a session stays contended (keeps no lease) after another replica asked for it.
#[cfg_attr(not(feature = "redis"), allow(dead_code))]
pub(crate) const CONTENDED_FOR: Duration = Duration::from_secs(10);

/// A session's kept leases, none of them in use by an event.
#[derive(Debug, Default)]
pub(crate) struct Kept {
    leases: Vec<(Lease, Instant)>,
    contended_until: Option<Instant>,
}

/// What an event starting finds: a kept lease covering its states (if any), and the kept
/// leases it must give up first (run out, or overlapping its states without covering them).
pub(crate) struct Taken {
    pub(crate) lease: Option<Lease>,
    pub(crate) give_up: Vec<Lease>,
}

impl Kept {
    /// Takes the kept lease that covers `states` and may still be used at `now`.
    pub(crate) fn take(&mut self, states: &[ComponentId], now: Instant) -> Taken {
        let mut taken = Taken {
            lease: None,
            give_up: Vec::new(),
        };
        for (lease, until) in std::mem::take(&mut self.leases) {
            let covers = states.iter().all(|s| lease.states.contains(s));
            let overlaps = states.iter().any(|s| lease.states.contains(s));
            if until <= now {
                taken.give_up.push(lease);
            } else if covers && taken.lease.is_none() {
                taken.lease = Some(lease);
            } else if overlaps {
                taken.give_up.push(lease);
            } else {
                self.leases.push((lease, until));
            }
        }
        taken
    }

    /// Keeps `lease`, usable until `until`.
    pub(crate) fn put(&mut self, lease: Lease, until: Instant) {
        self.leases.push((lease, until));
    }

    /// Another replica asked for the session: every kept lease, to give up; the session keeps
    /// none until `now + CONTENDED_FOR`.
    pub(crate) fn contend(&mut self, now: Instant) -> Vec<Lease> {
        self.contended_until = Some(now + CONTENDED_FOR);
        self.leases.drain(..).map(|(lease, _)| lease).collect()
    }

    /// Whether the session keeps no lease at `now`.
    pub(crate) fn is_contended(&self, now: Instant) -> bool {
        self.contended_until.is_some_and(|until| now < until)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lease(token: &str, states: &[u32]) -> Lease {
        Lease {
            token: token.to_owned(),
            states: states.iter().map(|s| ComponentId(*s)).collect(),
        }
    }

    fn ids(states: &[u32]) -> Vec<ComponentId> {
        states.iter().map(|s| ComponentId(*s)).collect()
    }

    #[test]
    fn a_covering_lease_is_taken_and_overlapping_or_stale_ones_given_up() {
        let now = Instant::now();
        let later = now + Duration::from_secs(3);
        let mut kept = Kept::default();
        kept.put(lease("ab", &[1, 2]), later);
        kept.put(lease("c", &[3]), later);
        kept.put(lease("d", &[4]), now);
        let taken = kept.take(&ids(&[1]), now);
        assert_eq!(taken.lease.map(|l| l.token), Some("ab".to_owned()));
        // "d" ran out; "c" does not overlap and stays.
        assert_eq!(
            taken
                .give_up
                .iter()
                .map(|l| l.token.as_str())
                .collect::<Vec<_>>(),
            ["d"]
        );
        let taken = kept.take(&ids(&[3, 5]), now);
        assert!(taken.lease.is_none());
        assert_eq!(taken.give_up.len(), 1, "c overlaps without covering");
    }

    #[test]
    fn a_contended_session_gives_up_its_leases_and_keeps_none_for_a_while() {
        let now = Instant::now();
        let mut kept = Kept::default();
        kept.put(lease("ab", &[1, 2]), now + Duration::from_secs(3));
        assert_eq!(kept.contend(now).len(), 1);
        assert!(kept.is_contended(now + Duration::from_secs(1)));
        assert!(!kept.is_contended(now + CONTENDED_FOR));
        assert!(kept.take(&ids(&[1]), now).lease.is_none());
    }
}
