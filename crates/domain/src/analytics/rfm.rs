//! RFM over the accounts with at least one purchase in the last 365 days (others: "no recent
//! purchase"). With N such accounts a value x scores ceil(5p), where p = (count with value <= x)
//! / N for frequency and monetary (rev12), and p = (count with recency >= x) / N for recency
//! (fewer days is better); ties therefore share a score. The segment is the first row of the
//! table that matches.

use serde::Serialize;

crate::choice! {
    RfmSegment {
        Champions = "champions", CantLoseThem = "cant_lose_them", AtRisk = "at_risk", New = "new",
        Promising = "promising", Loyal = "loyal", PotentialLoyalist = "potential_loyalist",
        NeedAttention = "need_attention", AboutToSleep = "about_to_sleep", Lost = "lost",
        Others = "others", NoRecentPurchase = "no_recent_purchase",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rfm {
    /// 1-5, or 0 for an account with no purchase in the last 365 days.
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub segment: RfmSegment,
}

/// An inclusive score range, e.g. (2, 5).
type Range = (u8, u8);

/// (segment, R range, F range, M range), in the order they are tried.
const TABLE: &[(RfmSegment, Range, Range, Range)] = &[
    (RfmSegment::Champions, (4, 5), (4, 5), (4, 5)),
    (RfmSegment::CantLoseThem, (1, 1), (4, 5), (4, 5)),
    (RfmSegment::NeedAttention, (2, 3), (2, 3), (2, 3)),
    (RfmSegment::AtRisk, (1, 2), (2, 5), (2, 5)),
    (RfmSegment::New, (4, 5), (1, 1), (1, 1)),
    (RfmSegment::Promising, (3, 4), (1, 1), (1, 1)),
    (RfmSegment::Loyal, (2, 5), (3, 5), (3, 5)),
    (RfmSegment::PotentialLoyalist, (3, 5), (1, 3), (1, 3)),
    (RfmSegment::AboutToSleep, (2, 3), (1, 2), (1, 2)),
    (RfmSegment::Lost, (1, 1), (1, 2), (1, 2)),
];

/// The first matching segment for scores r, f, m.
pub fn segment(r: u8, f: u8, m: u8) -> RfmSegment {
    let within = |v: u8, (lo, hi): Range| (lo..=hi).contains(&v);
    TABLE
        .iter()
        .find(|(_, rr, fr, mr)| within(r, *rr) && within(f, *fr) && within(m, *mr))
        .map_or(RfmSegment::Others, |row| row.0)
}

fn score(count: usize, n: usize) -> u8 {
    // ceil(5 * count / n) in integers; count >= 1 for any present value, so the score is 1..=5.
    u8::try_from((5 * count).div_ceil(n)).unwrap_or(5)
}

/// Scores every account. Each input is Some((recency_days, frequency, rev12)) for an account with
/// a purchase in the last 365 days, None otherwise; the output is in the same order.
pub fn rfm(inputs: &[Option<(i64, u32, i64)>]) -> Vec<Rfm> {
    let active: Vec<(i64, u32, i64)> = inputs.iter().flatten().copied().collect();
    let n = active.len();
    let mut rec: Vec<i64> = active.iter().map(|a| a.0).collect();
    let mut freq: Vec<u32> = active.iter().map(|a| a.1).collect();
    let mut mon: Vec<i64> = active.iter().map(|a| a.2).collect();
    rec.sort_unstable();
    freq.sort_unstable();
    mon.sort_unstable();
    inputs
        .iter()
        .map(|input| match input {
            None => Rfm { r: 0, f: 0, m: 0, segment: RfmSegment::NoRecentPurchase },
            Some((recency, frequency, monetary)) => {
                let r = score(n - rec.partition_point(|v| v < recency), n);
                let f = score(freq.partition_point(|v| v <= frequency), n);
                let m = score(mon.partition_point(|v| v <= monetary), n);
                Rfm { r, f, m, segment: segment(r, f, m) }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_first_match_wins() {
        assert_eq!(segment(5, 5, 5), RfmSegment::Champions);
        assert_eq!(segment(1, 5, 4), RfmSegment::CantLoseThem);
        assert_eq!(segment(2, 2, 5), RfmSegment::AtRisk);
        assert_eq!(segment(5, 1, 1), RfmSegment::New);
        assert_eq!(
            segment(3, 1, 1),
            RfmSegment::Promising,
            "3,1,1 is Promising before Potential loyalist"
        );
        assert_eq!(segment(4, 1, 1), RfmSegment::New, "4,1,1 is New before Promising");
        assert_eq!(segment(5, 3, 3), RfmSegment::Loyal);
        assert_eq!(segment(4, 2, 3), RfmSegment::PotentialLoyalist);
        assert_eq!(segment(2, 4, 4), RfmSegment::AtRisk, "At risk (R 1-2) is tried before Loyal");
        assert_eq!(segment(3, 2, 2), RfmSegment::NeedAttention);
        assert_eq!(segment(2, 2, 2), RfmSegment::NeedAttention, "before At risk");
        assert_eq!(segment(2, 3, 3), RfmSegment::NeedAttention, "before At risk and Loyal");
        assert_eq!(segment(3, 3, 2), RfmSegment::NeedAttention, "before Potential loyalist");
        assert_eq!(segment(4, 3, 2), RfmSegment::PotentialLoyalist);
        assert_eq!(segment(2, 1, 2), RfmSegment::AboutToSleep);
        assert_eq!(segment(1, 1, 2), RfmSegment::Lost);
        assert_eq!(segment(1, 1, 3), RfmSegment::Others);
        assert_eq!(segment(4, 5, 1), RfmSegment::Others);
    }

    /// "Need attention" comes third, so the middle block R 2-3 / F 2-3 / M 2-3 is named, and
    /// every named segment is reached by some scores (none is shadowed by the rows before it).
    #[test]
    fn every_segment_is_reachable_and_the_middle_block_needs_attention() {
        let mut seen = std::collections::HashSet::new();
        for r in 1..=5 {
            for f in 1..=5 {
                for m in 1..=5 {
                    let s = segment(r, f, m);
                    let middle = [r, f, m].iter().all(|v| (2..=3).contains(v));
                    assert_eq!(s == RfmSegment::NeedAttention, middle, "{r}{f}{m}");
                    seen.insert(s);
                }
            }
        }
        for (s, ..) in TABLE {
            assert!(seen.contains(s), "{s:?} is never reached");
        }
    }

    #[test]
    fn scores_follow_the_definition() {
        // Five accounts: recency 1..5 days, frequency 1..5, monetary 10..50.
        let inputs: Vec<Option<(i64, u32, i64)>> =
            (1..=5).map(|i| Some((i64::from(i), i, i64::from(i) * 10))).collect();
        let out = rfm(&inputs);
        let scores: Vec<(u8, u8, u8)> = out.iter().map(|x| (x.r, x.f, x.m)).collect();
        assert_eq!(scores, [(5, 1, 1), (4, 2, 2), (3, 3, 3), (2, 4, 4), (1, 5, 5)]);
        assert_eq!(out[0].segment, RfmSegment::New);
        assert_eq!(out[4].segment, RfmSegment::CantLoseThem);
    }

    #[test]
    fn ties_share_a_score_and_inactive_accounts_are_set_apart() {
        let out = rfm(&[Some((10, 3, 100)), Some((10, 3, 100)), None, Some((400, 1, 5))]);
        assert_eq!((out[0].r, out[0].f, out[0].m), (out[1].r, out[1].f, out[1].m));
        assert_eq!((out[0].r, out[0].f, out[0].m), (5, 5, 5));
        assert_eq!(out[2], Rfm { r: 0, f: 0, m: 0, segment: RfmSegment::NoRecentPurchase });
        assert_eq!((out[3].r, out[3].f, out[3].m), (2, 2, 2));
        assert!(rfm(&[]).is_empty());
        let single = rfm(&[Some((0, 1, 1))]);
        assert_eq!((single[0].r, single[0].f, single[0].m), (5, 5, 5));
    }
}
