//! A plan's print-ready PDF: the formats crate's [`Doc`] laid out by Typst, used as a library.
//!
//! The document goes to Typst as data (a JSON file its template reads), never as markup, so a
//! text in the plan is only ever text. Tables break across pages with their header rows
//! repeated, Chinese breaks between characters as it should, the stakeholder drawings are
//! vector art, fonts come from the system (Noto Sans CJK from `fonts-noto-cjk`) and are embedded
//! as subsets, and a text no installed font can show is refused by name instead of printing as
//! empty boxes.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use keyplan_formats::plan::{Doc, Paper};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("plan.typ");

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// Some characters have no glyph in any installed font.
    #[error("no installed font can show {chars:?}: install fonts-noto-cjk (Noto Sans CJK) or a font that covers them")]
    NoFont { chars: String },
    /// Typst refused the document (a bug in the template, never the user's text).
    #[error("the PDF could not be laid out: {0}")]
    Layout(String),
}

/// The system's fonts, found once: scanning reads every font's header, not its glyphs, and a
/// font is loaded only when a document uses it.
fn fonts() -> &'static FontStore {
    static FONTS: OnceLock<FontStore> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut store = FontStore::new();
        store.extend(typst_kit::fonts::system());
        store
    })
}

fn file_id(path: &str) -> FileId {
    // Both paths are constants of this crate, valid by construction.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("a valid constant path"));
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

/// The one document being compiled: the template as the main file, the data beside it.
struct PlanWorld {
    library: LazyHash<Library>,
    main: Source,
    data_id: FileId,
    data: Bytes,
}

impl World for PlanWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        fonts().book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            // No other file, and no package download: the export never touches the network.
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Every character of the documents' texts that no installed font covers.
fn missing_glyphs(docs: &[Doc]) -> String {
    let book = fonts().book();
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
    let mut missing = BTreeSet::new();
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() || missing.contains(&c) {
            continue;
        }
        let covered =
            (0..).map_while(|i| book.info(i)).any(|info| info.coverage.contains(u32::from(c)));
        if !covered {
            missing.insert(c);
        }
    }
    missing.into_iter().collect()
}

fn layout_error(errors: &[typst::diag::SourceDiagnostic]) -> PdfError {
    PdfError::Layout(errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; "))
}

/// `docs` laid out one after another, each from a new page, under `title`. The paper and the
/// language of the first document are the whole file's.
fn layout(title: &str, docs: &[Doc]) -> Result<PagedDocument, PdfError> {
    let missing = missing_glyphs(docs);
    if !missing.is_empty() {
        return Err(PdfError::NoFont { chars: missing });
    }
    let first = docs.first();
    let data = serde_json::json!({
        "title": title,
        "docs": docs,
        "paper": match first.map(|d| d.paper) {
            Some(Paper::Letter) => "us-letter",
            _ => "a4",
        },
        "lang": match first.map(|d| d.language) {
            Some(keyplan_formats::plan::DocLanguage::En) | None => "en",
            _ => "zh",
        },
    });
    let world = PlanWorld {
        library: LazyHash::new(Library::default()),
        main: Source::new(file_id("/plan.typ"), TEMPLATE.to_string()),
        data_id: file_id("/doc.json"),
        data: Bytes::new(serde_json::to_vec(&data).unwrap_or_default()),
    };
    typst::compile::<PagedDocument>(&world).output.map_err(|e| layout_error(&e))
}

/// The PDF of `doc`, on its paper size.
pub fn render(doc: &Doc) -> Result<Vec<u8>, PdfError> {
    render_many(&doc.title, std::slice::from_ref(doc))
}

/// One PDF of several documents (several plans printed together), each from a new page, the
/// pages numbered through; titled `title`.
pub fn render_many(title: &str, docs: &[Doc]) -> Result<Vec<u8>, PdfError> {
    let compiled = layout(title, docs)?;
    let options = typst_pdf::PdfOptions {
        // The same plans give the same file: a stable document id, no timestamp.
        ident: typst::foundations::Smart::Custom(format!("keyplan:{title}")),
        creator: typst::foundations::Smart::Custom(Some("Keyplan".to_string())),
        ..Default::default()
    };
    typst_pdf::pdf(&compiled, &options).map_err(|e| layout_error(&e))
}

/// The PDF's first page as an SVG picture (text as outlines, nothing to load), for the export
/// dialog's preview; with the page count.
pub fn preview(doc: &Doc) -> Result<(String, usize), PdfError> {
    let compiled = layout(&doc.title, std::slice::from_ref(doc))?;
    let first = compiled.pages().first().ok_or_else(|| PdfError::Layout("no page".into()))?;
    Ok((typst_svg::svg(first, &typst_svg::SvgOptions::default()), compiled.pages().len()))
}
