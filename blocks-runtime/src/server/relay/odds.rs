//! Whether holding an event's messages for a stream about to open here pays: it does when
//! clients open their streams on the replica they joined on (one replica, or routing by
//! session), and costs a hop when they open them elsewhere (a round-robin balancer over
//! several replicas). The relay counts how the events it held turned out and holds only while
//! most were taken here, trying again now and then so that it notices a change.

/// How the held events turned out lately.
#[derive(Default)]
pub(super) struct Odds {
    taken_here: u32,
    gone_elsewhere: u32,
    asked: u32,
}

/// Past this many outcomes, both counts are halved: older ones weigh less.
const WINDOW: u32 = 256;
/// One event in this many is held whatever the odds, to learn whether they changed.
const TRY_EVERY: u32 = 16;

impl Odds {
    /// Whether to hold the next event's messages: while at least two held events in three
    /// were taken by a stream here.
    pub(super) fn worth_holding(&mut self) -> bool {
        self.asked = self.asked.wrapping_add(1);
        self.taken_here >= 2 * self.gone_elsewhere || self.asked % TRY_EVERY == 0
    }

    /// A held event's messages were taken by a stream here (`true`), or went to Redis.
    pub(super) fn record(&mut self, here: bool) {
        if here {
            self.taken_here += 1;
        } else {
            self.gone_elsewhere += 1;
        }
        if self.taken_here + self.gone_elsewhere >= WINDOW {
            self.taken_here /= 2;
            self.gone_elsewhere /= 2;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held_of(odds: &mut Odds, n: u32) -> u32 {
        (0..n).filter(|_| odds.worth_holding()).count() as u32
    }

    #[test]
    fn holds_while_streams_open_here_and_mostly_stops_when_they_do_not() {
        let mut odds = Odds::default();
        assert!(odds.worth_holding(), "it starts hopeful");
        for _ in 0..100 {
            odds.record(true);
        }
        assert_eq!(held_of(&mut odds, 64), 64);
        for _ in 0..400 {
            odds.record(false);
        }
        let held = held_of(&mut odds, 64);
        assert_eq!(held, 64 / TRY_EVERY, "only the tries");
        for _ in 0..400 {
            odds.record(true);
        }
        assert_eq!(held_of(&mut odds, 64), 64, "it learns the change");
    }

    #[test]
    fn half_taken_here_is_not_enough() {
        let mut odds = Odds::default();
        for _ in 0..50 {
            odds.record(true);
            odds.record(false);
        }
        assert!(held_of(&mut odds, 64) < 64);
    }
}
