//! Importing files as a user would get them from Excel and ERP systems: every encoding,
//! delimiter, date and number style, both header languages, the duplicate policies, re-import,
//! and the all-or-nothing rule checked on the database file itself.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use keyplan_app::domain::{AccountQuery, Money};
use keyplan_app::formats::import::{ImportError, Kind, OnDuplicate, Reason};
use keyplan_app::formats::sheet::{self as export, Cell, Sheet};
use keyplan_app::import::{import_file, ImportRequest, ImportSummary};
use keyplan_app::{list, list_accounts, AppError, Db, Transactions};

struct Fixture {
    dir: tempfile::TempDir,
    db: Db,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = keyplan_app::open(&dir.path().join("k.db")).unwrap();
    Fixture { dir, db }
}

impl Fixture {
    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn import(&mut self, kind: Kind, path: &Path) -> Result<ImportSummary, AppError> {
        import_file(&mut self.db, &ImportRequest::new(kind, path))
    }

    fn import_with(&mut self, req: &ImportRequest) -> Result<ImportSummary, AppError> {
        import_file(&mut self.db, req)
    }

    fn accounts(&self) -> Vec<keyplan_app::domain::Account> {
        list_accounts(&self.db, &AccountQuery::default()).unwrap().items
    }

    fn account(&self, name: &str) -> keyplan_app::domain::Account {
        self.accounts()
            .into_iter()
            .find(|a| a.fields.name == name)
            .unwrap_or_else(|| panic!("no {name}"))
    }

    /// (date, revenue minor units) of an account's transactions, oldest first.
    fn sales(&self, name: &str) -> Vec<(String, i64)> {
        let mut v: Vec<(String, i64)> = list::<Transactions>(&self.db, self.account(name).id())
            .unwrap()
            .into_iter()
            .map(|t| (t.fields.date.to_string(), t.fields.revenue.minor()))
            .collect();
        v.sort();
        v
    }
}

const CN_SALES: &str = "客户名称,日期,销售额,毛利,产品,数量,行业,地区\n\
华为技术,2023-01-05,\"¥1,200.50\",300,交换机,2,通信,华南\n\
阿里巴巴,2023年2月1日,800,(20.5),云,1,互联网,华东\n";

fn rejected(e: AppError) -> (usize, Vec<keyplan_app::formats::import::RowError>) {
    match e {
        AppError::Rejected { total, errors, .. } => (total, errors),
        other => panic!("expected rejected rows, got {other:?}"),
    }
}

#[test]
fn chinese_headers_create_accounts_and_fill_them() {
    let mut f = fixture();
    let p = f.file("sales.csv", CN_SALES.as_bytes());
    let s = f.import(Kind::Transactions, &p).unwrap();
    assert_eq!((s.created, s.accounts_created, s.accounts_matched), (2, 2, 0));
    let hw = f.account("华为技术");
    assert_eq!(hw.fields.industry.as_deref(), Some("通信"));
    assert_eq!(hw.fields.region.as_deref(), Some("华南"));
    assert_eq!(f.sales("华为技术"), [("2023-01-05".into(), 120_050)]);
    assert_eq!(f.sales("阿里巴巴"), [("2023-02-01".into(), 80_000)]);
    let t = list::<Transactions>(&f.db, f.account("阿里巴巴").id()).unwrap();
    assert_eq!(t[0].fields.profit, Some(Money(-2050)));
    assert_eq!(t[0].fields.product_line.as_deref(), Some("云"));
    assert!(s.backup.is_some(), "a backup is taken before the import writes");
}

#[test]
fn names_match_after_folding_case_width_and_spaces() {
    let mut f = fixture();
    let p = f.file("a.csv", "Customer,Date,Sales\nACME  Trading,2024-01-02,10\n".as_bytes());
    f.import(Kind::Transactions, &p).unwrap();
    let p = f.file("b.csv", "Customer,Date,Sales\nａｃｍｅ trading,2024-01-03,20\n".as_bytes());
    let s = f.import(Kind::Transactions, &p).unwrap();
    assert_eq!((s.accounts_created, s.accounts_matched), (0, 1));
    assert_eq!(f.accounts().len(), 1);
}

