//! A hybrid logical clock: the time every local write is stamped with.
//!
//! Every local write is stamped with the laptop's clock; a merge keeps, per field, the value with
//! the greater [`Stamp`] — (time, counter, laptop), compared in that order, so every laptop picks
//! the same winner. The clock follows the wall clock when it can, never goes backwards (a wall
//! clock set back, or an edit made in the same millisecond, only raises the counter), and moves
//! past every stamp it has seen on import — except a stamp from a clock running far ahead: that
//! one is [`Held`] and the clock is not moved to it, so one laptop set to 2099 cannot drag every
//! other laptop's clock there. An edit of a field is stamped after both the clock and the value
//! it replaces ([`Clock::tick_after`]), so an edit made after reading a value always wins over
//! it, whatever either clock says.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// How far ahead of this laptop's wall clock an imported stamp may be and still count as a
/// clock that is merely a little off (time zones are not involved: stamps are UTC).
pub const MAX_DRIFT_MS: u64 = 5 * 60 * 1000;

/// One moment of one laptop's clock. Ordered by time, then counter, then laptop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    /// Milliseconds since 1970-01-01 UTC, as the clock saw them.
    pub millis: u64,
    /// Orders stamps within one millisecond, and after a wall clock that went back.
    pub counter: u32,
    /// The laptop (its Keyplan instance) that made the stamp.
    pub instance: Uuid,
}

/// The greatest time a stamp can carry: 13 hex digits, which is the year 144,683.
const MAX_MILLIS: u64 = (1 << 52) - 1;

impl fmt::Display for Stamp {
    /// Fixed-width lowercase hex, so that stored as text the stamps sort in their order:
    /// `0000193f0a1b2c-00000000-<instance>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:013x}-{:08x}-{}", self.millis, self.counter, self.instance.hyphenated())
    }
}

/// A stamp that could not be read: what was wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a clock stamp ({0})")]
pub struct BadStamp(&'static str);

impl FromStr for Stamp {
    type Err = BadStamp;

    fn from_str(s: &str) -> Result<Stamp, BadStamp> {
        let (millis, rest) = s.split_once('-').ok_or(BadStamp("no time"))?;
        let (counter, laptop) = rest.split_once('-').ok_or(BadStamp("no counter"))?;
        let hex = |part: &str, width: usize| {
            part.len() == width && part.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        };
        if !hex(millis, 13) {
            return Err(BadStamp("the time is not 13 hex digits"));
        }
        if !hex(counter, 8) {
            return Err(BadStamp("the counter is not 8 hex digits"));
        }
        let instance = Uuid::try_parse(laptop).map_err(|_| BadStamp("the laptop is not a UUID"))?;
        if instance.hyphenated().to_string() != laptop {
            return Err(BadStamp("the laptop is not a lowercase hyphenated UUID"));
        }
        Ok(Stamp {
            millis: u64::from_str_radix(millis, 16).map_err(|_| BadStamp("the time"))?,
            counter: u32::from_str_radix(counter, 16).map_err(|_| BadStamp("the counter"))?,
            instance,
        })
    }
}

impl Serialize for Stamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Stamp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Stamp, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A stamp's time (milliseconds since 1970) as RFC 3339 UTC with milliseconds, as Keyplan
/// writes every timestamp.
pub fn time_text(millis: u64) -> String {
    let millis = i64::try_from(millis).unwrap_or(i64::MAX);
    let t = chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default();
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// An imported stamp from a clock too far ahead: it is kept out of the clock, and the import
/// says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub stamp: Stamp,
    /// How far ahead of this laptop's wall clock it was, in milliseconds.
    pub ahead_ms: u64,
}

/// One laptop's hybrid logical clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    instance: Uuid,
    /// The greatest (time, counter) this clock has stamped or seen.
    last: (u64, u32),
}

impl Clock {
    /// The clock of laptop `instance`, having stamped or seen nothing later than `last` (what
    /// the database holds, when Keyplan starts).
    pub fn new(instance: Uuid, last: Option<Stamp>) -> Clock {
        Clock { instance, last: last.map_or((0, 0), |s| (s.millis, s.counter)) }
    }

    pub fn instance(&self) -> Uuid {
        self.instance
    }

