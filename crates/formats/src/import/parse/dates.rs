//! Each date column's day/month order, judged over the whole column: 03/04/2023 is read as the
//! rest of its column shows (a 25/04/2023 further down makes it day first), never guessed.

use std::convert::Infallible;

use super::super::headers::{fields, Mapping};
use super::super::source::Source;
use super::super::values::{parse_date, DateColumn, DayOrder, OrderProblem};
use super::super::ImportError;
use super::{scan_error, Options, Tick};

/// The mapped columns of the kind's date fields.
pub(super) fn date_columns(mapping: &Mapping) -> Vec<usize> {
    fields(mapping.kind)
        .iter()
        .zip(&mapping.columns)
        .filter(|(f, _)| f.date)
        .filter_map(|(_, c)| *c)
        .collect()
}

/// Each mapped date column (by header) and its day/month order, when the whole column shows it.
pub fn date_orders(
    src: &Source<'_>,
    mapping: &Mapping,
    opts: &Options,
) -> Result<Vec<(String, Option<DayOrder>)>, ImportError> {
    let orders = day_orders(src, mapping, opts, &mut |_| true)?;
    Ok(orders.into_iter().map(|(c, o)| (src.headers[c].clone(), o)).collect())
}

/// The first pass: each date column's day/month order, judged over all of its cells.
pub(super) fn day_orders(
    src: &Source<'_>,
    mapping: &Mapping,
    opts: &Options,
    progress: &mut dyn FnMut(Tick) -> bool,
) -> Result<Vec<(usize, Option<DayOrder>)>, ImportError> {
    let cols = date_columns(mapping);
    if opts.date_format.is_some() || cols.is_empty() {
        return Ok(cols.into_iter().map(|c| (c, None)).collect());
    }
    let mut seen = vec![DateColumn::default(); cols.len()];
    src.scan_with::<Infallible>(
        |pos, cells| {
            for (i, col) in cols.iter().enumerate() {
                let text = cells.cell(*col).trim();
                if let Ok(token) = parse_date(text, None) {
                    seen[i].observe(token, pos.row, text);
                }
            }
            Ok(())
        },
        &mut |rows, fraction| progress(Tick { pass: 1, rows, fraction }),
    )
    .map_err(scan_error)?;
    cols.iter()
        .zip(&seen)
        .map(|(col, s)| {
            let column = src.headers[*col].clone();
            match s.order() {
                Ok(o) => Ok((*col, o)),
                Err(OrderProblem::Ambiguous { row, value }) => {
                    Err(ImportError::AmbiguousDates { column, row, value })
                }
                Err(OrderProblem::Mixed {
                    day_first_row,
                    day_first,
                    month_first_row,
                    month_first,
                }) => Err(ImportError::MixedDates {
                    column,
                    day_first_row,
                    day_first,
                    month_first_row,
                    month_first,
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::super::headers::map_columns;
    use super::super::super::Kind;
    use super::*;

    fn orders(csv: &str, kind: Kind) -> Result<Vec<(String, Option<DayOrder>)>, ImportError> {
        let src = Source::open(csv.as_bytes(), None, None).unwrap();
        let mapping = map_columns(kind, &src.headers, &[]).unwrap();
        date_orders(&src, &mapping, &Options::default())
    }

    #[test]
    fn only_date_fields_are_date_columns() {
        let src = Source::open(b"Name,Customer since,Renewal,Notes\nA,,,\n", None, None).unwrap();
        let mapping = map_columns(Kind::Accounts, &src.headers, &[]).unwrap();
        assert_eq!(date_columns(&mapping), [1, 2]);
    }

    #[test]
    fn each_column_gets_its_own_order() {
        let o = orders(
            "Name,Customer since,Renewal\nA,25/01/2020,01/02/2027\nB,03/04/2020,12/31/2027\n",
            Kind::Accounts,
        )
        .unwrap();
        assert_eq!(
            o,
            [
                ("Customer since".to_string(), Some(DayOrder::DayFirst)),
                ("Renewal".to_string(), Some(DayOrder::MonthFirst)),
            ]
        );
    }

    #[test]
    fn a_column_that_reads_either_way_asks_for_a_format() {
        let err =
            orders("Customer,Date,Sales\nA,03/04/2023,1\nA,05/06/2023,1\n", Kind::Transactions)
                .unwrap_err();
        assert!(
            matches!(&err, ImportError::AmbiguousDates { column, row: 1, .. } if column == "Date")
        );
        let err =
            orders("Customer,Date,Sales\nA,25/04/2023,1\nA,04/25/2023,1\n", Kind::Transactions)
                .unwrap_err();
        assert!(matches!(
            err,
            ImportError::MixedDates { day_first_row: 1, month_first_row: 2, .. }
        ));
    }

    #[test]
    fn iso_dates_need_no_order() {
        let o = orders("Customer,Date,Sales\nA,2023-03-04,1\n", Kind::Transactions).unwrap();
        assert_eq!(o, [("Date".to_string(), None)]);
    }
}
