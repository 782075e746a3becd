//! Merging one record: every field group by [`merge_field`], then the tombstone's rule — a
//! delete wins over an edit made without knowing of it, and that edit is reported (the record
//! can be restored, the edited value is kept under the tombstone).

use std::collections::BTreeMap;

use super::merge::{merge_field, FieldClock, Side};
use super::schema::DELETED;
use super::Stamp;

/// One side's view of one record: per group, its value and clock. A group missing from an
/// incoming record is one its writer did not know of (an older Keyplan): it is left as it is.
pub type Groups<V> = BTreeMap<String, (V, FieldClock)>;

/// An edit that lost: to a concurrent edit of the same group, or to a delete.
#[derive(Debug, Clone, PartialEq)]
pub struct Lost<V> {
    pub group: String,
    pub value: V,
    pub stamp: Stamp,
    /// The value and stamp that stayed (for a lost edit of a deleted record: the tombstone).
    pub won_value: V,
    pub won_stamp: Stamp,
    /// The record was deleted by an edit that did not know of this one.
    pub deleted: bool,
}

/// What merging a record decided.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordMerge<V> {
    /// The record as it now is.
    pub groups: Groups<V>,
    /// Whether anything of it changed here (a value or a clock).
    pub changed: bool,
    pub lost: Vec<Lost<V>>,
}

/// Merges `incoming` into `local`. `same` says whether two values of a group are the same edit
/// (for the tombstone: both deleted), `deleted` whether a tombstone value is set.
pub fn merge_record<V: Clone + PartialEq>(
    local: &Groups<V>,
    incoming: &Groups<V>,
    same: impl Fn(&str, &V, &V) -> bool,
    deleted: impl Fn(&V) -> bool,
) -> RecordMerge<V> {
    let mut groups = local.clone();
    let mut lost = Vec::new();
    for (name, (value, clock)) in incoming {
        let Some((here, here_clock)) = local.get(name) else {
            groups.insert(name.clone(), (value.clone(), clock.clone()));
            continue;
        };
        let m = merge_field(here_clock, clock, same(name, here, value));
        let kept = if m.keep == Side::Local { here } else { value };
        if let Some(side) = m.lost {
            let (value, stamp) = match side {
                Side::Local => (here.clone(), here_clock.stamp),
                Side::Incoming => (value.clone(), clock.stamp),
            };
            let won_stamp = m.clock.stamp;
            lost.push(Lost {
                group: name.clone(),
                value,
                stamp,
                won_value: kept.clone(),
                won_stamp,
                deleted: false,
            });
        }
        if let Some(stamp) = m.unseen {
            // That edit had the replaced value too (see `FieldMerge::unseen`).
            let replaced = if m.keep == Side::Local { value } else { here };
            lost.push(Lost {
                group: name.clone(),
                value: replaced.clone(),
                stamp,
                won_value: kept.clone(),
                won_stamp: m.clock.stamp,
                deleted: false,
            });
        }
        groups.insert(name.clone(), (kept.clone(), m.clock));
    }
    if let Some((tombstone, del_clock)) = groups.get(DELETED).filter(|(v, _)| deleted(v)) {
        // Every edit the delete was not made after, on either side, lost to it.
        for (name, (value, clock)) in &groups {
            if name != DELETED && !del_clock.knows(clock.stamp) {
                lost.push(Lost {
                    group: name.clone(),
                    value: value.clone(),
                    stamp: clock.stamp,
                    won_value: tombstone.clone(),
                    won_stamp: del_clock.stamp,
                    deleted: true,
                });
            }
        }
    }
    let changed = groups != *local;
    RecordMerge { groups, changed, lost }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn stamp(millis: u64, laptop: u128) -> Stamp {
        Stamp { millis, counter: 0, instance: Uuid::from_u128(laptop) }
    }

    type V = Option<&'static str>;

    fn record(base: Stamp, groups: &[(&str, V)]) -> Groups<V> {
        groups.iter().map(|(g, v)| (g.to_string(), (*v, FieldClock::new(base)))).collect()
    }

    fn merge(local: &Groups<V>, incoming: &Groups<V>) -> RecordMerge<V> {
        merge_record(
            local,
            incoming,
            |g, a, b| if g == DELETED { a.is_some() == b.is_some() } else { a == b },
            |v| v.is_some(),
        )
    }

    fn edit(r: &mut Groups<V>, group: &str, value: V, at: Stamp) {
        if let Some(entry) = r.get_mut(group) {
            *entry = (value, entry.1.edited(at));
        }
    }

    #[test]
    fn edits_of_different_fields_both_stay() {
        let made =
            record(stamp(1, 1), &[("current", Some("10")), ("due", Some("June")), (DELETED, None)]);
        let (mut a, mut b) = (made.clone(), made.clone());
        edit(&mut a, "current", Some("40"), stamp(5, 1));
        edit(&mut b, "due", Some("July"), stamp(6, 2));
        let ab = merge(&a, &b);
        let ba = merge(&b, &a);
        assert_eq!(ab.groups, ba.groups);
        assert!(ab.lost.is_empty() && ba.lost.is_empty());
        assert_eq!(ab.groups["current"].0, Some("40"));
        assert_eq!(ab.groups["due"].0, Some("July"));
        assert!(!merge(&ab.groups, &b).changed, "merging it again changes nothing");
    }

    #[test]
    fn a_delete_wins_over_an_edit_it_did_not_know_of_and_reports_it() {
        let made = record(stamp(1, 1), &[("title", Some("Win")), (DELETED, None)]);
        let (mut a, mut b) = (made.clone(), made.clone());
        edit(&mut a, DELETED, Some("gone"), stamp(9, 1));
        edit(&mut b, "title", Some("Win big"), stamp(10, 2));
        for m in [merge(&a, &b), merge(&b, &a)] {
            assert_eq!(m.groups[DELETED].0, Some("gone"));
            assert_eq!(m.groups["title"].0, Some("Win big"), "kept under the tombstone");
            assert_eq!(m.lost.len(), 1);
            assert!(m.lost[0].deleted && m.lost[0].stamp == stamp(10, 2));
        }
        // A delete made after seeing the edit reports nothing.
        let merged = merge(&a, &b).groups;
        let mut later = merged.clone();
        let mut del = later[DELETED].1.edited(stamp(11, 1));
        del.absorb(&later["title"].1);
        later.insert(DELETED.into(), (Some("gone again"), del));
        assert!(merge(&merged, &later).lost.is_empty());
    }
}
