//! Sharing between laptops through real sessions: bundles that round-trip, merges that keep
//! both edits of different fields, report concurrent edits of the same field once on each side,
//! let deletes travel and win, survive clocks set wrong, and refuse broken files untouched.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "sync/folder.rs"]
mod folder;
#[path = "sync/laptops.rs"]
mod laptops;
#[path = "sync/scripts.rs"]
mod scripts;

use keyplan_app::domain::plan::{ObjectiveFields, ObjectivePatch};
use keyplan_app::domain::AccountInput;
use keyplan_app::sync::BundleScope;
use keyplan_store::plans::Objectives;
use laptops::{contents, send, Laptop};

fn objective(l: &Laptop) -> ObjectiveFields {
    l.s.plan_item::<Objectives>(l.objective).unwrap().fields
}

fn edit_objective(l: &mut Laptop, f: impl FnOnce(&mut ObjectivePatch)) {
    let mut patch = ObjectivePatch::default();
    f(&mut patch);
    let id = l.objective;
    l.s.patch_plan_item::<Objectives>(id, &patch).unwrap();
}

#[test]
fn a_bundle_carries_everything_and_the_same_data_gives_the_same_bytes() {
    let (a, b) = laptops::pair();
    assert_eq!(contents(&a), contents(&b), "b holds what a sent");
    let scope = BundleScope { all: true, with_transactions: true, ..BundleScope::default() };
    let first = a.s.export_bundle(&scope).unwrap();
    let again = a.s.export_bundle(&scope).unwrap();
    assert_eq!(first.bytes, again.bytes, "same data, same bytes");
    let read = keyplan_app::formats::bundle::read(&first.bytes).unwrap();
    assert!(read.contents.records.iter().any(|r| r.kind == "plan_objective"));
    assert!(read.contents.records.iter().any(|r| r.kind == "transaction"));
    let without = a.s.export_bundle(&BundleScope { all: true, ..BundleScope::default() }).unwrap();
    let read = keyplan_app::formats::bundle::read(&without.bytes).unwrap();
    assert!(!read.contents.records.iter().any(|r| r.kind == "transaction"), "ERP data stays out");
}

#[test]
fn importing_the_same_bundle_twice_changes_nothing_the_second_time() {
    let (mut a, mut b) = laptops::pair_on_disk();
    edit_objective(&mut a, |o| o.current = Some(Some(55.0)));
    let first = send(&a, &mut b);
    assert_eq!((first.updated, first.conflicts), (1, 0));
    assert!(first.backup.is_some(), "a backup before a merge that changes something");
    let second = send(&a, &mut b);
    assert_eq!((second.created, second.updated, second.deleted, second.conflicts), (0, 0, 0, 0));
    assert!(second.unchanged > 0 && second.backup.is_none());
}

#[test]
fn edits_of_different_fields_both_stay_without_a_conflict() {
    let (mut a, mut b) = laptops::pair();
    edit_objective(&mut a, |o| o.current = Some(Some(60.0)));
    edit_objective(&mut b, |o| o.due_date = Some(Some("2026-12-15".into())));
    send(&a, &mut b);
    send(&b, &mut a);
    for l in [&a, &b] {
        let o = objective(l);
        assert_eq!(o.current, Some(60.0));
        assert_eq!(o.due_date.map(|d| d.to_string()).as_deref(), Some("2026-12-15"));
        assert!(l.s.conflicts(true).unwrap().is_empty());
    }
    assert_eq!(contents(&a), contents(&b));
}

#[test]
fn the_same_field_edited_on_both_sides_is_one_conflict_on_each_with_the_same_winner() {
    let (mut a, mut b) = laptops::pair();
    edit_objective(&mut a, |o| o.current = Some(Some(70.0)));
    std::thread::sleep(std::time::Duration::from_millis(5));
    edit_objective(&mut b, |o| o.current = Some(Some(80.0)));
    let at_b = send(&a, &mut b);
    let at_a = send(&b, &mut a);
    assert_eq!((at_a.conflicts, at_b.conflicts), (1, 1));
    for l in [&a, &b] {
        assert_eq!(objective(l).current, Some(80.0), "the later edit wins on both");
        let list = l.s.conflicts(false).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].field, "current");
        assert_eq!(list[0].lost_value["current"], 70.0);
    }
    assert_eq!(contents(&a), contents(&b));
    // One click takes the other value: a new edit that wins everywhere, and no new conflict.
    let x = &a.s.conflicts(false).unwrap()[0];
    let (record, field, lost) = (x.record_id, x.field.clone(), x.lost_stamp);
    a.s.settle_conflict(record, &field, lost, true).unwrap();
    assert_eq!(objective(&a).current, Some(70.0));
    let back = send(&a, &mut b);
    assert_eq!(back.conflicts, 0);
    assert_eq!(objective(&b).current, Some(70.0));
    assert!(b.s.conflicts(false).unwrap().is_empty(), "settled travels too");
    assert_eq!(contents(&a), contents(&b));
}

#[test]
fn a_chain_of_edits_after_an_exchange_is_not_a_conflict() {
    let (mut a, mut b) = laptops::pair();
    for v in [1.0, 2.0, 3.0] {
        edit_objective(&mut a, |o| o.current = Some(Some(v)));
    }
    send(&a, &mut b);
    edit_objective(&mut b, |o| o.current = Some(Some(4.0)));
    edit_objective(&mut b, |o| o.current = Some(Some(5.0)));
    let back = send(&b, &mut a);
    assert_eq!(back.conflicts, 0);
    assert_eq!(objective(&a).current, Some(5.0));
}

