//! Laptops for the merge tests: sessions on their own databases, a shared key account with a
//! plan and an objective, and the exchange of bundles between them.

#![allow(dead_code)]

use keyplan_app::domain::plan::{ObjectiveInput, PlanInput};
use keyplan_app::domain::sync::Stamp;
use keyplan_app::domain::{AccountInput, ContactInput, TransactionInput};
use keyplan_app::formats::bundle::{self, BundleRecord, Contents, Writer};
use keyplan_app::plans::NewPlan;
use keyplan_app::sync::{BundleScope, MergeSummary};
use keyplan_app::{Contacts, Db, Session, Transactions};
use keyplan_store::plans::Objectives;
use serde_json::json;
use uuid::Uuid;

pub struct Laptop {
    pub s: Session,
    pub account: Uuid,
    pub plan: Uuid,
    pub objective: Uuid,
    pub dir: Option<tempfile::TempDir>,
}

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// An empty laptop.
pub fn laptop() -> Laptop {
    let s = Session::new(Db::open_in_memory().unwrap());
    Laptop { s, account: Uuid::nil(), plan: Uuid::nil(), objective: Uuid::nil(), dir: None }
}

/// A laptop holding one key account with a contact, a transaction, a plan and an objective.
pub fn seeded(mut l: Laptop) -> Laptop {
    let input = AccountInput {
        name: "华东精密 East China Precision".into(),
        ..AccountInput::default()
    };
    l.account = l.s.create_account(&input).unwrap().id();
    let contact =
        ContactInput { name: "王总".into(), influence: Some(5), ..ContactInput::default() };
    l.s.create::<Contacts>(l.account, &contact).unwrap();
    let t = TransactionInput {
        date: "2026-03-01".into(),
        revenue: "125000.00".into(),
        ..Default::default()
    };
    l.s.create::<Transactions>(l.account, &t).unwrap();
    let plan = PlanInput {
        title: "FY2026".into(),
        period: "FY2026".into(),
        start_date: "2026-01-01".into(),
        end_date: "2026-12-31".into(),
        ..PlanInput::default()
    };
    let req = NewPlan { input: plan, template: Some("blank".into()), roll_forward: None };
    l.plan = l.s.create_plan(l.account, &req).unwrap().plan.id();
    let o = ObjectiveInput {
        title: "Share of wallet 30%".into(),
        baseline: Some(10.0),
        target: Some(30.0),
        current: Some(12.0),
        due_date: Some("2026-11-30".into()),
        ..ObjectiveInput::default()
    };
    l.objective = l.s.add_plan_item::<Objectives>(l.plan, &o).unwrap().meta.id;
    l
}

/// Everything, transactions too.
pub fn bundle(l: &Laptop) -> Vec<u8> {
    let scope = BundleScope { all: true, with_transactions: true, ..BundleScope::default() };
    l.s.export_bundle(&scope).unwrap().bytes
}

/// `from`'s bundle merged into `to`.
pub fn send(from: &Laptop, to: &mut Laptop) -> MergeSummary {
    to.s.merge_bundle("from.keyplan", &bundle(from), false).unwrap()
}

/// What a laptop holds, as its bundle's records and conflicts (same data, same contents).
pub fn contents(l: &Laptop) -> Contents {
    bundle::read(&bundle(l)).unwrap().contents
}

fn follow(a: &Laptop, mut b: Laptop) -> Laptop {
    send(a, &mut b);
    b.account = a.account;
    b.plan = a.plan;
    b.objective = a.objective;
    b
}

/// Two laptops that have exchanged once: b has all of a's.
pub fn pair() -> (Laptop, Laptop) {
    let a = seeded(laptop());
    let b = follow(&a, laptop());
    (a, b)
}

/// The same, with b's database in a file (to compare its bytes).
pub fn pair_on_disk() -> (Laptop, Laptop) {
    let a = seeded(laptop());
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = Session::open(&dir.path().join("b.db")).unwrap();
    let b = Laptop {
        s,
        account: Uuid::nil(),
        plan: Uuid::nil(),
        objective: Uuid::nil(),
        dir: Some(dir),
    };
    let b = follow(&a, b);
    (a, b)
}

/// A laptop's database file and its write-ahead log, byte for byte.
pub fn file_bytes(l: &Laptop) -> Vec<u8> {
    let path = l.s.db().path().unwrap().to_path_buf();
    let mut bytes = std::fs::read(&path).unwrap();
    let wal = path.with_extension("db-wal");
    if let Ok(w) = std::fs::read(wal) {
        bytes.extend(w);
    }
    bytes
}

/// The latest stamp this laptop's clock made.
pub fn latest_local_stamp(l: &Laptop) -> Stamp {
    let text: String =
        l.s.db().conn().query_row("SELECT last FROM clock", [], |r| r.get(0)).unwrap();
    text.parse().unwrap()
}

fn rewrite(a: &Laptop, f: impl FnOnce(&mut Contents)) -> Vec<u8> {
    let read = bundle::read(&bundle(a)).unwrap();
    let mut contents = read.contents;
    f(&mut contents);
    let writer = Writer { schema_version: 6, instance: read.manifest.instance, user: "x".into() };
    bundle::write(&writer, &contents).unwrap().0
}

fn find<'a>(c: &'a mut Contents, kind: &str) -> &'a mut BundleRecord {
    c.records.iter_mut().find(|r| r.kind == kind).unwrap()
}

/// Bundles that read as archives but must not be merged.
pub fn hostile_bundles(a: &Laptop) -> Vec<(&'static str, Vec<u8>)> {
    let stranger = Uuid::now_v7();
    vec![
        (
            "a reference to a record that is nowhere",
            rewrite(a, |c| {
                find(c, "plan_objective").values.insert("plan_id".into(), json!(stranger));
            }),
        ),
        (
            "an id that is another kind of record here",
            rewrite(a, |c| {
                let contact = find(c, "contact").id;
                let plan = find(c, "plan");
                plan.id = contact;
                c.records.retain(|r| r.kind != "contact" || r.id != contact);
            }),
        ),
        (
            "a date that is not one",
            rewrite(a, |c| {
                let o = find(c, "plan_objective");
                o.values.insert("due_date".into(), json!("soon"));
                o.clocks.insert(
                    "due_date".into(),
                    bundle::BundleClock { stamp: later(o.base), seen: vec![] },
                );
            }),
        ),
        (
            "a status the plan does not have",
            rewrite(a, |c| {
                let plan = find(c, "plan");
                plan.values.insert("status".into(), json!("cancelled"));
                plan.clocks.insert(
                    "status".into(),
                    bundle::BundleClock { stamp: later(plan.base), seen: vec![] },
                );
            }),
        ),
        (
            "a tier Keyplan does not know",
            rewrite(a, |c| {
                let acc = find(c, "account");
                acc.values.insert("tier".into(), json!("Z"));
                acc.values.insert("tier_reason".into(), json!("made up"));
                acc.clocks.insert(
                    "tier".into(),
                    bundle::BundleClock { stamp: later(acc.base), seen: vec![] },
                );
            }),
        ),
        (
            "a number where a name goes",
            rewrite(a, |c| {
                let acc = find(c, "account");
                acc.values.insert("name".into(), json!(42));
                acc.clocks.insert(
                    "name".into(),
                    bundle::BundleClock { stamp: later(acc.base), seen: vec![] },
                );
            }),
        ),
    ]
}

fn later(s: Stamp) -> Stamp {
    Stamp { millis: s.millis + 86_400_000, counter: 0, instance: Uuid::from_u128(99) }
}
