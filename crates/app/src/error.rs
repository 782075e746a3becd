use keyplan_domain::{Problem, ValidationErrors};
use keyplan_store::StoreError;
use std::path::{Path, PathBuf};

/// What can go wrong in a use case, sorted by what the caller should do about it.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is wrong; each problem names its field.
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// A command was asked for wrongly (a flag missing, two that exclude each other, an
    /// operation a kind of record does not have): the command line exits 2, as for its own
    /// usage errors, naming the flag.
    #[error("{0}")]
    Usage(String),
    /// The record asked for does not exist (or was deleted): its kind (a record kind's wire
    /// name, or `alert`, `segment`, `conflict`) and the id (or the name) it was asked by.
    #[error("{} {id} does not exist", keyplan_store::spoken(kind))]
    NotFound { kind: &'static str, id: String },
    /// Part of what was asked failed and the rest was done (some of a sync folder's files):
    /// what failed has been reported; the command line exits 1.
    #[error("{0}")]
    Incomplete(String),
    /// The request clashes with what is stored (loading the demo into a non-empty portfolio).
    /// Only that: a wrong input is `Invalid`, a fault is `Internal`.
    #[error("{0}")]
    Conflict(String),
    /// The database could not be opened when the app started; every call says why.
    #[error("{0}")]
    Unavailable(String),
    /// The database refused or failed.
    #[error(transparent)]
    Store(StoreError),
    /// The book's key could not be had: a wrong passphrase or recovery key, a missing or damaged
    /// key file. Nothing was opened or changed.
    #[error(transparent)]
    Key(keyplan_keys::KeyError),
    /// Reading or writing a file or folder outside the database failed.
    #[error("{}", io_text(path, source))]
    Io { path: PathBuf, source: std::io::Error },
    /// Something that should not happen did (a poisoned lock, a value that cannot be encoded):
    /// a bug to report, not something the user can fix.
    #[error("{0}")]
    Internal(String),
    /// A file to import cannot be read as a whole (encoding, columns, date order …).
    #[error("{file}: {error}")]
    ImportFile { file: String, error: keyplan_formats::import::ImportError },
    /// Rows of a file to import are wrong; nothing was written. `errors` holds the first 100.
    #[error("{file}: {total} problem(s), nothing was imported; first: {}", errors.first().map_or("", |e| e.message.as_str()))]
    Rejected { file: String, total: usize, errors: Vec<keyplan_formats::import::RowError> },
    /// A bundle to merge cannot be read or does not fit this database; nothing was written.
    #[error("{file} {error}")]
    BadBundle { file: String, error: crate::sync::BundleProblem },
    /// The user cancelled a long operation; nothing was written.
    #[error("cancelled; nothing was written")]
    Cancelled,
    /// A document could not be made on this machine (no installed font shows some of its
    /// characters); nothing was written.
    #[error("{0}")]
    Unprintable(String),
}

/// A file's failure as a person reads it: the file, what is wrong in words, and never the
/// system's "(os error 2)".
fn io_text(path: &Path, source: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let path = path.display();
    match source.kind() {
        K::NotFound => format!("{path}: there is no such file or folder"),
        K::PermissionDenied => format!("{path}: this user may not open it (check its permissions)"),
        K::IsADirectory => format!("{path} is a folder: give a file"),
        K::NotADirectory => format!("{path}: part of it is a file, not a folder"),
        K::StorageFull => format!("{path}: the disk is full; free some space and try again"),
        K::ReadOnlyFilesystem => format!("{path}: the drive is read-only"),
        _ => {
            let text = source.to_string();
            let text = text.split(" (os error").next().unwrap_or(&text);
            format!("{path}: {text}")
        }
    }
}

impl AppError {
    pub(crate) fn field(field: &str, problem: Problem) -> AppError {
        AppError::Invalid(ValidationErrors::single(field, problem))
    }

    /// No record of `kind` has `id`.
    pub fn not_found(kind: &'static str, id: impl std::fmt::Display) -> AppError {
        AppError::NotFound { kind, id: id.to_string() }
    }

    /// An I/O failure on `path`, keeping the operating system's error as the source.
    pub fn io(path: &Path, source: std::io::Error) -> AppError {
        AppError::Io { path: path.to_path_buf(), source }
    }
}

impl From<ValidationErrors> for AppError {
    fn from(e: ValidationErrors) -> Self {
        AppError::Invalid(e)
    }
}

impl From<keyplan_domain::FieldError> for AppError {
    fn from(e: keyplan_domain::FieldError) -> Self {
        AppError::Invalid(ValidationErrors(vec![e]))
    }
}

impl From<keyplan_keys::KeyError> for AppError {
    fn from(e: keyplan_keys::KeyError) -> Self {
        AppError::Key(e)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { kind, id } => AppError::NotFound { kind, id },
            other => AppError::Store(other),
        }
    }
}
