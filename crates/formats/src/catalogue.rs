//! The message catalogues the UI speaks (`ui/js/i18n/*.json`), read once for what Keyplan
//! writes into files: column titles and label values of an export read as they do on screen, in
//! the same words. This is the one place in the Rust code that reads `ui/`.

use std::collections::HashMap;
use std::sync::OnceLock;

const EN: &str = include_str!("../../../ui/js/i18n/en.json");
const ZH_CN: &str = include_str!("../../../ui/js/i18n/zh-CN.json");

pub use keyplan_domain::Language;

/// One language's messages, by key.
#[derive(Debug)]
pub struct Catalogue {
    language: Language,
    messages: HashMap<String, String>,
}

/// Fills each `{name:one|other}` of `s` with the word that goes with `value`: `one` when it
/// reads exactly 1, `other` otherwise (the same rule as the window's `t()`).
pub(crate) fn plural(s: &str, name: &str, value: &str) -> String {
    let open = format!("{{{name}:");
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let Some((forms, tail)) = after.split_once('}') else { break };
        let Some((one, other)) = forms.split_once('|') else { break };
        out.push_str(&rest[..start]);
        out.push_str(if value == "1" { one } else { other });
        rest = tail;
    }
    out.push_str(rest);
    out
}

impl Catalogue {
    /// The catalogue of `language`, parsed on first use. The catalogues are compiled in and
    /// checked by this module's tests, so an unreadable one (impossible in a tested build)
    /// degrades to keys rather than failing an export.
    pub fn get(language: Language) -> &'static Catalogue {
        static EN_CAT: OnceLock<Catalogue> = OnceLock::new();
        static ZH_CAT: OnceLock<Catalogue> = OnceLock::new();
        let (cell, text) = match language {
            Language::En => (&EN_CAT, EN),
            Language::ZhCn => (&ZH_CAT, ZH_CN),
        };
        cell.get_or_init(|| Catalogue {
            language,
            messages: serde_json::from_str(text).unwrap_or_default(),
        })
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The message for `key`, or None when the catalogue has none.
    pub fn lookup(&self, key: &str) -> Option<&str> {
        self.messages.get(key).map(String::as_str)
    }

