//! KPIs 绩效指标 over a period (start, end] for any group of accounts: retention and churn,
//! NPS, CLV, revenue share by tier, referral rate, complaint resolution time, plan coverage and
//! contact-cadence compliance. A rate with nothing to divide by is None ("no data"), never 0.

use chrono::NaiveDate;
use serde::Serialize;

use super::portfolio::AccountAnalysis;
use super::tiers::Tier;
use crate::vocabulary::NpsBucket;

/// One account's history over the period, beside its analysis as of the period's end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodFacts {
    pub first_purchase: Option<NaiveDate>,
    /// The last purchase on or before the period's start.
    pub last_purchase_by_start: Option<NaiveDate>,
    /// The last purchase on or before the period's end.
    pub last_purchase_by_end: Option<NaiveDate>,
    /// Revenue and profit dated in the period.
    pub revenue: i64,
    pub profit: i64,
    pub nps_scores: Vec<u8>,
    pub referrals: u32,
    /// Days from complaint to resolution, for complaints resolved in the period.
    pub resolution_days: Vec<i64>,
    pub has_active_plan: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days()
    }

    /// An account is a customer at D when it bought in the 365 days up to D.
    fn customer_at(d: NaiveDate, last: Option<NaiveDate>) -> bool {
        last.is_some_and(|l| l <= d && (d - l).num_days() < 365)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpis {
    pub accounts: u32,
    pub customers_at_start: u32,
    pub customers_at_end: u32,
    pub new_customers: u32,
    /// Customers at the start still customers at the end, over customers at the start.
    pub retention_rate: Option<f64>,
    pub churn_rate: Option<f64>,
    pub nps: Option<f64>,
    pub nps_responses: u32,
    /// Average annual profit per customer × expected lifetime, minor units.
    pub clv: Option<i64>,
    pub expected_lifetime_years: Option<f64>,
    pub revenue: i64,
    /// Revenue in the period by tier (A, B, C), in basis points of the positive total.
    pub revenue_share_by_tier: [u32; 3],
    pub referral_rate: Option<f64>,
    pub avg_resolution_days: Option<f64>,
    /// A accounts with an active plan, over A accounts.
    pub plan_coverage: Option<f64>,
    /// Accounts contacted within their tier's cadence, over all accounts.
    pub cadence_compliance: Option<f64>,
}

fn ratio(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

fn count(it: impl Iterator<Item = bool>) -> u32 {
    u32::try_from(it.filter(|b| *b).count()).unwrap_or(u32::MAX)
}

/// The KPIs of the accounts given (each with its period facts), over `period`.
pub fn kpis(
    group: &[(&AccountAnalysis, &PeriodFacts)],
    period: Period,
    clv_cap_years: u32,
) -> Kpis {
    let at_start = |f: &PeriodFacts| Period::customer_at(period.start, f.last_purchase_by_start);
    let at_end = |f: &PeriodFacts| Period::customer_at(period.end, f.last_purchase_by_end);
    let is_new =
        |f: &PeriodFacts| f.first_purchase.is_some_and(|d| d > period.start && d <= period.end);
    let customers_at_start = count(group.iter().map(|(_, f)| at_start(f)));
    let customers_at_end = count(group.iter().map(|(_, f)| at_end(f)));
    let retained = count(group.iter().map(|(_, f)| at_start(f) && at_end(f)));
    let retention_rate = ratio(retained, customers_at_start);
    let churn_rate = retention_rate.map(|r| 1.0 - r);

    let scores: Vec<u8> = group.iter().flat_map(|(_, f)| f.nps_scores.iter().copied()).collect();
    let responses = u32::try_from(scores.len()).unwrap_or(u32::MAX);
    let promoters = count(scores.iter().map(|s| NpsBucket::of(*s) == NpsBucket::Promoter));
    let detractors = count(scores.iter().map(|s| NpsBucket::of(*s) == NpsBucket::Detractor));
    let nps = (responses > 0)
        .then(|| (f64::from(promoters) - f64::from(detractors)) / f64::from(responses) * 100.0);

    // Lifetime from the churn rate scaled to a year; no churn at all means the cap.
    let cap = f64::from(clv_cap_years);
    let lifetime = churn_rate.map(|c| {
        let annual = (c * 365.0 / period.days().max(1) as f64).min(1.0);
        if annual <= 0.0 {
            cap
        } else {
            (1.0 / annual).min(cap)
        }
    });
    let paying: Vec<i64> = group.iter().filter(|(_, f)| at_end(f)).map(|(_, f)| f.profit).collect();
    let annual_profit = (!paying.is_empty()).then(|| {
        let mean = paying.iter().map(|p| *p as f64).sum::<f64>() / paying.len() as f64;
        mean * 365.0 / period.days().max(1) as f64
    });
    let clv = annual_profit.zip(lifetime).map(|(p, l)| (p * l).round() as i64);

    let mut by_tier = [0i128; 3];
    for (a, f) in group {
        let i = match a.tier.tier {
            Tier::A => 0,
            Tier::B => 1,
            Tier::C => 2,
        };
        by_tier[i] += i128::from(f.revenue.max(0));
    }
    let total: i128 = by_tier.iter().sum();
    let share = |x: i128| super::tiers::share_bp(x, total);

    let resolution: Vec<i64> =
        group.iter().flat_map(|(_, f)| f.resolution_days.iter().copied()).collect();
    let accounts = u32::try_from(group.len()).unwrap_or(u32::MAX);
    let a_accounts = count(group.iter().map(|(a, _)| a.tier.tier == Tier::A));
    let a_planned = count(group.iter().map(|(a, f)| a.tier.tier == Tier::A && f.has_active_plan));
    let in_cadence = count(group.iter().map(|(a, _)| {
        !a.compliance.never_contacted && a.compliance.contact_overdue_days.is_none()
    }));
    Kpis {
        accounts,
        customers_at_start,
        customers_at_end,
        new_customers: count(group.iter().map(|(_, f)| is_new(f))),
        retention_rate,
        churn_rate,
        nps,
        nps_responses: responses,
        clv,
        expected_lifetime_years: lifetime,
        revenue: group.iter().map(|(_, f)| f.revenue).sum(),
        revenue_share_by_tier: [share(by_tier[0]), share(by_tier[1]), share(by_tier[2])],
        referral_rate: ratio(count(group.iter().map(|(_, f)| f.referrals > 0)), accounts),
        avg_resolution_days: (!resolution.is_empty())
            .then(|| resolution.iter().sum::<i64>() as f64 / resolution.len() as f64),
        plan_coverage: ratio(a_planned, a_accounts),
        cadence_compliance: ratio(in_cadence, accounts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::portfolio::{analyze, AccountSnapshot};
    use crate::analytics::AnalyticsSettings;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn facts(first: &str, by_start: Option<&str>, by_end: Option<&str>, nps: &[u8]) -> PeriodFacts {
        PeriodFacts {
            first_purchase: Some(d(first)),
            last_purchase_by_start: by_start.map(d),
            last_purchase_by_end: by_end.map(d),
            revenue: 100,
            profit: 10,
            nps_scores: nps.to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn retention_churn_nps_and_clv() {
        let period = Period { start: d("2025-11-22"), end: d("2026-11-22") };
        let snapshots: Vec<AccountSnapshot> = (0..4u128)
            .map(|i| AccountSnapshot {
                id: uuid::Uuid::from_u128(i),
                name: format!("{i}"),
                ..Default::default()
            })
            .collect();
        let results = analyze(&snapshots, period.end, &AnalyticsSettings::default());
        let f = [
            facts("2020-01-01", Some("2025-10-01"), Some("2026-10-01"), &[10, 9]), // retained
            facts("2020-01-01", Some("2025-10-01"), Some("2025-10-01"), &[3]),     // churned
            facts("2026-03-01", None, Some("2026-03-01"), &[8]),                   // new
            facts("2020-01-01", Some("2025-09-01"), Some("2026-09-01"), &[]),      // retained
        ];
        let group: Vec<_> = results.iter().zip(&f).collect();
        let k = kpis(&group, period, 10);
        assert_eq!((k.customers_at_start, k.customers_at_end, k.new_customers), (3, 3, 1));
        assert_eq!(k.retention_rate, Some(2.0 / 3.0));
        // 4 responses: 2 promoters, 1 detractor → (2 - 1) / 4 = 25.
        assert_eq!((k.nps, k.nps_responses), (Some(25.0), 4));
        // Annual churn 1/3 → lifetime 3 years; profit 10 a year → CLV 30.
        assert_eq!(k.clv, Some(30));
        assert_eq!(k.plan_coverage, None, "no A account with data: no ratio, not 0%");
    }

    #[test]
    fn an_empty_group_has_no_rates() {
        let period = Period { start: d("2025-11-22"), end: d("2026-11-22") };
        let k = kpis(&[], period, 10);
        assert_eq!(
            (k.retention_rate, k.nps, k.clv, k.cadence_compliance),
            (None, None, None, None)
        );
    }
}
