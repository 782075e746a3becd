//! Round trips through every table, tombstones, and the accounts list's filters, sorts and pages.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, Utc};
use keyplan_domain::RecordKind;
use keyplan_domain::{
    Account, AccountFields, AccountQuery, AccountSort, ContactFields, ContactInput,
    InteractionInput, Meta, OpportunityInput, Record, SizeBand, SurveyInput, TransactionInput,
};
use keyplan_store::{
    accounts, contacts, interactions, opportunities, settings, surveys, sync, transactions, Db,
    StoreError,
};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-22T10:00:00.123Z").unwrap().to_utc()
}

fn account(name: &str, industry: Option<&str>, size: Option<SizeBand>, tags: &[&str]) -> Account {
    Record {
        meta: Meta::new(now()),
        fields: AccountFields {
            name: name.into(),
            industry: industry.map(Into::into),
            size_band: size,
            region: Some("华东".into()),
            owner: Some("Li Wei".into()),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            relationship_start: NaiveDate::from_ymd_opt(2020, 1, 5),
            renewal_date: None,
            industry_influence: Some(4),
            innovation_synergy: None,
            growth_potential: Some(5),
            strategic_fit: Some(1),
            notes: Some("line one\nline two".into()),
        },
    }
}

fn names(page: &keyplan_domain::account::Page<Account>) -> Vec<&str> {
    page.items.iter().map(|a| a.fields.name.as_str()).collect()
}

#[test]
fn account_round_trip_and_update() {
    let db = Db::open_in_memory().unwrap();
    let c = db.conn();
    let a = account("Acme 华东", Some("Retail"), Some(SizeBand::Large), &["vip", "重点"]);
    accounts::insert(c, &a).unwrap();
    assert_eq!(accounts::get(c, a.id()).unwrap(), a);

    let mut f = a.fields.clone();
    f.name = "Acme East".into();
    f.tags = vec!["重点".into()];
    let later = now() + chrono::Duration::minutes(5);
    accounts::update(c, a.id(), &f, later).unwrap();
    let got = accounts::get(c, a.id()).unwrap();
    assert_eq!(got.fields, f);
    assert_eq!(got.meta.updated_at, later);
    assert_eq!(got.meta.created_at, a.meta.created_at);
    assert_eq!(accounts::find_by_name(c, "  ACME   east ").unwrap(), Some(a.id()));
}

#[test]
fn unknown_ids_are_not_found() {
    let db = Db::open_in_memory().unwrap();
    let id = uuid::Uuid::now_v7();
    assert!(matches!(accounts::get(db.conn(), id), Err(StoreError::NotFound { .. })));
    let f = account("x", None, None, &[]).fields;
    assert!(matches!(accounts::update(db.conn(), id, &f, now()), Err(StoreError::NotFound { .. })));
    assert!(matches!(
        transactions::soft_delete(db.conn(), id, now()),
        Err(StoreError::NotFound { .. })
    ));
}

#[test]
fn the_unique_name_index_only_counts_live_accounts() {
    let db = Db::open_in_memory().unwrap();
    let c = db.conn();
    let a = account("Acme", None, None, &[]);
    accounts::insert(c, &a).unwrap();
    let err = accounts::insert(c, &account("ACME", None, None, &[])).unwrap_err();
    assert!(err.is_unique_violation());
    accounts::soft_delete(c, a.id(), now()).unwrap();
    accounts::insert(c, &account("acme", None, None, &[])).unwrap();
}

