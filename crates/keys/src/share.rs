//! Sharing between laptops: each laptop's age X25519 key pair, and files sealed with age for a
//! team's public keys or for a passphrase (age's scrypt). The sealed form is plain age
//! (<https://age-encryption.org/v1>), so `age` and `rage` open it too.
//!
//! Opening trusts nothing: the header is parsed by age, a passphrase's work factor is bounded,
//! the opened size is capped by the caller, and every failure says which of "not for you",
//! "wrong passphrase" and "damaged" it is.

use std::fmt;
use std::io::{Read, Write};
use std::str::FromStr;

use age::secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

/// Every age file starts with this line; one armored as text (`age -a`) with the other.
const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";
const ARMOR_BEGIN: &[u8] = b"-----BEGIN AGE ENCRYPTED FILE-----";

/// scrypt's work factor (N = 2^18, 256 MiB, about half a second here) for files sealed with a
/// passphrase: fixed, not measured on the writer's laptop, so a slow laptop opens in a second
/// what a fast one wrote.
pub const PASSPHRASE_WORK_FACTOR: u8 = 18;
/// The most work an opened file may ask for (2^20: 1 GiB for about two seconds): a hostile file
/// must not take more, and `age -p` / `rage -p` on a fast machine pick up to 20.
const MAX_WORK_FACTOR: u8 = 20;

/// Why a sealed file could not be made or opened. Nothing was changed in any case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error(
        "this file is for someone else (it was encrypted for other people's keys, not this \
         laptop's). Ask the sender to add this laptop's key (Settings → Team keys, or keyplan key \
         show) and share it again. Nothing was changed"
    )]
    ForSomeoneElse,
    #[error(
        "this file is encrypted with a passphrase; give the passphrase its sender chose to \
         open it. Nothing was changed"
    )]
    NeedsPassphrase,
    #[error("the passphrase does not open this file. Nothing was changed")]
    WrongPassphrase,
    #[error("the encrypted file is damaged or incomplete ({0}). Nothing was changed")]
    Damaged(String),
    #[error(
        "{shown:?} is not a sharing key: a laptop's key starts with age1 and is 62 letters and \
         digits (Settings → Team keys, or keyplan key show, prints it)"
    )]
    BadPublicKey { shown: String },
    #[error(
        "that is a secret key, which must never be shared: ask for the public key instead (it \
         starts with age1)"
    )]
    SecretKeyGiven,
    #[error(
        "this file's passphrase asks for more work (2^{required}) than Keyplan allows (2^{allowed}); \
         ask the sender to share it from Keyplan, or with a passphrase made on a slower computer. \
         Nothing was changed"
    )]
    TooMuchWork { required: u8, allowed: u8 },
    #[error("this laptop's secret sharing key is damaged ({0})")]
    BadSecretKey(String),
    #[error(
        "a file is encrypted for at least one person: add a colleague's key, or give a passphrase"
    )]
    NoRecipients,
    #[error("the opened file is larger than {limit_mib} MiB, more than a bundle may hold")]
    TooLarge { limit_mib: u64 },
    #[error("could not encrypt: {0}")]
    Encrypt(String),
}

impl SealError {
    /// A stable name for what went wrong, for the window to word in the user's language.
    pub fn code(&self) -> &'static str {
        match self {
            SealError::ForSomeoneElse => "for_someone_else",
            SealError::NeedsPassphrase => "needs_passphrase",
            SealError::WrongPassphrase => "wrong_passphrase",
            SealError::Damaged(_) => "sealed_damaged",
            SealError::BadPublicKey { .. } => "bad_public_key",
            SealError::SecretKeyGiven => "secret_key_given",
            SealError::TooMuchWork { .. } => "too_much_work",
            SealError::BadSecretKey(_) => "bad_secret_key",
            SealError::NoRecipients => "no_recipients",
            SealError::TooLarge { .. } => "too_large",
            SealError::Encrypt(_) => "encrypt_failed",
        }
    }
}

/// A laptop's public key (`age1…`), given to colleagues so they can share with it.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(age::x25519::Recipient);

impl PublicKey {
    /// Reads a key as a user pastes it: surrounding blanks ignored, any letter case.
    pub fn parse(text: &str) -> Result<PublicKey, SealError> {
        let t = text.trim();
        // A secret key pasted by mistake is not repeated back (into a terminal, a log, a toast).
        if t.get(..15).is_some_and(|p| p.eq_ignore_ascii_case("AGE-SECRET-KEY-")) {
            return Err(SealError::SecretKeyGiven);
        }
        let mut shown: String = t.chars().take(12).collect();
        if t.chars().count() > 12 {
            shown.push('…');
        }
        if !t.is_ascii() {
            return Err(SealError::BadPublicKey { shown });
        }
        age::x25519::Recipient::from_str(&t.to_ascii_lowercase())
            .map(PublicKey)
            .map_err(|_| SealError::BadPublicKey { shown })
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.0)
    }
}

