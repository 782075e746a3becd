//! Keyplan's bytes in and out, pure: given bytes, validated rows; given a table or (to come) a
//! plan, the bytes of a file. No database and no file system: the app crate reads and writes the
//! files and owns the transactions.
//!
//! - [`import`]: CSV/XLSX readers — decoding, header matching, value parsing, fingerprints.
//! - [`sheet`]: the spreadsheet export (CSV and XLSX, formulas neutralised).
//! - [`catalogue`]: the UI's message catalogues, so exported labels read as they do on screen.
//!
//! - [`plan`]: an account plan as Markdown, self-contained HTML and iCalendar, in either
//!   language or both, internal or customer-safe.
//!
//! - [`bundle`]: the `.keyplan` bundle a colleague's laptop merges: archive, manifest, checks.
//!
//! The PDF renderer lives in a crate of its own (`keyplan-pdf`), for its build weight.

pub mod archive;
pub mod bundle;
pub mod catalogue;
pub mod import;
pub mod plan;
pub mod sheet;

pub use catalogue::{Catalogue, Language};
