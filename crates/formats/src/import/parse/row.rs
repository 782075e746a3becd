//! One row being read. Each accessor takes a typed field of the row's kind (so a misspelt field
//! does not compile), reads its cell, and on a bad value records a problem against the file's
//! own column header and moves on: every problem of a row is reported, not just the first.

use std::marker::PhantomData;

use chrono::NaiveDate;

use super::super::headers::{FieldOf, Mapping};
use super::super::source::{Cells, RowPos, Source};
use super::super::values::{parse_date, parse_money, parse_number, DateToken, DayOrder};
use super::super::{Reason, RowError};
use super::{read_error, Stop};
use keyplan_domain::{FieldError, Money};

/// What every row of one read shares.
pub(super) struct Ctx<'s, 'a> {
    pub src: &'s Source<'a>,
    pub mapping: &'s Mapping,
    /// Each date column's day/month order, where known.
    pub orders: Vec<(usize, Option<DayOrder>)>,
    pub format: Option<&'s str>,
    /// Reading as if no date needed a day/month order; one that does stops the read.
    pub optimistic: bool,
}

pub(super) type Progress<'p> = &'p mut dyn FnMut(u32, f32) -> bool;

/// An optimistic read met a date that needs its column's day/month order.
#[derive(Debug)]
pub(super) struct Unclear;

/// Cells that a spreadsheet shows for a formula that failed: never a value.
const SPREADSHEET_ERRORS: &[&str] =
    &["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#GETTING_DATA"];

pub(super) struct Row<'c, F> {
    pub ctx: &'c Ctx<'c, 'c>,
    pub pos: RowPos,
    pub cells: &'c dyn Cells,
    pub errors: Vec<RowError>,
    kind: PhantomData<F>,
}

impl<'c, F: FieldOf> Row<'c, F> {
    pub fn new(ctx: &'c Ctx<'c, 'c>, pos: RowPos, cells: &'c dyn Cells) -> Self {
        Row { ctx, pos, cells, errors: Vec::new(), kind: PhantomData }
    }

    fn header_of(&self, column: Option<usize>, name: &str) -> String {
        column.and_then(|c| self.ctx.src.headers.get(c).cloned()).unwrap_or_else(|| name.into())
    }

    pub fn fail(&mut self, field: F, value: &str, reason: Reason) {
        let column = self.header_of(self.ctx.mapping.column(field), field.name());
        self.errors.push(RowError::new(self.pos.row, self.pos.line, &column, value, reason));
    }

    /// Whether an optimistic read must stop here (see [`Row::date`]).
    pub fn unclear(&self) -> Result<(), Unclear> {
        let stop = self.ctx.optimistic && self.errors.iter().any(|e| e.reason == Reason::DateOrder);
        if stop {
            Err(Unclear)
        } else {
            Ok(())
        }
    }

    /// The trimmed text of a field's cell; None when there is no such column or it is blank.
    pub fn text(&mut self, field: F) -> Option<&'c str> {
        let v = self.cells.cell(self.ctx.mapping.column(field)?).trim();
        if v.is_empty() {
            return None;
        }
        // Every error a spreadsheet shows starts with '#': other cells skip the list.
        if v.starts_with('#') && SPREADSHEET_ERRORS.contains(&v) {
            self.fail(field, v, Reason::SpreadsheetError);
            return None;
        }
        Some(v)
    }

    /// As [`Row::text`], owned.
    pub fn string(&mut self, field: F) -> Option<String> {
        self.text(field).map(str::to_string)
    }

    /// The text of a field that must have a value; a blank is the row's problem.
    pub fn required(&mut self, field: F) -> Option<&'c str> {
        let v = self.text(field);
        if v.is_none() {
            // Not twice for one cell (a spreadsheet error already said what is wrong with it).
            let header = self.header_of(self.ctx.mapping.column(field), field.name());
            if !self.errors.iter().any(|e| e.column == header) {
                self.fail(field, "", Reason::Required);
            }
        }
        v
    }

    pub fn money(&mut self, v: Option<&str>, field: F) -> Option<Money> {
        let v = v?;
        parse_money(v).map_err(|r| self.fail(field, v, r)).ok()
    }

    pub fn integer(&mut self, field: F) -> Option<i64> {
        let v = self.text(field)?;
        match parse_number(v) {
            Ok((d, false)) => d.to_integer().map_err(|r| self.fail(field, v, r)).ok(),
            Ok((_, true)) => {
                self.fail(field, v, Reason::NotAWholeNumber);
                None
            }
            Err(r) => {
                self.fail(field, v, r);
                None
            }
        }
    }

    /// `v` (a cell of `field`) as a date, in its column's day/month order when it needs one.
    pub fn date(&mut self, v: Option<&str>, field: F) -> Option<NaiveDate> {
        let v = v?;
        let order = self
            .ctx
            .mapping
            .column(field)
            .and_then(|c| self.ctx.orders.iter().find(|(col, _)| *col == c))
            .and_then(|(_, o)| *o);
        let token = parse_date(v, self.ctx.format);
        if self.ctx.optimistic && matches!(token, Ok(DateToken::Either { .. })) {
            self.fail(field, v, Reason::DateOrder);
            return None;
        }
        match token.and_then(|t| t.resolve(order)) {
            Ok(d) => Some(d),
            Err(r) => {
                self.fail(field, v, r);
                None
            }
        }
    }

    /// A date field as ISO text, as the forms take it.
    pub fn date_text(&mut self, field: F) -> Option<String> {
        let v = self.text(field);
        self.date(v, field).map(|d| d.to_string())
    }

    /// The form validator's problems, moved onto the columns they came from.
    pub fn validation(&mut self, errs: &[FieldError]) {
        for e in errs {
            let column = self.ctx.mapping.column_named(&e.field);
            let value = column.map(|c| self.cells.cell(c).trim().to_string()).unwrap_or_default();
            let header = self.header_of(column, &e.field);
            let reason = Reason::Invalid { problem: e.problem.clone() };
            self.errors.push(RowError::new(self.pos.row, self.pos.line, &header, &value, reason));
        }
    }
}

