//! Cell text → values, the way spreadsheets and ERP exports write them. Numbers keep their exact
//! decimal digits (money never passes through a float); dates are read in every common order,
//! and an order that cannot be told apart from the column as a whole is asked for, not guessed.

use chrono::{Datelike, Duration, NaiveDate};

use super::Reason;
use keyplan_domain::Money;

/// A number as written: `mantissa × 10^-scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    pub mantissa: i128,
    pub scale: u32,
}

const CURRENCY: &[char] = &['¥', '￥', '$', '€', '£', '元'];
const CODES: &[&str] = &["CNY", "RMB", "USD", "EUR", "GBP", "HKD"];
const MAX_DIGITS: usize = 30;

/// Reads `1,234.50`, `¥1 234`, `(12.00)`, `1.234,5`, `-3`, `12-` (SAP), `7.5%`, `1.2E+05`.
/// Returns the number and whether it was a percent (already divided by 100).
pub fn parse_number(input: &str) -> Result<(Decimal, bool), Reason> {
    match plain_decimal(input.as_bytes()) {
        Some(d) => Ok((d, false)),
        None => general_number(input),
    }
}

fn general_number(input: &str) -> Result<(Decimal, bool), Reason> {
    let mut s = input.trim();
    let mut negative = false;
    if let Some(inner) = strip_wrapping(s, '(', ')').or_else(|| strip_wrapping(s, '（', '）')) {
        negative = true;
        s = inner.trim();
    }
    s = strip_currency(s);
    let percent = match s.strip_suffix(['%', '％']) {
        Some(rest) => {
            s = rest.trim_end();
            true
        }
        None => false,
    };
    s = strip_currency(s);
    if let Some(rest) = s.strip_prefix(['-', '−']) {
        negative = !negative;
        s = rest.trim_start();
    } else if let Some(rest) = s.strip_suffix('-') {
        negative = !negative;
        s = rest.trim_end();
    } else if let Some(rest) = s.strip_prefix('+') {
        s = rest.trim_start();
    }
    s = strip_currency(s);
    let (body, exponent) = split_exponent(s)?;
    let cleaned: String =
        body.chars().filter(|c| !c.is_whitespace() && *c != '\'' && *c != '\u{202f}').collect();
    let (whole, frac) = split_decimal(&cleaned)?;
    if whole.is_empty() && frac.is_empty() {
        return Err(Reason::NotANumber);
    }
    if whole.len() + frac.len() > MAX_DIGITS {
        return Err(Reason::NotANumber);
    }
    let mut mantissa: i128 = 0;
    for b in whole.bytes().chain(frac.bytes()) {
        mantissa = mantissa * 10 + i128::from(b - b'0');
    }
    let mut scale = i64::try_from(frac.len()).unwrap_or(0) - exponent;
    if percent {
        scale += 2;
    }
    while scale < 0 {
        mantissa = mantissa.checked_mul(10).ok_or(Reason::NotANumber)?;
        scale += 1;
    }
    let scale = u32::try_from(scale).map_err(|_| Reason::NotANumber)?;
    if scale > 40 {
        return Err(Reason::NotANumber);
    }
    Ok((Decimal { mantissa: if negative { -mantissa } else { mantissa }, scale }, percent))
}

