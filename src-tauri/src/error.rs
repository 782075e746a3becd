//! The one error type that crosses IPC. The UI branches on `kind`; `details` carries the
//! field errors of an `invalid` input so each is shown at its field, or the refused rows
//! (row, column, value, reason) of a `rejected` import.

use keyplan_app::sync::BundleProblem;
use keyplan_app::AppError;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    NotFound,
    Invalid,
    Conflict,
    Storage,
    Io,
    Internal,
    /// An import's rows are wrong; nothing was written.
    Rejected,
    /// The user cancelled; nothing was written.
    Cancelled,
    /// A document could not be made here (a missing font); nothing was written.
    Unprintable,
    /// Part of what was asked failed; the rest was done.
    Incomplete,
    /// The book is encrypted and was not unlocked (no key given, a wrong passphrase or recovery
    /// key, a missing or damaged key file); nothing was opened or changed.
    Locked,
}

impl ErrorKind {
    /// Every kind, for the test that holds the window's `ErrorKind` type to this list.
    pub const ALL: [ErrorKind; 11] = [
        ErrorKind::NotFound,
        ErrorKind::Invalid,
        ErrorKind::Conflict,
        ErrorKind::Storage,
        ErrorKind::Io,
        ErrorKind::Internal,
        ErrorKind::Rejected,
        ErrorKind::Cancelled,
        ErrorKind::Unprintable,
        ErrorKind::Incomplete,
        ErrorKind::Locked,
    ];
}

#[derive(Debug, Clone, Serialize)]
pub struct CommandError {
    pub kind: ErrorKind,
    pub message: String,
    pub details: Vec<serde_json::Value>,
}

impl CommandError {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CommandError { kind, message: message.into(), details: Vec::new() }
    }
}

impl From<AppError> for CommandError {
    fn from(e: AppError) -> Self {
        let message = e.to_string();
        match e {
            AppError::Invalid(errors) => {
                CommandError { kind: ErrorKind::Invalid, message, details: json_list(&errors.0) }
            }
            AppError::ImportFile { .. } | AppError::Usage(_) => {
                Self::new(ErrorKind::Invalid, message)
            }
            AppError::BadBundle { error, .. } => {
                let details = match error {
                    BundleProblem::Unreadable(_) => Vec::new(),
                    BundleProblem::Sealed(e) => vec![serde_json::json!({"code": e.code()})],
                    BundleProblem::Misfit { index, kind, id, .. } => {
                        vec![serde_json::json!({"record": index, "kind": kind, "id": id})]
                    }
                };
                CommandError { kind: ErrorKind::Invalid, message, details }
            }
            AppError::Rejected { errors, .. } => {
                CommandError { kind: ErrorKind::Rejected, message, details: json_list(&errors) }
            }
            AppError::Cancelled => Self::new(ErrorKind::Cancelled, message),
            AppError::Unprintable(_) => Self::new(ErrorKind::Unprintable, message),
            AppError::NotFound { kind, id } => CommandError {
                kind: ErrorKind::NotFound,
                message,
                details: vec![serde_json::json!({"kind": kind, "id": id})],
            },
            AppError::Incomplete(_) => Self::new(ErrorKind::Incomplete, message),
            AppError::Conflict(_) => Self::new(ErrorKind::Conflict, message),
            // A new passphrase too short is the user's input, said at its field.
            AppError::Key(keyplan_app::keys::KeyError::PassphraseTooShort) => CommandError {
                kind: ErrorKind::Invalid,
                message,
                details: vec![
                    serde_json::json!({"field": "passphrase", "code": "passphrase_too_short"}),
                ],
            },
            AppError::Key(keyplan_app::keys::KeyError::Random(_)) => {
                Self::new(ErrorKind::Internal, message)
            }
            // The system's keyring failed: a service that is not there, not the user's input.
            AppError::Key(keyplan_app::keys::KeyError::Keyring(why)) => CommandError {
                kind: ErrorKind::Io,
                message,
                details: vec![serde_json::json!({ "reason": "keyring", "why": why })],
            },
            AppError::Key(k) => locked(message, k.code()),
            AppError::Store(keyplan_app::StoreError::Locked { .. }) => locked(message, "locked"),
            AppError::Store(keyplan_app::StoreError::WrongKey { .. }) => {
                locked(message, "other_key")
            }
            AppError::Store(_) | AppError::Unavailable(_) => Self::new(ErrorKind::Storage, message),
            AppError::Io { .. } => Self::new(ErrorKind::Io, message),
            AppError::Internal(_) => Self::new(ErrorKind::Internal, message),
        }
    }
}

/// A `locked` error with the reason the window words in the user's language.
fn locked(message: String, reason: &str) -> CommandError {
    CommandError {
        kind: ErrorKind::Locked,
        message,
        details: vec![serde_json::json!({ "reason": reason })],
    }
}

