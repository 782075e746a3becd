//! The one error type that crosses IPC. The UI branches on `kind`; `details` carries the
//! field errors of an `invalid` input so each is shown at its field, or the refused rows
//! (row, column, value, reason) of a `rejected` import.

use keyplan_app::AppError;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }

    pub fn storage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Storage, message)
    }
}

impl From<AppError> for CommandError {
    fn from(e: AppError) -> Self {
        let message = e.to_string();
        match e {
            AppError::Invalid(errors) => {
                CommandError { kind: ErrorKind::Invalid, message, details: json_list(&errors.0) }
            }
            AppError::ImportFile { .. } => Self::new(ErrorKind::Invalid, message),
            AppError::Rejected { errors, .. } => {
                CommandError { kind: ErrorKind::Rejected, message, details: json_list(&errors) }
            }
            AppError::Cancelled => Self::new(ErrorKind::Cancelled, message),
            AppError::NotFound(_) => Self::new(ErrorKind::NotFound, message),
            AppError::Conflict(_) => Self::new(ErrorKind::Conflict, message),
            AppError::Store(_) => Self::new(ErrorKind::Storage, message),
            AppError::Io(_) => Self::new(ErrorKind::Io, message),
        }
    }
}

fn json_list<T: Serialize>(items: &[T]) -> Vec<serde_json::Value> {
    items.iter().filter_map(|i| serde_json::to_value(i).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use keyplan_app::domain::{Problem, ValidationErrors};

    #[test]
    fn json_shape_is_pinned() {
        let e = CommandError::from(AppError::Invalid(ValidationErrors::single(
            "nps",
            Problem::OutOfRange { min: 0, max: 10 },
        )));
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({
                "kind": "invalid",
                "message": "nps: must be between 0 and 10",
                "details": [{"field": "nps", "code": "out_of_range", "min": 0, "max": 10,
                             "message": "nps: must be between 0 and 10"}]
            })
        );
        let e = CommandError::from(AppError::NotFound("account x does not exist".into()));
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({"kind": "not_found", "message": "account x does not exist", "details": []})
        );
    }
}
