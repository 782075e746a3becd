//! The words a closed-list cell may hold. A file can say a size band, buying role, interaction
//! kind or severity by its code (`decision_maker`), by its label in either of the UI's languages
//! (`Decision maker`, 决策者: taken from the message catalogues, so a label the user sees on
//! screen is always a word the importer reads), or by one of a few common synonyms kept here.
//! Words are matched after folding case, width and spacing, as headers are.

use std::collections::HashMap;
use std::sync::OnceLock;

use keyplan_domain::validate::Choice;
use keyplan_domain::{BuyingRole, InteractionKind, Severity, SizeBand};

use super::super::headers::fold;
use crate::catalogue::{Catalogue, Language};

/// A closed list's words, folded → its code.
#[derive(Debug)]
pub(super) struct Words(HashMap<String, &'static str>);

impl Words {
    fn new<T: Choice>(group: &str, synonyms: &[(&str, &'static str)]) -> Words {
        let mut map = HashMap::new();
        for code in T::NAMES {
            map.insert(fold(code), *code);
            for lang in Language::ALL {
                if let Some(label) = Catalogue::get(*lang).lookup(&format!("{group}.{code}")) {
                    map.insert(fold(label), *code);
                }
            }
        }
        for (word, code) in synonyms {
            debug_assert!(T::NAMES.contains(code), "{word} → {code}");
            map.insert(fold(word), *code);
        }
        Words(map)
    }

    /// The code `v` names, or `v` as written (the validator then lists the allowed codes).
    pub fn code<'v>(&self, v: &'v str) -> &'v str {
        self.0.get(&fold(v)).copied().unwrap_or(v)
    }
}

/// The four lists, built once from the catalogues.
struct Lists {
    size_bands: Words,
    roles: Words,
    interaction_kinds: Words,
    severities: Words,
}

fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| Lists {
        size_bands: Words::new::<SizeBand>(
            "size_band",
            &[("特大型", "enterprise"), ("集团", "enterprise"), ("enterprise-level", "enterprise")],
        ),
        roles: Words::new::<BuyingRole>(
            "role",
            &[("支持者", "champion"), ("coach", "champion"), ("教练", "champion")],
        ),
        interaction_kinds: Words::new::<InteractionKind>(
            "kind",
            &[("转介绍", "referral"), ("phone", "call"), ("邮箱", "email")],
        ),
        severities: Words::new::<Severity>("severity", &[("紧急", "critical")]),
    })
}

pub(super) fn size_bands() -> &'static Words {
    &lists().size_bands
}

pub(super) fn roles() -> &'static Words {
    &lists().roles
}

pub(super) fn interaction_kinds() -> &'static Words {
    &lists().interaction_kinds
}

pub(super) fn severities() -> &'static Words {
    &lists().severities
}

/// Sentiment as a word (positive / 正面 …) or a number -1, 0, 1.
pub(super) fn sentiment(v: &str) -> Option<i64> {
    const WORDS: &[(&str, i64)] =
        &[("positive", 1), ("neutral", 0), ("negative", -1), ("积极", 1), ("消极", -1)];
    let folded = fold(v);
    if let Some((_, n)) = WORDS.iter().find(|(w, _)| fold(w) == folded) {
        return Some(*n);
    }
    // The catalogues' own labels (正面 / 中性 / 负面, Positive …).
    [-1i64, 0, 1].into_iter().find(|n| {
        Language::ALL.iter().any(|lang| {
            Catalogue::get(*lang)
                .lookup(&format!("sentiment.{n}"))
                .is_some_and(|l| fold(l) == folded)
        })
    })
}

/// A tags cell split on the separators people use (, ; 、 ， ； |).
pub(super) fn tags(v: Option<&str>) -> Vec<String> {
    v.map(|t| {
        t.split([',', ';', '、', '，', '；', '|'])
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect()
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_labels_in_both_languages_and_synonyms() {
        let s = size_bands();
        assert_eq!(s.code("medium"), "medium");
        assert_eq!(s.code("Medium"), "medium");
        assert_eq!(s.code("中型"), "medium");
        assert_eq!(s.code("超大型"), "enterprise", "the catalogue's label");
        assert_eq!(s.code("特大型"), "enterprise", "a synonym");
        assert_eq!(s.code("huge"), "huge", "unknown words pass through to the validator");
        assert_eq!(roles().code("决策者"), "decision_maker");
        assert_eq!(roles().code("Decision maker"), "decision_maker");
        assert_eq!(interaction_kinds().code("拜访"), "visit");
        assert_eq!(interaction_kinds().code("转介绍"), "referral");
        assert_eq!(severities().code("紧急"), "critical");
    }

    /// Every code of every list is reached from its label in both languages: the importer reads
    /// whatever the UI shows.
    #[test]
    fn every_label_on_screen_is_a_word_the_importer_reads() {
        fn check<T: Choice>(group: &str, words: &Words) {
            for code in T::NAMES {
                for lang in Language::ALL {
                    let key = format!("{group}.{code}");
                    let label = Catalogue::get(*lang).lookup(&key);
                    let label = label.unwrap_or_else(|| panic!("{lang} has no {key}"));
                    assert_eq!(words.code(label), *code, "{lang} {key} = {label}");
                }
            }
        }
        check::<SizeBand>("size_band", size_bands());
        check::<BuyingRole>("role", roles());
        check::<InteractionKind>("kind", interaction_kinds());
        check::<Severity>("severity", severities());
    }

    #[test]
    fn sentiment_words_and_numbers() {
        assert_eq!(sentiment("Positive"), Some(1));
        assert_eq!(sentiment("中性"), Some(0));
        assert_eq!(sentiment("消极"), Some(-1));
        assert_eq!(sentiment("1"), None, "numbers are the caller's");
    }

    #[test]
    fn tags_split_on_every_separator() {
        assert_eq!(tags(Some("a, b；c、d|e")), ["a", "b", "c", "d", "e"]);
        assert!(tags(None).is_empty());
        assert!(tags(Some(" , ;")).is_empty());
    }
}
