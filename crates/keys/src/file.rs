//! The key file: JSON with a format name and version, the key's id, one wrap of the data key
//! per way to unlock it, and a checksum over the rest, so that a truncated or edited file is
//! told apart from a wrong passphrase.

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::recovery::RecoveryKey;
use crate::{random, DataKey, KeyError, KeyringSecret, PageHmac, Unlock};

/// The key file format this version writes and reads: 2 when the file holds a keyring wrap
/// (which a version-1 reader would not know), else 1, so that a file an older Keyplan cannot
/// use is said to be newer rather than damaged.
pub const FILE_VERSION: u32 = 2;
const PLAIN_VERSION: u32 = 1;
const FORMAT: &str = "keyplan-key";

/// Argon2id's cost, stored in the key file so that a file made on one laptop unlocks on another
/// with the same work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
}

impl KdfParams {
    /// About 0.6 s and 128 MiB on a two-core laptop of 2026 in the release build (6 passes
    /// took 0.85–1.0 s there, docs/measurements.md): slow enough that guessing passphrases from a
    /// stolen key file is costly, quick enough to unlock.
    pub const DEFAULT: KdfParams = KdfParams { memory_kib: 128 * 1024, iterations: 4, lanes: 1 };

    /// Whether a file's parameters are ones this version will run: a hostile file must not make
    /// unlocking take a terabyte or an hour.
    fn sane(&self) -> bool {
        (8 * 1024..=1024 * 1024).contains(&self.memory_kib)
            && (1..=16).contains(&self.iterations)
            && (1..=8).contains(&self.lanes)
    }
}

/// One wrap of the data key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case", deny_unknown_fields)]
enum Wrap {
    Passphrase {
        kdf: KdfParams,
        salt: String,
        nonce: String,
        key: String,
    },
    RecoveryKey {
        salt: String,
        nonce: String,
        key: String,
    },
    /// Wrapped with a random key kept in the operating system's keyring (never in the file).
    Keyring {
        nonce: String,
        key: String,
    },
}

