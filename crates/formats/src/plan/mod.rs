//! An account plan as documents that travel: Markdown, self-contained HTML and (to a printer)
//! PDF, each in English, Chinese or both, for our side (internal) or the customer's; and its
//! actions and next review as an iCalendar file.
//!
//! Every document is rendered from one [`doc::Doc`], built once per language and audience: what
//! the customer-safe version leaves out is decided there and only there, so no format can let an
//! internal field through that another keeps out.

pub mod doc;
pub mod html;
pub mod ics;
pub mod markdown;
pub mod minutes;
pub mod print;
mod svg;
mod text;

pub use doc::{build, left_out, left_out_many, Doc, LeftOut};

keyplan_domain::choice! {
    /// The language of a document's labels: one of the UI's, or both side by side.
    DocLanguage { En = "en", ZhCn = "zh-CN", Both = "both" }
}

keyplan_domain::choice! {
    /// Who a document is for: our side sees everything; the customer sees only what is marked
    /// "share with customer", and nothing of attitudes, influence, strategies, risks, health,
    /// pipeline, internal notes or reviews.
    Audience { Internal = "internal", Customer = "customer" }
}

impl DocLanguage {
    /// A document in one language.
    pub fn of(language: crate::Language) -> DocLanguage {
        match language {
            crate::Language::En => DocLanguage::En,
            crate::Language::ZhCn => DocLanguage::ZhCn,
        }
    }
}

keyplan_domain::choice! {
    Paper { A4 = "a4", Letter = "letter" }
}

/// How to render a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    pub language: DocLanguage,
    pub audience: Audience,
    pub paper: Paper,
    /// The day the document says it was exported (the footer), so the same plan exported the
    /// same day gives the same bytes.
    pub exported_on: chrono::NaiveDate,
    pub currency: keyplan_domain::Currency,
    /// Calendars only: a reminder this many days before each action's and review's day, at
    /// 9:00 (0: on the day); None, no reminders.
    pub remind_days: Option<u32>,
}

/// The title of several plans printed as one file ("Account plans, 2026-12-02").
pub fn combined_title(o: &Options) -> String {
    text::Labels { language: o.language }
        .fill("doc.combined_title", &[("date", o.exported_on.to_string())])
}
