//! Content fingerprints, so that importing the same file twice adds nothing the second time.
//! A row's fingerprint is a 64-bit XXH3 of its content's 128-bit hash and of how many identical
//! rows came before it in the file (a chance collision needs billions of rows): two genuinely identical orders on one day stay two orders, and the
//! same file imported again matches both.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

use super::parse::{InteractionRow, SurveyRow, TransactionRows};

const SEP: u8 = 0x1f;

/// The keys are already XXH3 hashes: hashing them again (SipHash) would only cost time.
#[derive(Debug, Default)]
struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes.iter().take(8) {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u128(&mut self, v: u128) {
        self.0 = v as u64;
    }
}

/// Numbers identical contents in order of appearance.
#[derive(Debug, Default)]
struct Occurrences(HashMap<u128, u32, BuildHasherDefault<PreHashed>>);

impl Occurrences {
    /// Sized for `n` distinct rows up front: growing a million-entry map rehashes it ~20 times.
    fn with_capacity(n: usize) -> Self {
        Occurrences(HashMap::with_capacity_and_hasher(n, BuildHasherDefault::default()))
    }

    fn next(&mut self, content: &[u8]) -> i64 {
        let h = xxh3_128(content);
        let n = self.0.entry(h).or_insert(0);
        let mut buf = [0u8; 20];
        buf[..16].copy_from_slice(&h.to_le_bytes());
        buf[16..].copy_from_slice(&n.to_le_bytes());
        *n += 1;
        i64::from_le_bytes(xxh3_64(&buf).to_le_bytes())
    }
}

fn push(buf: &mut Vec<u8>, part: &[u8]) {
    buf.extend_from_slice(part);
    buf.push(SEP);
}

fn push_opt(buf: &mut Vec<u8>, part: Option<&str>) {
    match part {
        Some(p) => push(buf, p.as_bytes()),
        None => push(buf, b"\x00"),
    }
}

/// One fingerprint per row of `t.rows`, in order.
pub fn transactions(t: &TransactionRows) -> Vec<i64> {
    let mut seen = Occurrences::with_capacity(t.rows.len());
    let mut buf = Vec::with_capacity(128);
    t.rows
        .iter()
        .map(|r| {
            buf.clear();
            push(&mut buf, b"tx");
            push(&mut buf, t.accounts[r.account as usize].key.as_bytes());
            push(&mut buf, &keyplan_domain::validate::iso_date_bytes(r.date));
            push(&mut buf, &r.revenue.minor().to_le_bytes());
            push(&mut buf, &r.profit.map_or(i64::MIN, |p| p.minor()).to_le_bytes());
            push_opt(
                &mut buf,
                r.product.and_then(|p| t.products.get(p as usize)).map(String::as_str),
            );
            push(&mut buf, &r.quantity.map_or(u64::MAX, f64::to_bits).to_le_bytes());
            seen.next(&buf)
        })
        .collect()
}

pub fn interactions(rows: &[InteractionRow]) -> Vec<i64> {
    let mut seen = Occurrences::with_capacity(rows.len());
    let mut buf = Vec::new();
    rows.iter()
        .map(|r| {
            let i = &r.input;
            buf.clear();
            push(&mut buf, b"interaction");
            push(&mut buf, keyplan_domain::text::name_key(&r.account).as_bytes());
            push(&mut buf, i.date.as_bytes());
            push(&mut buf, i.kind.as_bytes());
            push_opt(&mut buf, i.summary.as_deref());
            push(&mut buf, &i.sentiment.unwrap_or(0).to_le_bytes());
            push_opt(&mut buf, i.next_step.as_deref());
            push_opt(&mut buf, i.severity.as_deref());
            push_opt(&mut buf, i.resolved_on.as_deref());
            seen.next(&buf)
        })
        .collect()
}

pub fn surveys(rows: &[SurveyRow]) -> Vec<i64> {
    let mut seen = Occurrences::with_capacity(rows.len());
    let mut buf = Vec::new();
    rows.iter()
        .map(|r| {
            let s = &r.input;
            buf.clear();
            push(&mut buf, b"survey");
            push(&mut buf, keyplan_domain::text::name_key(&r.account).as_bytes());
            push_opt(&mut buf, r.contact.as_deref().map(keyplan_domain::text::name_key).as_deref());
            push(&mut buf, s.date.as_bytes());
            push(&mut buf, &s.nps.unwrap_or(-1).to_le_bytes());
            push(&mut buf, &s.csat.unwrap_or(-1).to_le_bytes());
            push_opt(&mut buf, s.comment.as_deref());
            seen.next(&buf)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_rows_differ_by_occurrence_and_repeat_across_runs() {
        let mut a = Occurrences::default();
        let first = a.next(b"same");
        let second = a.next(b"same");
        assert_ne!(first, second);
        let mut b = Occurrences::default();
        assert_eq!(b.next(b"same"), first);
        assert_eq!(b.next(b"same"), second);
        assert_ne!(b.next(b"other"), first);
    }
}