#[test]
fn every_encoding() {
    let text = "客户,日期,金额\n华为技术,2023-01-05,100\n";
    let utf8 = text.as_bytes().to_vec();
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let mut utf16 = vec![0xFF, 0xFE];
    for u in text.replace(',', "\t").encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    let gbk = encoding_rs::GB18030.encode(text).0.into_owned();
    for (name, bytes) in [("utf8", utf8), ("bom", bom), ("utf16", utf16), ("gbk", gbk)] {
        let mut f = fixture();
        let p = f.file(&format!("{name}.csv"), &bytes);
        let s = f.import(Kind::Transactions, &p).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(s.created, 1, "{name}");
        assert_eq!(f.accounts()[0].fields.name, "华为技术", "{name}");
    }
    // Any encoding_rs label by name.
    let mut f = fixture();
    let p = f.file(
        "w.csv",
        &encoding_rs::WINDOWS_1252.encode("Customer,Date,Sales\nCafé Müller,2023-01-05,5\n").0,
    );
    let mut req = ImportRequest::new(Kind::Transactions, &p);
    req.encoding = Some("windows-1252".into());
    f.import_with(&req).unwrap();
    assert_eq!(f.accounts()[0].fields.name, "Café Müller");
}

#[test]
fn bytes_that_are_not_the_encoding_stop_the_import_at_their_line() {
    let mut f = fixture();
    let p = f.file("bad.csv", b"Customer,Date,Sales\nok,2023-01-05,1\nbad \xff\xfe,2023-01-05,2\n");
    let mut req = ImportRequest::new(Kind::Transactions, &p);
    req.encoding = Some("utf-8".into());
    match f.import_with(&req).unwrap_err() {
        AppError::ImportFile { error: ImportError::Malformed { line, .. }, .. } => {
            assert_eq!(line, 3);
        }
        other => panic!("{other:?}"),
    }
    assert!(f.accounts().is_empty());
}

#[test]
fn every_delimiter_with_quoted_fields() {
    for d in [",", ";", "\t", "|"] {
        let mut f = fixture();
        // The delimiter inside a quoted name (a tab is a control character, which a name may
        // not hold: a comma stands in for it there).
        let inner = if d == "\t" { "," } else { d };
        let text =
            format!("Customer{d}Date{d}Sales\n\"Acme{inner} \"\"Big\"\" Ltd\"{d}2023-01-05{d}7\n");
        let p = f.file("d.csv", text.as_bytes());
        f.import(Kind::Transactions, &p).unwrap_or_else(|e| panic!("{d:?}: {e}"));
        assert_eq!(f.accounts()[0].fields.name, format!("Acme{inner} \"Big\" Ltd"), "{d:?}");
        // A line break inside a quoted name is read as the CSV says, then refused as a name:
        // the column is named and nothing is imported.
        let text = format!("Customer{d}Date{d}Sales\n\"Two\nLines\"{d}2023-01-05{d}7\n");
        let p = f.file("nl.csv", text.as_bytes());
        let e = f.import(Kind::Transactions, &p).unwrap_err().to_string();
        assert!(e.contains("Customer") && e.contains("one line"), "{d:?}: {e}");
        assert_eq!(f.accounts().len(), 1, "{d:?}: nothing more imported");
    }
}

