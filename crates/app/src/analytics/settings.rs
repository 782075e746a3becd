//! The analytics settings (every threshold and weight of §2), kept as one JSON value under the
//! `analytics` key so that they travel with the database.

use keyplan_domain::analytics::AnalyticsSettings;
use keyplan_store::{self as store, Connection, Db};

use crate::{AppError, Result};
use keyplan_domain::Problem;

const KEY: &str = "analytics";

pub(crate) fn load(c: &Connection) -> Result<AnalyticsSettings> {
    match store::settings::get(c, KEY)? {
        None => Ok(AnalyticsSettings::default()),
        Some(text) => serde_json::from_str(&text).map_err(|e| {
            AppError::field(
                "analytics",
                Problem::Unreadable { reason: format!("{e}; restore the defaults in Settings") },
            )
        }),
    }
}

pub fn analytics_settings(db: &Db) -> Result<AnalyticsSettings> {
    load(db.conn())
}

/// Checks every value (errors name the field) and saves them all, or nothing.
pub fn save_analytics_settings(db: &mut Db, s: &AnalyticsSettings) -> Result<AnalyticsSettings> {
    s.validate()?;
    let text = serde_json::to_string(s)
        .map_err(|e| AppError::Internal(format!("analytics settings: {e}")))?;
    db.write(|c| store::settings::set(c, KEY, &text))?;
    Ok(*s)
}

/// Back to the product definition's defaults.
pub fn reset_analytics_settings(db: &mut Db) -> Result<AnalyticsSettings> {
    save_analytics_settings(db, &AnalyticsSettings::default())
}