/// `-12.50`, `19.0`, `7`: the shape machine exports write, read without allocating (the money
/// and quantity columns of a million rows). Anything else goes the general way, which gives the
/// same value for these.
fn plain_decimal(b: &[u8]) -> Option<Decimal> {
    let (negative, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    let (whole, frac) = match digits.iter().position(|c| *c == b'.') {
        Some(i) => (&digits[..i], &digits[i + 1..]),
        None => (digits, &digits[digits.len()..]),
    };
    let point_without_digits = frac.is_empty() && whole.len() < digits.len();
    if whole.is_empty() || point_without_digits || whole.len() + frac.len() > 18 {
        return None;
    }
    let mut mantissa: i128 = 0;
    for c in whole.iter().chain(frac) {
        if !c.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + i128::from(c - b'0');
    }
    let scale = u32::try_from(frac.len()).ok()?;
    Some(Decimal { mantissa: if negative { -mantissa } else { mantissa }, scale })
}

fn strip_wrapping(s: &str, open: char, close: char) -> Option<&str> {
    s.strip_prefix(open)?.strip_suffix(close)
}

fn strip_currency(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let before = s;
        s = s.trim_start_matches(CURRENCY).trim_end_matches(CURRENCY).trim();
        for code in CODES {
            if s.len() > code.len() {
                if s.get(..code.len()).is_some_and(|p| p.eq_ignore_ascii_case(code)) {
                    s = s[code.len()..].trim_start();
                }
                if s.len() > code.len() {
                    let cut = s.len() - code.len();
                    if s.get(cut..).is_some_and(|p| p.eq_ignore_ascii_case(code)) {
                        s = s[..cut].trim_end();
                    }
                }
            }
        }
        if s == before {
            return s;
        }
    }
}

fn split_exponent(s: &str) -> Result<(&str, i64), Reason> {
    match s.find(['e', 'E']) {
        None => Ok((s, 0)),
        Some(i) => {
            let exp: i64 =
                s[i + 1..].trim_start_matches('+').parse().map_err(|_| Reason::NotANumber)?;
            if exp.abs() > 30 {
                return Err(Reason::NotANumber);
            }
            Ok((&s[..i], exp))
        }
    }
}

/// Splits digits with `,`/`.` into whole and fraction digits. With both marks the last one is the
/// decimal point; a lone comma followed by exactly three digits groups thousands, by one or two
/// it is a decimal comma; a grouping mark must separate groups of three.
fn split_decimal(s: &str) -> Result<(String, String), Reason> {
    if !s.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.') {
        return Err(Reason::NotANumber);
    }
    let commas = s.matches(',').count();
    let dots = s.matches('.').count();
    let (group, point) = match (commas, dots) {
        (0, 0) => return Ok((s.to_string(), String::new())),
        (_, 0) if commas == 1 => {
            let after = s.len() - s.find(',').unwrap_or(0) - 1;
            match after {
                3 => (Some(','), None),
                1 | 2 => (None, Some(',')),
                _ => return Err(Reason::UnclearSeparator),
            }
        }
        (_, 0) => (Some(','), None),
        (0, 1) => (None, Some('.')),
        (0, _) => (Some('.'), None),
        _ => {
            let last_comma = s.rfind(',').unwrap_or(0);
            let last_dot = s.rfind('.').unwrap_or(0);
            if last_dot > last_comma && dots == 1 {
                (Some(','), Some('.'))
            } else if last_comma > last_dot && commas == 1 {
                (Some('.'), Some(','))
            } else {
                return Err(Reason::UnclearSeparator);
            }
        }
    };
    let (int_part, frac) = match point {
        Some(p) => s.split_once(p).map(|(a, b)| (a, b.to_string())).unwrap_or((s, String::new())),
        None => (s, String::new()),
    };
    let whole = match group {
        Some(g) => {
            let groups: Vec<&str> = int_part.split(g).collect();
            let ok = groups.len() == 1
                || (!groups[0].is_empty()
                    && groups[0].len() <= 3
                    && groups[1..].iter().all(|x| x.len() == 3));
            if !ok {
                return Err(Reason::UnclearSeparator);
            }
            groups.concat()
        }
        None => int_part.to_string(),
    };
    Ok((whole, frac))
}

