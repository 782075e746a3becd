//! A plan document as a print job: the data the PDF template reads (JSON) and every text in it
//! (for the check that an installed font can show each character), in a form that crosses a
//! process boundary. The window hands its jobs to a worker process, so the PDF engine (Typst,
//! most of a release binary) is no part of the window's start-up; the command line prints in
//! its own process. The engine itself is `keyplan-pdf`.

use serde::{Deserialize, Serialize};

use super::{Doc, DocLanguage, Paper};

/// What a job makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Output {
    /// The PDF file.
    Pdf,
    /// The first page as SVG and the page count, for the export dialog.
    Preview,
}

/// One document (or several printed together) to lay out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrintJob {
    pub title: String,
    pub output: Output,
    /// What the template reads: the title, the documents, the paper and the language.
    pub data: serde_json::Value,
    /// Every text of the documents, one after another.
    pub text: String,
}

/// What a job made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printed {
    Pdf(Vec<u8>),
    Preview { svg: String, pages: usize },
}

/// Why a job made nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum PrintError {
    /// Some characters have no glyph in any installed font.
    #[error(
        "no installed font can show {chars:?}: install fonts-noto-cjk (Noto Sans CJK) or a font \
         that covers them"
    )]
    NoFont { chars: String },
    /// The engine refused the document (a bug in the template, never the user's text).
    #[error("the PDF could not be laid out: {why}")]
    Layout { why: String },
    /// The engine could not be reached: the worker is missing, or stopped.
    #[error("{why}")]
    Unavailable { why: String },
}

impl PrintJob {
    /// `docs` laid out one after another, each from a new page, under `title`. The paper and the
    /// language of the first are the whole file's.
    pub fn new(title: &str, docs: &[Doc], output: Output) -> PrintJob {
        let first = docs.first();
        let data = serde_json::json!({
            "title": title,
            "docs": docs,
            "paper": match first.map(|d| d.paper) {
                Some(Paper::Letter) => "us-letter",
                _ => "a4",
            },
            "lang": match first.map(|d| d.language) {
                Some(DocLanguage::En) | None => "en",
                _ => "zh",
            },
        });
        let mut text = String::new();
        let mut add = |s: &str| {
            text.push_str(s);
            text.push('\n');
        };
        for doc in docs {
            add(&doc.title);
            add(&doc.account);
            add(&doc.footer);
            for (k, v) in &doc.facts {
                add(k);
                add(v);
            }
            add(&serde_json::to_string(&doc.sections).unwrap_or_default());
        }
        PrintJob { title: title.to_string(), output, data, text }
    }
}