/// A laptop's key pair. The secret never prints; it is kept in the book, so it is encrypted
/// exactly when the book is.
#[derive(Clone)]
pub struct LaptopKey(age::x25519::Identity);

impl LaptopKey {
    /// A new key pair from the operating system's random numbers.
    pub fn generate() -> LaptopKey {
        LaptopKey(age::x25519::Identity::generate())
    }

    /// The key pair from its secret as [`LaptopKey::secret`] wrote it.
    pub fn from_secret(secret: &str) -> Result<LaptopKey, SealError> {
        age::x25519::Identity::from_str(secret.trim())
            .map(LaptopKey)
            .map_err(|e| SealError::BadSecretKey(e.to_string()))
    }

    /// The secret (`AGE-SECRET-KEY-1…`), to be stored; cleared when dropped.
    pub fn secret(&self) -> Zeroizing<String> {
        Zeroizing::new(self.0.to_string().expose_secret().to_string())
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.to_public())
    }
}

impl fmt::Debug for LaptopKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LaptopKey({})", self.public())
    }
}

/// Whom a file is sealed for.
pub enum SealFor<'a> {
    /// These public keys (a team; the writer's own key among them, so the writer can open it).
    Keys(&'a [PublicKey]),
    /// Anyone with this passphrase.
    Passphrase(&'a str),
}

impl fmt::Debug for SealFor<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SealFor::Keys(keys) => write!(f, "SealFor::Keys({keys:?})"),
            SealFor::Passphrase(_) => f.write_str("SealFor::Passphrase(…)"),
        }
    }
}

/// What a file's first bytes say it is.
pub fn is_sealed(bytes: &[u8]) -> bool {
    let text = bytes.trim_ascii_start();
    bytes.starts_with(AGE_MAGIC) || text.starts_with(ARMOR_BEGIN)
}

/// Seals `plain` for `whom`.
pub fn seal(plain: &[u8], whom: &SealFor<'_>) -> Result<Vec<u8>, SealError> {
    let encryptor = match whom {
        SealFor::Keys(keys) => {
            if keys.is_empty() {
                return Err(SealError::NoRecipients);
            }
            age::Encryptor::with_recipients(keys.iter().map(|k| &k.0 as &dyn age::Recipient))
                .map_err(|e| SealError::Encrypt(e.to_string()))?
        }
        SealFor::Passphrase(p) => {
            let mut r = age::scrypt::Recipient::new(SecretString::from(p.to_string()));
            r.set_work_factor(PASSPHRASE_WORK_FACTOR);
            age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient))
                .map_err(|e| SealError::Encrypt(e.to_string()))?
        }
    };
    let encrypt = |out: &mut Vec<u8>| -> std::io::Result<()> {
        let mut w = encryptor.wrap_output(out)?;
        w.write_all(plain)?;
        w.finish()?;
        Ok(())
    };
    let mut out = Vec::with_capacity(plain.len() + 512);
    encrypt(&mut out).map_err(|e| SealError::Encrypt(e.to_string()))?;
    Ok(out)
}

/// Opens a sealed file with this laptop's key, or with `passphrase` (if the user gave one) when
/// it was sealed with one; refuses to return more than `max_bytes`.
pub fn open(
    sealed: &[u8],
    key: &LaptopKey,
    passphrase: Option<&str>,
    max_bytes: u64,
) -> Result<Zeroizing<Vec<u8>>, SealError> {
    // Binary, or armored as text: the reader takes either.
    let decryptor = age::Decryptor::new(age::armor::ArmoredReader::new(sealed)).map_err(damaged)?;
    let reader = if decryptor.is_scrypt() {
        let Some(p) = passphrase else { return Err(SealError::NeedsPassphrase) };
        let mut id = age::scrypt::Identity::new(SecretString::from(p.to_string()));
        id.set_max_work_factor(MAX_WORK_FACTOR);
        decryptor.decrypt(std::iter::once(&id as &dyn age::Identity)).map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                SealError::WrongPassphrase
            }
            other => damaged(other),
        })?
    } else {
        decryptor.decrypt(std::iter::once(&key.0 as &dyn age::Identity)).map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => SealError::ForSomeoneElse,
            other => damaged(other),
        })?
    };
    let mut out = Zeroizing::new(Vec::new());
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| SealError::Damaged(e.to_string()))?;
    if out.len() as u64 > max_bytes {
        return Err(SealError::TooLarge { limit_mib: max_bytes >> 20 });
    }
    Ok(out)
}