impl Decimal {
    /// Exactly in minor units (two decimals); extra digits must be zeros.
    pub fn to_money(self) -> Result<Money, Reason> {
        let mut m = self.mantissa;
        let mut scale = self.scale;
        while scale > 2 {
            if m % 10 != 0 {
                return Err(Reason::TooManyDecimals);
            }
            m /= 10;
            scale -= 1;
        }
        for _ in scale..2 {
            m = m.checked_mul(10).ok_or(Reason::NotAnAmount)?;
        }
        i64::try_from(m).map(Money).map_err(|_| Reason::NotAnAmount)
    }

    /// A whole number (ratings, scores): a fraction is an error.
    pub fn to_integer(self) -> Result<i64, Reason> {
        let Decimal { mut mantissa, scale } = self;
        for _ in 0..scale {
            if mantissa % 10 != 0 {
                return Err(Reason::NotAWholeNumber);
            }
            mantissa /= 10;
        }
        i64::try_from(mantissa).map_err(|_| Reason::NotANumber)
    }

    /// For quantities, which are measured, not counted in money.
    #[allow(clippy::cast_precision_loss)]
    pub fn to_f64(self) -> f64 {
        self.mantissa as f64 / 10f64.powi(i32::try_from(self.scale).unwrap_or(i32::MAX))
    }
}

/// Money from a cell: amounts only, never a percent.
pub fn parse_money(s: &str) -> Result<Money, Reason> {
    match parse_number(s)? {
        (_, true) => Err(Reason::PercentNotAmount),
        (d, false) => d.to_money(),
    }
}

/// The order of the day and month in dates like `01/02/2023`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOrder {
    MonthFirst,
    DayFirst,
}

/// A date cell, read as far as it can be alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateToken {
    Known(NaiveDate),
    /// `p/q/yyyy`: month/day or day/month, decided by the column.
    Either {
        p: u32,
        q: u32,
        year: i32,
    },
}

impl DateToken {
    pub fn resolve(self, order: Option<DayOrder>) -> Result<NaiveDate, Reason> {
        match self {
            DateToken::Known(d) => Ok(d),
            DateToken::Either { p, q, year } => {
                let (m, d) = match order {
                    Some(DayOrder::DayFirst) => (q, p),
                    _ => (p, q),
                };
                NaiveDate::from_ymd_opt(year, m, d).ok_or(Reason::NotADate)
            }
        }
    }
}

const EXCEL_EPOCH: (i32, u32, u32) = (1899, 12, 30);
use keyplan_domain::vocabulary::{YEAR_MAX as MAX_YEAR, YEAR_MIN as MIN_YEAR};

const OUT_OF_RANGE: Reason = Reason::DateOutOfRange { min: MIN_YEAR, max: MAX_YEAR };

