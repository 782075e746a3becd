//! Money as integer minor units (cents, fen) in one base currency per database — never floating
//! point, so sums and exports are exact.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::validate::Problem;

/// An amount in minor units (1/100 of the base currency).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn minor(self) -> i64 {
        self.0
    }

    /// Parses what a person types: `1234.56`, `-12`, `1,234.5`, ` 1 234,00 ` is NOT accepted
    /// (a comma is only a thousands separator here). At most two decimals, no rounding.
    pub fn parse(input: &str) -> Result<Money, Problem> {
        let s = input.trim();
        let (negative, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (whole, frac) = match digits.split_once('.') {
            Some((w, f)) => (w, f),
            None => (digits, ""),
        };
        let whole: String = whole.chars().filter(|c| *c != ',' && *c != '_').collect();
        if whole.is_empty() && frac.is_empty() {
            return Err(Problem::InvalidAmount);
        }
        if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(Problem::InvalidAmount);
        }
        if frac.len() > 2 {
            return Err(Problem::TooManyDecimals);
        }
        let whole_v: i64 =
            if whole.is_empty() { 0 } else { whole.parse().map_err(|_| Problem::InvalidAmount)? };
        let frac_v: i64 = match frac.len() {
            0 => 0,
            1 => i64::from(frac.as_bytes()[0] - b'0') * 10,
            _ => frac.parse().map_err(|_| Problem::InvalidAmount)?,
        };
        let minor = whole_v
            .checked_mul(100)
            .and_then(|v| v.checked_add(frac_v))
            .ok_or(Problem::InvalidAmount)?;
        Ok(Money(if negative { -minor } else { minor }))
    }
}

/// The amount in major units with exactly two decimals, e.g. `-1234.05` (for exports and the CLI;
/// the UI formats for the locale).
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

crate::choice! {
    /// The base currencies Keyplan offers: all with two-decimal minor units. The currency is a
    /// label on the whole database; changing it converts nothing.
    Currency {
        Cny = "CNY", Usd = "USD", Eur = "EUR", Gbp = "GBP", Hkd = "HKD",
        Sgd = "SGD", Aud = "AUD", Cad = "CAD", Chf = "CHF", Twd = "TWD",
    }
}

impl Currency {
    /// The symbol a reader of `language` expects before an amount: the short symbols ICU gives
    /// the window's `Intl.NumberFormat` for the same languages, so a document and the window
    /// write an amount alike (CN¥ in English and ¥ in Chinese for yuan; US$ in Chinese).
    pub fn symbol(self, language: crate::Language) -> &'static str {
        use crate::Language::{En, ZhCn};
        match (self, language) {
            (Currency::Cny, En) => "CN¥",
            (Currency::Cny, ZhCn) => "¥",
            (Currency::Usd, En) => "$",
            (Currency::Usd, ZhCn) => "US$",
            (Currency::Eur, _) => "€",
            (Currency::Gbp, _) => "£",
            (Currency::Hkd, _) => "HK$",
            (Currency::Sgd, _) => "SGD\u{a0}",
            (Currency::Aud, En) => "A$",
            (Currency::Aud, ZhCn) => "AU$",
            (Currency::Cad, _) => "CA$",
            (Currency::Chf, _) => "CHF\u{a0}",
            (Currency::Twd, _) => "NT$",
        }
    }

    /// Parses an ISO 4217 code (any case).
    pub fn from_code(code: &str) -> Option<Currency> {
        use crate::validate::Choice;
        let up = code.trim().to_ascii_uppercase();
        Currency::NAMES.iter().position(|n| *n == up).map(|i| Currency::ALL[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_typed_amounts_exactly() {
        assert_eq!(Money::parse("1234.56"), Ok(Money(123_456)));
        assert_eq!(Money::parse("1,234.5"), Ok(Money(123_450)));
        assert_eq!(Money::parse("-12"), Ok(Money(-1200)));
        assert_eq!(Money::parse(".5"), Ok(Money(50)));
        assert_eq!(Money::parse("0.07"), Ok(Money(7)));
        assert_eq!(Money::parse("+3"), Ok(Money(300)));
    }

    #[test]
    fn rejects_what_is_not_an_amount() {
        assert_eq!(Money::parse(""), Err(Problem::InvalidAmount));
        assert_eq!(Money::parse("abc"), Err(Problem::InvalidAmount));
        assert_eq!(Money::parse("1.2.3"), Err(Problem::InvalidAmount));
        assert_eq!(Money::parse("1.234"), Err(Problem::TooManyDecimals));
        assert_eq!(Money::parse("99999999999999999999"), Err(Problem::InvalidAmount));
        assert_eq!(Money::parse("-"), Err(Problem::InvalidAmount));
    }

    #[test]
    fn displays_two_decimals() {
        assert_eq!(Money(-123_405).to_string(), "-1234.05");
        assert_eq!(Money(7).to_string(), "0.07");
        assert_eq!(Money(i64::MIN).to_string(), "-92233720368547758.08");
    }

    #[test]
    fn currency_codes() {
        assert_eq!(Currency::from_code("cny"), Some(Currency::Cny));
        assert_eq!(Currency::from_code("XYZ"), None);
        assert_eq!(Currency::Usd.to_string(), "USD");
    }

    proptest! {
        #[test]
        fn display_then_parse_round_trips(minor in -1_000_000_000_000i64..1_000_000_000_000i64) {
            prop_assert_eq!(Money::parse(&Money(minor).to_string()), Ok(Money(minor)));
        }
    }
}