#[test]
fn date_styles_and_day_order_from_the_whole_column() {
    let mut f = fixture();
    let p = f.file("dmy.csv", "Customer,Date,Sales\nA,03/04/2023,1\nA,25/12/2023,2\n".as_bytes());
    f.import(Kind::Transactions, &p).unwrap();
    assert_eq!(f.sales("A"), [("2023-04-03".into(), 100), ("2023-12-25".into(), 200)]);

    let p = f.file("mdy.csv", "Customer,Date,Sales\nB,03/04/2023,1\nB,12/25/2023,2\n".as_bytes());
    f.import(Kind::Transactions, &p).unwrap();
    assert_eq!(f.sales("B"), [("2023-03-04".into(), 100), ("2023-12-25".into(), 200)]);

    let p = f.file("styles.csv", "Customer,Date,Sales\nC,2023/1/5,1\nC,2023年1月6日,2\nC,44933,3\nC,20230108,4\nC,2023-01-09T08:00:00,5\n".as_bytes());
    f.import(Kind::Transactions, &p).unwrap();
    let dates: Vec<String> = f.sales("C").into_iter().map(|s| s.0).collect();
    assert_eq!(dates, ["2023-01-05", "2023-01-06", "2023-01-07", "2023-01-08", "2023-01-09"]);
}

#[test]
fn ambiguous_dates_ask_for_a_format_and_the_format_is_used() {
    let mut f = fixture();
    let p =
        f.file("amb.csv", "Customer,Order Date,Sales\nA,03/04/2023,1\nA,05/06/2023,2\n".as_bytes());
    let err = f.import(Kind::Transactions, &p).unwrap_err();
    assert!(
        matches!(&err, AppError::ImportFile { error: ImportError::AmbiguousDates { column, row: 1, .. }, .. } if column == "Order Date"),
        "{err:?}"
    );
    assert!(err.to_string().contains("--date-format"), "{err}");
    let mut req = ImportRequest::new(Kind::Transactions, &p);
    req.options.date_format = Some("%d/%m/%Y".into());
    f.import_with(&req).unwrap();
    assert_eq!(f.sales("A"), [("2023-04-03".into(), 100), ("2023-06-05".into(), 200)]);
}

#[test]
fn number_styles_are_exact() {
    let mut f = fixture();
    let rows = [
        ("1,234.56", 123_456),
        ("¥ 2,000", 200_000),
        ("$-5.5", -550),
        ("€1.234,50", 123_450),
        ("£7", 700),
        ("(300.25)", -30_025),
        ("1 000 000.01", 100_000_001),
        ("0.07", 7),
    ];
    let mut text = String::from("Customer;Date;Amount\n");
    for (i, (v, _)) in rows.iter().enumerate() {
        text.push_str(&format!("N;2023-01-{:02};{v}\n", i + 1));
    }
    let p = f.file("n.csv", text.as_bytes());
    f.import(Kind::Transactions, &p).unwrap();
    let got: Vec<i64> = f.sales("N").into_iter().map(|s| s.1).collect();
    assert_eq!(got, rows.iter().map(|r| r.1).collect::<Vec<_>>());
    // A margin column in percent gives the profit, exactly.
    let p = f.file("m.csv", "Customer,Date,Sales,Margin %\nM,2023-01-01,200.00,12.5%\n".as_bytes());
    f.import(Kind::Transactions, &p).unwrap();
    let t = list::<Transactions>(&f.db, f.account("M").id()).unwrap();
    assert_eq!(t[0].fields.profit, Some(Money(2500)));
}

#[test]
fn workbooks_with_typed_cells() {
    let mut f = fixture();
    let d = |y, m, dd| Cell::Date(chrono::NaiveDate::from_ymd_opt(y, m, dd).unwrap());
    let sheet = Sheet {
        name: "Sales".into(),
        titles: vec!["客户".into(), "日期".into(), "金额".into(), "数量".into()],
        rows: vec![
            vec![
                Cell::Text("华为技术".into()),
                d(2023, 1, 5),
                Cell::Money(Money(123_456)),
                Cell::Number(2.5),
            ],
            vec![
                Cell::Text("华为技术".into()),
                d(2023, 2, 6),
                Cell::Number(0.1 + 0.2),
                Cell::Int(3),
            ],
        ],
    };
    let p = f.file("book.xlsx", &export::xlsx(&sheet).unwrap());
    let s = f.import(Kind::Transactions, &p).unwrap();
    assert_eq!(s.created, 2);
    assert_eq!(f.sales("华为技术"), [("2023-01-05".into(), 123_456), ("2023-02-06".into(), 30)]);
    let mut req = ImportRequest::new(Kind::Transactions, &p);
    req.sheet = Some("Other".into());
    assert!(matches!(
        f.import_with(&req),
        Err(AppError::ImportFile { error: ImportError::NoSuchSheet { .. }, .. })
    ));
}

