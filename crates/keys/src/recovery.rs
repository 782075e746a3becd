//! The recovery key: 160 random bits and a 40-bit check, written as 40 letters and digits in
//! ten groups of four (Crockford's base 32: no I, L, O or U, so it reads back from paper). The
//! check tells a typing mistake apart from the key of another book; 25 bytes are exactly 40
//! characters, so every character carries data and none can be mistyped unnoticed.

use data_encoding::{Encoding, Specification};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::{random, KeyError};

const SECRET: usize = 20;
const CHECK: usize = 5;
/// Characters in a recovery key, without the dashes.
pub(crate) const CHARS: usize = 40;

fn crockford() -> Option<Encoding> {
    let mut spec = Specification::new();
    spec.symbols.push_str("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    spec.encoding().ok()
}

/// A recovery key as it is shown: `ABCD-EFGH-…`. Cleared from memory when dropped.
pub struct RecoveryKey(Zeroizing<String>);

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(…)")
    }
}

impl RecoveryKey {
    pub(crate) fn generate() -> Result<RecoveryKey, KeyError> {
        let mut raw = Zeroizing::new([0u8; SECRET + CHECK]);
        random(&mut raw[..SECRET])?;
        let check = Sha256::digest(&raw[..SECRET]);
        raw[SECRET..].copy_from_slice(&check[..CHECK]);
        let enc = crockford().ok_or(KeyError::RecoveryKeyMistyped)?;
        let plain = Zeroizing::new(enc.encode(raw.as_slice()));
        let mut text = Zeroizing::new(String::with_capacity(CHARS + CHARS / 4));
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && i % 4 == 0 {
                text.push('-');
            }
            text.push(c);
        }
        Ok(RecoveryKey(text))
    }

    /// The key as the user is shown it, once.
    pub fn text(&self) -> &str {
        &self.0
    }

    /// The secret in a recovery key as typed: case, spaces and dashes do not matter, and O, I and
    /// L read as 0, 1 and 1.
    pub(crate) fn parse(typed: &str) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let mut norm = Zeroizing::new(String::with_capacity(CHARS));
        for c in typed.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            norm.push(match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            });
        }
        if norm.len() != CHARS {
            return Err(KeyError::RecoveryKeyMistyped);
        }
        let enc = crockford().ok_or(KeyError::RecoveryKeyMistyped)?;
        let raw =
            Zeroizing::new(enc.decode(norm.as_bytes()).map_err(|_| KeyError::RecoveryKeyMistyped)?);
        if raw.len() != SECRET + CHECK || Sha256::digest(&raw[..SECRET])[..CHECK] != raw[SECRET..] {
            return Err(KeyError::RecoveryKeyMistyped);
        }
        Ok(Zeroizing::new(raw[..SECRET].to_vec()))
    }
}
