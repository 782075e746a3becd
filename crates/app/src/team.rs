//! This laptop's sharing key and the team's: whom bundles and the sync folder's files are
//! encrypted for. The laptop's key pair is made the first time it is needed and kept in the
//! book's settings, so it is encrypted exactly when the book is and travels with its backups;
//! the team's public keys are kept beside it, by name. Neither ever goes into a bundle.

use keyplan_domain::Problem;
use keyplan_keys::share::{self, LaptopKey, PublicKey, SealFor};
use keyplan_keys::Zeroizing;
use keyplan_store::{self as store, Db};
use serde::{Deserialize, Serialize};

use crate::sync::ExportedBundle;
use crate::{AppError, Result};

const SECRET_SETTING: &str = "sharing.secret_key";
const TEAM_SETTING: &str = "sharing.team";
/// A name on the team list, as other names on the window are.
const MAX_NAME_CHARS: usize = 60;

/// A colleague whose laptop can open what this one shares.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamKey {
    pub name: String,
    /// Their laptop's public key, `age1…`.
    pub key: String,
}

/// This laptop's key pair, made (and kept) the first time it is asked for.
pub fn laptop_key(db: &mut Db) -> Result<LaptopKey> {
    if let Some(key) = existing_laptop_key(db)? {
        return Ok(key);
    }
    let key = LaptopKey::generate();
    db.write(|c| store::settings::set(c, SECRET_SETTING, &key.secret()))?;
    Ok(key)
}

/// This laptop's key pair if it has one yet (reading makes none: a preview writes nothing).
fn existing_laptop_key(db: &Db) -> Result<Option<LaptopKey>> {
    let Some(secret) = store::settings::get(db.conn(), SECRET_SETTING)? else { return Ok(None) };
    let secret = Zeroizing::new(secret);
    LaptopKey::from_secret(&secret).map(Some).map_err(|e| AppError::Internal(e.to_string()))
}

/// Opens a sealed file with this laptop's key, or `passphrase`: the outer error is the book's,
/// the inner one the file's.
pub(crate) fn open_sealed(
    db: &Db,
    bytes: &[u8],
    passphrase: Option<&str>,
    max_bytes: u64,
) -> Result<std::result::Result<Zeroizing<Vec<u8>>, share::SealError>> {
    // A laptop that never had a key cannot be a recipient: a key made for the attempt says
    // "for someone else" as any other would, and nothing is written.
    let key = existing_laptop_key(db)?.unwrap_or_else(LaptopKey::generate);
    Ok(share::open(bytes, &key, passphrase, max_bytes))
}

/// The team's keys, in the order they were added.
pub fn team(db: &Db) -> Result<Vec<TeamKey>> {
    let Some(text) = store::settings::get(db.conn(), TEAM_SETTING)? else {
        return Ok(Vec::new());
    };
    serde_json::from_str(&text)
        .map_err(|e| AppError::field("team", Problem::Unreadable { reason: e.to_string() }))
}

fn save_team(db: &mut Db, team: &[TeamKey]) -> Result<()> {
    let text = serde_json::to_string(team).map_err(|e| AppError::Internal(e.to_string()))?;
    db.write(|c| store::settings::set(c, TEAM_SETTING, &text))?;
    Ok(())
}

/// A name as typed, checked: one line, not blank, not too long, not shaped like a key (a name
/// and a key must never be mistaken for each other when a bundle is encrypted "to" either).
fn team_name(name: &str) -> Result<String> {
    let n = name.trim();
    if looks_like_key(n) {
        return Err(AppError::Usage(
            "the name is a key: give the colleague's name first, then their key".into(),
        ));
    }
    let problem = if n.is_empty() {
        Some(Problem::Required)
    } else if n.chars().any(char::is_control) {
        Some(Problem::ControlCharacter)
    } else if n.chars().count() > MAX_NAME_CHARS {
        Some(Problem::TooLong { max: MAX_NAME_CHARS })
    } else {
        None
    };
    match problem {
        Some(p) => Err(AppError::field("name", p)),
        None => Ok(n.to_string()),
    }
}

fn looks_like_key(s: &str) -> bool {
    s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("age1"))
}

fn same_name(a: &str, b: &str) -> bool {
    keyplan_domain::text::name_key(a) == keyplan_domain::text::name_key(b)
}