#[test]
fn the_same_transactions_file_twice_adds_nothing_the_second_time() {
    let mut f = fixture();
    // Two identical rows are two real orders: both kept, both recognised next time.
    let text = "Customer,Date,Sales\nA,2023-01-05,10\nA,2023-01-05,10\nB,2023-01-06,5\n";
    let p = f.file("t.csv", text.as_bytes());
    let first = f.import(Kind::Transactions, &p).unwrap();
    assert_eq!((first.created, first.already_imported), (3, 0));
    assert!(first.backup.is_some());
    let backups = keyplan_app::backups::list_backups(&f.db).unwrap().len();
    let db_path = f.dir.path().join("k.db");
    let before = std::fs::read(&db_path).unwrap();
    let again = f.import(Kind::Transactions, &p).unwrap();
    assert_eq!((again.created, again.already_imported, again.accounts_matched), (0, 3, 2));
    assert_eq!(f.sales("A").len(), 2);
    // Nothing new: no backup copy of the book, nothing written.
    assert_eq!(again.backup, None);
    assert_eq!(keyplan_app::backups::list_backups(&f.db).unwrap().len(), backups);
    assert!(std::fs::read(&db_path).unwrap() == before, "the database file changed");
    // A third identical order in a new file is new.
    let p = f.file(
        "t2.csv",
        "Customer,Date,Sales\nA,2023-01-05,10\nA,2023-01-05,10\nA,2023-01-05,10\n".as_bytes(),
    );
    assert_eq!(f.import(Kind::Transactions, &p).unwrap().created, 1);
}

const ACCOUNTS: &str =
    "ID,Name,Industry,Size,Tags\nC-1,Acme,Retail,large,\"vip, east\"\nC-2,Globex,Energy,中型,\n";

#[test]
fn duplicate_policies_for_accounts() {
    let mut f = fixture();
    let p = f.file("a.csv", ACCOUNTS.as_bytes());
    assert_eq!(f.import(Kind::Accounts, &p).unwrap().created, 2);
    assert_eq!(f.account("Acme").fields.tags, ["vip", "east"]);

    // error (the default): every existing one is reported, nothing written.
    let p2 = f.file(
        "a2.csv",
        "ID,Name,Industry\nC-1,Acme Corp,Wholesale\nC-3,Initech,Software\n".as_bytes(),
    );
    let (total, errors) = rejected(f.import(Kind::Accounts, &p2).unwrap_err());
    assert_eq!(total, 1);
    assert_eq!(
        (errors[0].row, errors[0].column.as_str(), &errors[0].reason),
        (1, "ID", &Reason::AlreadyExists)
    );
    assert_eq!(f.accounts().len(), 2);

    // skip: new ones created, existing ones untouched.
    let mut req = ImportRequest::new(Kind::Accounts, &p2);
    req.on_duplicate = OnDuplicate::Skip;
    let s = f.import_with(&req).unwrap();
    assert_eq!((s.created, s.skipped, s.updated), (1, 1, 0));
    assert_eq!(f.account("Acme").fields.industry.as_deref(), Some("Retail"));

    // update: matched by external id, so a renamed account is the same account.
    let mut req = ImportRequest::new(Kind::Accounts, &p2);
    req.on_duplicate = OnDuplicate::Update;
    let s = f.import_with(&req).unwrap();
    assert_eq!((s.created, s.updated), (0, 2));
    let acme = f.account("Acme Corp");
    assert_eq!(acme.fields.industry.as_deref(), Some("Wholesale"));
    assert_eq!(acme.fields.tags, ["vip", "east"], "columns the file lacks are kept");
    assert_eq!(f.accounts().len(), 3);
}

