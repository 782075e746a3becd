use keyplan_domain::{Problem, ValidationErrors};
use keyplan_store::StoreError;

/// What can go wrong in a use case, sorted by what the caller should do about it.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is wrong; each problem names its field.
    #[error("{0}")]
    Invalid(ValidationErrors),
    /// The record asked for does not exist (or was deleted).
    #[error("{0}")]
    NotFound(String),
    /// The request clashes with what is stored (loading the demo into a non-empty portfolio).
    #[error("{0}")]
    Conflict(String),
    /// The database refused or failed.
    #[error(transparent)]
    Store(StoreError),
    /// A file or folder outside the database.
    #[error("{0}")]
    Io(String),
    /// A file to import cannot be read as a whole (encoding, columns, date order …).
    #[error("{file}: {error}")]
    ImportFile { file: String, error: keyplan_domain::import::ImportError },
    /// Rows of a file to import are wrong; nothing was written. `errors` holds the first 100.
    #[error("{file}: {total} problem(s), nothing was imported; first: {}", errors.first().map_or("", |e| e.message.as_str()))]
    Rejected { file: String, total: usize, errors: Vec<keyplan_domain::import::RowError> },
    /// The user cancelled a long operation; nothing was written.
    #[error("cancelled; nothing was written")]
    Cancelled,
}

impl AppError {
    pub(crate) fn field(field: &str, problem: Problem) -> AppError {
        AppError::Invalid(ValidationErrors::single(field, problem))
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

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(format!("{what} does not exist")),
            other => AppError::Store(other),
        }
    }
}