/// Reads one date cell: ISO and year-first with `-` `/` `.`, `20230105`, `2023年1月5日`, an Excel
/// serial (`44931`), or day and month in either order (kept open); a time after it is ignored.
/// With `format` (strftime), that format is tried first and ISO is still accepted.
pub fn parse_date(input: &str, format: Option<&str>) -> Result<DateToken, Reason> {
    let s = input.trim();
    if let Some(d) = iso(s.as_bytes()) {
        return in_range(d).map(DateToken::Known);
    }
    if let Some(fmt) = format {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return in_range(d).map(DateToken::Known);
        }
        // Styles that cannot be misread (ISO, year first, 2023年1月5日, serials) still are.
        return match parse_date(s, None) {
            Ok(DateToken::Known(d)) => Ok(DateToken::Known(d)),
            _ => Err(Reason::NotInDateFormat),
        };
    }
    // A bare number is a compact date or an Excel serial; checked on the whole text so that
    // "5 Jan 2023" is never read as serial 5.
    if let Some((whole, frac)) = bare_number(s) {
        if whole.len() == 8 && frac.is_none() {
            let d = NaiveDate::parse_from_str(whole, "%Y%m%d").map_err(|_| Reason::NotADate)?;
            return in_range(d).map(DateToken::Known);
        }
        return excel_serial(whole)
            .ok_or(Reason::NotADate)
            .and_then(in_range)
            .map(DateToken::Known);
    }
    let s = s.split(['T', ' ']).next().unwrap_or(s);
    if s.contains('年') {
        return chinese(s).ok_or(Reason::NotADate).and_then(in_range).map(DateToken::Known);
    }
    let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
    let [a, b, c] = parts[..] else { return Err(Reason::NotADate) };
    if ![a, b, c].iter().all(|p| !p.is_empty() && p.bytes().all(|x| x.is_ascii_digit())) {
        return Err(Reason::NotADate);
    }
    let num = |p: &str| p.parse::<u32>().map_err(|_| Reason::NotADate);
    if a.len() == 4 {
        let y = i32::try_from(num(a)?).map_err(|_| Reason::NotADate)?;
        let d = NaiveDate::from_ymd_opt(y, num(b)?, num(c)?).ok_or(Reason::NotADate)?;
        return in_range(d).map(DateToken::Known);
    }
    if c.len() != 4 || a.len() > 2 || b.len() > 2 {
        return Err(Reason::NotADate);
    }
    let year = i32::try_from(num(c)?).map_err(|_| Reason::NotADate)?;
    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err(OUT_OF_RANGE);
    }
    let (p, q) = (num(a)?, num(b)?);
    let md = NaiveDate::from_ymd_opt(year, p, q).is_some();
    let dm = NaiveDate::from_ymd_opt(year, q, p).is_some();
    if !md && !dm {
        return Err(Reason::NotADate);
    }
    Ok(DateToken::Either { p, q, year })
}

/// Exactly `YYYY-MM-DD`, the common case, without splitting or allocating.
fn iso(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |v, c| c.is_ascii_digit().then(|| v * 10 + u32::from(c - b'0')))
    };
    NaiveDate::from_ymd_opt(i32::try_from(n(0..4)?).ok()?, n(5..7)?, n(8..10)?)
}

fn in_range(d: NaiveDate) -> Result<NaiveDate, Reason> {
    if (MIN_YEAR..=MAX_YEAR).contains(&d.year()) {
        Ok(d)
    } else {
        Err(OUT_OF_RANGE)
    }
}

fn chinese(s: &str) -> Option<NaiveDate> {
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.trim_end_matches(['日', '号']);
    NaiveDate::from_ymd_opt(y.trim().parse().ok()?, m.trim().parse().ok()?, d.trim().parse().ok()?)
}

/// `digits` or `digits.digits`.
fn bare_number(s: &str) -> Option<(&str, Option<&str>)> {
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (s, None),
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    (digits(whole) && frac.is_none_or(digits)).then_some((whole, frac))
}

/// Excel's day count from 1899-12-30 (which absorbs its 1900 leap-year bug for dates after
/// February 1900).
fn excel_serial(whole: &str) -> Option<NaiveDate> {
    if whole.len() > 6 {
        return None;
    }
    let days: i64 = whole.parse().ok()?;
    let (y, m, d) = EXCEL_EPOCH;
    NaiveDate::from_ymd_opt(y, m, d)?.checked_add_signed(Duration::try_days(days)?)
}

/// What one date column's cells say about its day order, gathered over the whole column.
#[derive(Debug, Default, Clone)]
pub struct DateColumn {
    /// First row (and text) that cannot be month-first, and one that cannot be day-first.
    not_month_first: Option<(u32, String)>,
    not_day_first: Option<(u32, String)>,
    /// A row whose day and month could be swapped (both ≤ 12 and different).
    ambiguous: Option<(u32, String)>,
}

/// Why a column's dates cannot be read without being told their order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderProblem {
    Ambiguous { row: u32, value: String },
    Mixed { day_first_row: u32, day_first: String, month_first_row: u32, month_first: String },
}

