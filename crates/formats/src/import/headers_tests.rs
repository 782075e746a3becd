//! Header matching: spellings in both languages, ambiguity, maps.
use super::*;

fn headers(h: &[&str]) -> Vec<String> {
    h.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn english_and_chinese_headers() {
    let en = map_columns(
        Kind::Transactions,
        &headers(&["Order Date", "Customer", "Sales", "Gross Profit", "Qty"]),
        &[],
    )
    .unwrap();
    assert_eq!(en.column(TransactionField::Account), Some(1));
    assert_eq!(en.column(TransactionField::Date), Some(0));
    assert_eq!(en.column(TransactionField::Revenue), Some(2));
    assert_eq!(en.column(TransactionField::Profit), Some(3));
    assert_eq!(en.column(TransactionField::Quantity), Some(4));
    let cn = map_columns(
        Kind::Transactions,
        &headers(&["客户名称", "日期", "销售额", "毛利", "地区", "行业", "备注"]),
        &[],
    )
    .unwrap();
    assert_eq!(cn.column(TransactionField::Account), Some(0));
    assert_eq!(cn.column(TransactionField::Revenue), Some(2));
    assert_eq!(cn.column(TransactionField::Region), Some(4));
    assert_eq!(cn.column(TransactionField::Industry), Some(5));
    assert_eq!(cn.ignored, ["备注"]);
}

#[test]
fn case_width_and_spacing_do_not_matter() {
    let m = map_columns(
        Kind::Accounts,
        &headers(&["ＣＵＳＴＯＭＥＲ　ＮＡＭＥ", "size_band", "  Industry "]),
        &[],
    )
    .unwrap();
    assert_eq!(m.column(AccountField::Name), Some(0));
    assert_eq!(m.column(AccountField::SizeBand), Some(1));
    assert_eq!(m.column(AccountField::Industry), Some(2));
}

#[test]
fn map_wins_and_is_checked() {
    let h = headers(&["Customer", "Bill-to Name", "Date", "Amount"]);
    let m =
        map_columns(Kind::Transactions, &h, &[("account".into(), "bill-to name".into())]).unwrap();
    assert_eq!(m.column(TransactionField::Account), Some(1));
    assert_eq!(m.ignored, ["Customer"]);
    let m =
        map_columns(Kind::Transactions, &h, &[("product".into(), "Bill-to Name".into())]).unwrap();
    assert_eq!(m.column(TransactionField::ProductLine), Some(1));
    assert!(matches!(
        map_columns(Kind::Transactions, &h, &[("colour".into(), "Date".into())]),
        Err(ImportError::UnknownField { .. })
    ));
    assert!(matches!(
        map_columns(Kind::Transactions, &h, &[("account".into(), "Kunde".into())]),
        Err(ImportError::NoSuchColumn { .. })
    ));
}

#[test]
fn a_missing_required_column_is_named() {
    let err = map_columns(Kind::Transactions, &headers(&["Customer", "Date"]), &[]).unwrap_err();
    assert!(matches!(&err, ImportError::MissingColumn { field, .. } if field == "revenue"));
    assert!(err.to_string().contains("--map revenue=HEADER"));
}

#[test]
fn a_field_of_another_kind_has_no_column() {
    let m = map_columns(Kind::Accounts, &headers(&["Customer", "Industry"]), &[]).unwrap();
    assert_eq!(m.column(AccountField::Industry), Some(1));
    assert_eq!(m.column(TransactionField::Industry), None);
    assert_eq!(m.column_named("industry"), Some(1));
}

#[test]
fn enum_order_is_spec_order() {
    assert_eq!(AccountField::SizeBand.name(), "size_band");
    assert_eq!(ContactField::RelationshipStrength.name(), "relationship_strength");
    assert_eq!(TransactionField::ProductLine.name(), "product_line");
    assert_eq!(InteractionField::ResolvedOn.name(), "resolved_on");
    assert_eq!(SurveyField::Comment.name(), "comment");
    assert!(SurveyField::Nps.spec().required);
}

#[test]
fn every_field_of_every_kind_has_a_distinct_name() {
    for kind in
        [Kind::Accounts, Kind::Contacts, Kind::Transactions, Kind::Interactions, Kind::Surveys]
    {
        let mut names: Vec<&str> = fields(kind).iter().map(|f| f.name).collect();
        names.sort_unstable();
        let n = names.len();
        names.dedup();
        assert_eq!(names.len(), n, "{kind}");
    }
}