    /// The greatest stamp this clock has made or seen (what to keep for the next start).
    pub fn last(&self) -> Stamp {
        Stamp { millis: self.last.0, counter: self.last.1, instance: self.instance }
    }

    /// A stamp for a local write at wall-clock time `wall_ms`: later than every stamp this
    /// clock has made or seen, whatever the wall clock says.
    pub fn tick(&mut self, wall_ms: u64) -> Stamp {
        let wall = wall_ms.min(MAX_MILLIS);
        let (millis, counter) = self.last;
        self.last = if wall > millis {
            (wall, 0)
        } else if counter < u32::MAX {
            (millis, counter + 1)
        } else {
            // Four billion stamps in one millisecond: borrow the next millisecond.
            (millis.saturating_add(1).min(MAX_MILLIS), 0)
        };
        Stamp { millis: self.last.0, counter: self.last.1, instance: self.instance }
    }

    /// A stamp for a local edit of a field whose stored value carries `current`: later than the
    /// clock and than `current`, so an edit made after reading a value always wins over it —
    /// even one stamped by a clock far ahead, which the clock itself is not moved to (so that
    /// stamp may be ahead of the clock's next; it only ever competes with that field's values).
    pub fn tick_after(&mut self, wall_ms: u64, current: Option<Stamp>) -> Stamp {
        let next = self.tick(wall_ms);
        match current {
            Some(c) if c >= next => {
                let (millis, counter) = match c.counter.checked_add(1) {
                    Some(counter) => (c.millis, counter),
                    None => (c.millis.saturating_add(1).min(MAX_MILLIS), 0),
                };
                Stamp { millis, counter, instance: self.instance }
            }
            _ => next,
        }
    }