#[test]
fn a_file_that_repeats_an_account_is_refused() {
    let mut f = fixture();
    let p = f.file("r.csv", "Name,Industry\nAcme,Retail\nACME ,Energy\n".as_bytes());
    let (_, errors) = rejected(f.import(Kind::Accounts, &p).unwrap_err());
    assert_eq!(errors[0].reason, Reason::RepeatedInFile { first_row: 1 });
    assert_eq!(errors[0].row, 2);
}

#[test]
fn contacts_interactions_and_surveys_attach_to_accounts() {
    let mut f = fixture();
    let p = f.file("a.csv", ACCOUNTS.as_bytes());
    f.import(Kind::Accounts, &p).unwrap();
    let p = f.file("c.csv", "客户,联系人,职位,邮箱,角色,影响力\nAcme,王芳,采购总监,wf@acme.cn,决策者,5\nAcme,Li Lei,Engineer,,user,3\n".as_bytes());
    assert_eq!(f.import(Kind::Contacts, &p).unwrap().created, 2);
    let mut req = ImportRequest::new(Kind::Contacts, &p);
    req.on_duplicate = OnDuplicate::Skip;
    assert_eq!(f.import_with(&req).unwrap().skipped, 2, "matched by name within the account");

    let p = f.file("i.csv", "Customer,Date,Type,Summary,Sentiment\nAcme,2024-03-01,拜访,Quarterly review,positive\nGlobex,2024-03-02,call,,\n".as_bytes());
    assert_eq!(f.import(Kind::Interactions, &p).unwrap().created, 2);
    assert_eq!(f.import(Kind::Interactions, &p).unwrap().already_imported, 2);

    let p =
        f.file("s.csv", "Customer,Contact,Date,NPS,CSAT\nAcme,王芳,2024-03-05,9,5\n".as_bytes());
    assert_eq!(f.import(Kind::Surveys, &p).unwrap().created, 1);
    let p = f.file("s2.csv", "Customer,Contact,Date,NPS\nNobody Inc,,2024-03-05,9\nAcme,Ghost,2024-03-05,8\nAcme,,2024-03-05,11\n".as_bytes());
    let (total, errors) = rejected(f.import(Kind::Surveys, &p).unwrap_err());
    assert_eq!(total, 3, "{errors:?}");
    let got: Vec<(u32, &str, &Reason)> =
        errors.iter().map(|e| (e.row, e.column.as_str(), &e.reason)).collect();
    assert_eq!(got[0], (1, "Customer", &Reason::UnknownAccount));
    assert_eq!(got[1], (2, "Contact", &Reason::UnknownContact));
    assert_eq!((got[2].0, got[2].1), (3, "NPS"));
}

#[test]
fn a_bad_row_in_the_middle_leaves_the_database_file_byte_for_byte_identical() {
    let mut f = fixture();
    let p = f.file("seed.csv", CN_SALES.as_bytes());
    f.import(Kind::Transactions, &p).unwrap();
    let db_path = f.dir.path().join("k.db");
    let mut text = String::from("Customer,Date,Sales\n");
    for i in 1..=10_000 {
        let date = if i == 5_000 {
            "2023-02-30".to_string()
        } else {
            format!("2023-03-{:02}", i % 28 + 1)
        };
        text.push_str(&format!("Account {},{date},{}.50\n", i % 97, i));
    }
    let p = f.file("big.csv", text.as_bytes());
    drop(f.db);
    let before = std::fs::read(&db_path).unwrap();
    let (mut db, _) = keyplan_app::open(&db_path).unwrap();
    let err = import_file(&mut db, &ImportRequest::new(Kind::Transactions, &p)).unwrap_err();
    let (total, errors) = rejected(err);
    assert_eq!(total, 1);
    assert_eq!((errors[0].row, errors[0].line, errors[0].column.as_str()), (5_000, 5_001, "Date"));
    assert!(
        errors[0].message.contains("row 5000") && errors[0].message.contains("\"Date\""),
        "{}",
        errors[0].message
    );
    drop(db);
    assert!(std::fs::read(&db_path).unwrap() == before, "the database file changed");
}

