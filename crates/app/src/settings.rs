//! User settings kept in the database, so they travel with it (a backup restores them too).

use keyplan_domain::validate::Choice;
use keyplan_domain::{Currency, Problem};
use keyplan_store::{self as store, Db};
use serde::{Deserialize, Serialize};

use crate::{AppError, Result};

const LANGUAGES: &[&str] = &["en", "zh-CN"];
const THEMES: &[&str] = &["system", "light", "dark"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// "en" or "zh-CN"; None until the user picks (the UI then follows the system).
    pub language: Option<String>,
    pub theme: String,
    pub currency: Currency,
}

/// The settings to change; absent ones are left as they are.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SettingsPatch {
    pub language: Option<String>,
    pub theme: Option<String>,
    pub currency: Option<String>,
}

pub fn get_settings(db: &Db) -> Result<Settings> {
    let c = db.conn();
    let currency = store::settings::get(c, "currency")?
        .and_then(|code| Currency::from_code(&code))
        .unwrap_or(Currency::Cny);
    Ok(Settings {
        language: store::settings::get(c, "language")?,
        theme: store::settings::get(c, "theme")?.unwrap_or_else(|| "system".into()),
        currency,
    })
}

pub fn update_settings(db: &mut Db, patch: &SettingsPatch) -> Result<Settings> {
    let one_of = |field: &str, v: &str, allowed: &'static [&'static str]| -> Result<()> {
        if allowed.contains(&v) {
            Ok(())
        } else {
            Err(AppError::field(field, Problem::InvalidChoice { allowed: allowed.to_vec() }))
        }
    };
    if let Some(l) = &patch.language {
        one_of("language", l, LANGUAGES)?;
    }
    if let Some(t) = &patch.theme {
        one_of("theme", t, THEMES)?;
    }
    let currency = match &patch.currency {
        Some(code) => Some(Currency::from_code(code).ok_or_else(|| {
            AppError::field(
                "currency",
                Problem::InvalidChoice { allowed: Currency::NAMES.to_vec() },
            )
        })?),
        None => None,
    };
    db.write(|c| {
        if let Some(l) = &patch.language {
            store::settings::set(c, "language", l)?;
        }
        if let Some(t) = &patch.theme {
            store::settings::set(c, "theme", t)?;
        }
        if let Some(cur) = currency {
            store::settings::set(c, "currency", cur.name())?;
        }
        Ok::<_, AppError>(())
    })?;
    get_settings(db)
}