    /// Takes in a stamp read from another laptop at wall-clock time `wall_ms`, so that every
    /// later local stamp is greater; a stamp more than [`MAX_DRIFT_MS`] ahead of the wall clock
    /// is refused as [`Held`] and leaves the clock as it was.
    pub fn observe(&mut self, seen: Stamp, wall_ms: u64) -> Result<(), Held> {
        if seen.millis > wall_ms.saturating_add(MAX_DRIFT_MS) {
            return Err(Held { stamp: seen, ahead_ms: seen.millis - wall_ms });
        }
        self.last = self.last.max((seen.millis, seen.counter));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: u64 = 1_790_000_000_000; // 2026-09

    fn laptop(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn a_stamp_reads_back_and_refuses_what_is_not_one() {
        let s = Stamp { millis: NOW, counter: 7, instance: laptop(0xabc) };
        let text = s.to_string();
        assert_eq!(text, "001a0c4506c00-00000007-00000000-0000-0000-0000-000000000abc");
        assert_eq!(text.parse(), Ok(s));
        let json = serde_json::to_string(&s).unwrap_or_default();
        assert_eq!(serde_json::from_str::<Stamp>(&json).ok(), Some(s));
        for bad in [
            "",
            "x",
            "001a0c4506c00-00000007",
            "001A0C4506C00-00000007-00000000-0000-0000-0000-000000000abc",
            "01a0c4506c00-00000007-00000000-0000-0000-0000-000000000abc",
            "001a0c4506c00-0000007-00000000-0000-0000-0000-000000000abc",
            "001a0c4506c00-00000007-not-a-uuid",
            "001a0c4506c00-00000007-00000000000000000000000000000abc",
            "+01a0c4506c00-00000007-00000000-0000-0000-0000-000000000abc",
        ] {
            assert!(bad.parse::<Stamp>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_clock_far_ahead_is_held_and_does_not_move_ours() {
        let mut mine = Clock::new(laptop(1), None);
        let before = mine.tick(NOW);
        let in_2099 = Stamp { millis: 4_070_908_800_000, counter: 0, instance: laptop(2) };
        let held = mine.observe(in_2099, NOW);
        assert_eq!(held.map_err(|h| h.stamp), Err(in_2099));
        let after = mine.tick(NOW + 1);
        assert_eq!(after.millis, NOW + 1, "our clock did not jump to 2099");
        assert!(after > before);
        // An hour ahead is held too; four minutes ahead is a clock a little off, and is passed.
        let hour = Stamp { millis: NOW + 3_600_000, counter: 0, instance: laptop(3) };
        assert!(mine.observe(hour, NOW).is_err());
        let near = Stamp { millis: NOW + 240_000, counter: 5, instance: laptop(3) };
        assert!(mine.observe(near, NOW).is_ok());
        assert!(mine.tick(NOW) > near, "an edit after reading it wins over it");
    }

    #[test]
    fn a_causally_later_edit_wins_whatever_the_clocks_say() {
        // A colleague's laptop an hour slow reads our edit (to it, an hour ahead: held, its
        // clock stays put) and then edits the same field: its edit is the later one.
        let mut ours = Clock::new(laptop(1), None);
        let mut slow = Clock::new(laptop(2), None);
        let edit = ours.tick(NOW);
        assert!(slow.observe(edit, NOW - 3_600_000).is_err());
        let reply = slow.tick_after(NOW - 3_600_000, Some(edit));
        assert!(reply > edit);
        assert_eq!(slow.tick(NOW - 3_600_000).millis, NOW - 3_600_000, "its clock was not moved");
        // An hour fast, the other way round: its edit is simply later.
        let mut fast = Clock::new(laptop(3), None);
        let theirs = fast.tick(NOW + 3_600_000);
        assert!(ours.observe(theirs, NOW).is_err());
        assert!(ours.tick_after(NOW, Some(theirs)) > theirs, "and ours after it wins again");
        // 2099: a value stamped then is beaten by the next edit made after reading it.
        let far = Stamp { millis: 4_070_908_800_000, counter: u32::MAX, instance: laptop(4) };
        assert!(ours.tick_after(NOW, Some(far)) > far);
        // A value stamped before the clock's time is beaten by the clock's own next stamp.
        let old = Stamp { millis: NOW - 10, counter: 0, instance: laptop(5) };
        assert_eq!(ours.tick_after(NOW + 5, Some(old)).millis, NOW + 5);
    }

    proptest! {
        #[test]
        fn stamps_only_go_forward_whatever_the_wall_clock_does(
            walls in prop::collection::vec(0u64..(NOW * 2), 1..60),
            seen in prop::collection::vec((0u64..(NOW * 2), any::<u32>()), 0..20),
        ) {
            let mut clock = Clock::new(laptop(9), None);
            let mut last = None;
            for (k, wall) in walls.iter().enumerate() {
                if let Some((millis, counter)) = seen.get(k) {
                    let other = Stamp { millis: *millis, counter: *counter, instance: laptop(8) };
                    if clock.observe(other, *wall).is_ok() {
                        let next = clock.tick(*wall);
                        prop_assert!(next > other, "{next} after seeing {other}");
                        prop_assert!(last.is_none_or(|l| next > l));
                        last = Some(next);
                    }
                }
                // Every other stamp edits a field whose value the other laptop stamped.
                let s = match seen.get(k) {
                    Some((millis, counter)) if k % 2 == 1 => {
                        let value = Stamp { millis: *millis, counter: *counter, instance: laptop(8) };
                        let s = clock.tick_after(*wall, Some(value));
                        prop_assert!(s > value, "an edit of {value} is stamped {s}");
                        prop_assert!(last.is_none_or(|l| s > l), "{s} after {last:?}");
                        // Above a held value it may be ahead of the clock, which stays put: it
                        // orders that field's values only.
                        continue;
                    }
                    _ => clock.tick(*wall),
                };
                prop_assert!(last.is_none_or(|l| s > l), "{s} after {last:?}");
                prop_assert!(s.millis >= *wall, "the wall clock is followed when it is ahead");
                last = Some(s);
            }
        }

        #[test]
        fn the_text_form_sorts_as_the_stamps_do(
            a in (0u64..=MAX_MILLIS, any::<u32>(), any::<u128>()),
            b in (0u64..=MAX_MILLIS, any::<u32>(), any::<u128>()),
        ) {
            let a = Stamp { millis: a.0, counter: a.1, instance: Uuid::from_u128(a.2) };
            let b = Stamp { millis: b.0, counter: b.1, instance: Uuid::from_u128(b.2) };
            prop_assert_eq!(a.to_string().cmp(&b.to_string()), a.cmp(&b));
            prop_assert_eq!(a.to_string().parse::<Stamp>(), Ok(a));
        }
    }
}