impl DateColumn {
    pub fn observe(&mut self, token: DateToken, row: u32, text: &str) {
        let DateToken::Either { p, q, year } = token else { return };
        let md = NaiveDate::from_ymd_opt(year, p, q).is_some();
        let dm = NaiveDate::from_ymd_opt(year, q, p).is_some();
        if !md && self.not_month_first.is_none() {
            self.not_month_first = Some((row, text.to_string()));
        }
        if !dm && self.not_day_first.is_none() {
            self.not_day_first = Some((row, text.to_string()));
        }
        if md && dm && p != q && self.ambiguous.is_none() {
            self.ambiguous = Some((row, text.to_string()));
        }
    }

    pub fn order(&self) -> Result<Option<DayOrder>, OrderProblem> {
        match (&self.not_month_first, &self.not_day_first) {
            (Some(d), Some(m)) => Err(OrderProblem::Mixed {
                day_first_row: d.0,
                day_first: d.1.clone(),
                month_first_row: m.0,
                month_first: m.1.clone(),
            }),
            (Some(_), None) => Ok(Some(DayOrder::DayFirst)),
            (None, Some(_)) => Ok(Some(DayOrder::MonthFirst)),
            (None, None) => match &self.ambiguous {
                Some((row, value)) => {
                    Err(OrderProblem::Ambiguous { row: *row, value: value.clone() })
                }
                None => Ok(None),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_quick_way_reads_as_the_general_way(s in "-?[0-9]{0,20}(\\.[0-9]{0,20})?") {
            if let Some(d) = plain_decimal(s.as_bytes()) {
                prop_assert_eq!(Ok((d, false)), general_number(&s), "{}", s);
            }
        }
    }

    use super::*;

    fn money(s: &str) -> Result<i64, Reason> {
        parse_money(s).map(Money::minor)
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn number_styles() {
        assert_eq!(money("1,234.50"), Ok(123_450));
        assert_eq!(money("¥1,234"), Ok(123_400));
        assert_eq!(money("￥ 88.8 元"), Ok(8880));
        assert_eq!(money("$ -12.5"), Ok(-1250));
        assert_eq!(money("€1.234,56"), Ok(123_456));
        assert_eq!(money("£ 1 234 567.89"), Ok(123_456_789));
        assert_eq!(money("(1,000.00)"), Ok(-100_000));
        assert_eq!(money("（500）"), Ok(-50_000));
        assert_eq!(money("250-"), Ok(-25_000));
        assert_eq!(money("CNY 12"), Ok(1200));
        assert_eq!(money("12.30 USD"), Ok(1230));
        assert_eq!(money("1,5"), Ok(150));
        assert_eq!(money("12.3400"), Ok(1234));
        assert_eq!(money("1.2E+05"), Ok(12_000_000));
        assert_eq!(money("1'234.5"), Ok(123_450));
        assert_eq!(money("-0.5"), Ok(-50));
        assert_eq!(money("1234"), Ok(123_400));
        assert_eq!(money("1."), Ok(100));
    }

    #[test]
    fn numbers_that_are_not_amounts() {
        assert_eq!(money("12.345"), Err(Reason::TooManyDecimals));
        assert_eq!(money("12%"), Err(Reason::PercentNotAmount));
        assert_eq!(money("1,23,4"), Err(Reason::UnclearSeparator));
        assert_eq!(money("1,2345"), Err(Reason::UnclearSeparator));
        assert_eq!(money("12abc"), Err(Reason::NotANumber));
        assert_eq!(money("-"), Err(Reason::NotANumber));
        assert_eq!(money("9".repeat(40).as_str()), Err(Reason::NotANumber));
        assert_eq!(money("99999999999999999999"), Err(Reason::NotAnAmount));
    }

    #[test]
    fn percent_and_whole_numbers() {
        let (v, pct) = parse_number("12.5%").unwrap();
        assert!(pct);
        assert_eq!(v, Decimal { mantissa: 125, scale: 3 });
        assert_eq!(parse_number("4").unwrap().0.to_integer(), Ok(4));
        assert_eq!(parse_number("4.0").unwrap().0.to_integer(), Ok(4));
        assert_eq!(parse_number("4.5").unwrap().0.to_integer(), Err(Reason::NotAWholeNumber));
        assert!((parse_number("2.5").unwrap().0.to_f64() - 2.5).abs() < 1e-12);
    }

    #[test]
    fn date_styles() {
        let known = |s: &str| parse_date(s, None).unwrap().resolve(None).unwrap();
        assert_eq!(known("2023-01-05"), d(2023, 1, 5));
        assert_eq!(known("2023/1/5"), d(2023, 1, 5));
        assert_eq!(known("2023.01.05"), d(2023, 1, 5));
        assert_eq!(known("20230105"), d(2023, 1, 5));
        assert_eq!(known("2023年1月5日"), d(2023, 1, 5));
        assert_eq!(known("2023年12月31号"), d(2023, 12, 31));
        assert_eq!(known("44931"), d(2023, 1, 5));
        assert_eq!(known("44931.75"), d(2023, 1, 5));
        assert_eq!(known("2023-01-05T10:30:00"), d(2023, 1, 5));
        assert_eq!(known("2023-01-05 10:30"), d(2023, 1, 5));
        let either = parse_date("01/05/2023", None).unwrap();
        assert_eq!(either.resolve(Some(DayOrder::MonthFirst)), Ok(d(2023, 1, 5)));
        assert_eq!(either.resolve(Some(DayOrder::DayFirst)), Ok(d(2023, 5, 1)));
        assert_eq!(parse_date("2023-02-30", None), Err(Reason::NotADate));
        assert_eq!(parse_date("13/13/2023", None), Err(Reason::NotADate));
        assert_eq!(parse_date("1/5/23", None), Err(Reason::NotADate));
        assert_eq!(parse_date("1850-01-01", None), Err(OUT_OF_RANGE));
        assert_eq!(parse_date("soon", None), Err(Reason::NotADate));
    }

    #[test]
    fn explicit_format_wins_and_iso_still_reads() {
        let f = Some("%d.%m.%y");
        assert_eq!(parse_date("05.01.23", f), Ok(DateToken::Known(d(2023, 1, 5))));
        assert_eq!(parse_date("2023-01-05", f), Ok(DateToken::Known(d(2023, 1, 5))));
        assert_eq!(parse_date("2023年1月5日", f), Ok(DateToken::Known(d(2023, 1, 5))));
        assert_eq!(parse_date("05/01/2023", f), Err(Reason::NotInDateFormat));
        assert_eq!(parse_date("Jan 5", f), Err(Reason::NotInDateFormat));
    }

    #[test]
    fn column_decides_day_order() {
        let mut col = DateColumn::default();
        for (row, s) in [(1, "01/02/2023"), (2, "25/12/2023"), (3, "03/03/2023")] {
            col.observe(parse_date(s, None).unwrap(), row, s);
        }
        assert_eq!(col.order(), Ok(Some(DayOrder::DayFirst)));

        let mut col = DateColumn::default();
        col.observe(parse_date("12/25/2023", None).unwrap(), 4, "12/25/2023");
        assert_eq!(col.order(), Ok(Some(DayOrder::MonthFirst)));
        col.observe(parse_date("25/12/2023", None).unwrap(), 9, "25/12/2023");
        assert!(matches!(
            col.order(),
            Err(OrderProblem::Mixed { day_first_row: 9, month_first_row: 4, .. })
        ));

        let mut col = DateColumn::default();
        col.observe(parse_date("04/04/2023", None).unwrap(), 1, "04/04/2023");
        assert_eq!(col.order(), Ok(None));
        col.observe(parse_date("01/02/2023", None).unwrap(), 2, "01/02/2023");
        assert_eq!(
            col.order(),
            Err(OrderProblem::Ambiguous { row: 2, value: "01/02/2023".into() })
        );
    }
}
