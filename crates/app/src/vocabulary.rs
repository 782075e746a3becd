//! Every closed list the window offers, as one answer to its `vocabulary` call: the domain's
//! lists and scales, and the export's own (formats, languages, audiences, papers).

use keyplan_domain::validate::Choice;
use keyplan_domain::Language;
use keyplan_formats::plan::{Audience, DocLanguage, Paper};
use serde::Serialize;

use crate::plans::export::PlanFormat;

#[derive(Debug, Clone, Serialize)]
pub struct Vocabulary {
    #[serde(flatten)]
    pub domain: keyplan_domain::vocabulary::Vocabulary,
    /// The languages the window speaks.
    pub languages: &'static [&'static str],
    pub plan_formats: &'static [&'static str],
    /// A plan document's languages: either one, or both side by side.
    pub doc_languages: &'static [&'static str],
    pub audiences: &'static [&'static str],
    pub papers: &'static [&'static str],
}

pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        domain: keyplan_domain::vocabulary::vocabulary(),
        languages: Language::NAMES,
        plan_formats: PlanFormat::NAMES,
        doc_languages: DocLanguage::NAMES,
        audiences: Audience::NAMES,
        papers: Paper::NAMES,
    }
}