/// Adds a colleague's key under `name`; returns the team.
pub fn team_add(db: &mut Db, name: &str, key: &str) -> Result<Vec<TeamKey>> {
    let name = team_name(name)?;
    let key = PublicKey::parse(key).map_err(|e| match e {
        // Said without repeating it, and apart from a key that is merely mistyped.
        share::SealError::SecretKeyGiven => AppError::field(
            "key",
            Problem::InvalidChoice { allowed: vec!["a public key (age1…), not a secret key"] },
        ),
        other => AppError::field("key", Problem::Unreadable { reason: other.to_string() }),
    })?;
    if key == laptop_key(db)?.public() {
        return Err(AppError::Usage(
            "that is this laptop's own key: what it shares is always readable here; add your \
             colleagues' keys"
                .into(),
        ));
    }
    let mut members = team(db)?;
    if members.iter().any(|m| same_name(&m.name, &name)) {
        return Err(AppError::field("name", Problem::Duplicate));
    }
    let key = key.to_string();
    if let Some(m) = members.iter().find(|m| m.key == key) {
        return Err(AppError::Usage(format!("that key is already on the team, as {:?}", m.name)));
    }
    members.push(TeamKey { name, key });
    save_team(db, &members)?;
    Ok(members)
}

/// Removes the colleague named `name`; returns the team.
pub fn team_remove(db: &mut Db, name: &str) -> Result<Vec<TeamKey>> {
    let mut members = team(db)?;
    let before = members.len();
    members.retain(|m| !same_name(&m.name, name));
    if members.len() == before {
        return Err(AppError::not_found("team member", name.trim()));
    }
    save_team(db, &members)?;
    Ok(members)
}

/// Whom to encrypt a file for.
#[derive(Debug, Clone, Default)]
pub enum Seal {
    /// Not at all: a plain bundle.
    #[default]
    Plain,
    /// Everyone on the team (and this laptop).
    Team,
    /// These people, each a team name or an `age1…` key (and this laptop).
    To(Vec<String>),
    /// Anyone with this passphrase (a one-off recipient).
    Passphrase(Zeroizing<String>),
}

/// `bytes` encrypted as `how` says; as they are for [`Seal::Plain`].
pub fn seal(db: &mut Db, bytes: Vec<u8>, how: &Seal) -> Result<Vec<u8>> {
    Ok(sealed(db, bytes, how)?.0)
}

/// A bundle encrypted as `how` says, saying so.
pub fn seal_bundle(db: &mut Db, b: ExportedBundle, how: &Seal) -> Result<ExportedBundle> {
    let (bytes, recipients) = sealed(db, b.bytes, how)?;
    let encryption = match how {
        Seal::Plain => "none",
        Seal::Passphrase(_) => "passphrase",
        Seal::Team | Seal::To(_) => "keys",
    };
    Ok(ExportedBundle { size_bytes: bytes.len(), bytes, encryption, recipients, ..b })
}

/// The sealed bytes and how many people's keys they are for (this laptop's aside).
fn sealed(db: &mut Db, bytes: Vec<u8>, how: &Seal) -> Result<(Vec<u8>, usize)> {
    let mut keys = match how {
        Seal::Plain => return Ok((bytes, 0)),
        Seal::Passphrase(p) => {
            keyplan_keys::check_new_passphrase(p)?;
            let out = share::seal(&bytes, &SealFor::Passphrase(p)).map_err(sealing)?;
            return Ok((out, 0));
        }
        Seal::Team => {
            let team = team(db)?;
            if team.is_empty() {
                return Err(AppError::Usage(
                    "the team has no keys yet: add a colleague's key first (Settings → Team keys, \
                     or keyplan team add NAME KEY)"
                        .into(),
                ));
            }
            team.iter().map(|m| parse_stored(&m.key)).collect::<Result<Vec<_>>>()?
        }
        Seal::To(names) => recipients(db, names)?,
    };
    let own = laptop_key(db)?.public();
    keys.retain(|k| *k != own);
    // A name given twice, or a name and its key: one recipient each.
    keys.sort_by_key(ToString::to_string);
    keys.dedup();
    let people = keys.len();
    keys.push(own);
    Ok((share::seal(&bytes, &SealFor::Keys(&keys)).map_err(sealing)?, people))
}

/// The keys for names and keys as the user gave them; an unknown name says who is on the team.
fn recipients(db: &Db, given: &[String]) -> Result<Vec<PublicKey>> {
    if given.is_empty() {
        return Err(AppError::field("encrypt_to", Problem::Required));
    }
    let team = team(db)?;
    given
        .iter()
        .map(|g| {
            if looks_like_key(g.trim())
                || matches!(PublicKey::parse(g), Err(share::SealError::SecretKeyGiven))
            {
                return PublicKey::parse(g).map_err(|e| {
                    AppError::field("encrypt_to", Problem::Unreadable { reason: e.to_string() })
                });
            }
            match team.iter().find(|m| same_name(&m.name, g)) {
                Some(m) => parse_stored(&m.key),
                None => Err(unknown_name(g.trim(), &team)),
            }
        })
        .collect()
}

