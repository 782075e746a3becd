//! The book's keys. An encrypted book is a SQLCipher database whose raw key is a random 256-bit
//! data key; that key is never stored as it is, only wrapped (encrypted with XChaCha20-Poly1305)
//! in a small versioned key file beside the database, once for each way to unlock it: a
//! passphrase (through Argon2id) and a recovery key shown once. Changing the passphrase
//! re-wraps the same data key, so the database is not rewritten.
//!
//! This crate does no file input or output: it reads and makes the key file's bytes, and the
//! app writes them the one way it writes every file. Secrets live in [`Zeroizing`] buffers,
//! cleared when dropped, and no secret type prints its value.

mod file;
mod recovery;
pub mod share;

use std::fmt;
use std::path::PathBuf;

pub use file::{KdfParams, KeyFile, FILE_VERSION};
pub use recovery::RecoveryKey;
pub use zeroize::Zeroizing;

/// Fewer characters than this is not a passphrase for a whole customer book.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// How SQLCipher checks each page: HMAC-SHA512 (its default, what the first encrypted books
/// used) or HMAC-SHA256, which new books use because processors with SHA extensions compute it
/// in about half the time (docs/measurements.md). A file's setting is not in the file, so the
/// key file says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageHmac {
    Sha512,
    Sha256,
}

impl PageHmac {
    /// The value of SQLCipher's `cipher_hmac_algorithm`.
    pub fn sqlcipher_name(self) -> &'static str {
        match self {
            PageHmac::Sha512 => "HMAC_SHA512",
            PageHmac::Sha256 => "HMAC_SHA256",
        }
    }
}

/// The book's 256-bit data key (SQLCipher's raw key), and how its pages are checked.
#[derive(Clone)]
pub struct DataKey {
    key: Zeroizing<[u8; 32]>,
    hmac: PageHmac,
}

impl DataKey {
    /// A new key from the operating system's random numbers, for a new encrypted book.
    pub fn generate() -> Result<DataKey, KeyError> {
        let mut k = Zeroizing::new([0u8; 32]);
        random(k.as_mut_slice())?;
        Ok(DataKey { key: k, hmac: PageHmac::Sha256 })
    }

    pub(crate) fn from_bytes(bytes: Zeroizing<[u8; 32]>, hmac: PageHmac) -> DataKey {
        DataKey { key: bytes, hmac }
    }

    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.key
    }

    /// How the book's pages are checked.
    pub fn hmac(&self) -> PageHmac {
        self.hmac
    }

    /// The same key with its pages checked another way (a book the first version encrypted
    /// checks them with HMAC-SHA512).
    #[must_use]
    pub fn with_hmac(mut self, hmac: PageHmac) -> DataKey {
        self.hmac = hmac;
        self
    }

    /// SQLCipher's raw-key literal, `x'…'` in hex, for `PRAGMA key` and `ATTACH … KEY`: the
    /// key is used as it is, without SQLCipher's own key derivation on every open.
    pub fn sqlcipher_literal(&self) -> Zeroizing<String> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut s = Zeroizing::new(String::with_capacity(67));
        s.push_str("x'");
        for b in self.key.iter() {
            s.push(char::from(HEX[usize::from(b >> 4)]));
            s.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
        s.push('\'');
        s
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(…)")
    }
}

/// The random key the operating system's keyring keeps for a book: it unwraps the book's data
/// key from the key file's keyring wrap, and is useless without that file.
pub struct KeyringSecret(pub(crate) Zeroizing<[u8; 32]>);

impl KeyringSecret {
    pub fn generate() -> Result<KeyringSecret, KeyError> {
        let mut k = Zeroizing::new([0u8; 32]);
        random(k.as_mut_slice())?;
        Ok(KeyringSecret(k))
    }

