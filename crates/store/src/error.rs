use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),
    /// No live record of `kind` (a record kind's wire name, or `alert`, `segment`, `conflict`)
    /// has this id.
    #[error("{} {id} does not exist", spoken(kind))]
    NotFound { kind: &'static str, id: String },
    #[error(
        "{path} was written by a newer version of Keyplan (schema {found}; this version knows up \
         to {supported}). Update Keyplan to open it; the file has not been changed."
    )]
    NewerSchema { path: PathBuf, found: u32, supported: u32 },
    #[error(
        "{path} is encrypted: unlock it with its passphrase or recovery key (the command line \
         takes --passphrase-file or --recovery-key-file)"
    )]
    Locked { path: PathBuf },
    #[error(
        "{path} does not open with this key: it was encrypted with another. Nothing was changed"
    )]
    WrongKey { path: PathBuf },
    #[error("{path} is not encrypted, but a key was given for it")]
    NotEncrypted { path: PathBuf },
    #[error("the copy {path} does not match the book ({reason}); the book has not been changed")]
    BadCopy { path: PathBuf, reason: String },
    #[error("{path} is not a Keyplan database (or is damaged): {reason}")]
    NotADatabase { path: PathBuf, reason: String },
    #[error(
        "there is no Keyplan book at {path}: `keyplan init` makes one there (or give --db the \
         path of yours)"
    )]
    NoBook { path: PathBuf },
    #[error(
        "{path} cannot be written (the file, its folder or the drive is read-only), so nothing \
         that changes it can run; nothing was changed. What only reads it still works: list, \
         show, analyze, kpis, exports and backup --out to a folder you can write"
    )]
    ReadOnlyBook { path: PathBuf },
    #[error("{path} is a folder: give the book's file (such as {path}/keyplan.db)")]
    Folder { path: PathBuf },
    #[error(
        "{path} was written by an older Keyplan (schema {found}): a command that changes it \
         (such as `keyplan init`) upgrades it in place, after a backup"
    )]
    NeedsUpgrade { path: PathBuf, found: u32 },
    #[error("cannot create the folder {path}: {source}")]
    CreateDir { path: PathBuf, source: std::io::Error },
    #[error("{0}")]
    Worker(String),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path} cannot be restored: {reason}. The current database has not been changed.")]
    BadBackup { path: PathBuf, reason: String },
    /// A record from outside (a bundle) that does not fit: which record and field, and why.
    #[error("{0}")]
    Invalid(String),
    #[error("stored value in {table}.{column} is unreadable: {value}")]
    Corrupt { table: &'static str, column: &'static str, value: String },
}

impl StoreError {
    /// Whether the schema refused a value (a constraint, a type): the data's fault, not the
    /// disk's.
    pub fn is_schema_refusal(&self) -> bool {
        use rusqlite::ffi::ErrorCode;
        match self {
            StoreError::Sqlite(e) => {
                matches!(
                    e.sqlite_error_code(),
                    Some(ErrorCode::ConstraintViolation | ErrorCode::TypeMismatch)
                ) || matches!(e, rusqlite::Error::InvalidColumnType(..))
            }
            _ => false,
        }
    }

    /// Whether a write failed because a unique index refused it (a duplicate name, say).
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
            if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
    }
}

/// A kind's wire name as a message says it: `plan_value_proposition` → "value proposition".
pub fn spoken(kind: &str) -> String {
    kind.strip_prefix("plan_").unwrap_or(kind).replace('_', " ")
}

/// SQLite's own words, but for the faults a user can do something about, what happened and
/// what to do: nothing was written either way (the transaction rolled back).
fn sqlite_message(e: &rusqlite::Error) -> String {
    use rusqlite::ffi::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => {
            "the disk is full: nothing was saved. Free some space and try again".into()
        }
        Some(ErrorCode::ReadOnly) => "the database file cannot be written (read-only, or on a \
             drive that is): nothing was saved. Your data can still be read and backed up"
            .into(),
        _ => format!("database error: {e}"),
    }
}