fn damaged(e: age::DecryptError) -> SealError {
    match e {
        age::DecryptError::ExcessiveWork { required, .. } => {
            SealError::TooMuchWork { required, allowed: MAX_WORK_FACTOR }
        }
        age::DecryptError::UnknownFormat => {
            SealError::Damaged("it is from a newer version of age".into())
        }
        other => SealError::Damaged(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: u64 = 1 << 20;

    #[test]
    fn a_file_sealed_for_a_team_opens_for_each_member_and_no_one_else() {
        let (a, b, c) = (LaptopKey::generate(), LaptopKey::generate(), LaptopKey::generate());
        let sealed = seal(b"bundle", &SealFor::Keys(&[a.public(), b.public()])).unwrap();
        assert!(is_sealed(&sealed));
        for k in [&a, &b] {
            let opened = open(&sealed, k, None, MAX);
            assert_eq!(opened.unwrap().as_slice(), b"bundle");
        }
        let other = open(&sealed, &c, Some("x"), MAX);
        assert_eq!(other.unwrap_err(), SealError::ForSomeoneElse);
        assert!(!String::from_utf8_lossy(&sealed).contains("bundle"));
    }

    #[test]
    fn a_passphrase_file_needs_the_passphrase_and_says_when_it_is_wrong() {
        let k = LaptopKey::generate();
        let sealed = seal(b"bundle", &SealFor::Passphrase("correct horse")).unwrap();
        let open_with = |p| open(&sealed, &k, p, MAX);
        assert_eq!(open_with(None).unwrap_err(), SealError::NeedsPassphrase);
        assert_eq!(open_with(Some("wrong horse")).unwrap_err(), SealError::WrongPassphrase);
        assert_eq!(open_with(Some("correct horse")).unwrap().as_slice(), b"bundle");
    }

    #[test]
    fn a_damaged_truncated_or_oversized_file_is_said_to_be_so() {
        let k = LaptopKey::generate();
        let sealed = seal(&[7u8; 5000], &SealFor::Keys(&[k.public()])).unwrap();
        let cut = open(&sealed[..sealed.len() - 10], &k, None, MAX).unwrap_err();
        assert_eq!(cut.code(), "sealed_damaged");
        let mut flipped = sealed.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert_eq!(open(&flipped, &k, None, MAX).unwrap_err().code(), "sealed_damaged");
        assert_eq!(
            open(b"age-encryption.org/v1\n-> x", &k, None, MAX).unwrap_err().code(),
            "sealed_damaged"
        );
        assert_eq!(open(&sealed, &k, None, 100).unwrap_err(), SealError::TooLarge { limit_mib: 0 });
    }

    #[test]
    fn a_file_armored_as_text_opens_too() {
        use std::io::Write;
        let k = LaptopKey::generate();
        let encryptor =
            age::Encryptor::with_recipients(std::iter::once(&k.public().0 as &dyn age::Recipient))
                .unwrap();
        let mut out = Vec::new();
        let armored =
            age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
                .unwrap();
        let mut w = encryptor.wrap_output(armored).unwrap();
        w.write_all(b"bundle").unwrap();
        w.finish().and_then(age::armor::ArmoredWriter::finish).unwrap();
        assert!(is_sealed(&out), "{}", String::from_utf8_lossy(&out));
        assert_eq!(open(&out, &k, None, MAX).unwrap().as_slice(), b"bundle");
    }

    #[test]
    fn keys_round_trip_and_bad_ones_are_refused() {
        let k = LaptopKey::generate();
        let again = LaptopKey::from_secret(&k.secret()).unwrap();
        assert_eq!(again.public(), k.public());
        let text = k.public().to_string();
        assert!(text.starts_with("age1") && text.len() == 62, "{text}");
        assert_eq!(PublicKey::parse(&format!("  {}\n", text.to_uppercase())).unwrap(), k.public());
        for bad in ["", "age1", "ssh-ed25519 AAAA", "age1中文", &text[..61]] {
            assert_eq!(PublicKey::parse(bad).unwrap_err().code(), "bad_public_key", "{bad}");
        }
        let secret = k.secret();
        let e = PublicKey::parse(&format!(" {}", secret.as_str())).unwrap_err();
        assert_eq!(e, SealError::SecretKeyGiven);
        assert!(!e.to_string().contains(&secret[15..]), "the secret is not repeated");
        let long = PublicKey::parse(&"x".repeat(100_000)).unwrap_err().to_string();
        assert!(long.len() < 300, "a pasted page is not repeated whole: {long}");
        assert!(!format!("{k:?}").contains("SECRET"));
        assert_eq!(seal(b"x", &SealFor::Keys(&[])).unwrap_err(), SealError::NoRecipients);
    }
}
