//! A plan's print-ready PDF: a print job (the formats crate's documents as the template's data)
//! laid out by Typst, used as a library. The command line calls [`print`] itself; the window
//! sends its jobs to the command line's print worker, so Typst is not in the window's binary.
//!
//! The document goes to Typst as data (a JSON file its template reads), never as markup, so a
//! text in the plan is only ever text. Tables break across pages with their header rows
//! repeated, Chinese breaks between characters as it should, the stakeholder drawings are
//! vector art, fonts come from the system (Noto Sans CJK from `fonts-noto-cjk`) and are embedded
//! as subsets, and a text no installed font can show is refused by name instead of printing as
//! empty boxes.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use keyplan_formats::plan::print::{Output, PrintError, PrintJob, Printed};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;

const TEMPLATE: &str = include_str!("plan.typ");

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

/// Every character of `text` that no installed font covers.
fn missing_glyphs(text: &str) -> String {
    let book = fonts().book();
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

fn layout_error(errors: &[typst::diag::SourceDiagnostic]) -> PrintError {
    let why = errors.iter().map(|e| e.message.to_string()).collect::<Vec<_>>().join("; ");
    PrintError::Layout { why }
}

/// The job's documents laid out.
fn layout(job: &PrintJob) -> Result<PagedDocument, PrintError> {
    let missing = missing_glyphs(&job.text);
    if !missing.is_empty() {
        return Err(PrintError::NoFont { chars: missing });
    }
    let world = PlanWorld {
        library: LazyHash::new(Library::default()),
        main: Source::new(file_id("/plan.typ"), TEMPLATE.to_string()),
        data_id: file_id("/doc.json"),
        data: Bytes::new(serde_json::to_vec(&job.data).unwrap_or_default()),
    };
    typst::compile::<PagedDocument>(&world).output.map_err(|e| layout_error(&e))
}

/// Makes what the job asks for: the PDF (the same documents give the same bytes), or the first
/// page as an SVG picture (text as outlines, nothing to load) with the page count.
pub fn print(job: &PrintJob) -> Result<Printed, PrintError> {
    let compiled = layout(job)?;
    match job.output {
        Output::Pdf => {
            let options = typst_pdf::PdfOptions {
                // The same plans give the same file: a stable document id, no timestamp.
                ident: typst::foundations::Smart::Custom(format!("keyplan:{}", job.title)),
                creator: typst::foundations::Smart::Custom(Some("Keyplan".to_string())),
                ..Default::default()
            };
            typst_pdf::pdf(&compiled, &options).map(Printed::Pdf).map_err(|e| layout_error(&e))
        }
        Output::Preview => {
            let first = compiled
                .pages()
                .first()
                .ok_or_else(|| PrintError::Layout { why: "no page".into() })?;
            let svg = typst_svg::svg(first, &typst_svg::SvgOptions::default());
            Ok(Printed::Preview { svg, pages: compiled.pages().len() })
        }
    }
}
