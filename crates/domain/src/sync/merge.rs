//! The rule that merges one field (group) of one record: given what this laptop holds and what a
//! bundle brings, which value stays, and whether an edit was lost to a concurrent one.
//!
//! Each value carries its [`Stamp`] and, per laptop, the latest stamp of that laptop's edits it
//! was made after (a version vector, "seen"). So a merge can tell an edit made *after* reading
//! the other value (one after the other: the later simply wins, nothing to report) from two
//! edits made without either seeing the other (concurrent: the greater stamp wins on every
//! laptop, and the other value goes to the conflicts list). A chain of edits on one laptop after
//! an exchange is therefore never a conflict, however long.

use std::collections::BTreeMap;

use uuid::Uuid;

use super::Stamp;

/// One field's clock: the stamp of its value and what that value was made after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldClock {
    pub stamp: Stamp,
    /// Per laptop, the latest stamp this value was made after (its own laptop's too).
    seen: BTreeMap<Uuid, Stamp>,
}

impl FieldClock {
    /// A value nobody has edited since the record was made: only its creation is known.
    pub fn new(stamp: Stamp) -> FieldClock {
        FieldClock { stamp, seen: BTreeMap::from([(stamp.instance, stamp)]) }
    }

    /// A stored or imported clock: its stamp and the stamps it was made after, in any order.
    pub fn with_seen(stamp: Stamp, seen: impl IntoIterator<Item = Stamp>) -> FieldClock {
        let mut clock = FieldClock::new(stamp);
        for s in seen {
            clock.note(s);
        }
        clock
    }

    fn note(&mut self, s: Stamp) {
        let entry = self.seen.entry(s.instance).or_insert(s);
        if s > *entry {
            *entry = s;
        }
    }

    /// Whether this value was made knowing the edit stamped `s` (or is that edit).
    pub fn knows(&self, s: Stamp) -> bool {
        self.seen.get(&s.instance).is_some_and(|latest| *latest >= s)
    }

    /// The stamps it was made after, one per laptop, its own stamp left out (it is implied):
    /// what is stored and written to a bundle.
    pub fn seen(&self) -> Vec<Stamp> {
        self.seen.values().copied().filter(|s| *s != self.stamp).collect()
    }

    /// The clock of a new local edit stamped `stamp`, made after this value.
    pub fn edited(&self, stamp: Stamp) -> FieldClock {
        let mut next = self.clone();
        next.stamp = stamp;
        next.note(stamp);
        next
    }

    /// What a merged value has been made after: everything either side had.
    pub fn absorb(&mut self, other: &FieldClock) {
        for s in other.seen.values() {
            self.note(*s);
        }
    }
}

/// Which side of a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Local,
    Incoming,
}

/// What merging one field decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMerge {
    /// Which value stays.
    pub keep: Side,
    /// The kept value's clock, now made after everything both sides had.
    pub clock: FieldClock,
    /// The side whose edit lost to a concurrent edit of the same field, if the two values
    /// differ: that value belongs in the conflicts list.
    pub lost: Option<Side>,
    /// When the kept value was made after the other one but not after everything the other had
    /// been merged with, and the two values differ: the greatest stamp it was not made after.
    /// That edit met the other value elsewhere with the same value (two laptops that made the
    /// same edit report nothing, so its clock was taken in without a conflict), and it loses
    /// to the kept value now, which never knew of it. Had the two met directly it would be a
    /// conflict, so it is one here too, with the other value as its value: otherwise whether
    /// the conflict is reported would depend on the order the laptops exchanged bundles in.
    pub unseen: Option<Stamp>,
}

/// Merges one field. `same_value`: whether the two values are equal (two laptops that made the
/// same edit have nothing to report). Commutative: swapping the sides swaps `keep` and `lost`
/// and leaves the winning stamp and the clock as they were.
pub fn merge_field(local: &FieldClock, incoming: &FieldClock, same_value: bool) -> FieldMerge {
    let keep = if local.knows(incoming.stamp) {
        Side::Local
    } else if incoming.knows(local.stamp) {
        Side::Incoming
    } else if incoming.stamp > local.stamp {
        return concurrent(incoming, local, Side::Incoming, same_value);
    } else {
        return concurrent(local, incoming, Side::Local, same_value);
    };
    let (kept, other) = if keep == Side::Local { (local, incoming) } else { (incoming, local) };
    // One stamp is one edit, so one value: two copies of it (one of which took in more clocks
    // since) have nothing to report between them.
    let unseen = if same_value || local.stamp == incoming.stamp {
        None
    } else {
        other.seen.values().copied().filter(|s| !kept.knows(*s)).max()
    };
    let mut clock = kept.clone();
    clock.absorb(other);
    FieldMerge { keep, clock, lost: None, unseen }
}

