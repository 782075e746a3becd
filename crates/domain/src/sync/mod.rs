//! Merging edits made on different laptops: the clock every write is stamped with, the fields a
//! record is merged by, and the rule that picks each field's value.

mod clock;
mod merge;
mod record;
pub mod schema;

pub use clock::{time_text, BadStamp, Clock, Held, Stamp, MAX_DRIFT_MS};
pub use merge::{merge_field, FieldClock, FieldMerge, Side};
pub use record::{merge_record, Groups, Lost, RecordMerge};
