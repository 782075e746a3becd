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
    /// Who this laptop's edits are by, as other laptops' conflicts list names them.
    pub user_name: String,
    /// The folder a file-sync tool keeps in step with the team's laptops, if one is set.
    pub sync_folder: Option<String>,
}

/// The settings to change; absent ones are left as they are.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SettingsPatch {
    pub language: Option<String>,
    pub theme: Option<String>,
    pub currency: Option<String>,
    pub user_name: Option<String>,
    /// An absolute folder path; empty to stop syncing.
    pub sync_folder: Option<String>,
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
        user_name: store::settings::get(c, "user_name")?.unwrap_or_else(system_user),
        sync_folder: store::settings::get(c, "sync_folder")?.filter(|f| !f.is_empty()),
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
    let user_name = patch.user_name.as_deref().map(str::trim);
    if let Some(name) = user_name {
        if name.is_empty() {
            return Err(AppError::field("user_name", Problem::Required));
        }
        if name.chars().count() > 80 {
            return Err(AppError::field("user_name", Problem::TooLong { max: 80 }));
        }
    }
    let sync_folder = patch.sync_folder.as_deref().map(str::trim);
    if let Some(dir) = sync_folder.filter(|d| !d.is_empty()) {
        if !std::path::Path::new(dir).is_absolute() {
            return Err(AppError::field("sync_folder", Problem::RelativePath));
        }
    }
    db.write(|c| {
        if let Some(name) = user_name {
            store::settings::set(c, "user_name", name)?;
        }
        if let Some(dir) = sync_folder {
            store::settings::set(c, "sync_folder", dir)?;
        }
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

/// The language the user's session asks for (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`, in
/// the order gettext reads them), as one Keyplan speaks; English otherwise. What the window
/// follows until a language is chosen, and so what the reminders and the tray speak too.
pub fn system_language() -> keyplan_domain::Language {
    let tag = ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty() && v != "C" && v != "POSIX");
    // `zh_CN.UTF-8`, `zh_CN:en` (LANGUAGE lists several): the first, without its encoding.
    let first = tag
        .as_deref()
        .and_then(|t| t.split(':').next())
        .map(|t| t.split(['.', '@']).next().unwrap_or_default().to_string());
    keyplan_domain::Language::from_tag(first.as_deref())
}

/// The language chosen in Settings, else the session's.
pub fn language(db: &Db) -> Result<keyplan_domain::Language> {
    Ok(match get_settings(db)?.language {
        Some(tag) => keyplan_domain::Language::from_tag(Some(&tag)),
        None => system_language(),
    })
}

/// The operating system's name for the user, until they give one: their full name where the
/// system has it, else their login.
fn system_user() -> String {
    let named = |n: String| Some(n.trim().to_string()).filter(|n| !n.is_empty());
    // Where the user has no entry in the system's user database (a container, some sandboxes),
    // the login the environment names.
    let from_env = || ["USER", "USERNAME", "LOGNAME"].iter().find_map(|v| std::env::var(v).ok());
    whoami::fallible::realname()
        .ok()
        .and_then(named)
        .or_else(|| whoami::fallible::username().ok().and_then(named))
        .or_else(|| from_env().and_then(named))
        .unwrap_or_else(|| "Keyplan".into())
}
