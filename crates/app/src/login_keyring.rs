//! The operating system's keyring as a way to unlock an encrypted book at login without typing
//! (the Secret Service on Linux: GNOME Keyring, KWallet). It keeps a random key per book, which
//! unwraps the data key from the key file's keyring wrap: the keyring alone opens nothing, and
//! the key file alone neither. A machine without a keyring says why; nothing falls back to a
//! key kept anywhere else.

use std::sync::mpsc;
use std::time::Duration;

use keyplan_keys::{KeyError, KeyringSecret};

use crate::Result;

const SERVICE: &str = "Keyplan";
/// How long a keyring may take to answer: one that waits on a prompt nobody sees (a locked
/// collection on a bare desktop) must not hold the window's start-up.
const ANSWER_WITHIN: Duration = Duration::from_secs(5);

/// The keyring entry's name for a book: its key's id, which says nothing about the key.
fn user(key_id: &str) -> String {
    format!("book-{key_id}")
}

/// The keyring's failure in a user's words (never the secret; `BadEncoding` holds bytes).
fn reason(e: &keyring::Error) -> String {
    match e {
        keyring::Error::NoStorageAccess(inner) => {
            format!("no keyring could be reached (is a keyring service such as GNOME Keyring or KWallet running and unlocked?): {inner}")
        }
        keyring::Error::PlatformFailure(inner) => {
            format!("the keyring service failed ({inner}); on Linux it needs a desktop session with the Secret Service (GNOME Keyring, KWallet)")
        }
        keyring::Error::NoEntry => "the keyring holds no key for this book".into(),
        keyring::Error::BadEncoding(_) => {
            "the keyring's entry for this book is not Keyplan's".into()
        }
        other => other.to_string(),
    }
}

/// Runs `f` on its own thread and waits at most [`ANSWER_WITHIN`] for it.
fn within<T: Send + 'static>(
    f: impl FnOnce() -> std::result::Result<T, keyring::Error> + Send + 'static,
) -> Result<T> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f().map_err(|e| reason(&e)));
    });
    match rx.recv_timeout(ANSWER_WITHIN) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(why)) => Err(KeyError::Keyring(why).into()),
        Err(_) => Err(KeyError::Keyring(format!(
            "the keyring did not answer within {} seconds",
            ANSWER_WITHIN.as_secs()
        ))
        .into()),
    }
}

/// Keeps `secret` for the book whose key is `key_id`.
pub(crate) fn store(key_id: &str, secret: &KeyringSecret) -> Result<()> {
    let user = user(key_id);
    let text = secret.to_text();
    within(move || keyring::Entry::new(SERVICE, &user)?.set_password(&text))
}

/// The secret kept for the book whose key is `key_id`.
pub(crate) fn fetch(key_id: &str) -> Result<KeyringSecret> {
    let user = user(key_id);
    let text = within(move || {
        keyring::Entry::new(SERVICE, &user)?.get_password().map(keyplan_keys::Zeroizing::new)
    })?;
    KeyringSecret::from_text(&text).ok_or_else(|| {
        KeyError::Keyring("the keyring's entry for this book is not Keyplan's".into()).into()
    })
}

/// Removes the book's entry; one that is not there is already gone.
pub(crate) fn forget(key_id: &str) -> Result<()> {
    let user = user(key_id);
    within(move || match keyring::Entry::new(SERVICE, &user)?.delete_credential() {
        Err(keyring::Error::NoEntry) => Ok(()),
        other => other,
    })
}