impl Wrap {
    fn name(&self) -> &'static str {
        match self {
            Wrap::Passphrase { .. } => "passphrase",
            Wrap::RecoveryKey { .. } => "recovery_key",
            Wrap::Keyring { .. } => "keyring",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Body {
    format: String,
    version: u32,
    key_id: String,
    /// The encrypted book's first 16 bytes (SQLCipher's salt, random and never secret): a book
    /// that does not open with a key whose file names its salt is damaged, not another book's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    book_salt: Option<String>,
    /// "sha256" when the book's pages are checked with HMAC-SHA256; absent, SQLCipher's
    /// default HMAC-SHA512 (the books encrypted before this setting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    page_hmac: Option<String>,
    wraps: Vec<Wrap>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OnDisk {
    #[serde(flatten)]
    body: Body,
    check: String,
}

/// A key file as read or made: no secret in it is usable without a passphrase or recovery key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFile {
    body: Body,
}

impl KeyFile {
    /// A key file for `key`, unlocked by `passphrase` and by a new recovery key (returned: it is
    /// shown to the user once and kept nowhere).
    pub fn create(
        key: &DataKey,
        passphrase: &str,
        kdf: KdfParams,
    ) -> Result<(KeyFile, RecoveryKey), KeyError> {
        crate::check_new_passphrase(passphrase)?;
        let mut id = [0u8; 16];
        random(&mut id)?;
        let key_id = id.iter().map(|b| format!("{b:02x}")).collect();
        let mut file = KeyFile {
            body: Body {
                format: FORMAT.into(),
                version: PLAIN_VERSION,
                key_id,
                book_salt: None,
                page_hmac: (key.hmac() == PageHmac::Sha256).then(|| "sha256".to_string()),
                wraps: Vec::new(),
            },
        };
        let recovery = RecoveryKey::generate()?;
        let wrap = file.wrap_recovery(key, &recovery)?;
        file.body.wraps.push(wrap);
        let wrap = file.wrap_passphrase(key, passphrase, kdf)?;
        file.body.wraps.push(wrap);
        file.settle_version();
        Ok((file, recovery))
    }

    /// The same file with its passphrase wrap replaced by one for `new` (the recovery key and
    /// the data key stay).
    pub fn with_passphrase(
        &self,
        key: &DataKey,
        new: &str,
        kdf: KdfParams,
    ) -> Result<KeyFile, KeyError> {
        crate::check_new_passphrase(new)?;
        let mut file = self.clone();
        let wrap = file.wrap_passphrase(key, new, kdf)?;
        file.body.wraps.retain(|w| !matches!(w, Wrap::Passphrase { .. }));
        file.body.wraps.push(wrap);
        Ok(file)
    }

    /// The same file with a new recovery key (returned, to show once) in place of the old one,
    /// which stops working; the passphrase and the data key stay.
    pub fn with_new_recovery_key(&self, key: &DataKey) -> Result<(KeyFile, RecoveryKey), KeyError> {
        let mut file = self.clone();
        let recovery = RecoveryKey::generate()?;
        let wrap = file.wrap_recovery(key, &recovery)?;
        file.body.wraps.retain(|w| !matches!(w, Wrap::RecoveryKey { .. }));
        file.body.wraps.insert(0, wrap);
        Ok((file, recovery))
    }

    /// The data key, unwrapped the way the user chose.
    pub fn unlock(&self, how: &Unlock) -> Result<DataKey, KeyError> {
        match how {
            Unlock::Passphrase(p) => self.unlock_with_passphrase(p),
            Unlock::RecoveryKey(text) => {
                let secret = RecoveryKey::parse(text)?;
                let wrap = self.body.wraps.iter().find(|w| matches!(w, Wrap::RecoveryKey { .. }));
                let Some(w @ Wrap::RecoveryKey { salt, nonce, key }) = wrap else {
                    return Err(KeyError::WrongRecoveryKey);
                };
                let kek = recovery_kek(&secret, &decode(salt)?);
                self.open(w, &kek, nonce, key).ok_or(KeyError::WrongRecoveryKey)
            }
            Unlock::Keyring(secret) => {
                let wrap = self.body.wraps.iter().find(|w| matches!(w, Wrap::Keyring { .. }));
                let Some(w @ Wrap::Keyring { nonce, key }) = wrap else {
                    return Err(KeyError::Keyring("this book is not set to unlock from it".into()));
                };
                self.open(w, &secret.0, nonce, key).ok_or_else(|| {
                    KeyError::Keyring("it holds another key than this book's key file".into())
                })
            }
        }
    }

    /// The same file also unlocked by `secret`, a random key the caller keeps in the operating
    /// system's keyring (replacing any earlier keyring wrap).
    pub fn with_keyring(&self, key: &DataKey, secret: &KeyringSecret) -> Result<KeyFile, KeyError> {
        let mut file = self.without_keyring();
        let probe = Wrap::Keyring { nonce: String::new(), key: String::new() };
        let (nonce, sealed) = file.seal(&probe, &secret.0, key)?;
        file.body.wraps.push(Wrap::Keyring { nonce, key: sealed });
        file.settle_version();
        Ok(file)
    }

    /// The same file without its keyring wrap: only the passphrase and recovery key unlock it.
    pub fn without_keyring(&self) -> KeyFile {
        let mut file = self.clone();
        file.body.wraps.retain(|w| !matches!(w, Wrap::Keyring { .. }));
        file.settle_version();
        file
    }

    /// Version 2 when the file holds what a version-1 reader would not know (a keyring wrap,
    /// a page HMAC other than SQLCipher's default), else 1.
    fn settle_version(&mut self) {
        let newer = self.uses_keyring() || self.body.page_hmac.is_some();
        self.body.version = if newer { FILE_VERSION } else { PLAIN_VERSION };
    }

    /// How the book's pages are checked.
    fn page_hmac(&self) -> Result<PageHmac, KeyError> {
        match self.body.page_hmac.as_deref() {
            None => Ok(PageHmac::Sha512),
            Some("sha256") => Ok(PageHmac::Sha256),
            Some(other) => Err(damaged_wrap(format!("an unknown page check {other:?}"))),
        }
    }

    /// Whether the keyring unlocks this book too.
    pub fn uses_keyring(&self) -> bool {
        self.body.wraps.iter().any(|w| matches!(w, Wrap::Keyring { .. }))
    }

    fn unlock_with_passphrase(&self, passphrase: &str) -> Result<DataKey, KeyError> {
        let wrap = self.body.wraps.iter().find(|w| matches!(w, Wrap::Passphrase { .. }));
        let Some(w @ Wrap::Passphrase { kdf, salt, nonce, key }) = wrap else {
            return Err(KeyError::WrongPassphrase);
        };
        let kek = passphrase_kek(passphrase, &decode(salt)?, *kdf)?;
        self.open(w, &kek, nonce, key).ok_or(KeyError::WrongPassphrase)
    }

    /// The same file naming the encrypted book it opens by the book's first bytes.
    pub fn for_book(&self, head: &[u8]) -> KeyFile {
        let mut file = self.clone();
        file.body.book_salt = Some(B64.encode(head));
        file
    }

    /// Whether the file names a book and that book starts with `head` (None: it names none).
    pub fn names_book(&self, head: &[u8]) -> Option<bool> {
        self.body.book_salt.as_ref().map(|salt| *salt == B64.encode(head))
    }

    /// The key's id: names it without saying anything about it.
    pub fn key_id(&self) -> &str {
        &self.body.key_id
    }

    /// The passphrase's Argon2id cost.
    pub fn kdf(&self) -> Option<KdfParams> {
        self.body.wraps.iter().find_map(|w| match w {
            Wrap::Passphrase { kdf, .. } => Some(*kdf),
            Wrap::RecoveryKey { .. } | Wrap::Keyring { .. } => None,
        })
    }

    /// The file's bytes: pretty JSON ending in a newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let disk = OnDisk { body: self.body.clone(), check: checksum(&self.body) };
        let mut out = serde_json::to_vec_pretty(&disk).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Reads a key file's bytes; `path` names it in errors.
    pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<KeyFile, KeyError> {
        let damaged = |reason: String| KeyError::Damaged { path: path.to_path_buf(), reason };
        #[derive(Deserialize)]
        struct Head {
            format: Option<String>,
            version: Option<u32>,
        }
        let head: Head = serde_json::from_slice(bytes)
            .map_err(|e| damaged(format!("not a whole key file: {e}")))?;
        if head.format.as_deref() != Some(FORMAT) {
            return Err(damaged("not a Keyplan key file".into()));
        }
        match head.version {
            Some(found) if found > FILE_VERSION => {
                return Err(KeyError::Newer { path: path.to_path_buf(), found })
            }
            Some(PLAIN_VERSION | FILE_VERSION) => {}
            _ => return Err(damaged("its version is missing".into())),
        }
        let disk: OnDisk = serde_json::from_slice(bytes)
            .map_err(|e| damaged(format!("not a whole key file: {e}")))?;
        if disk.check != checksum(&disk.body) {
            return Err(damaged("it was changed after Keyplan wrote it".into()));
        }
        if let Some(other) = disk.body.page_hmac.as_deref().filter(|h| *h != "sha256") {
            return Err(damaged(format!(
                "it names a page check this version does not know ({other:?})"
            )));
        }
        for w in &disk.body.wraps {
            if let Wrap::Passphrase { kdf, .. } = w {
                if !kdf.sane() {
                    return Err(damaged("its passphrase cost is out of range".into()));
                }
            }
        }
        Ok(KeyFile { body: disk.body })
    }

    fn wrap_passphrase(
        &self,
        key: &DataKey,
        passphrase: &str,
        kdf: KdfParams,
    ) -> Result<Wrap, KeyError> {
        let salt = fresh::<16>()?;
        let kek = passphrase_kek(passphrase, &salt, kdf)?;
        let probe =
            Wrap::Passphrase { kdf, salt: String::new(), nonce: String::new(), key: String::new() };
        let (nonce, sealed) = self.seal(&probe, &kek, key)?;
        Ok(Wrap::Passphrase { kdf, salt: B64.encode(salt), nonce, key: sealed })
    }

    fn wrap_recovery(&self, key: &DataKey, recovery: &RecoveryKey) -> Result<Wrap, KeyError> {
        let salt = fresh::<16>()?;
        let kek = recovery_kek(&RecoveryKey::parse(recovery.text())?, &salt);
        let probe =
            Wrap::RecoveryKey { salt: String::new(), nonce: String::new(), key: String::new() };
        let (nonce, sealed) = self.seal(&probe, &kek, key)?;
        Ok(Wrap::RecoveryKey { salt: B64.encode(salt), nonce, key: sealed })
    }

    /// What a wrap's ciphertext is bound to: the format, the key's id and the way it unlocks,
    /// so a wrap moved to another file or another slot does not open.
    fn aad(&self, w: &Wrap) -> String {
        // Version 1 as every wrap was first bound: a file that gains a keyring wrap (and so
        // version 2) keeps its passphrase and recovery wraps as they were.
        format!("{FORMAT}/{PLAIN_VERSION}/{}/{}", self.body.key_id, w.name())
    }

    fn seal(&self, w: &Wrap, kek: &[u8; 32], key: &DataKey) -> Result<(String, String), KeyError> {
        let nonce = fresh::<24>()?;
        let cipher = XChaCha20Poly1305::new(kek.into());
        let aad = self.aad(w);
        let sealed = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: key.bytes(), aad: aad.as_bytes() })
            .map_err(|_| KeyError::Random("the key could not be wrapped".into()))?;
        Ok((B64.encode(nonce), B64.encode(sealed)))
    }

