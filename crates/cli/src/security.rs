//! Unlocking an encrypted book from the command line, and `encrypt`, `decrypt`, `passphrase`.
//! A secret is read from a file the user names or typed at a terminal prompt; never from an
//! argument or the environment, where other programs and the shell's history can read it.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::Args;
use keyplan_app::keys::{KdfParams, KeyError, Unlock, Zeroizing};
use keyplan_app::{AppError, Session, StoreError};

/// How to unlock an encrypted book: global options, before or after the command's name.
#[derive(Debug, Clone, Default, Args)]
pub struct UnlockArgs {
    /// A file holding the book's passphrase (its first line); for `encrypt`, the new one.
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "recovery_key_file")]
    pub passphrase_file: Option<PathBuf>,
    /// A file holding the book's recovery key, to unlock it when the passphrase is lost.
    #[arg(long, global = true, value_name = "FILE")]
    pub recovery_key_file: Option<PathBuf>,
}

impl UnlockArgs {
    /// The option naming a secret file, if one was given.
    pub fn flag_given(&self) -> Option<&'static str> {
        if self.passphrase_file.is_some() {
            Some("--passphrase-file")
        } else if self.recovery_key_file.is_some() {
            Some("--recovery-key-file")
        } else {
            None
        }
    }
}

/// Reads a secret from `path`: its first line, as typed (a trailing newline is not part of it).
pub(crate) fn read_secret(path: &Path, what: &str) -> Result<Zeroizing<String>, AppError> {
    // A passphrase or recovery key is a line; a file past 4 KB (or /dev/zero) is not one.
    let bytes =
        Zeroizing::new(keyplan_app::files::read_limited(path, 4 << 10, &format!("a {what}"))?);
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        AppError::Usage(format!("{}: the {what} is not UTF-8 text", path.display()))
    })?;
    // A byte-order mark (Notepad writes one) is not part of it either.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line = text.split(['\n', '\r']).next().unwrap_or_default();
    if line.is_empty() {
        return Err(AppError::Usage(format!("{}: the file holds no {what}", path.display())));
    }
    Ok(Zeroizing::new(line.to_string()))
}

/// Asks at the terminal, without echo.
fn prompt(question: &str) -> Result<Zeroizing<String>, AppError> {
    let answer = rpassword::prompt_password(question)
        .map_err(|e| AppError::io(Path::new("the terminal"), e))?;
    Ok(Zeroizing::new(answer))
}

/// The keyring's way to unlock the book at `db`, when the user named no file and the book is
/// set to unlock from it: the key, or why the keyring could not give it.
pub fn from_keyring(args: &UnlockArgs, db: &Path) -> Option<Result<Unlock, String>> {
    if args.flag_given().is_some() {
        return None;
    }
    match keyplan_app::vault::keyring_unlock(db) {
        Ok(Some(how)) => Some(Ok(how)),
        Ok(None) => None,
        Err(AppError::Key(KeyError::Keyring(why))) => Some(Err(why)),
        // Not the keyring's failure (a damaged key file, say): the passphrase's attempt says it.
        Err(_) => None,
    }
}

/// The way to unlock the book at `db` the user gave, or a prompt when they gave none and there
/// is a terminal to ask at. `keyring_failed` says why the keyring, set to unlock it, did not.
pub fn unlock(
    args: &UnlockArgs,
    db: &Path,
    keyring_failed: Option<&str>,
) -> Result<Unlock, AppError> {
    if let Some(file) = &args.recovery_key_file {
        return Ok(Unlock::RecoveryKey(read_secret(file, "recovery key")?));
    }
    if let Some(file) = &args.passphrase_file {
        return Ok(Unlock::Passphrase(read_secret(file, "passphrase")?));
    }
    if std::io::stdin().is_terminal() {
        if let Some(why) = keyring_failed {
            eprintln!("keyplan: the login keyring cannot be used: {why}");
        }
        return Ok(Unlock::Passphrase(prompt(&format!("Passphrase for {}: ", db.display()))?));
    }
    let locked = StoreError::Locked { path: db.to_path_buf() };
    Err(match keyring_failed {
        Some(why) => {
            AppError::Unavailable(format!("{locked} (the login keyring cannot be used: {why})"))
        }
        None => locked.into(),
    })
}