#[test]
fn cancelling_while_writing_writes_nothing() {
    let mut f = fixture();
    let mut text = String::from("Customer,Date,Sales\n");
    for i in 0..40_000 {
        text.push_str(&format!("Account {},2023-03-{:02},{i}\n", i % 50, i % 28 + 1));
    }
    let p = f.file("big.csv", text.as_bytes());
    let mut stages = Vec::new();
    let err = keyplan_app::import::import_file_with(
        &mut f.db,
        &ImportRequest::new(Kind::Transactions, &p),
        &mut |p| {
            stages.push(p.stage);
            p.stage != "writing"
        },
    )
    .unwrap_err();
    assert!(matches!(err, AppError::Cancelled), "{err:?}");
    assert_eq!(stages.last(), Some(&"writing"), "cancelled mid-write: {stages:?}");
    assert!(f.accounts().is_empty(), "the accounts created before the rows were rolled back");
    let mode: String = f.db.conn().pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    // Nothing half-written: the same file imports whole afterwards.
    let s = f.import(Kind::Transactions, &p).unwrap();
    assert_eq!((s.created, s.accounts_created, s.already_imported), (40_000, 50, 0));
}

#[test]
fn skip_invalid_writes_the_good_rows_and_a_rejected_file() {
    let mut f = fixture();
    let p = f.file(
        "mixed.csv",
        "Customer,Date,Sales\nA,2023-01-01,1\nB,someday,2\nC,2023-01-03,lots\n".as_bytes(),
    );
    let mut req = ImportRequest::new(Kind::Transactions, &p);
    req.skip_invalid = true;
    let s = f.import_with(&req).unwrap();
    assert_eq!((s.created, s.rejected), (1, 2));
    let out = s.rejected_file.unwrap();
    assert_eq!(out, f.dir.path().join("mixed.rejected.csv"));
    let text = std::fs::read_to_string(out).unwrap();
    assert!(text.starts_with("\u{feff}Customer,Date,Sales,error\n"), "{text}");
    assert!(text.contains("B,someday,2,") && text.contains("C,2023-01-03,lots,"), "{text}");
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let mut f = fixture();
    let p = f.file("t.csv", CN_SALES.as_bytes());
    let mut req = ImportRequest::new(Kind::Transactions, &p);
    req.dry_run = true;
    let s = f.import_with(&req).unwrap();
    assert_eq!((s.created, s.accounts_created, s.dry_run), (2, 2, true));
    assert!(f.accounts().is_empty());
    assert!(s.backup.is_none());
}

#[test]
fn map_overrides_detection_and_names_unknown_fields() {
    let mut f = fixture();
    let p = f.file("m.csv", "Bill-to,Ship-to,Posting,Net\nAcme,Other,2023-01-01,5\n".as_bytes());
    let err = f.import(Kind::Transactions, &p).unwrap_err();
    assert!(err.to_string().contains("--map account=HEADER"), "{err}");
    let mut req = ImportRequest::new(Kind::Transactions, &p);
    req.options.map = vec![
        ("account".into(), "Bill-to".into()),
        ("date".into(), "posting".into()),
        ("revenue".into(), "Net".into()),
    ];
    f.import_with(&req).unwrap();
    assert_eq!(f.accounts()[0].fields.name, "Acme");
}
