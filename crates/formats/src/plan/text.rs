//! The words and numbers of a document: labels from the UI's catalogues in one language or both,
//! messages with their `{placeholders}` filled, amounts and numbers written out.

use keyplan_domain::Currency;

use super::DocLanguage;
use crate::{Catalogue, Language};

/// Labels in the document's language; in both languages, "English · 中文".
#[derive(Debug, Clone, Copy)]
pub(crate) struct Labels {
    pub(crate) language: DocLanguage,
}

impl Labels {
    fn catalogues(self) -> Vec<&'static Catalogue> {
        match self.language {
            DocLanguage::En => vec![Catalogue::get(Language::En)],
            DocLanguage::ZhCn => vec![Catalogue::get(Language::ZhCn)],
            DocLanguage::Both => vec![Catalogue::get(Language::En), Catalogue::get(Language::ZhCn)],
        }
    }

    /// The message `key` with `args` filled in, in each language of the document.
    pub(crate) fn fill(self, key: &str, args: &[(&str, String)]) -> String {
        let mut parts: Vec<String> = Vec::new();
        for c in self.catalogues() {
            let s = c.fill(key, args);
            if !parts.contains(&s) {
                parts.push(s);
            }
        }
        parts.join(" · ")
    }

    /// Like [`Labels::fill`], with arguments that are themselves labels: each language's
    /// message gets them in its own language.
    pub(crate) fn fill_each(
        self,
        key: &str,
        args: impl Fn(Labels) -> Vec<(&'static str, String)>,
    ) -> String {
        let single: Vec<DocLanguage> = match self.language {
            DocLanguage::Both => vec![DocLanguage::En, DocLanguage::ZhCn],
            one => vec![one],
        };
        let mut parts: Vec<String> = Vec::new();
        for language in single {
            let one = Labels { language };
            let s = one.fill(key, &args(one));
            if !parts.contains(&s) {
                parts.push(s);
            }
        }
        parts.join(" · ")
    }

    pub(crate) fn text(self, key: &str) -> String {
        self.fill(key, &[])
    }

    /// The language whose number and date style the document uses: a document in both
    /// languages reads the English way (which Chinese readers of it read too).
    pub(crate) fn reader(self) -> Language {
        match self.language {
            DocLanguage::ZhCn => Language::ZhCn,
            DocLanguage::En | DocLanguage::Both => Language::En,
        }
    }

    /// `label: value` with the reader's colon (full-width in Chinese).
    pub(crate) fn label_value(self, label: &str, value: &str) -> String {
        match self.reader() {
            Language::ZhCn => format!("{label}：{value}"),
            Language::En => format!("{label}: {value}"),
        }
    }

    /// The reader's semicolon between items of a list.
    pub(crate) fn semicolon(self) -> &'static str {
        match self.reader() {
            Language::ZhCn => "；",
            Language::En => "; ",
        }
    }

    /// `text (aside)` with the reader's brackets (full-width in Chinese, no space before).
    pub(crate) fn aside(self, text: &str, aside: &str) -> String {
        match self.reader() {
            Language::ZhCn => format!("{text}（{aside}）"),
            Language::En => format!("{text} ({aside})"),
        }
    }

    /// A day as the reader writes it: "Jan 5, 2027", "2027年1月5日" (as the window's medium
    /// date style does).
    pub(crate) fn date(self, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        match self.reader() {
            Language::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
            Language::En => d.format("%b %-d, %Y").to_string(),
        }
    }

    /// A coded value's label (`group.code`), e.g. `plan.status` + `active`.
    pub(crate) fn code(self, group: &str, code: &str) -> String {
        self.text(&format!("{group}.{code}"))
    }
}

/// Text made safe inside HTML or SVG, in an element or a quoted attribute: every character
/// that could start markup or end the quotes becomes an entity.
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed in XML at all.
            c if c.is_control() && c != '\t' && c != '\n' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// 1234567 → "1,234,567".
pub(crate) fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// An amount in minor units as the reader writes it, "CN¥1,234,567" or "¥1,234,567" (whole
/// units: a plan's figures are targets), the window's symbols and grouping.
pub(crate) fn money(l: Labels, minor: i64, currency: Currency) -> String {
    let whole = round(minor as f64 / 100.0);
    let sign = if whole < 0 { "-" } else { "" };
    format!("{sign}{}{}", currency.symbol(l.reader()), grouped(whole.abs()))
}

/// A plan number (money targets in major units, counts, NPS): whole numbers grouped, others
/// with up to two decimals.
pub(crate) fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        grouped(round(v))
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[allow(clippy::cast_possible_truncation)] // callers pass values far inside i64
fn round(v: f64) -> i64 {
    v.round() as i64
}