fn json_list<T: Serialize>(items: &[T]) -> Vec<serde_json::Value> {
    items.iter().filter_map(|i| serde_json::to_value(i).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyplan_app::domain::{Problem, ValidationErrors};
    use keyplan_app::formats::import::{ImportError, Reason, RowError};
    use serde_json::json;

    fn pinned(e: AppError) -> serde_json::Value {
        serde_json::to_value(CommandError::from(e)).unwrap()
    }

    #[test]
    fn json_shape_is_pinned_for_every_kind() {
        assert_eq!(
            pinned(AppError::Invalid(ValidationErrors::single(
                "nps",
                Problem::OutOfRange { min: 0, max: 10 },
            ))),
            json!({
                "kind": "invalid",
                "message": "nps: must be between 0 and 10",
                "details": [{"field": "nps", "code": "out_of_range", "min": 0, "max": 10,
                             "message": "nps: must be between 0 and 10"}]
            })
        );
        assert_eq!(
            pinned(AppError::not_found("account", "x")),
            json!({"kind": "not_found", "message": "account x does not exist",
                   "details": [{"kind": "account", "id": "x"}]})
        );
        assert_eq!(
            pinned(AppError::Incomplete("2 of the sync folder's files could not be merged".into())),
            json!({"kind": "incomplete", "message": "2 of the sync folder's files could not be merged", "details": []})
        );
        assert_eq!(
            pinned(AppError::Conflict("the portfolio already has 3 accounts".into())),
            json!({"kind": "conflict", "message": "the portfolio already has 3 accounts", "details": []})
        );
        assert_eq!(
            pinned(AppError::Store(keyplan_app::StoreError::Worker("x".into()))),
            json!({"kind": "storage", "message": "x", "details": []})
        );
        assert_eq!(
            pinned(AppError::Unavailable("k.db is not a Keyplan database".into())),
            json!({"kind": "storage", "message": "k.db is not a Keyplan database", "details": []})
        );
        let io = std::io::Error::new(std::io::ErrorKind::PermissionDenied, "denied");
        assert_eq!(
            pinned(AppError::io(std::path::Path::new("/x/y.csv"), io)),
            json!({"kind": "io", "message": "/x/y.csv: this user may not open it (check its permissions)", "details": []})
        );
        assert_eq!(
            pinned(AppError::Internal("a lock was poisoned".into())),
            json!({"kind": "internal", "message": "a lock was poisoned", "details": []})
        );
        assert_eq!(
            pinned(AppError::ImportFile { file: "a.csv".into(), error: ImportError::Empty }),
            json!({"kind": "invalid", "message": "a.csv: the file is empty", "details": []})
        );
        let row = RowError::new(5, 6, "Date", "32/13/2023", Reason::NotADate);
        assert_eq!(
            pinned(AppError::Rejected { file: "a.csv".into(), total: 1, errors: vec![row] }),
            json!({
                "kind": "rejected",
                "message": "a.csv: 1 problem(s), nothing was imported; first: row 5 (line 6), column \"Date\": \"32/13/2023\" is not a date",
                "details": [{"row": 5, "line": 6, "column": "Date", "value": "32/13/2023",
                             "code": "not_a_date",
                             "message": "row 5 (line 6), column \"Date\": \"32/13/2023\" is not a date"}]
            })
        );
        assert_eq!(
            pinned(AppError::Key(keyplan_app::keys::KeyError::WrongPassphrase)),
            json!({"kind": "locked", "message": "the passphrase is not right for this book. \
                Nothing was opened or changed", "details": [{"reason": "wrong_passphrase"}]})
        );
        assert_eq!(
            pinned(AppError::Cancelled),
            json!({"kind": "cancelled", "message": "cancelled; nothing was written", "details": []})
        );
        assert_eq!(
            pinned(AppError::Unprintable("no installed font can show \"𓀀\"".into())),
            json!({"kind": "unprintable", "message": "no installed font can show \"𓀀\"", "details": []})
        );
    }

    /// The window's `ErrorKind` type (ui/js/api.js) names exactly these kinds.
    #[test]
    fn the_windows_error_kinds_are_rusts() {
        let api = include_str!("../../ui/js/api.js");
        let line = api.lines().find(|l| l.contains("} ErrorKind")).unwrap();
        let mut js: Vec<String> = line.split('\'').skip(1).step_by(2).map(str::to_string).collect();
        let mut rust: Vec<String> = ErrorKind::ALL
            .iter()
            .map(|k| serde_json::to_value(k).unwrap().as_str().unwrap().to_string())
            .collect();
        js.sort();
        rust.sort();
        assert_eq!(js, rust);
        // ALL lists each kind once (a new kind not listed fails to compile in `listed`).
        fn listed(k: ErrorKind) -> usize {
            match k {
                ErrorKind::NotFound
                | ErrorKind::Invalid
                | ErrorKind::Conflict
                | ErrorKind::Storage
                | ErrorKind::Io
                | ErrorKind::Internal
                | ErrorKind::Rejected
                | ErrorKind::Cancelled
                | ErrorKind::Unprintable
                | ErrorKind::Incomplete
                | ErrorKind::Locked => 1,
            }
        }
        assert_eq!(ErrorKind::ALL.iter().map(|k| listed(*k)).sum::<usize>(), 11);
        let unique: std::collections::HashSet<_> = ErrorKind::ALL.iter().collect();
        assert_eq!(unique.len(), ErrorKind::ALL.len());
    }
}
