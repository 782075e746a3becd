//! Keyplan's domain: the records a key-account manager keeps and the rules they obey.
//!
//! Everything here is pure — no database, no files, no clock, no file formats — so the rules are
//! tested fast and the same code serves the desktop app, the command line and the importers.
//! Reading and writing bytes (CSV, XLSX, and the documents and bundles to come) is
//! `keyplan-formats`'s job.

pub mod account;
pub mod analytics;
pub mod contact;
pub mod interaction;
pub mod kind;
pub mod language;
pub mod money;
pub mod opportunity;
pub mod patch;
pub mod plan;
pub mod reminders;
pub mod survey;
pub mod sync;
pub mod text;
pub mod transaction;
pub mod validate;
pub mod vocabulary;

pub use account::{Account, AccountFields, AccountInput, AccountQuery, AccountSort, SizeBand};
pub use contact::{BuyingRole, Contact, ContactFields, ContactInput, ContactLink};
pub use interaction::{
    Interaction, InteractionFields, InteractionInput, InteractionKind, Severity,
};
pub use kind::{PlanItemKind, RecordKind};
pub use language::Language;
pub use money::{Currency, Money};
pub use opportunity::{
    Opportunity, OpportunityFields, OpportunityInput, OpportunityKind, OpportunityStatus,
};
pub use patch::{
    AccountPatch, ContactPatch, InteractionPatch, OpportunityPatch, SurveyPatch, TransactionPatch,
};
pub use survey::{Survey, SurveyFields, SurveyInput};
pub use transaction::{Transaction, TransactionFields, TransactionInput};
pub use validate::{FieldError, Problem, ValidationErrors};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Bookkeeping every stored record carries: a time-ordered id, when it was made and last changed,
/// and a tombstone so that exports and merges can tell "deleted" from "never seen".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deleted_at: Option<DateTime<Utc>>,
}

impl Meta {
    /// A fresh record's bookkeeping: a new UUID v7 and both timestamps at `now`.
    pub fn new(now: DateTime<Utc>) -> Self {
        Meta { id: Uuid::now_v7(), created_at: now, updated_at: now, deleted_at: None }
    }
}

/// A stored record: its bookkeeping beside its fields, flattened so the JSON is one flat object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record<F> {
    #[serde(flatten)]
    pub meta: Meta,
    #[serde(flatten)]
    pub fields: F,
}

impl<F> Record<F> {
    pub fn id(&self) -> Uuid {
        self.meta.id
    }
}