    fn open(&self, w: &Wrap, kek: &[u8; 32], nonce: &str, sealed: &str) -> Option<DataKey> {
        let nonce = B64.decode(nonce).ok().filter(|n| n.len() == 24)?;
        let sealed = B64.decode(sealed).ok()?;
        let cipher = XChaCha20Poly1305::new(kek.into());
        let aad = self.aad(w);
        let plain = Zeroizing::new(
            cipher
                .decrypt(XNonce::from_slice(&nonce), Payload { msg: &sealed, aad: aad.as_bytes() })
                .ok()?,
        );
        let bytes: [u8; 32] = plain.as_slice().try_into().ok()?;
        Some(DataKey::from_bytes(Zeroizing::new(bytes), self.page_hmac().ok()?))
    }
}

fn fresh<const N: usize>() -> Result<[u8; N], KeyError> {
    let mut b = [0u8; N];
    random(&mut b)?;
    Ok(b)
}

fn decode(s: &str) -> Result<Vec<u8>, KeyError> {
    // The checksum passed, so a field that does not decode was written wrong, not edited.
    B64.decode(s).map_err(|_| damaged_wrap("a wrap is not base64".into()))
}

/// A wrap that passed the checksum but cannot be used: the file was made wrong, not edited.
fn damaged_wrap(reason: String) -> KeyError {
    KeyError::Damaged { path: PathBuf::from("The key file"), reason }
}

/// SHA-256 over the body as compact JSON, its keys in the order a JSON value keeps them (so the
/// check does not depend on how the file was laid out).
fn checksum(body: &Body) -> String {
    let bytes = serde_json::to_value(body).and_then(|v| serde_json::to_vec(&v)).unwrap_or_default();
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The key that wraps the data key, from the passphrase through Argon2id.
fn passphrase_kek(
    passphrase: &str,
    salt: &[u8],
    kdf: KdfParams,
) -> Result<Zeroizing<[u8; 32]>, KeyError> {
    let params = Params::new(kdf.memory_kib, kdf.iterations, kdf.lanes, Some(32))
        .map_err(|e| damaged_wrap(e.to_string()))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, out.as_mut_slice())
        .map_err(|e| damaged_wrap(e.to_string()))?;
    Ok(out)
}

/// The key that wraps the data key, from the recovery key: it is 160 random bits already, so
/// one hash with the salt is enough (no slow derivation).
fn recovery_kek(secret: &[u8], salt: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut h = Sha256::new();
    h.update(b"keyplan recovery key/1\0");
    h.update(salt);
    h.update(secret);
    let mut out = Zeroizing::new([0u8; 32]);
    out.copy_from_slice(&h.finalize());
    out
}
