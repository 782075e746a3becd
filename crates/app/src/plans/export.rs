//! Exporting a plan: the document in the format, language and audience asked for, as bytes for
//! the caller to write where the user chose. Rendering is the formats crate's; this reads the
//! plan as of today and the base currency the figures are in.

use keyplan_domain::validate::Choice;
use keyplan_domain::{Currency, Language, Problem};
use keyplan_formats::plan::print::{Output, PrintError, PrintJob, Printed};
use keyplan_formats::plan::{self as doc, ics, Audience, DocLanguage, Options, Paper};
use serde::{Deserialize, Serialize};

use crate::{AppError, Result};
use keyplan_domain::plan::view::PlanView;

keyplan_domain::choice! {
    /// What a plan exports to: a PDF, HTML, Markdown, an iCalendar of events, or one of to-dos
    /// (in the order the export dialog offers them).
    PlanFormat { Pdf = "pdf", Html = "html", Markdown = "md", Ics = "ics", IcsTodos = "ics_todo" }
}

impl PlanFormat {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            PlanFormat::Pdf => "pdf",
            PlanFormat::Markdown => "md",
            PlanFormat::Html => "html",
            PlanFormat::Ics | PlanFormat::IcsTodos => "ics",
        }
    }
}

/// What the export dialog and `keyplan plans export` send; every field is a name, checked here.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ExportRequest {
    pub format: String,
    pub language: Option<String>,
    pub audience: Option<String>,
    pub paper: Option<String>,
    /// Export this review's minutes instead of the whole plan.
    pub review: Option<uuid::Uuid>,
    /// Calendars: days before each item for its reminder (0–60, default 1), or "none".
    pub remind: Option<String>,
}

/// Most days ahead a calendar reminder may be set.
pub const MAX_REMIND_DAYS: u32 = 60;

/// A calendar's reminder lead: a whole number of days up to [`MAX_REMIND_DAYS`], "none", or
/// (not given) the day before.
pub fn remind_days(v: Option<&str>) -> Result<Option<u32>> {
    match v.map(str::trim) {
        None => Ok(Some(1)),
        Some(v) if v.eq_ignore_ascii_case("none") => Ok(None),
        Some(v) => match v.parse::<u32>() {
            Ok(n) if n <= MAX_REMIND_DAYS => Ok(Some(n)),
            _ => Err(AppError::field(
                "remind",
                Problem::OutOfRange { min: 0, max: i64::from(MAX_REMIND_DAYS) },
            )),
        },
    }
}

fn choice<T: Choice>(field: &str, value: Option<&str>, default: T) -> Result<T> {
    match value {
        None => Ok(default),
        Some(v) => T::parse(v).ok_or_else(|| {
            AppError::field(field, Problem::InvalidChoice { allowed: T::NAMES.to_vec() })
        }),
    }
}

/// en, zh-CN (any tag of either language), or both.
fn language(tag: Option<&str>) -> Result<DocLanguage> {
    let Some(tag) = tag else { return Ok(DocLanguage::En) };
    if tag.trim().eq_ignore_ascii_case("both") {
        return Ok(DocLanguage::Both);
    }
    match Language::parse_tag(tag) {
        Some(l) => Ok(DocLanguage::of(l)),
        None => Err(AppError::field(
            "language",
            Problem::InvalidChoice { allowed: DocLanguage::NAMES.to_vec() },
        )),
    }
}

/// The checked request: format and rendering options.
pub fn options(
    req: &ExportRequest,
    exported_on: chrono::NaiveDate,
    currency: Currency,
) -> Result<(PlanFormat, Options)> {
    let format = choice("format", Some(req.format.as_str()), PlanFormat::Html)?;
    let options = Options {
        language: language(req.language.as_deref())?,
        audience: choice("audience", req.audience.as_deref(), Audience::Internal)?,
        paper: choice("paper", req.paper.as_deref(), Paper::A4)?,
        exported_on,
        currency,
        remind_days: remind_days(req.remind.as_deref())?,
    };
    Ok((format, options))
}