/// `keyplan keyring on|off`: whether the system's keyring unlocks the book without a passphrase.
pub fn keyring(s: &mut Session, on: bool) -> Result<(), AppError> {
    if !s.is_encrypted() {
        return Err(AppError::Usage(
            "this book is not encrypted: there is nothing to unlock".into(),
        ));
    }
    s.set_keyring(on)?;
    crate::output::write_out(|w| {
        if on {
            writeln!(w, "The login keyring now unlocks this book; the passphrase still does too.")
        } else {
            writeln!(w, "The login keyring no longer unlocks this book.")
        }
    })
}

/// The new passphrase for `encrypt` and `passphrase`: from the file named, else typed twice.
fn new_passphrase(file: Option<&Path>, flag: &str) -> Result<Zeroizing<String>, AppError> {
    if let Some(file) = file {
        return read_secret(file, "passphrase");
    }
    if !std::io::stdin().is_terminal() {
        return Err(AppError::Usage(format!(
            "the new passphrase is read from {flag} FILE (or typed at a terminal)"
        )));
    }
    let first = prompt("New passphrase: ")?;
    let again = prompt("The same passphrase again: ")?;
    if first != again {
        return Err(AppError::Usage("the two passphrases differ; nothing was changed".into()));
    }
    Ok(first)
}

/// `keyplan encrypt`: the recovery key is the last line printed.
pub fn encrypt(s: &mut Session, args: &UnlockArgs) -> Result<(), AppError> {
    if s.is_encrypted() {
        return Err(AppError::Usage("this book is already encrypted".into()));
    }
    let passphrase = new_passphrase(args.passphrase_file.as_deref(), "--passphrase-file")?;
    let done = s.encrypt(&passphrase, KdfParams::DEFAULT)?;
    crate::output::write_out(|w| {
        for p in &done.backups.converted {
            writeln!(w, "backup encrypted: {}", p.display())?;
        }
        for p in &done.backups.removed {
            writeln!(w, "backup removed (it could not be read): {}", p.display())?;
        }
        if let Some(why) = &done.backups.failed {
            writeln!(w, "some backups are still plain ({why}); the next unlock encrypts them")?;
        }
        for p in &done.imports_removed {
            writeln!(w, "plain copy of an imported file removed: {}", p.display())?;
        }
        writeln!(
            w,
            "The book is encrypted. Keep this recovery key somewhere safe, apart from the laptop:"
        )?;
        writeln!(w, "without it and the passphrase, the book and its backups cannot be opened.")?;
        writeln!(w, "{}", done.recovery_key.text())
    })
}

/// `keyplan decrypt`.
pub fn decrypt(s: &mut Session) -> Result<(), AppError> {
    if !s.is_encrypted() {
        return Err(AppError::Usage("this book is not encrypted".into()));
    }
    let done = s.decrypt()?;
    crate::output::write_out(|w| {
        for p in &done.converted {
            writeln!(w, "backup decrypted: {}", p.display())?;
        }
        for p in &done.removed {
            writeln!(w, "backup removed (it could not be read): {}", p.display())?;
        }
        writeln!(w, "The book is no longer encrypted.")
    })
}

/// `keyplan passphrase`.
pub fn change(s: &mut Session, new_file: Option<&Path>) -> Result<(), AppError> {
    let new = new_passphrase(new_file, "--new-passphrase-file")?;
    s.change_passphrase(&new, KdfParams::DEFAULT)?;
    crate::output::write_out(|w| {
        writeln!(w, "The passphrase is changed; the recovery key still works.")
    })
}

/// `keyplan recovery-key`: a new recovery key, printed last; the old one stops working.
pub fn new_recovery_key(s: &mut Session) -> Result<(), AppError> {
    if !s.is_encrypted() {
        return Err(AppError::Usage("this book is not encrypted: it has no recovery key".into()));
    }
    let key = s.new_recovery_key()?;
    crate::output::write_out(|w| {
        writeln!(w, "A new recovery key; the old one no longer opens the book. Keep it apart:")?;
        writeln!(w, "{}", key.text())
    })
}
