//! The transactions pass, built for a million rows: account names and product lines are
//! interned (looked up by the raw cell text, normalised once per distinct spelling) and each
//! row is stored as a small copyable struct.

use std::collections::HashMap;

use super::super::headers::TransactionField as T;
use super::super::values::parse_number;
use super::super::{Reason, RowError};
use super::row::{Ctx, Progress, Row, Unclear};
use super::{read_error, words, FileAccount, Stop, TransactionRows, TxRow};
use keyplan_domain::validate::{Choice, MAX_TEXT};
use keyplan_domain::{Money, Problem, SizeBand};

pub(super) fn read(
    ctx: &Ctx<'_, '_>,
    progress: Progress<'_>,
    errors: &mut Vec<RowError>,
    rows_read: &mut u32,
) -> Result<TransactionRows, Stop> {
    let mut out = TransactionRows::default();
    let mut by_spelling: HashMap<String, u32> = HashMap::new();
    let mut by_key: HashMap<String, u32> = HashMap::new();
    let mut products: HashMap<String, u32> = HashMap::new();
    ctx.src
        .scan_with::<Unclear>(
            |pos, cells| {
                *rows_read += 1;
                let mut r = Row::new(ctx, pos, cells);
                let name = r.required(T::Account);
                let date = r.required(T::Date);
                let date = r.date(date, T::Date);
                let revenue_text = r.required(T::Revenue);
                let revenue = r.money(revenue_text, T::Revenue);
                let profit_text = r.text(T::Profit);
                let mut profit = r.money(profit_text, T::Profit);
                if profit_text.is_none() {
                    profit = margin_profit(&mut r, revenue);
                }
                let quantity = quantity(&mut r);
                let product = r.text(T::ProductLine);
                one_line(&mut r, T::ProductLine, product);
                one_line(&mut r, T::Account, name);
                r.unclear()?;
                let (Some(name), Some(date), Some(revenue), true) =
                    (name, date, revenue, r.errors.is_empty())
                else {
                    errors.append(&mut r.errors);
                    return Ok(());
                };
                let account = match by_spelling.get(name) {
                    Some(i) => *i,
                    None => {
                        let key = keyplan_domain::text::name_key(name);
                        let i = match by_key.get(&key) {
                            Some(i) => *i,
                            None => {
                                let i = u32::try_from(out.accounts.len()).unwrap_or(u32::MAX);
                                out.accounts.push(FileAccount {
                                    name: name.to_string(),
                                    key: key.clone(),
                                    first_row: pos.row,
                                    ..FileAccount::default()
                                });
                                by_key.insert(key, i);
                                i
                            }
                        };
                        by_spelling.insert(name.to_string(), i);
                        i
                    }
                };
                fill_account(&mut r, &mut out.accounts[account as usize]);
                if !r.errors.is_empty() {
                    errors.append(&mut r.errors);
                    return Ok(());
                }
                let product = product.map(|p| match products.get(p) {
                    Some(i) => *i,
                    None => {
                        let n = u32::try_from(products.len()).unwrap_or(u32::MAX);
                        products.insert(p.to_string(), n);
                        n
                    }
                });
                out.rows.push(TxRow {
                    row: pos.row,
                    account,
                    date,
                    revenue,
                    profit,
                    product,
                    quantity,
                });
                Ok(())
            },
            progress,
        )
        .map_err(read_error)?;
    let mut names: Vec<(String, u32)> = products.into_iter().collect();
    names.sort_by_key(|(_, i)| *i);
    out.products = names.into_iter().map(|(n, _)| n).collect();
    Ok(out)
}

/// Text longer than a form accepts, as the form would say it.
/// The checks the record's own rules make of a one-line text (this pass skips the record
/// checker for speed): its length and no control character.
fn one_line(r: &mut Row<'_, T>, field: T, v: Option<&str>) {
    let Some(v) = v else { return };
    // A text no longer in bytes than the limit cannot be longer in characters: most cells are
    // settled without counting.
    if v.len() > MAX_TEXT && v.chars().count() > MAX_TEXT {
        r.fail(field, v, Reason::Invalid { problem: Problem::TooLong { max: MAX_TEXT } });
    } else if v.chars().any(|c| keyplan_domain::validate::refused_char(c, true)) {
        r.fail(field, v, Reason::Invalid { problem: Problem::ControlCharacter });
    }
}

/// A margin column (25% or 0.25) gives profit = revenue × margin, rounded half away from zero
/// to the minor unit — exact decimal arithmetic, no float.
fn margin_profit(r: &mut Row<'_, T>, revenue: Option<Money>) -> Option<Money> {
    let v = r.text(T::Margin)?;
    let (d, _) = parse_number(v).map_err(|e| r.fail(T::Margin, v, e)).ok()?;
    let revenue = i128::from(revenue?.minor());
    let scale = 10i128.checked_pow(d.scale)?;
    let product = revenue.checked_mul(d.mantissa)?;
    let half = scale / 2;
    let rounded = if product >= 0 { (product + half) / scale } else { (product - half) / scale };
    i64::try_from(rounded).ok().map(Money)
}

fn quantity(r: &mut Row<'_, T>) -> Option<f64> {
    let v = r.text(T::Quantity)?;
    match parse_number(v) {
        Ok((d, false)) if d.mantissa >= 0 => Some(d.to_f64()),
        Ok((_, false)) => {
            r.fail(T::Quantity, v, Reason::Invalid { problem: Problem::Negative });
            None
        }
        Ok((_, true)) | Err(_) => {
            r.fail(T::Quantity, v, Reason::NotANumber);
            None
        }
    }
}

/// Account columns on a transaction row fill the account's blanks (first value wins).
fn fill_account(r: &mut Row<'_, T>, a: &mut FileAccount) {
    if a.industry.is_none() {
        a.industry = r.string(T::Industry);
    }
    if a.region.is_none() {
        a.region = r.string(T::Region);
    }
    if a.owner.is_none() {
        a.owner = r.string(T::Owner);
    }
    if a.size_band.is_none() {
        if let Some(v) = r.text(T::SizeBand) {
            match SizeBand::parse(words::size_bands().code(v)) {
                Some(s) => a.size_band = Some(s),
                None => r.fail(
                    T::SizeBand,
                    v,
                    Reason::Invalid {
                        problem: Problem::InvalidChoice { allowed: SizeBand::NAMES.to_vec() },
                    },
                ),
            }
        }
    }
    if a.tags.is_empty() {
        a.tags = words::tags(r.text(T::Tags));
    }
}

#[cfg(test)]
mod tests {
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
        assert_eq!(
            t.rows[1].profit,
            Some(Money(2)),
            "0.03 × 0.5 = 0.015 → 0.02 (half away from zero)"
        );
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
}
