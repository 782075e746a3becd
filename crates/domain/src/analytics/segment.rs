//! Segmentation 客户细分: a rule over account fields, computed labels and metric ranges. Within a
//! field any listed value matches (OR); across fields all must match (AND); an empty rule matches
//! every account. Saved segments store the rule, never the members, so they re-evaluate as data
//! changes.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::lifecycle::Stage;
use super::portfolio::AccountAnalysis;
use super::rfm::RfmSegment;
use super::risk::RiskLevel;
use super::scorecard::Quadrant;
use super::tiers::Tier;
use crate::validate::{Checker, FieldError, Problem, ValidationErrors};
use crate::SizeBand;

crate::choice! {
    /// A number a segment can bound. Money is in minor units, like every metric.
    RangeMetric {
        Rev12 = "rev12", Profit12 = "profit12", Prev12 = "prev12", Frequency = "frequency",
        RecencyDays = "recency_days", ValueScore = "value_score", RiskScore = "risk_score",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricRange {
    pub metric: RangeMetric,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SegmentRule {
    pub industry: Vec<String>,
    pub size_band: Vec<SizeBand>,
    pub region: Vec<String>,
    pub owner: Vec<String>,
    pub tag: Vec<String>,
    pub tier: Vec<Tier>,
    pub quadrant: Vec<Quadrant>,
    pub stage: Vec<Stage>,
    pub rfm_segment: Vec<RfmSegment>,
    pub risk_level: Vec<RiskLevel>,
    pub ranges: Vec<MetricRange>,
}

/// A saved segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    pub id: Uuid,
    pub name: String,
    pub rule: SegmentRule,
}

/// An account as a rule sees it: its own fields beside what was computed about it.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    pub industry: Option<&'a str>,
    pub size_band: Option<SizeBand>,
    pub region: Option<&'a str>,
    pub owner: Option<&'a str>,
    pub tags: &'a [String],
    pub analysis: &'a AccountAnalysis,
}

fn any_of<T: PartialEq>(allowed: &[T], value: Option<&T>) -> bool {
    allowed.is_empty() || value.is_some_and(|v| allowed.contains(v))
}

fn text_any_of(allowed: &[String], value: Option<&str>) -> bool {
    allowed.is_empty() || value.is_some_and(|v| allowed.iter().any(|a| a == v))
}

impl MetricRange {
    fn value(&self, a: &AccountAnalysis) -> Option<f64> {
        let m = &a.metrics;
        match self.metric {
            RangeMetric::Rev12 => Some(m.rev12 as f64),
            RangeMetric::Profit12 => Some(m.profit12 as f64),
            RangeMetric::Prev12 => Some(m.prev12 as f64),
            RangeMetric::Frequency => Some(f64::from(m.frequency)),
            RangeMetric::RecencyDays => m.recency_days.map(|d| d as f64),
            RangeMetric::ValueScore => a.scorecard.value_score,
            RangeMetric::RiskScore => Some(a.risk.score),
        }
    }

    /// Inclusive at both ends; an account without the value (no purchase, unrated) is outside.
    fn contains(&self, a: &AccountAnalysis) -> bool {
        self.value(a).is_some_and(|v| {
            self.min.is_none_or(|min| v >= min) && self.max.is_none_or(|max| v <= max)
        })
    }
}

impl SegmentRule {
    pub fn matches(&self, s: &Subject<'_>) -> bool {
        let a = s.analysis;
        text_any_of(&self.industry, s.industry)
            && any_of(&self.size_band, s.size_band.as_ref())
            && text_any_of(&self.region, s.region)
            && text_any_of(&self.owner, s.owner)
            && (self.tag.is_empty() || s.tags.iter().any(|t| self.tag.contains(t)))
            && any_of(&self.tier, Some(&a.tier.tier))
            && any_of(&self.quadrant, Some(&a.scorecard.quadrant))
            && any_of(&self.stage, Some(&a.stage.stage))
            && any_of(&self.rfm_segment, Some(&a.rfm.segment))
            && any_of(&self.risk_level, Some(&a.risk.level))
            && self.ranges.iter().all(|r| r.contains(a))
    }

    /// Ranges must be numbers with min <= max; errors name `ranges.N.min`/`.max`.
    pub fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        for (i, r) in self.ranges.iter().enumerate() {
            for (end, v) in [("min", r.min), ("max", r.max)] {
                if v.is_some_and(|v| !v.is_finite()) {
                    errors.push(FieldError::new(format!("ranges.{i}.{end}"), Problem::NotANumber));
                }
            }
            if let (Some(min), Some(max)) = (r.min, r.max) {
                if min > max {
                    errors.push(FieldError::new(
                        format!("ranges.{i}.max"),
                        Problem::LessThan { other: "min" },
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors(errors))
        }
    }
}

/// Checks a segment's name and rule before it is saved.
pub fn validate_segment(name: &str, rule: &SegmentRule) -> Result<String, ValidationErrors> {
    let mut c = Checker::new();
    let name = c.required_text("name", name);
    let mut errors = match c.finish(()) {
        Ok(()) => Vec::new(),
        Err(e) => e.0,
    };
    if let Err(e) = rule.validate() {
        errors.extend(e.0.into_iter().map(|mut f| {
            f.field = format!("rule.{}", f.field);
            f
        }));
    }
    if errors.is_empty() {
        Ok(name)
    } else {
        Err(ValidationErrors(errors))
    }
}

crate::choice! {
    /// What accounts can be grouped by.
    GroupBy {
        Industry = "industry", SizeBand = "size_band", Region = "region", Owner = "owner",
        Tier = "tier", Quadrant = "quadrant", Stage = "stage", RfmSegment = "rfm_segment",
        RiskLevel = "risk_level",
    }
}

impl GroupBy {
    /// The account's group under this key; "" for an account without a value.
    pub fn key(self, s: &Subject<'_>) -> String {
        let a = s.analysis;
        let text = |v: Option<&str>| v.unwrap_or_default().to_string();
        match self {
            GroupBy::Industry => text(s.industry),
            GroupBy::SizeBand => s.size_band.map(|b| b.to_string()).unwrap_or_default(),
            GroupBy::Region => text(s.region),
            GroupBy::Owner => text(s.owner),
            GroupBy::Tier => a.tier.tier.to_string(),
            GroupBy::Quadrant => a.scorecard.quadrant.to_string(),
            GroupBy::Stage => a.stage.stage.to_string(),
            GroupBy::RfmSegment => a.rfm.segment.to_string(),
            GroupBy::RiskLevel => a.risk.level.to_string(),
        }
    }
}

/// One cell of a cross-tab: its keys, how many accounts, their rev12 and its share of the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupCell {
    pub row: String,
    pub col: String,
    pub count: u32,
    pub rev12: i64,
    /// Share of the positive rev12 total of all subjects, in basis points.
    pub share_bp: u32,
}

/// Counts and revenue share per group (e.g. industry × tier), sorted by row then column.
pub fn cross_tab(subjects: &[Subject<'_>], rows: GroupBy, cols: Option<GroupBy>) -> Vec<GroupCell> {
    let mut cells: std::collections::BTreeMap<(String, String), (u32, i64)> = Default::default();
    let mut total: i128 = 0;
    for s in subjects {
        let key = (rows.key(s), cols.map(|c| c.key(s)).unwrap_or_default());
        let cell = cells.entry(key).or_default();
        cell.0 += 1;
        cell.1 += s.analysis.metrics.rev12;
        total += i128::from(s.analysis.metrics.rev12.max(0));
    }
    cells
        .into_iter()
        .map(|((row, col), (count, rev12))| GroupCell {
            row,
            col,
            count,
            rev12,
            share_bp: super::tiers::share_bp(i128::from(rev12), total),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::portfolio::{analyze, AccountSnapshot};
    use crate::analytics::{AccountAnalysis, AccountFacts, AnalyticsSettings};

    /// Accounts with these rev12 values, analysed.
    fn analysed(revs: &[i64]) -> Vec<AccountAnalysis> {
        let snaps: Vec<AccountSnapshot> = revs
            .iter()
            .enumerate()
            .map(|(i, rev)| AccountSnapshot {
                id: Uuid::from_u128(i as u128),
                name: format!("{i}"),
                facts: AccountFacts { rev12: *rev, ..Default::default() },
                ..Default::default()
            })
            .collect();
        let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        analyze(&snaps, as_of, &AnalyticsSettings::default())
    }

    #[test]
    fn rules_and_ranges() {
        let results = analysed(&[50_000, 200_000, 0]);
        let tags = vec!["vip".to_string()];
        let subject = |i: usize, industry: Option<&'static str>| Subject {
            industry,
            size_band: None,
            region: None,
            owner: None,
            tags: &tags,
            analysis: &results[i],
        };
        assert!(SegmentRule::default().matches(&subject(0, None)), "an empty rule matches all");
        let by_range = SegmentRule {
            ranges: vec![MetricRange {
                metric: RangeMetric::Rev12,
                min: Some(50_000.0),
                max: Some(100_000.0),
            }],
            ..Default::default()
        };
        assert!(by_range.matches(&subject(0, None)), "bounds are inclusive");
        assert!(!by_range.matches(&subject(1, None)));
        let by_value = SegmentRule {
            ranges: vec![MetricRange {
                metric: RangeMetric::ValueScore,
                min: Some(0.0),
                max: None,
            }],
            ..Default::default()
        };
        assert!(!by_value.matches(&subject(0, None)), "unrated has no value score: outside");
        let by_industry = SegmentRule {
            industry: vec!["Retail".into(), "Auto".into()],
            tag: vec!["vip".into()],
            ..Default::default()
        };
        assert!(by_industry.matches(&subject(0, Some("Auto"))));
        assert!(!by_industry.matches(&subject(0, None)));

        let bad = SegmentRule {
            ranges: vec![MetricRange {
                metric: RangeMetric::Rev12,
                min: Some(5.0),
                max: Some(1.0),
            }],
            ..Default::default()
        };
        assert_eq!(validate_segment("x", &bad).unwrap_err().0[0].field, "rule.ranges.0.max");
        assert_eq!(validate_segment(" ", &SegmentRule::default()).unwrap_err().0[0].field, "name");
        let unknown: Result<SegmentRule, _> = serde_json::from_str(r#"{"colour":["red"]}"#);
        assert!(unknown.is_err(), "unknown rule fields are refused, not ignored");
    }

    #[test]
    fn cross_tab_counts_and_shares() {
        let results = analysed(&[300, 100, 100]);
        let industries = [Some("A"), Some("B"), Some("B")];
        let subjects: Vec<Subject<'_>> = results
            .iter()
            .zip(industries)
            .map(|(r, industry)| Subject {
                industry,
                size_band: None,
                region: None,
                owner: None,
                tags: &[],
                analysis: r,
            })
            .collect();
        let cells = cross_tab(&subjects, GroupBy::Industry, None);
        assert_eq!(cells.len(), 2);
        assert_eq!((cells[0].count, cells[0].share_bp), (1, 6000));
        assert_eq!((cells[1].count, cells[1].share_bp), (2, 4000));
    }
}