fn concurrent(won: &FieldClock, lost: &FieldClock, keep: Side, same: bool) -> FieldMerge {
    let mut clock = won.clone();
    clock.absorb(lost);
    let other = if keep == Side::Local { Side::Incoming } else { Side::Local };
    FieldMerge { keep, clock, lost: (!same).then_some(other), unseen: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stamp(millis: u64, laptop: u128) -> Stamp {
        Stamp { millis, counter: 0, instance: Uuid::from_u128(laptop) }
    }

    #[test]
    fn an_edit_made_after_reading_the_other_value_wins_without_a_conflict() {
        let made = FieldClock::new(stamp(100, 1));
        // Laptop 2 read laptop 1's value and edited it, with a clock far behind.
        let reply = made.edited(stamp(50, 2));
        let m = merge_field(&made, &reply, false);
        assert_eq!((m.keep, m.lost), (Side::Incoming, None));
        let m = merge_field(&reply, &made, false);
        assert_eq!((m.keep, m.lost), (Side::Local, None));
    }

    #[test]
    fn a_chain_of_edits_on_one_side_is_not_a_conflict() {
        let base = FieldClock::new(stamp(100, 1));
        let chain = base.edited(stamp(200, 2)).edited(stamp(300, 2)).edited(stamp(400, 2));
        let m = merge_field(&base, &chain, false);
        assert_eq!((m.keep, m.lost), (Side::Incoming, None));
        // Forwarded through a third laptop that edited it once more: still one line of edits.
        let forwarded = chain.edited(stamp(500, 3));
        assert_eq!(merge_field(&chain, &forwarded, false).lost, None);
        assert_eq!(merge_field(&base, &forwarded, false).lost, None);
    }

    #[test]
    fn concurrent_edits_keep_the_greater_stamp_and_report_the_other() {
        let base = FieldClock::new(stamp(100, 1));
        let ours = base.edited(stamp(300, 1));
        let theirs = base.edited(stamp(200, 2));
        let here = merge_field(&ours, &theirs, false);
        let there = merge_field(&theirs, &ours, false);
        assert_eq!((here.keep, here.lost), (Side::Local, Some(Side::Incoming)));
        assert_eq!((there.keep, there.lost), (Side::Incoming, Some(Side::Local)));
        assert_eq!(here.clock, there.clock, "both laptops end with the same clock");
        // The same edit made on both sides is nothing to report.
        assert_eq!(merge_field(&ours, &theirs, true).lost, None);
        // After the merge, an edit on either side follows both: no conflict with either.
        let next = here.clock.edited(stamp(400, 2));
        assert_eq!(merge_field(&ours, &next, false).lost, None);
        assert_eq!(merge_field(&theirs, &next, false).lost, None);
    }

    #[test]
    fn an_edit_taken_in_by_the_same_value_is_lost_to_a_later_edit_that_never_saw_it() {
        let base = FieldClock::new(stamp(100, 1));
        let ours = base.edited(stamp(300, 1));
        let theirs = base.edited(stamp(200, 2));
        // The same value on both sides: nothing to report, and ours takes in their clock.
        let same = merge_field(&ours, &theirs, true);
        assert_eq!((same.keep, same.lost, same.unseen), (Side::Local, None, None));
        // Our next edit, made before that merge, meets the merged value: their edit is lost to
        // it, as it would be had the two met directly.
        let next = ours.edited(stamp(400, 1));
        let direct = merge_field(&next, &theirs, false);
        assert_eq!((direct.lost, direct.unseen), (Some(Side::Incoming), None));
        let via = merge_field(&next, &same.clock, false);
        assert_eq!((via.keep, via.lost, via.unseen), (Side::Local, None, Some(stamp(200, 2))));
        assert_eq!(merge_field(&same.clock, &next, false).unseen, Some(stamp(200, 2)));
        assert_eq!(via.clock, direct.clock);
        // Made after the merge, it knows their edit: nothing to report.
        let after = same.clock.edited(stamp(400, 1));
        assert_eq!(merge_field(&after, &same.clock, false).unseen, None);
        assert_eq!(merge_field(&next, &same.clock, true).unseen, None, "nothing changes");
    }

    fn clock() -> impl Strategy<Value = FieldClock> {
        let s = (0u64..50, 0u128..4).prop_map(|(m, l)| stamp(m, l));
        (s.clone(), proptest::collection::vec(s, 0..4)).prop_map(|(s, seen)| {
            // A value is made after what it saw: only stamps not greater than its own.
            FieldClock::with_seen(s, seen.into_iter().filter(|x| *x <= s))
        })
    }

    proptest! {
        #[test]
        fn merging_is_symmetric_and_idempotent(a in clock(), b in clock(), same: bool) {
            let ab = merge_field(&a, &b, same);
            let ba = merge_field(&b, &a, same);
            prop_assert_eq!(&ab.clock, &ba.clock);
            let winner = |m: &FieldMerge, l: &FieldClock, i: &FieldClock| {
                if m.keep == Side::Local { l.stamp } else { i.stamp }
            };
            prop_assert_eq!(winner(&ab, &a, &b), winner(&ba, &b, &a));
            prop_assert_eq!(ab.lost.is_some(), ba.lost.is_some());
            prop_assert_eq!(ab.unseen, ba.unseen);
            let again = merge_field(&ab.clock, &ab.clock, true);
            prop_assert_eq!(again.clock, ab.clock);
            prop_assert_eq!((again.lost, again.unseen), (None, None));
        }
    }
}