#[test]
fn deleting_an_account_tombstones_what_is_under_it() {
    let db = Db::open_in_memory().unwrap();
    let c = db.conn();
    let a = account("Acme", None, None, &[]);
    accounts::insert(c, &a).unwrap();
    let t = Record {
        meta: Meta::new(now()),
        fields: TransactionInput {
            date: "2026-01-02".into(),
            revenue: "10".into(),
            ..Default::default()
        }
        .validate(a.id())
        .unwrap(),
    };
    transactions::insert(c, &t).unwrap();
    accounts::soft_delete(c, a.id(), now()).unwrap();
    assert!(matches!(accounts::get(c, a.id()), Err(StoreError::NotFound { .. })));
    assert!(matches!(transactions::get(c, t.id()), Err(StoreError::NotFound { .. })));
    // The rows are still there, as tombstones.
    let n: i64 = c
        .query_row("SELECT count(*) FROM transactions WHERE deleted_at IS NOT NULL", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(n, 1);
}

#[test]
fn every_child_table_round_trips() {
    let db = Db::open_in_memory().unwrap();
    let c = db.conn();
    let a = account("Acme", None, None, &[]);
    accounts::insert(c, &a).unwrap();
    fn rec<F>(fields: F) -> Record<F> {
        Record { meta: Meta::new(now()), fields }
    }

    let boss: Record<ContactFields> = rec(ContactInput {
        name: "王总".into(),
        role: Some("decision_maker".into()),
        attitude: Some(-2),
        ..Default::default()
    }
    .validate(a.id())
    .unwrap());
    contacts::insert(c, &boss).unwrap();
    let mut aide_fields = ContactInput {
        name: "Li".into(),
        email: Some("li@example.cn".into()),
        ..Default::default()
    }
    .validate(a.id())
    .unwrap();
    aide_fields.reports_to = Some(boss.id());
    let aide = rec(aide_fields);
    contacts::insert(c, &aide).unwrap();
    assert_eq!(contacts::get(c, aide.id()).unwrap(), aide);
    assert_eq!(contacts::list_for_account(c, a.id()).unwrap().len(), 2);

    let i = rec(InteractionInput {
        date: "2026-03-01".into(),
        kind: "complaint".into(),
        severity: Some("high".into()),
        resolved_on: Some("2026-03-04".into()),
        contact_ids: vec![aide.id(), boss.id()],
        sentiment: Some(-1),
        ..Default::default()
    }
    .validate(a.id())
    .unwrap());
    interactions::insert(c, &i).unwrap();
    assert_eq!(interactions::get(c, i.id()).unwrap(), i);

    let t = rec(TransactionInput {
        date: "2026-03-01".into(),
        revenue: "-12.34".into(),
        profit: Some("1".into()),
        quantity: Some(0.5),
        product_line: Some("核心平台".into()),
    }
    .validate(a.id())
    .unwrap());
    transactions::insert(c, &t).unwrap();
    assert_eq!(transactions::get(c, t.id()).unwrap(), t);

    let s = rec(SurveyInput {
        date: "2026-03-01".into(),
        nps: Some(0),
        csat: Some(5),
        contact_id: Some(boss.id()),
        comment: Some("ok".into()),
    }
    .validate(a.id())
    .unwrap());
    surveys::insert(c, &s).unwrap();
    assert_eq!(surveys::get(c, s.id()).unwrap(), s);

    let o = rec(OpportunityInput {
        title: "Renewal".into(),
        kind: "renewal".into(),
        estimated_value: Some("1000000.01".into()),
        probability: Some(100),
        ..Default::default()
    }
    .validate(a.id())
    .unwrap());
    opportunities::insert(c, &o).unwrap();
    assert_eq!(opportunities::get(c, o.id()).unwrap(), o);

    // Deleting the boss frees the aide from reporting to a tombstone.
    contacts::soft_delete(c, boss.id(), now()).unwrap();
    assert_eq!(contacts::get(c, aide.id()).unwrap().fields.reports_to, None);
}

#[test]
fn list_filters_searches_sorts_and_pages() {
    let db = Db::open_in_memory().unwrap();
    let c = db.conn();
    for (name, industry, size, tags) in [
        ("Beta Foods", Some("Retail"), Some(SizeBand::Small), vec!["vip"]),
        ("alpha Steel", Some("Manufacturing"), Some(SizeBand::Enterprise), vec![]),
        ("Gamma 50%", None, Some(SizeBand::Micro), vec!["vip", "export"]),
        ("Delta_Retail", Some("Retail"), None, vec![]),
        ("华东精密", Some("Manufacturing"), Some(SizeBand::Medium), vec!["重点"]),
    ] {
        accounts::insert(c, &account(name, industry, size, &tags)).unwrap();
    }
    let q = |q: AccountQuery| accounts::list(c, &q).unwrap();

    assert_eq!(
        names(&q(AccountQuery::default())),
        ["alpha Steel", "Beta Foods", "Delta_Retail", "Gamma 50%", "华东精密"]
    );
    assert_eq!(
        names(&q(AccountQuery { industry: Some("Retail".into()), ..Default::default() })),
        ["Beta Foods", "Delta_Retail"]
    );
    assert_eq!(
        names(&q(AccountQuery { tag: Some("vip".into()), ..Default::default() })),
        ["Beta Foods", "Gamma 50%"]
    );
    assert_eq!(
        names(&q(AccountQuery { search: Some("ＡＬＰＨＡ".into()), ..Default::default() })),
        ["alpha Steel"]
    );
    // LIKE wildcards in a search are literal.
    assert_eq!(
        names(&q(AccountQuery { search: Some("50%".into()), ..Default::default() })),
        ["Gamma 50%"]
    );
    assert_eq!(
        names(&q(AccountQuery { search: Some("_".into()), ..Default::default() })),
        ["Delta_Retail"]
    );
    assert_eq!(
        names(&q(AccountQuery { search: Some("精密".into()), ..Default::default() })),
        ["华东精密"]
    );
    // Size sorts by band order, blanks last either way.
    assert_eq!(
        names(&q(AccountQuery { sort: Some(AccountSort::SizeBand), ..Default::default() })),
        ["Gamma 50%", "Beta Foods", "华东精密", "alpha Steel", "Delta_Retail"]
    );
    assert_eq!(
        names(&q(AccountQuery {
            sort: Some(AccountSort::SizeBand),
            descending: true,
            ..Default::default()
        })),
        ["alpha Steel", "华东精密", "Beta Foods", "Gamma 50%", "Delta_Retail"]
    );
    let page = q(AccountQuery { offset: 2, limit: 2, ..Default::default() });
    assert_eq!((page.total, names(&page)), (5, vec!["Delta_Retail", "Gamma 50%"]));

    let f = accounts::facets(c).unwrap();
    assert_eq!(f.industries, ["Manufacturing", "Retail"]);
    assert_eq!(f.tags, ["export", "vip", "重点"]);
}

#[test]
fn settings_upsert() {
    let db = Db::open_in_memory().unwrap();
    let c = db.conn();
    assert_eq!(settings::get(c, "language").unwrap(), None);
    settings::set(c, "language", "zh-CN").unwrap();
    settings::set(c, "language", "en").unwrap();
    assert_eq!(settings::get(c, "language").unwrap().as_deref(), Some("en"));
}

/// Copies a record from one database to another as a merge does: as fields, by its kind.
fn copy(from: &Db, to: &Db, kind: RecordKind, id: uuid::Uuid) {
    let kind = kind.schema();
    let (created, values) = sync::read(from.conn(), kind, id).unwrap().unwrap();
    sync::write(to.conn(), kind, id, &created, "2026-11-23T00:00:00.000Z", &values).unwrap();
    sync::check(to.conn(), kind, id).unwrap();
}

#[test]
fn every_kind_of_record_travels_as_fields_and_comes_back_the_same() {
    let (here, there) = (Db::open_in_memory().unwrap(), Db::open_in_memory().unwrap());
    let c = here.conn();
    let a = account("Remote Co", Some("Retail"), None, &["b", "a"]);
    accounts::insert(c, &a).unwrap();
    let meta = || Meta::new(now());
    let boss = Record {
        meta: meta(),
        fields: ContactInput { name: "王总".into(), ..Default::default() }
            .validate(a.id())
            .unwrap(),
    };
    contacts::insert(c, &boss).unwrap();
    let i = Record {
        meta: meta(),
        fields: InteractionInput {
            date: "2024-03-01".into(),
            kind: "visit".into(),
            contact_ids: vec![boss.id()],
            ..Default::default()
        }
        .validate(a.id())
        .unwrap(),
    };
    interactions::insert(c, &i).unwrap();
    let t = Record {
        meta: meta(),
        fields: TransactionInput {
            date: "2024-03-02".into(),
            revenue: "10.50".into(),
            ..Default::default()
        }
        .validate(a.id())
        .unwrap(),
    };
    transactions::insert(c, &t).unwrap();
    let s = Record {
        meta: meta(),
        fields: SurveyInput { date: "2024-03-03".into(), nps: Some(9), ..Default::default() }
            .validate(a.id())
            .unwrap(),
    };
    surveys::insert(c, &s).unwrap();
    let o = Record {
        meta: meta(),
        fields: OpportunityInput {
            title: "Renewal".into(),
            kind: "renewal".into(),
            ..Default::default()
        }
        .validate(a.id())
        .unwrap(),
    };
    opportunities::insert(c, &o).unwrap();
    for (kind, id) in [
        (RecordKind::Account, a.id()),
        (RecordKind::Contact, boss.id()),
        (RecordKind::Interaction, i.id()),
        (RecordKind::Transaction, t.id()),
        (RecordKind::Survey, s.id()),
        (RecordKind::Opportunity, o.id()),
    ] {
        copy(&here, &there, kind, id);
    }
    let d = there.conn();
    let updated = DateTime::parse_from_rfc3339("2026-11-23T00:00:00.000Z").unwrap().to_utc();
    let arrived = |m: &Meta| Meta { updated_at: updated, ..m.clone() };
    let got = accounts::get(d, a.id()).unwrap();
    assert_eq!(got.fields, a.fields, "tags in their order too");
    assert_eq!(got.meta, arrived(&a.meta), "created when it was made there");
    assert_eq!(contacts::get(d, boss.id()).unwrap().fields, boss.fields);
    assert_eq!(interactions::get(d, i.id()).unwrap().fields, i.fields);
    assert_eq!(transactions::get(d, t.id()).unwrap().fields, t.fields);
    assert_eq!(surveys::get(d, s.id()).unwrap().fields, s.fields);
    assert_eq!(opportunities::get(d, o.id()).unwrap().fields, o.fields);

    // A tombstone travels too, and a value that is not its field's type is refused by name.
    contacts::soft_delete(c, boss.id(), now()).unwrap();
    copy(&here, &there, RecordKind::Contact, boss.id());
    assert!(matches!(contacts::get(d, boss.id()), Err(StoreError::NotFound { .. })));
    let kind = RecordKind::Account.schema();
    let (created, mut values) = sync::read(c, kind, a.id()).unwrap().unwrap();
    values.insert("industry_influence".into(), serde_json::json!("high"));
    let err = sync::write(d, kind, a.id(), &created, &created, &values).unwrap_err();
    assert!(err.to_string().contains("\"industry_influence\": expected a whole number"), "{err}");
}