/// Runs `read` on every row, keeping the rows that passed and every problem.
pub(super) fn collect<T, F: FieldOf>(
    ctx: &Ctx<'_, '_>,
    progress: Progress<'_>,
    errors: &mut Vec<RowError>,
    rows_read: &mut u32,
    read: fn(&mut Row<'_, F>) -> Option<T>,
) -> Result<Vec<T>, Stop> {
    let mut out = Vec::new();
    ctx.src
        .scan_with::<Unclear>(
            |pos, cells| {
                *rows_read += 1;
                let mut row = Row::new(ctx, pos, cells);
                let value = read(&mut row);
                row.unclear()?;
                if row.errors.is_empty() {
                    out.extend(value);
                }
                errors.append(&mut row.errors);
                Ok(())
            },
            progress,
        )
        .map_err(read_error)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::super::headers::{map_columns, AccountField as A};
    use super::super::super::Kind;
    use super::*;

    /// Runs `f` on the first data row of `csv` read as accounts; returns its result and problems.
    pub(crate) fn on_row<T>(csv: &str, f: impl FnOnce(&mut Row<'_, A>) -> T) -> (T, Vec<RowError>) {
        let src = Source::open(csv.as_bytes(), None, None).unwrap();
        let mapping = map_columns(Kind::Accounts, &src.headers, &[]).unwrap();
        let ctx = Ctx {
            src: &src,
            mapping: &mapping,
            orders: Vec::new(),
            format: None,
            optimistic: false,
        };
        let mut f = Some(f);
        let mut out = None;
        src.scan_with::<std::convert::Infallible>(
            |pos, cells| {
                if let Some(f) = f.take() {
                    let mut row = Row::new(&ctx, pos, cells);
                    let v = f(&mut row);
                    out = Some((v, row.errors));
                }
                Ok(())
            },
            &mut |_, _| true,
        )
        .unwrap();
        out.unwrap()
    }

    #[test]
    fn text_is_trimmed_and_blank_is_none() {
        let ((name, notes), errors) =
            on_row("Name,Notes\n  Acme  ,   \n", |r| (r.string(A::Name), r.string(A::Notes)));
        assert_eq!((name.as_deref(), notes), (Some("Acme"), None));
        assert!(errors.is_empty());
    }

    #[test]
    fn a_field_without_a_column_reads_as_none() {
        let (region, errors) = on_row("Name\nAcme\n", |r| r.string(A::Region));
        assert_eq!(region, None);
        assert!(errors.is_empty());
    }

    #[test]
    fn a_spreadsheet_error_is_a_problem_at_its_header() {
        let (v, errors) = on_row("Customer Name,Industry\nAcme,#N/A\n", |r| r.string(A::Industry));
        assert_eq!(v, None);
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].column.as_str(), errors[0].value.as_str()), ("Industry", "#N/A"));
        assert_eq!(errors[0].reason, Reason::SpreadsheetError);
    }

    #[test]
    fn required_blank_is_reported_once() {
        let (v, errors) = on_row("Name,Region\n ,North\n", |r| {
            let first = r.required(A::Name).map(str::to_string);
            r.required(A::Name);
            first
        });
        assert_eq!(v, None);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].reason, Reason::Required);
        assert_eq!((errors[0].row, errors[0].line), (1, 2));
    }

    #[test]
    fn integers_refuse_fractions_and_words() {
        let ((a, b, c), errors) = on_row(
            "Name,Growth potential,Strategic fit,Innovation synergy\nAcme,4,2.5,high\n",
            |r| {
                (
                    r.integer(A::GrowthPotential),
                    r.integer(A::StrategicFit),
                    r.integer(A::InnovationSynergy),
                )
            },
        );
        assert_eq!((a, b, c), (Some(4), None, None));
        let reasons: Vec<&Reason> = errors.iter().map(|e| &e.reason).collect();
        assert_eq!(reasons, [&Reason::NotAWholeNumber, &Reason::NotANumber]);
    }

    #[test]
    fn dates_and_validation_problems_land_on_their_columns() {
        let (d, errors) = on_row("Name,Customer since\nAcme,2023-02-30\n", |r| {
            let d = r.date_text(A::RelationshipStart);
            r.validation(&[FieldError::new("name", keyplan_domain::Problem::TooLong { max: 200 })]);
            d
        });
        assert_eq!(d, None);
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].column, "Customer since");
        assert_eq!(errors[1].column, "Name");
        assert_eq!(errors[1].value, "Acme");
    }
}
