//! A bounded memory of the sessions whose streams other replicas read lately (heard from their
//! takeovers), so that an event of such a session sends its messages through Redis at once
//! rather than holding them here for a stream of this replica that is not coming.

use std::collections::HashSet;

/// Keys remembered in two generations: when the newer one is full, the older one is dropped,
/// so at most `2 × half` keys are kept and the most recent `half` always are.
pub(super) struct Recent {
    newer: HashSet<String>,
    older: HashSet<String>,
    half: usize,
}

impl Recent {
    /// Remembers at most `max` keys (at least 2).
    pub(super) fn new(max: usize) -> Self {
        Recent {
            newer: HashSet::new(),
            older: HashSet::new(),
            half: (max / 2).max(1),
        }
    }

    pub(super) fn insert(&mut self, key: &str) {
        if self.newer.contains(key) {
            return;
        }
        if self.newer.len() >= self.half {
            self.older = std::mem::take(&mut self.newer);
        }
        self.older.remove(key);
        self.newer.insert(key.to_owned());
    }

    pub(super) fn contains(&self, key: &str) -> bool {
        self.newer.contains(key) || self.older.contains(key)
    }

    pub(super) fn remove(&mut self, key: &str) {
        if !self.newer.remove(key) {
            self.older.remove(key);
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.newer.len() + self.older.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_the_latest_keys_within_its_bound() {
        let mut recent = Recent::new(4);
        for n in 0..10 {
            recent.insert(&format!("k{n}"));
            assert!(recent.len() <= 4);
        }
        assert!(recent.contains("k9") && recent.contains("k8"));
        assert!(!recent.contains("k0"));
        recent.remove("k9");
        assert!(!recent.contains("k9"));
    }

    #[test]
    fn a_key_heard_again_is_not_counted_twice() {
        let mut recent = Recent::new(4);
        recent.insert("a");
        recent.insert("b");
        recent.insert("a");
        recent.insert("c");
        assert!(recent.contains("a") && recent.contains("b") && recent.contains("c"));
        assert_eq!(recent.len(), 3);
    }
}