/// A name that is not on the team, saying who is.
fn unknown_name(name: &str, team: &[TeamKey]) -> AppError {
    let name: String = name.chars().take(MAX_NAME_CHARS).collect();
    if team.is_empty() {
        return AppError::Usage(format!(
            "{name:?} is not on the team, which has no keys yet: add the colleague's key first \
             (Settings → Team keys, or keyplan team add NAME KEY), or give their age1… key"
        ));
    }
    let names: Vec<&str> = team.iter().map(|m| m.name.as_str()).collect();
    AppError::Usage(format!(
        "{name:?} is not on the team ({}): give a name from it, or an age1… key",
        names.join(", ")
    ))
}

fn parse_stored(key: &str) -> Result<PublicKey> {
    PublicKey::parse(key)
        .map_err(|e| AppError::field("team", Problem::Unreadable { reason: e.to_string() }))
}

fn sealing(e: share::SealError) -> AppError {
    match e {
        share::SealError::Encrypt(why) => AppError::Internal(format!("could not encrypt: {why}")),
        other => AppError::Usage(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Db {
        Db::open_in_memory().unwrap()
    }

    #[test]
    fn the_laptop_key_is_made_once_and_kept() {
        let mut db = db();
        let a = laptop_key(&mut db).unwrap().public();
        assert_eq!(laptop_key(&mut db).unwrap().public(), a);
    }

    #[test]
    fn the_team_refuses_blank_control_duplicate_and_own_keys() {
        let mut db = db();
        let k = LaptopKey::generate().public().to_string();
        let k2 = LaptopKey::generate().public().to_string();
        let field = |e: AppError| match e {
            AppError::Invalid(v) => v.0[0].problem.clone(),
            other => panic!("{other}"),
        };
        assert_eq!(field(team_add(&mut db, " ", &k).unwrap_err()), Problem::Required);
        assert_eq!(field(team_add(&mut db, "Li\nWei", &k).unwrap_err()), Problem::ControlCharacter);
        assert!(matches!(team_add(&mut db, &k2, &k), Err(AppError::Usage(_))), "a key as name");
        let long = "长".repeat(61);
        assert_eq!(field(team_add(&mut db, &long, &k).unwrap_err()), Problem::TooLong { max: 60 });
        assert!(matches!(
            field(team_add(&mut db, "Li", "age1nope").unwrap_err()),
            Problem::Unreadable { .. }
        ));
        assert_eq!(team_add(&mut db, " 李伟 ", &k).unwrap()[0].name, "李伟");
        assert_eq!(field(team_add(&mut db, "李伟", &k2).unwrap_err()), Problem::Duplicate);
        assert!(team_add(&mut db, "Wang", &k).is_err(), "the same key twice");
        let own = laptop_key(&mut db).unwrap().public().to_string();
        assert!(team_add(&mut db, "Me", &own).is_err());
        assert_eq!(team_remove(&mut db, "李伟").unwrap(), Vec::new());
        assert!(matches!(team_remove(&mut db, "李伟"), Err(AppError::NotFound { .. })));
    }

    #[test]
    fn names_resolve_to_team_keys_and_unknown_names_list_the_team() {
        let mut db = db();
        let colleague = LaptopKey::generate();
        team_add(&mut db, "Zhang Wei", &colleague.public().to_string()).unwrap();
        let file = seal(&mut db, b"x".to_vec(), &Seal::To(vec!["zhang  wei".into()])).unwrap();
        let opened = share::open(&file, &colleague, None, 10).unwrap();
        assert_eq!(opened.as_slice(), b"x");
        let mine = laptop_key(&mut db).unwrap();
        assert_eq!(share::open(&file, &mine, None, 10).unwrap().as_slice(), b"x");
        let e = seal(&mut db, b"x".to_vec(), &Seal::To(vec!["Li".into()])).unwrap_err();
        assert!(e.to_string().contains("Zhang Wei"), "{e}");
        // A secret key given by mistake is refused without being repeated.
        let secret = colleague.secret().to_string();
        let e = seal(&mut db, b"x".to_vec(), &Seal::To(vec![secret.clone()])).unwrap_err();
        assert!(!e.to_string().contains(&secret[15..]), "{e}");
        // The same person twice, by name and by key: one recipient.
        let key = colleague.public().to_string();
        let (_, n) =
            sealed(&mut db, b"x".to_vec(), &Seal::To(vec!["Zhang Wei".into(), key])).unwrap();
        assert_eq!(n, 1);
    }
}