#[test]
fn a_delete_travels_wins_over_a_concurrent_edit_and_can_be_undone() {
    let (mut a, mut b) = laptops::pair();
    let id = a.objective;
    a.s.remove_plan_item::<Objectives>(id).unwrap();
    edit_objective(&mut b, |o| o.title = Some("Grow share of wallet to 40%".into()));
    let at_b = send(&a, &mut b);
    let at_a = send(&b, &mut a);
    assert_eq!((at_a.conflicts, at_b.conflicts, at_b.deleted), (1, 1, 1));
    for l in [&a, &b] {
        assert!(l.s.plan_item::<Objectives>(id).is_err(), "deleted on both");
        let x = &l.s.conflicts(false).unwrap()[0];
        assert!(x.deleted && x.field == "title");
    }
    assert_eq!(contents(&a), contents(&b));
    // An old bundle from before the delete does not bring it back.
    let x = b.s.conflicts(false).unwrap()[0].clone();
    b.s.settle_conflict(x.record_id, &x.field, x.lost_stamp, true).unwrap();
    assert_eq!(objective(&b).title, "Grow share of wallet to 40%", "restored with the edit");
    send(&b, &mut a);
    assert_eq!(objective(&a).title, "Grow share of wallet to 40%");
}

#[test]
fn an_old_bundle_cannot_bring_a_deleted_record_back() {
    let (mut a, mut b) = laptops::pair();
    let old = laptops::bundle(&a);
    let id = b.objective;
    b.s.remove_plan_item::<Objectives>(id).unwrap();
    let s = b.s.merge_bundle("old.keyplan", &old, false).unwrap();
    assert_eq!(s.conflicts, 0);
    assert!(b.s.plan_item::<Objectives>(id).is_err());
    send(&b, &mut a);
    assert!(a.s.plan_item::<Objectives>(id).is_err());
    let s = b.s.merge_bundle("old.keyplan", &old, false).unwrap();
    assert_eq!((s.updated, s.created), (0, 0));
}

#[test]
fn accounts_fields_tags_and_labels_merge_too() {
    let (mut a, mut b) = laptops::pair();
    let acc = a.s.account_detail(a.account).unwrap().account;
    let mut input = AccountInput::from(&acc.fields);
    input.tags = vec!["key".into(), "东区".into()];
    a.s.update_account(a.account, &input).unwrap();
    let acc = b.s.account_detail(b.account).unwrap().account;
    let mut input = AccountInput::from(&acc.fields);
    input.notes = Some("CFO changes in Q1".into());
    b.s.update_account(b.account, &input).unwrap();
    send(&a, &mut b);
    send(&b, &mut a);
    for l in [&a, &b] {
        let f = l.s.account_detail(l.account).unwrap().account.fields;
        assert_eq!(f.tags, ["key", "东区"]);
        assert_eq!(f.notes.as_deref(), Some("CFO changes in Q1"));
    }
    assert_eq!(contents(&a), contents(&b));
}

#[test]
fn clocks_set_wrong_do_not_break_the_merge() {
    for offset in [3_600_000_i64, -3_600_000, 4_070_908_800_000 - laptops::now_ms()] {
        let (mut a, mut b) = laptops::pair();
        b.s.set_clock_offset(offset);
        edit_objective(&mut b, |o| o.current = Some(Some(11.0)));
        let at_a = send(&b, &mut a);
        assert_eq!(objective(&a).current, Some(11.0), "offset {offset}");
        assert_eq!(at_a.held.is_empty(), offset < 0, "far-ahead stamps are held: {offset}");
        // A causally later edit on the laptop with the right clock wins, whatever b's says.
        edit_objective(&mut a, |o| o.current = Some(Some(12.0)));
        let at_b = send(&a, &mut b);
        assert_eq!(at_b.conflicts, 0, "offset {offset}");
        assert_eq!(objective(&b).current, Some(12.0), "offset {offset}");
        // And the other way: b edits after reading a's edit.
        edit_objective(&mut b, |o| o.current = Some(Some(13.0)));
        send(&b, &mut a);
        assert_eq!(objective(&a).current, Some(13.0), "offset {offset}");
        assert_eq!(contents(&a), contents(&b));
        // a's own clock was never moved to b's future: it stays near a's wall clock.
        let limit = u64::try_from(laptops::now_ms()).unwrap() + 600_000;
        assert!(laptops::latest_local_stamp(&a).millis < limit, "offset {offset}");
    }
}

#[test]
fn broken_and_hostile_bundles_are_refused_and_the_database_is_unchanged() {
    let (a, mut b) = laptops::pair_on_disk();
    let good = laptops::bundle(&a);
    let mut cases: Vec<(&str, Vec<u8>)> = vec![
        ("not an archive", b"id,name\n1,Acme\n".to_vec()),
        ("truncated", good[..good.len() / 2].to_vec()),
    ];
    cases.extend(laptops::hostile_bundles(&a));
    for (what, bytes) in cases {
        let before = laptops::file_bytes(&b);
        let err = b.s.merge_bundle("x.keyplan", &bytes, false).unwrap_err();
        assert!(matches!(err, keyplan_app::AppError::BadBundle { .. }), "{what}: {err}");
        // Refused before it was written, naming what is wrong.
        let said = err.to_string();
        let named = match what {
            "a date that is not one" => Some("soon"),
            "a status the plan does not have" => Some("cancelled"),
            "a tier Keyplan does not know" => Some("\"tier\""),
            "a number where a name goes" => Some("\"name\""),
            _ => None,
        };
        assert!(named.is_none_or(|n| said.contains(n)), "{what}: {said}");
        assert_eq!(laptops::file_bytes(&b), before, "{what}: the database file is unchanged");
    }
}