/// The bytes of `v` as `format`: the whole plan, or (with `review`) that review's minutes.
pub fn render(
    v: &PlanView,
    format: PlanFormat,
    o: &Options,
    review: Option<uuid::Uuid>,
) -> Result<Vec<u8>> {
    use doc::minutes;
    let Some(id) = review else {
        return Ok(match format {
            PlanFormat::Pdf => one_pdf(&doc::build(v, o))?,
            PlanFormat::Markdown => doc::markdown::render(&doc::build(v, o)).into_bytes(),
            PlanFormat::Html => doc::html::render(&doc::build(v, o)).into_bytes(),
            PlanFormat::Ics => ics::render(v, o, ics::Kind::Events).into_bytes(),
            PlanFormat::IcsTodos => ics::render(v, o, ics::Kind::Todos).into_bytes(),
        });
    };
    let missing = || AppError::field("review", Problem::NotFound);
    let text = match format {
        PlanFormat::Pdf => return one_pdf(&minutes::build(v, id, o).ok_or_else(missing)?),
        PlanFormat::Markdown => {
            doc::markdown::render(&minutes::build(v, id, o).ok_or_else(missing)?)
        }
        PlanFormat::Html => doc::html::render(&minutes::build(v, id, o).ok_or_else(missing)?),
        PlanFormat::Ics => minutes::calendar(v, id, o, ics::Kind::Events).ok_or_else(missing)?,
        PlanFormat::IcsTodos => {
            minutes::calendar(v, id, o, ics::Kind::Todos).ok_or_else(missing)?
        }
    };
    Ok(text.into_bytes())
}

/// Several plans as `format`, all rendered before any is returned (one that cannot be
/// rendered fails the lot): one file each as (name, bytes), or with `combined` one PDF of them
/// all, each plan from a new page.
pub fn render_many(
    views: &[PlanView],
    format: PlanFormat,
    o: &Options,
    combined: bool,
) -> Result<Vec<(String, Vec<u8>)>> {
    if views.is_empty() {
        return Err(AppError::field("plans", Problem::Required));
    }
    if combined {
        if format != PlanFormat::Pdf {
            return Err(AppError::field(
                "format",
                Problem::InvalidChoice { allowed: vec![PlanFormat::Pdf.name()] },
            ));
        }
        let docs: Vec<doc::Doc> = views.iter().map(|v| doc::build(v, o)).collect();
        let title = doc::combined_title(o);
        let bytes = pdf(&title, &docs)?;
        let mut name = format!("{title}.pdf");
        if o.audience == Audience::Customer {
            name = format!("{title} customer.pdf");
        }
        return Ok(vec![(clean_name(&name), bytes)]);
    }
    views
        .iter()
        .map(|v| {
            let bytes = render(v, format, o, None).map_err(|e| match e {
                // Which of the plans it was.
                AppError::Unprintable(m) => AppError::Unprintable(format!("{}: {m}", v.name)),
                other => other,
            })?;
            Ok((file_name(v, format, o, None), bytes))
        })
        .collect()
}

/// The first page of the plan's PDF as SVG, and how many pages it has.
pub fn preview(v: &PlanView, o: &Options, review: Option<uuid::Uuid>) -> Result<(String, usize)> {
    let d = match review {
        None => doc::build(v, o),
        Some(id) => doc::minutes::build(v, id, o)
            .ok_or_else(|| AppError::field("review", Problem::NotFound))?,
    };
    let job = PrintJob::new(&d.title, std::slice::from_ref(&d), Output::Preview);
    match crate::printer::print(&job).map_err(print_error)? {
        Printed::Preview { svg, pages } => Ok((svg, pages)),
        Printed::Pdf(_) => {
            Err(AppError::Internal("the PDF engine gave a PDF, not a preview".into()))
        }
    }
}

fn print_error(e: PrintError) -> AppError {
    match e {
        PrintError::NoFont { .. } => AppError::Unprintable(e.to_string()),
        PrintError::Layout { why } => AppError::Internal(format!("PDF layout: {why}")),
        PrintError::Unavailable { why } => AppError::Unavailable(why),
    }
}

/// The document as PDF, under its own title.
fn one_pdf(d: &doc::Doc) -> Result<Vec<u8>> {
    pdf(&d.title, std::slice::from_ref(d))
}

/// The documents as one PDF under `title`; a text no installed font can show is refused,
/// naming its characters.
fn pdf(title: &str, docs: &[doc::Doc]) -> Result<Vec<u8>> {
    match crate::printer::print(&PrintJob::new(title, docs, Output::Pdf)).map_err(print_error)? {
        Printed::Pdf(bytes) => Ok(bytes),
        Printed::Preview { .. } => Err(AppError::Internal("the PDF engine gave a preview".into())),
    }
}

/// A file name to offer: "<account> <period> [customer].<ext>", without the characters file
/// systems refuse.
pub fn file_name(
    v: &PlanView,
    format: PlanFormat,
    o: &Options,
    review: Option<uuid::Uuid>,
) -> String {
    let mut base = format!("{} {}", v.account_name, v.plan.fields.period);
    if let Some(r) = review.and_then(|id| v.reviews.iter().find(|r| r.id() == id)) {
        base = format!("{base} review {}", r.fields.date);
    }
    if o.audience == Audience::Customer {
        base.push_str(" customer");
    }
    clean_name(&format!("{base}.{}", format.extension()))
}

/// `name` without the characters file systems refuse, nor leading or trailing dots and spaces.
pub(crate) fn clean_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '-' } else { c })
        .collect();
    clean.trim().trim_matches('.').to_string()
}