/// 0.4567 → "46%".
pub(crate) fn percent(share: f64) -> String {
    format!("{}%", round(share * 100.0))
}

/// What moved between two reviews, a line per objective and stakeholder (strength included when
/// `strength`).
pub(crate) fn moved(
    l: Labels,
    c: &keyplan_domain::plan::Comparison,
    strength: bool,
) -> Vec<String> {
    let mut items: Vec<String> =
        c.objectives.iter().map(|x| format!("{} {}", x.progress.mark(), x.title)).collect();
    items.extend(c.stakeholders.iter().map(|s| {
        let mut line = format!(
            "{} {}: {} {}, {} {}",
            s.attitude.mark(),
            s.name,
            l.text("field.attitude"),
            s.attitude.mark(),
            l.text("field.influence"),
            s.influence.mark()
        );
        if strength {
            line =
                format!("{line}, {} {}", l.text("field.relationship_strength"), s.strength.mark());
        }
        line
    }));
    items
}

/// A team member's role as the reader reads it: a template's role in the document's
/// language, a role the user typed as typed.
pub(crate) fn role_label(l: Labels, role: &str) -> String {
    match keyplan_domain::plan::TeamRole::of(role) {
        Some(r) => l.text(&r.label_key()).to_string(),
        None => role.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::plural;

    /// The cases the window is held to as well (tests/ui/format.test.mjs reads the same file).
    #[test]
    fn dates_and_symbols_read_as_the_window_writes_them() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../../../../tests/ui/format-cases.json")).unwrap();
        let labels = |lang: &str| Labels {
            language: if lang == "en" { DocLanguage::En } else { DocLanguage::ZhCn },
        };
        for case in cases["dates"].as_array().unwrap() {
            let (iso, lang, want) =
                (case[0].as_str().unwrap(), case[1].as_str().unwrap(), case[2].as_str().unwrap());
            let day = chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d").unwrap();
            assert_eq!(labels(lang).date(day), want, "{iso} in {lang}");
        }
        for case in cases["symbols"].as_array().unwrap() {
            let (code, lang, want) =
                (case[0].as_str().unwrap(), case[1].as_str().unwrap(), case[2].as_str().unwrap());
            let currency = Currency::from_code(code).unwrap();
            assert_eq!(currency.symbol(labels(lang).reader()), want, "{code} in {lang}");
        }
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(-1_234_567), "-1,234,567");
        let (en, zh) =
            (Labels { language: DocLanguage::En }, Labels { language: DocLanguage::ZhCn });
        assert_eq!(money(en, 2_680_000_049, Currency::Cny), "CN¥26,800,000");
        assert_eq!(money(zh, 2_680_000_049, Currency::Cny), "¥26,800,000");
        assert_eq!(money(zh, -150, Currency::Usd), "-US$2");
        assert_eq!(money(en, 0, Currency::Cny), "CN¥0");
        let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        assert_eq!((en.date(day), zh.date(day)), ("Jan 5, 2027".into(), "2027年1月5日".into()));
        assert_eq!(number(4.0), "4");
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(0.333), "0.33");
        assert_eq!(percent(0.456), "46%");
    }

    #[test]
    fn labels_in_one_language_or_both() {
        let both = Labels { language: DocLanguage::Both };
        assert_eq!(both.code("plan.status", "active"), "Active · 执行中");
        let zh = Labels { language: DocLanguage::ZhCn };
        assert_eq!(zh.code("plan.status", "active"), "执行中");
        let en = Labels { language: DocLanguage::En };
        assert_eq!(
            en.fill("gap.empty_role", &[("role", "champion".into())]),
            "Nobody is the champion"
        );
    }

    #[test]
    fn a_count_of_one_takes_the_singular() {
        let s = "{n} {n:day|days}, {m} {m:day|days}";
        assert_eq!(plural(&plural(s, "n", "1"), "m", "3"), "{n} day, {m} days");
        assert_eq!(plural("{n:day|days}", "n", "1.0"), "days", "1.0 reads as plural");
        assert_eq!(plural("{n:broken", "n", "1"), "{n:broken", "an unclosed marker is left");
        let en = Labels { language: DocLanguage::En };
        let one = en.fill(
            "gap.key_player_not_contacted",
            &[("name", "Li".into()), ("days", "1".into()), ("cadence", "30".into())],
        );
        assert_eq!(one, "Li (key player) not contacted for 1 day (cadence 30)");
        let zh = Labels { language: DocLanguage::ZhCn };
        let many = zh.fill(
            "gap.key_player_not_contacted",
            &[("name", "李".into()), ("days", "1".into()), ("cadence", "30".into())],
        );
        assert!(many.contains('1') && !many.contains('{'), "{many}");
    }
}
