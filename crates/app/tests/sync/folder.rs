//! The sync folder: laptops that only ever see each other's files in one folder converge; an
//! unchanged file is not merged again, nor this laptop's rewritten; a half-arrived file is
//! reported and merged once whole; a missing or unwritable folder changes nothing here.

use std::path::Path;

use keyplan_app::sync::{own_file_name, FolderSync};
use keyplan_app::{FolderWatch, SettingsPatch, SharedSession};

use super::edit_objective;
use super::laptops::{contents, laptop, pair, seeded, Laptop};

fn sync(l: &mut Laptop, dir: &Path) -> FolderSync {
    l.s.sync_folder(Some(dir), true).unwrap()
}

fn own_file(l: &Laptop, dir: &Path) -> std::path::PathBuf {
    dir.join(own_file_name(l.s.instance_id().unwrap()))
}

#[test]
fn laptops_that_share_only_a_folder_converge() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = pair();
    let mut c = laptop();
    let first = sync(&mut a, dir.path());
    assert!(first.written && first.merged.is_empty());
    assert!(own_file(&a, dir.path()).exists());

    edit_objective(&mut b, |o| o.current = Some(Some(20.0)));
    edit_objective(&mut a, |o| o.due_date = Some(Some("2026-10-31".into())));
    let on_b = sync(&mut b, dir.path());
    assert_eq!(on_b.merged.len(), 1, "a's file");
    assert_eq!(on_b.conflicts, 0, "different fields");
    // c never exchanged with anyone: it gets everything from the folder.
    let on_c = sync(&mut c, dir.path());
    assert_eq!(on_c.merged.len(), 2);
    sync(&mut a, dir.path());
    for l in [&mut a, &mut b, &mut c] {
        sync(l, dir.path());
    }
    assert_eq!(contents(&a), contents(&b));
    assert_eq!(contents(&a), contents(&c));
    c.objective = a.objective;
    let o = super::objective(&c);
    assert_eq!(
        (o.current, o.due_date.map(|d| d.to_string())),
        (Some(20.0), Some("2026-10-31".into()))
    );
}

#[test]
fn an_unchanged_folder_reads_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = pair();
    sync(&mut a, dir.path());
    sync(&mut b, dir.path());
    let again = sync(&mut b, dir.path());
    assert!(again.merged.is_empty() && !again.written, "{again:?}");
    assert_eq!(again.unchanged_files, 1);
    let before = std::fs::metadata(own_file(&b, dir.path())).unwrap().modified().unwrap();
    edit_objective(&mut b, |o| o.current = Some(Some(25.0)));
    let after_edit = sync(&mut b, dir.path());
    assert!(after_edit.written, "a local edit is written out");
    let after = std::fs::metadata(own_file(&b, dir.path())).unwrap().modified().unwrap();
    assert!(after >= before);
    // a merges b's file and, having changed, writes its own again: the change travels on.
    let on_a = sync(&mut a, dir.path());
    assert_eq!(on_a.updated, 1);
    assert!(on_a.written);
}

#[test]
fn a_half_arrived_file_is_reported_then_merged_once_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = seeded(laptop());
    let mut c = laptop();
    sync(&mut a, dir.path());
    let whole = std::fs::read(own_file(&a, dir.path())).unwrap();
    // What c sees while the sync tool is still copying a's file (under another name).
    let arriving = dir.path().join("from-a.keyplan");
    std::fs::write(&arriving, &whole[..whole.len() / 2]).unwrap();
    std::fs::remove_file(own_file(&a, dir.path())).unwrap();
    // And a sync tool's own temporary file, and this laptop's, which are never read.
    std::fs::write(dir.path().join(".syncthing.x.keyplan.tmp"), b"partial").unwrap();
    std::fs::write(dir.path().join(".keyplan-x.keyplan.part"), b"partial").unwrap();
    let half = sync(&mut c, dir.path());
    assert_eq!(half.problems.len(), 1, "{half:?}");
    assert_eq!(half.problems[0].file, "from-a.keyplan");
    assert!(!half.changed());
    assert_eq!(c.s.list_accounts(&Default::default()).unwrap().total, 0);
    std::fs::write(&arriving, &whole).unwrap();
    let done = sync(&mut c, dir.path());
    assert!(done.problems.is_empty() && done.created > 0, "{done:?}");
}