    /// The message for `key`, or the key itself (so a gap shows, never a blank).
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        self.lookup(key).unwrap_or(key)
    }

    /// The message `key` with its `{name}` placeholders filled from `args`, and each
    /// `{name:one|other}` given the word that goes with the value (the window's `t()` rule).
    pub fn fill(&self, key: &str, args: &[(&str, String)]) -> String {
        let mut s = self.text(key).to_string();
        for (name, value) in args {
            s = plural(&s, name, value).replace(&format!("{{{name}}}"), value);
        }
        s
    }

    /// A label value: `group.code` (e.g. `stage.prospect` → 潜在客户), or the code itself.
    pub fn label<'a>(&'a self, group: &str, code: &'a str) -> &'a str {
        self.lookup(&format!("{group}.{code}")).unwrap_or(code)
    }

    /// Every key, sorted (for tests that compare catalogues).
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.messages.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyplan_domain::validate::Choice;

    #[test]
    fn both_catalogues_parse_and_have_the_same_keys() {
        let en = Catalogue::get(Language::En);
        let zh = Catalogue::get(Language::ZhCn);
        let (en_keys, zh_keys) = (en.keys(), zh.keys());
        assert!(en_keys.len() > 400, "{} keys: did the catalogue parse?", en_keys.len());
        let only_en: Vec<&&str> = en_keys.iter().filter(|k| zh.lookup(k).is_none()).collect();
        let only_zh: Vec<&&str> = zh_keys.iter().filter(|k| en.lookup(k).is_none()).collect();
        assert!(
            only_en.is_empty() && only_zh.is_empty(),
            "en only {only_en:?}, zh only {only_zh:?}"
        );
        for lang in Language::ALL {
            let c = Catalogue::get(*lang);
            let keys = c.keys();
            let empty: Vec<&&str> = keys.iter().filter(|k| c.text(k).trim().is_empty()).collect();
            assert!(empty.is_empty(), "{lang}: empty messages {empty:?}");
        }
    }

    /// The Chinese catalogue speaks Chinese: no English word the app wrote (product, standard
    /// and file-format names aside), and Chinese punctuation beside Chinese text — a full-width
    /// colon, semicolon and brackets, never the Latin ones.
    #[test]
    fn the_chinese_catalogue_has_no_english_and_chinese_punctuation() {
        const NAMES: &[&str] = &[
            "Keyplan",
            "NPS",
            "CSAT",
            "RFM",
            "ABC",
            "CLV",
            "CSV",
            "Excel",
            "HTML",
            "PDF",
            "Markdown",
            "English",
            "Letter",
            "Syncthing",
            "SQLite",
            "Nextcloud",
            "OneDrive",
            "GNOME",
            "Keyring",
            "KWallet",
            "age",
            "UTF",
            "ERP",
            "PATH",
            "home",
            "Sync",
            "db",
            "ics",
            "keyplan",
            "Tab",
            // Key names, as printed on the keys.
            "Enter",
            "Esc",
        ];
        let zh = Catalogue::get(Language::ZhCn);
        let cjk = |c: char| {
            ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
        };
        let mut english = Vec::new();
        let mut punctuation = Vec::new();
        for key in zh.keys() {
            let text = zh.text(key);
            // Placeholders ({name}, {n:one|other}) are filled at run time.
            let mut plain = String::new();
            let mut depth = 0;
            for c in text.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    c if depth == 0 => plain.push(c),
                    _ => {}
                }
            }
            let words = plain.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 3);
            if let Some(w) = words.filter(|w| !NAMES.contains(w)).find(|w| {
                // e.g. "/home/me/Sync" in a path example, "keyplan init": a command or path.
                !plain.contains(&format!("/{w}")) && !plain.contains(&format!("keyplan {w}"))
            }) {
                english.push(format!("{key}: {w:?}"));
            }
            let chars: Vec<char> = plain.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + 1).copied();
                let near_cjk = before.is_some_and(cjk)
                    || after.is_some_and(cjk)
                    || (*c == '(' && chars.get(i + 1).is_some_and(|n| cjk(*n)))
                    || (*c == ')' && before.is_some_and(cjk));
                if matches!(c, ':' | ';' | '(' | ')') && near_cjk {
                    punctuation.push(format!("{key}: {c:?} in {text:?}"));
                    break;
                }
            }
        }
        assert!(english.is_empty(), "English in the Chinese catalogue: {english:#?}");
        assert!(punctuation.is_empty(), "Latin punctuation in Chinese: {punctuation:#?}");
    }

    /// Every value of every closed list the UI offers or shows has a label in both languages.
    #[test]
    fn every_vocabulary_value_has_a_label() {
        let v = keyplan_domain::vocabulary::vocabulary();
        let lists: [(&str, &[&str]); 12] = [
            ("size_band", v.size_bands),
            ("role", v.roles),
            ("kind", v.interaction_kinds),
            ("severity", v.severities),
            ("opp_kind", v.opportunity_kinds),
            ("status", v.opportunity_statuses),
            ("quadrant", v.quadrants),
            ("stage", v.stages),
            ("rfm", v.rfm_segments),
            ("risk", v.risk_levels),
            ("indicator", v.risk_indicators),
            ("metric", &["rev12", "profit12", "prev12", "frequency"]),
        ];
        for lang in Language::ALL {
            let c = Catalogue::get(*lang);
            let mut missing = Vec::new();
            for (group, codes) in lists {
                for code in codes {
                    if c.lookup(&format!("{group}.{code}")).is_none() {
                        missing.push(format!("{group}.{code}"));
                    }
                }
            }
            let (lo, hi) = (v.attitude.min, v.attitude.max);
            missing.extend(
                (lo..=hi).map(|n| format!("attitude.{n}")).filter(|k| c.lookup(k).is_none()),
            );
            let (lo, hi) = (v.sentiment.min, v.sentiment.max);
            missing.extend(
                (lo..=hi).map(|n| format!("sentiment.{n}")).filter(|k| c.lookup(k).is_none()),
            );
            assert!(missing.is_empty(), "{lang} lacks {missing:?}");
        }
    }

    /// Every text a plan template prefills, in both languages.
    #[test]
    fn every_template_text_is_in_both_catalogues() {
        use keyplan_domain::analytics::{PlanLevel, Stage};
        use keyplan_domain::plan::{prefill, Template};
        for lang in Language::ALL {
            let c = Catalogue::get(*lang);
            for stage in Stage::ALL {
                let p = prefill(Template::Full, PlanLevel::Full, *stage, true);
                let roles: Vec<String> = p.team_roles.iter().map(|r| r.label_key()).collect();
                let keys = roles
                    .iter()
                    .map(String::as_str)
                    .chain(p.objectives.iter().copied())
                    .chain(p.goals.iter().copied())
                    .chain(p.actions.iter().copied());
                for key in keys {
                    assert!(c.lookup(key).is_some(), "{lang} lacks {key}");
                }
            }
        }
    }

    /// Every problem a validator can report is said in both languages (the UI shows the
    /// English sentence only for a code it has no words for).
    #[test]
    fn every_problem_has_words_in_both_catalogues() {
        use keyplan_domain::Problem as P;
        let all = [
            P::Required,
            P::TooLong { max: 1 },
            P::OutOfRange { min: 0, max: 1 },
            P::InvalidDate,
            P::DateOutOfRange { min: 1900, max: 2200 },
            P::InvalidAmount,
            P::TooManyDecimals,
            P::InvalidChoice { allowed: vec![] },
            P::InvalidEmail,
            P::InvalidTime,
            P::Negative,
            P::NotANumber,
            P::NotFound,
            P::OtherAccount,
            P::SelfReference,
            P::Cycle,
            P::Duplicate,
            P::BeforeDate { other: "x" },
            P::LessThan { other: "x" },
            P::OnlyForComplaints,
            P::NotAllowedMove { from: "draft", allowed: vec![] },
            P::Overlaps { period: "x".into() },
            P::SameAs { other: "x" },
            P::UnknownName { name: "x".into(), allowed: vec![] },
            P::RelativePath,
            P::ControlCharacter,
            P::Unreadable { reason: "x".into() },
        ];
        // A new kind of problem must be added above: this match stops compiling until it is.
        for p in &all {
            match p {
                P::Required
                | P::TooLong { .. }
                | P::OutOfRange { .. }
                | P::InvalidDate
                | P::DateOutOfRange { .. }
                | P::InvalidAmount
                | P::TooManyDecimals
                | P::InvalidChoice { .. }
                | P::InvalidEmail
                | P::InvalidTime
                | P::Negative
                | P::NotANumber
                | P::NotFound
                | P::OtherAccount
                | P::SelfReference
                | P::Cycle
                | P::Duplicate
                | P::BeforeDate { .. }
                | P::LessThan { .. }
                | P::OnlyForComplaints
                | P::NotAllowedMove { .. }
                | P::Overlaps { .. }
                | P::SameAs { .. }
                | P::UnknownName { .. }
                | P::RelativePath
                | P::ControlCharacter
                | P::Unreadable { .. } => {}
            }
        }
        for lang in Language::ALL {
            let c = Catalogue::get(*lang);
            for p in &all {
                let json = serde_json::to_value(p).unwrap_or_default();
                let code = json["code"].as_str().unwrap_or_default().to_string();
                assert!(
                    c.lookup(&format!("errors.{code}")).is_some(),
                    "{lang} lacks errors.{code}"
                );
            }
        }
    }

    #[test]
    fn labels_translate_and_fall_back_to_the_code() {
        let zh = Catalogue::get(Language::ZhCn);
        assert_eq!(zh.label("stage", "prospect"), "潜在客户");
        assert_eq!(zh.label("stage", "someday"), "someday");
        assert_eq!(zh.text("no.such.key"), "no.such.key");
    }

    #[test]
    fn language_tags() {
        assert_eq!(Language::from_tag(Some("zh")), Language::ZhCn);
        assert_eq!(Language::from_tag(Some("zh-CN")), Language::ZhCn);
        assert_eq!(Language::from_tag(Some("en-GB")), Language::En);
        assert_eq!(Language::from_tag(None), Language::En);
    }
}
