use super::super::super::source::Source;
use super::super::super::Kind;
use super::super::{parse, Options, Rows};
use super::*;

fn read(csv: &str) -> (TransactionRows, Vec<RowError>) {
    let src = Source::open(csv.as_bytes(), None, None).unwrap();
    let p = parse(&src, Kind::Transactions, &Options::default()).unwrap();
    let Rows::Transactions(t) = p.rows else { panic!("transactions") };
    (t, p.errors)
}

#[test]
fn spellings_of_one_account_are_one_account() {
    let (t, errors) = read("Customer,Date,Sales\nAcme Ltd,2024-01-02,10\nACME  LTD,2024-01-03,20\nＡｃｍｅ Ltd,2024-01-04,5\nBeta,2024-01-04,1\n");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(t.accounts.len(), 2);
    assert_eq!(t.accounts[0].name, "Acme Ltd", "the first spelling names it");
    assert_eq!(t.rows.iter().map(|r| r.account).collect::<Vec<_>>(), [0, 0, 0, 1]);
}

#[test]
fn a_margin_gives_exact_profit() {
    let (t, errors) =
        read("Customer,Date,Sales,Margin\nA,2024-01-02,100.01,25%\nA,2024-01-02,0.03,0.5\n");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(t.rows[0].profit, Some(Money(2500)), "100.01 × 25% = 25.0025 → 25.00");
    assert_eq!(t.rows[1].profit, Some(Money(2)), "0.03 × 0.5 = 0.015 → 0.02 (half away from zero)");
}

#[test]
fn account_columns_fill_the_first_blank_and_are_checked() {
    let (t, errors) = read(
        "Customer,Date,Sales,Industry,规模,Tags\nA,2024-01-02,1,,大型,x;y\nA,2024-01-03,1,Retail,small,z\nB,2024-01-03,1,,huge,\n",
    );
    assert_eq!(t.accounts[0].industry.as_deref(), Some("Retail"), "first value wins");
    assert_eq!(t.accounts[0].size_band, Some(SizeBand::Large));
    assert_eq!(t.accounts[0].tags, ["x", "y"]);
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].row, errors[0].column.as_str()), (3, "规模"));
}

#[test]
fn quantities_and_long_text() {
    let long = "x".repeat(MAX_TEXT + 1);
    let (t, errors) = read(&format!(
        "Customer,Date,Sales,Qty,Product\nA,2024-01-02,1,-3,p\nA,2024-01-02,1,lots,p\nA,2024-01-02,1,2.5,{long}\nA,2024-01-02,1,4,p\n"
    ));
    assert_eq!(t.rows.len(), 1);
    assert_eq!(t.rows[0].quantity, Some(4.0));
    let columns: Vec<&str> = errors.iter().map(|e| e.column.as_str()).collect();
    assert_eq!(columns, ["Qty", "Qty", "Product"]);
    assert_eq!(t.products, ["p"]);
}

mod halves {
    use std::sync::atomic::AtomicBool;

    use super::super::super::super::headers::map_columns;
    use super::super::super::dates::date_columns;
    use super::*;
    use proptest::prelude::*;

    /// What a read gave: the rows, problems and rows read, or that it stopped at a date that
    /// needs its column's day/month order.
    type Read = Option<(TransactionRows, Vec<RowError>, u32)>;

    /// The file read by one reader, and read as two halves (None when it is not cut).
    fn whole_and_halves(text: &str, optimistic: bool) -> (Read, Option<Read>) {
        let src = Source::open(text.as_bytes(), None, None).unwrap();
        let mapping = map_columns(Kind::Transactions, &src.headers, &[]).unwrap();
        let orders = date_columns(&mapping).iter().map(|c| (*c, None)).collect();
        let ctx = Ctx { src: &src, mapping: &mapping, orders, format: None, optimistic };
        let mut pass = Pass::default();
        let whole = match src.scan_with::<Unclear>(|p, c| pass.row(&ctx, p, c), &mut |_, _| true) {
            Ok(()) => {
                let (mut errors, mut n) = (Vec::new(), 0);
                Some((pass.finish(&mut errors, &mut n), errors, n))
            }
            Err(ScanError::Stop(Unclear)) => None,
            Err(e) => panic!("one reader failed: {e:?}"),
        };
        let Some(split) = src.split(0) else { return (whole, None) };
        let (mut errors, mut n) = (Vec::new(), 0);
        let halves = match read_halves(&ctx, &split, &mut |_, _| true, &mut errors, &mut n) {
            Ok(t) => Some((t, errors, n)),
            Err(Stop::Unclear) => None,
            Err(Stop::Failed(e)) => panic!("the halves failed where one reader did not: {e}"),
        };
        (whole, Some(halves))
    }