#[test]
fn a_missing_folder_is_an_error_that_names_it_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("unplugged");
    let mut a = seeded(laptop());
    let before = contents(&a);
    let e = a.s.sync_folder(Some(&gone), false).unwrap_err().to_string();
    assert!(e.contains("unplugged"), "{e}");
    assert_eq!(contents(&a), before);
    let e = a.s.sync_folder(None, false).unwrap_err().to_string();
    assert!(e.contains("sync_folder"), "no folder set: {e}");
}

#[test]
fn a_folder_this_laptop_cannot_write_to_is_still_merged_from() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = pair();
    edit_objective(&mut a, |o| o.current = Some(Some(14.0)));
    sync(&mut a, dir.path());
    // Something in the way of b's own file: a rename cannot replace a folder, even as root.
    let blocked = own_file(&b, dir.path());
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("x"), b"x").unwrap();
    let s = sync(&mut b, dir.path());
    assert_eq!(s.updated, 1, "a's edit arrived: {s:?}");
    let e = s.write_error.expect("the write failed");
    assert!(e.contains(&own_file_name(b.s.instance_id().unwrap())), "{e}");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left: {leftovers:?}");
}

#[test]
fn the_watch_syncs_at_start_on_a_new_file_and_after_a_local_edit_settles() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, b) = pair();
    let shared = SharedSession::new(b.s);
    let folder = dir.path().to_string_lossy().into_owned();
    let patch = SettingsPatch { sync_folder: Some(folder.clone()), ..SettingsPatch::default() };
    shared.with(|s| s.update_settings(&patch)).unwrap();
    let mut watch = FolderWatch::default();
    assert!(shared.folder_tick(&mut watch), "at start");
    assert_eq!(shared.sync_status().folder.as_deref(), Some(folder.as_str()));
    assert!(!shared.folder_tick(&mut watch), "nothing moved");

    edit_objective(&mut a, |o| o.current = Some(Some(16.0)));
    sync(&mut a, dir.path());
    assert!(shared.folder_tick(&mut watch), "a's file appeared");
    let status = shared.sync_status();
    assert_eq!(status.last.as_ref().unwrap().updated, 1);
    assert_eq!(status.changes, 1);
    assert!(!shared.folder_tick(&mut watch), "its own merge is not a change to sync");

    let account = a.account;
    let input = keyplan_app::domain::AccountInput {
        name: "华东精密 East China Precision".into(),
        notes: Some("edited here".into()),
        ..Default::default()
    };
    shared.with(|s| s.update_account(account, &input)).unwrap();
    assert!(!shared.folder_tick(&mut watch), "a burst of edits is left to settle");
    assert!(shared.folder_tick(&mut watch), "then written");
    assert!(shared.sync_status().last.unwrap().written);

    std::fs::remove_dir_all(dir.path()).unwrap();
    assert!(!shared.folder_tick(&mut watch));
    assert!(shared.sync_status().error.is_some(), "the missing folder is reported");
}

#[test]
fn settling_a_conflict_is_passed_on_through_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b) = pair();
    edit_objective(&mut a, |o| o.title = Some("Share of wallet 35%".into()));
    edit_objective(&mut b, |o| o.title = Some("Share of wallet 32%".into()));
    sync(&mut a, dir.path());
    sync(&mut b, dir.path());
    sync(&mut a, dir.path());
    let open = b.s.conflicts(false).unwrap();
    assert_eq!((open.len(), a.s.conflicts(false).unwrap().len()), (1, 1));
    let x = &open[0];
    b.s.settle_conflict(x.record_id, &x.field, x.lost_stamp, false).unwrap();
    assert!(sync(&mut b, dir.path()).written, "a dismissal is a change to pass on");
    sync(&mut a, dir.path());
    assert!(a.s.conflicts(false).unwrap().is_empty(), "dismissed on a too");
}

#[test]
fn the_badge_counts_conflicts_without_a_sync_folder_too() {
    let (mut a, mut b) = pair();
    edit_objective(&mut a, |o| o.title = Some("Share of wallet 35%".into()));
    edit_objective(&mut b, |o| o.title = Some("Share of wallet 32%".into()));
    super::laptops::send(&a, &mut b);
    let shared = SharedSession::new(b.s);
    assert_eq!(shared.sync_status().open_conflicts, 0, "not looked at yet");
    assert!(!shared.folder_tick(&mut FolderWatch::default()), "no folder, no sync");
    assert_eq!(shared.sync_status().open_conflicts, 1);
}
