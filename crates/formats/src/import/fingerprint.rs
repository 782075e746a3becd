//! Content fingerprints, so that importing the same file twice adds nothing the second time.
//! A row's fingerprint is a 64-bit XXH3 of its content's 128-bit hash and of how many identical
//! rows came before it in the file (a chance collision needs billions of rows): two genuinely
//! identical orders on one day stay two orders, and the same file imported again matches both.

use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

use super::parse::{InteractionRow, SurveyRow, TransactionRows, TxRow};

const SEP: u8 = 0x1f;

/// Each row's content hash, numbered by how many identical contents came before it in the file,
/// made into one fingerprint. Numbered by sorting (hash, position) pairs, which reads memory in
/// order, rather than with a map: a million inserts into a map miss the cache nearly every time
/// (a tenth of a million-row import's time, measured).
fn numbered(hashes: &[u128]) -> Vec<i64> {
    let mut order: Vec<(u128, u32)> = hashes.iter().copied().zip(0u32..).collect();
    order.sort_unstable();
    let mut out = vec![0i64; hashes.len()];
    let mut previous: Option<u128> = None;
    let mut n = 0u32;
    for (h, i) in order {
        // Equal hashes sort by position: the first in the file is 0, the next 1, …
        n = if previous == Some(h) { n + 1 } else { 0 };
        previous = Some(h);
        let mut buf = [0u8; 20];
        buf[..16].copy_from_slice(&h.to_le_bytes());
        buf[16..].copy_from_slice(&n.to_le_bytes());
        out[i as usize] = i64::from_le_bytes(xxh3_64(&buf).to_le_bytes());
    }
    out
}

/// `content` of every item hashed, on two threads for a long list (the order is kept).
fn hashes<T: Sync>(items: &[T], content: impl Fn(&T, &mut Vec<u8>) + Sync) -> Vec<u128> {
    let run = |part: &[T]| -> Vec<u128> {
        let mut buf = Vec::with_capacity(128);
        part.iter()
            .map(|item| {
                buf.clear();
                content(item, &mut buf);
                xxh3_128(&buf)
            })
            .collect()
    };
    if items.len() < 100_000 {
        return run(items);
    }
    let (lower, upper) = items.split_at(items.len() / 2);
    std::thread::scope(|s| {
        let first = std::thread::Builder::new().spawn_scoped(s, || run(lower)).ok();
        let second = run(upper);
        // No thread to be had, or a panic in it (a bug in `content`): that half is hashed here.
        let mut all = first.and_then(|h| h.join().ok()).unwrap_or_else(|| run(lower));
        all.extend(second);
        all
    })
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

/// One fingerprint per row of `t.rows`, in order, from the content hashes the parser took
/// (see [`transaction_hash`]).
pub fn transactions(t: &TransactionRows) -> Vec<i64> {
    numbered(&t.hashes)
}

/// A transaction row's content hash: its account's matching key, date, amounts, product line
/// and quantity. Taken while the row is read, when its cells are still in the cache.
pub fn transaction_hash(
    buf: &mut Vec<u8>,
    account_key: &str,
    r: &TxRow,
    product: Option<&str>,
) -> u128 {
    buf.clear();
    push(buf, b"tx");
    push(buf, account_key.as_bytes());
    push(buf, &keyplan_domain::validate::iso_date_bytes(r.date));
    push(buf, &r.revenue.minor().to_le_bytes());
    push(buf, &r.profit.map_or(i64::MIN, |p| p.minor()).to_le_bytes());
    push_opt(buf, product);
    push(buf, &r.quantity.map_or(u64::MAX, f64::to_bits).to_le_bytes());
    xxh3_128(buf)
}

pub fn interactions(rows: &[InteractionRow]) -> Vec<i64> {
    numbered(&hashes(rows, |r, buf| {
        let i = &r.input;
        push(buf, b"interaction");
        push(buf, keyplan_domain::text::name_key(&r.account).as_bytes());
        push(buf, i.date.as_bytes());
        push(buf, i.kind.as_bytes());
        push_opt(buf, i.summary.as_deref());
        push(buf, &i.sentiment.unwrap_or(0).to_le_bytes());
        push_opt(buf, i.next_step.as_deref());
        push_opt(buf, i.severity.as_deref());
        push_opt(buf, i.resolved_on.as_deref());
    }))
}

pub fn surveys(rows: &[SurveyRow]) -> Vec<i64> {
    numbered(&hashes(rows, |r, buf| {
        let s = &r.input;
        push(buf, b"survey");
        push(buf, keyplan_domain::text::name_key(&r.account).as_bytes());
        push_opt(buf, r.contact.as_deref().map(keyplan_domain::text::name_key).as_deref());
        push(buf, s.date.as_bytes());
        push(buf, &s.nps.unwrap_or(-1).to_le_bytes());
        push(buf, &s.csat.unwrap_or(-1).to_le_bytes());
        push_opt(buf, s.comment.as_deref());
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_rows_differ_by_occurrence_and_repeat_across_runs() {
        let (same, other) = (xxh3_128(b"same"), xxh3_128(b"other"));
        let a = numbered(&[same, other, same]);
        assert_ne!(a[0], a[2], "the second identical row is told apart");
        let b = numbered(&[other, same, same, same]);
        assert_eq!((b[1], b[2]), (a[0], a[2]), "and matches again in another file");
        assert_eq!(b[0], a[1]);
        assert_eq!(b.iter().collect::<std::collections::HashSet<_>>().len(), 4);
    }

    #[test]
    fn two_threads_hash_as_one_does() {
        let items: Vec<u32> = (0..250_000).map(|i| i % 1000).collect();
        let content = |i: &u32, buf: &mut Vec<u8>| buf.extend_from_slice(&i.to_le_bytes());
        let one: Vec<u128> = items.iter().map(|i| xxh3_128(&i.to_le_bytes())).collect();
        assert_eq!(hashes(&items, content), one);
    }
}

#[cfg(test)]
mod pinned {
    use super::super::parse::{parse, Options, Rows};
    use super::super::source::Source;
    use super::super::Kind;

    /// Books remember these numbers: a change to how a row is fingerprinted would make every
    /// file imported before it look new again.
    #[test]
    fn transaction_fingerprints_do_not_change() {
        let csv = "Customer,Date,Sales,Profit,Product,Qty\nAcme Ltd,2024-01-02,10.50,2,Widgets,3\nAcme Ltd,2024-01-02,10.50,2,Widgets,3\nＢeta,2024-02-29,1,,,\n";
        let src = Source::open(csv.as_bytes(), None, None).unwrap();
        let p = parse(&src, Kind::Transactions, &Options::default()).unwrap();
        let Rows::Transactions(t) = p.rows else { panic!("transactions") };
        assert_eq!(
            super::transactions(&t),
            [-3_210_038_707_379_356_998, 5_853_314_005_337_759_359, -5_036_521_627_964_561_913]
        );
    }
}