    /// As the keyring stores it (base64 text: every keyring keeps text).
    pub fn to_text(&self) -> Zeroizing<String> {
        use base64::Engine;
        Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(self.0.as_slice()))
    }

    /// From the keyring's text; None when it is not one (another program's entry).
    pub fn from_text(text: &str) -> Option<KeyringSecret> {
        use base64::Engine;
        let bytes =
            Zeroizing::new(base64::engine::general_purpose::STANDARD.decode(text.trim()).ok()?);
        let k: [u8; 32] = bytes.as_slice().try_into().ok()?;
        Some(KeyringSecret(Zeroizing::new(k)))
    }
}

impl fmt::Debug for KeyringSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyringSecret(…)")
    }
}

/// A way to unlock the book, as the user gave it (or the keyring kept it).
pub enum Unlock {
    Passphrase(Zeroizing<String>),
    RecoveryKey(Zeroizing<String>),
    Keyring(KeyringSecret),
}

impl fmt::Debug for Unlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unlock::Passphrase(_) => "Unlock::Passphrase(…)",
            Unlock::RecoveryKey(_) => "Unlock::RecoveryKey(…)",
            Unlock::Keyring(_) => "Unlock::Keyring(…)",
        })
    }
}

/// Why a key could not be had. Each says what happened and what to do; none holds a secret.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the passphrase is not right for this book. Nothing was opened or changed")]
    WrongPassphrase,
    #[error("this recovery key is not the one for this book. Nothing was opened or changed")]
    WrongRecoveryKey,
    #[error(
        "this is not a whole recovery key: check it for a typing mistake (it has {} letters and \
         digits in groups of four)",
        recovery::CHARS
    )]
    RecoveryKeyMistyped,
    #[error("a new passphrase needs at least {MIN_PASSPHRASE_CHARS} characters")]
    PassphraseTooShort,
    #[error(
        "{path} is missing. The book beside it is encrypted and only its key file unlocks it: \
         put the key file back from where you keep a copy (a backup of the folder)"
    )]
    Missing { path: PathBuf },
    #[error(
        "{path} is damaged ({reason}). The book cannot be unlocked with it: put back a copy \
         of the key file if you keep one. Nothing was changed"
    )]
    Damaged { path: PathBuf, reason: String },
    #[error(
        "{path} was written by a newer version of Keyplan (key file version {found}; this \
         version knows up to {FILE_VERSION}). Update Keyplan to unlock this book"
    )]
    Newer { path: PathBuf, found: u32 },
    #[error("the system gave no random numbers: {0}")]
    Random(String),
    /// The operating system's keyring could not unlock the book; the passphrase or recovery key
    /// still can.
    #[error(
        "the login keyring cannot be used: {0}. The passphrase and the recovery key still unlock \
         the book"
    )]
    Keyring(String),
}

impl KeyError {
    /// A stable name for what went wrong, for the window to word in the user's language.
    pub fn code(&self) -> &'static str {
        match self {
            KeyError::WrongPassphrase => "wrong_passphrase",
            KeyError::WrongRecoveryKey => "wrong_recovery_key",
            KeyError::RecoveryKeyMistyped => "recovery_key_mistyped",
            KeyError::PassphraseTooShort => "passphrase_too_short",
            KeyError::Missing { .. } => "key_file_missing",
            KeyError::Damaged { .. } => "key_file_damaged",
            KeyError::Newer { .. } => "key_file_newer",
            KeyError::Random(_) => "no_random",
            KeyError::Keyring(_) => "keyring",
        }
    }
}

/// Fills `buf` from the operating system's random numbers.
pub(crate) fn random(buf: &mut [u8]) -> Result<(), KeyError> {
    getrandom::fill(buf).map_err(|e| KeyError::Random(e.to_string()))
}

/// A new passphrase the user chose, checked before anything is wrapped with it.
pub fn check_new_passphrase(p: &str) -> Result<(), KeyError> {
    if p.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(KeyError::PassphraseTooShort);
    }
    Ok(())
}

#[cfg(test)]
mod tests;