    #[test]
    fn what_the_second_half_finds_first_is_put_together_as_one_reader_would() {
        let head = "Customer,Date,Sales,Product,Industry,Size\r\n";
        let mut text = String::from(head);
        for i in 0..60 {
            text.push_str(&format!("Acme Ltd,2024-01-{:02},{i},Widgets,,\r\n", i % 28 + 1));
        }
        text.push_str("Acme Ltd,2024-13-01,1,,,\r\n");
        for i in 0..20 {
            // Odd Beta rows are refused twice over: a line end in a one-line cell, a bad size.
            let (product, size) = if i % 2 == 1 {
                ("\"Two\r\nlines\"", "huge")
            } else {
                ("\"Gadgets, blue\"", "large")
            };
            text.push_str(&format!("ACME  LTD,2024-02-{:02},{i},Widgets,Retail,\r\n", i + 1));
            text.push_str(&format!("Beta,2024-02-{:02},{i},{product},,{size}\r\n", i + 1));
        }
        let src = Source::open(text.as_bytes(), None, None).unwrap();
        let split = src.split(0).unwrap();
        let no = AtomicBool::new(false);
        let cut = src.scan_first_half(&split, |_, _| Ok::<(), ()>(()), &mut |_, _| true, &no);
        // Rows 1–61 are Acme's, then ACME/Beta pairs from row 62: Acme's industry, Beta and
        // "Gadgets, blue" are first met after the cut.
        let rows_before = cut.unwrap().expect("the cut is at a row's end");
        assert!(rows_before < 61, "the cut is after row {rows_before}: move it earlier");
        let (whole, halves) = whole_and_halves(&text, false);
        assert_eq!(halves.as_ref(), Some(&whole));
        let (t, errors, _) = whole.unwrap();
        let acme = &t.accounts[0];
        assert_eq!(acme.industry.as_deref(), Some("Retail"), "filled from the second half");
        assert_eq!((t.accounts[1].name.as_str(), t.accounts[1].first_row), ("Beta", 63));
        assert_eq!(t.products, ["Widgets", "Gadgets, blue"]);
        let at: Vec<(u32, u64)> = errors.iter().map(|e| (e.row, e.line)).collect();
        assert_eq!(at[0], (61, 62), "the bad date");
        assert_eq!(at.len(), 21, "and two for every odd Beta row: {errors:?}");
        assert_eq!(*at.last().unwrap(), (101, 111), "after nine two-line rows");
    }

    /// A cell for each column, mostly valid so that most rows pass and the merge of rows,
    /// accounts, product lines and hashes is compared, with bad values, quoted line ends and
    /// stray quotes among them.
    fn row() -> impl Strategy<Value = Vec<&'static str>> {
        let pick = |v: Vec<&'static str>| prop::sample::select(v);
        (
            pick(vec!["Acme Ltd", "ACME  LTD", "Ｂeta", "\"Gamma, Inc.\"", "Delta", "", "#N/A"]),
            pick(vec!["2024-01-02", "2024-03-31", "2023-12-01", "2024-02-30", "03/04/2024"]),
            pick(vec!["10.50", "-3", "1,234.5", "0", "abc"]),
            pick(vec!["Widgets", "", "\"Cables, copper\"", "\"two\nlines\"", "5\" pipe"]),
            pick(vec!["", "Retail", "Energy", "#N/A"]),
            pick(vec!["", "large", "大型", "huge"]),
            pick(vec!["", "2", "1.5", "-1"]),
        )
            .prop_map(|(a, d, r, p, i, s, q)| vec![a, d, r, p, i, s, q])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn two_halves_read_as_one_reader(
            rows in prop::collection::vec(prop_oneof![9 => row(), 1 => Just(vec![])], 1..80),
            crlf in any::<bool>(),
            optimistic in any::<bool>(),
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("Customer,Date,Sales,Product,Industry,Size,Qty{end}");
            for r in rows {
                text.push_str(&r.join(","));
                text.push_str(end);
            }
            let (whole, halves) = whole_and_halves(&text, optimistic);
            if let Some(halves) = halves {
                prop_assert_eq!(halves, whole);
            }
        }
    }
}
