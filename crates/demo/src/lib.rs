//! A realistic, deterministic demo portfolio: the same seed, size, language and end date always
//! give the same records (ids included), so the demo doubles as a test and benchmark fixture.
//!
//! Revenue follows a Pareto-like spread (a few accounts carry most of it), orders follow the
//! season (a strong fourth quarter, a quiet Spring Festival), and the story of each account
//! varies: steady, growing, declining, newly won, or gone quiet.

mod plans;
mod words;

pub use keyplan_domain::Language;
pub use plans::DemoPlans;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use uuid::Uuid;

use keyplan_domain::{
    Account, AccountFields, Contact, ContactFields, Interaction, InteractionFields,
    InteractionKind, Meta, Money, Opportunity, OpportunityFields, OpportunityKind,
    OpportunityStatus, Record, Severity, SizeBand, Survey, SurveyFields, Transaction,
    TransactionFields,
};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct DemoSpec {
    pub accounts: usize,
    pub seed: u64,
    pub language: Language,
    /// The last day with data; transactions cover the three years up to it.
    pub end: NaiveDate,
    /// The records' created/updated time.
    pub now: DateTime<Utc>,
    /// Multiplies how often every account orders (1.0 = realistic; benchmarks use more).
    pub order_scale: f64,
    /// Account plans for the key accounts (off: a book with no plans yet, as tests of making
    /// plans want it).
    pub plans: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DemoPortfolio {
    pub accounts: Vec<Account>,
    pub contacts: Vec<Contact>,
    pub interactions: Vec<Interaction>,
    pub transactions: Vec<Transaction>,
    pub surveys: Vec<Survey>,
    pub opportunities: Vec<Opportunity>,
    /// Account plans with every section and their reviews.
    pub plans: DemoPlans,
}

type Pair = (&'static str, &'static str);

use words::{
    CITIES, CORES, FAMILY_EN, FAMILY_ZH, GIVEN_EN, GIVEN_ZH, INDUSTRIES, OWNERS, PRODUCTS, REGIONS,
    SEASON, SUFFIXES, SUMMARIES, TAGS, TITLES,
};

/// How an account's business has been going, which shapes its transactions.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Story {
    Steady,
    Growing,
    Declining,
    New,
    Lapsed,
    Prospect,
}

struct Gen<'a> {
    rng: ChaCha8Rng,
    spec: &'a DemoSpec,
    id_clock: u64,
}

impl Gen<'_> {
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.random_range(0..items.len())]
    }

    fn pick_text(&mut self, items: &[Pair]) -> String {
        let p = self.pick(items);
        self.text(p)
    }

    fn text(&self, p: Pair) -> String {
        match self.spec.language {
            Language::En => p.0.to_string(),
            Language::ZhCn => p.1.to_string(),
        }
    }

    /// Time-ordered ids drawn from the seeded generator, so a seed always yields the same ids.
    fn meta(&mut self) -> Meta {
        self.id_clock += 1;
        // The id's clock starts at the end date, not the wall clock, so a seed always gives the
        // same ids; created_at still says when the demo was loaded.
        let base = self.spec.end.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp_millis());
        let millis = u64::try_from(base).unwrap_or(0) + self.id_clock;
        let bytes: [u8; 10] = self.rng.random();
        let id = uuid::Builder::from_unix_timestamp_millis(millis, &bytes).into_uuid();
        Meta { id, created_at: self.spec.now, updated_at: self.spec.now, deleted_at: None }
    }

    fn person(&mut self) -> String {
        match self.spec.language {
            Language::En => format!("{} {}", self.pick(GIVEN_EN), self.pick(FAMILY_EN)),
            Language::ZhCn => {
                let given: String =
                    (0..self.rng.random_range(1..=2)).map(|_| self.pick(GIVEN_ZH)).collect();
                format!("{}{given}", self.pick(FAMILY_ZH))
            }
        }
    }

    fn company(&mut self, taken: &mut std::collections::HashSet<String>) -> String {
        for attempt in 0.. {
            let (city, core, suffix) = (self.pick(CITIES), self.pick(CORES), self.pick(SUFFIXES));
            let base = match self.spec.language {
                Language::En => format!("{} {} {}", city.0, core.0, suffix.0),
                Language::ZhCn => format!("{}{}{}", city.1, core.1, suffix.1),
            };
            // After many collisions (large demos), number the branches.
            let name = if attempt < 20 { base } else { format!("{base} {}", attempt - 18) };
            if taken.insert(keyplan_domain::text::name_key(&name)) {
                return name;
            }
        }
        unreachable!("the loop above only ends by returning")
    }

    fn date_between(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = (to - from).num_days().max(0);
        from + Duration::days(self.rng.random_range(0..=span))
    }
}

/// Builds the portfolio. Pure: no clock, no randomness beyond the seed.
pub fn generate(spec: &DemoSpec) -> DemoPortfolio {
    let mut g = Gen { rng: ChaCha8Rng::seed_from_u64(spec.seed), spec, id_clock: 0 };
    let mut out = DemoPortfolio::default();
    let mut taken = std::collections::HashSet::new();
    // Each account draws its size from its own slice of the distribution, in shuffled order, so
    // every demo of a given size has the same shape (a few giants, a long tail) whatever the seed.
    let mut strata: Vec<usize> = (0..spec.accounts).collect();
    strata.shuffle(&mut g.rng);
    for stratum in strata {
        add_account(&mut g, &mut out, &mut taken, stratum);
    }
    if spec.plans {
        plans::add_plans(&mut g, &mut out);
    }
    out
}

fn add_account(
    g: &mut Gen<'_>,
    out: &mut DemoPortfolio,
    taken: &mut std::collections::HashSet<String>,
    stratum: usize,
) {
    let end = g.spec.end;
    let story = match g.rng.random_range(0..100) {
        0..=44 => Story::Steady,
        45..=62 => Story::Growing,
        63..=74 => Story::Declining,
        75..=84 => Story::New,
        85..=93 => Story::Lapsed,
        _ => Story::Prospect,
    };
    // Pareto with alpha 0.8: with the accounts that have stopped buying and the new ones, about
    // one account in eight carries 80% of the revenue (the 5-25 key accounts of a 120-account
    // book); capped so one draw cannot swamp all.
    #[allow(clippy::cast_precision_loss)] // account counts are far below 2^52
    let u: f64 = (stratum as f64 + g.rng.random_range(0.0..1.0)) / g.spec.accounts.max(1) as f64;
    let weight = (1.0 - u).max(1e-9).powf(-1.0 / 0.8).min(400.0);
    let size_band = match weight {
        w if w > 40.0 => SizeBand::Enterprise,
        w if w > 8.0 => SizeBand::Large,
        w if w > 2.5 => SizeBand::Medium,
        w if w > 1.3 => SizeBand::Small,
        _ => SizeBand::Micro,
    };
    let first_purchase = match story {
        Story::New => end - Duration::days(g.rng.random_range(20..200)),
        _ => end - Duration::days(g.rng.random_range(400..1095)),
    };
    let rated = g.rng.random_bool(0.7);
    let rating = |g: &mut Gen<'_>| rated.then(|| g.rng.random_range(1..=5u8));
    let tags = if g.rng.random_bool(0.35) { vec![g.pick_text(TAGS)] } else { Vec::new() };
    let fields = AccountFields {
        name: g.company(taken),
        industry: Some(g.pick_text(INDUSTRIES)),
        size_band: Some(size_band),
        region: Some(g.pick_text(REGIONS)),
        owner: Some(g.pick_text(OWNERS)),
        tags,
        relationship_start: (story != Story::Prospect).then_some(first_purchase),
        renewal_date: g
            .rng
            .random_bool(0.6)
            .then(|| end + Duration::days(g.rng.random_range(-120..300))),
        industry_influence: rating(g),
        innovation_synergy: rating(g),
        growth_potential: rating(g),
        strategic_fit: rating(g),
        notes: None,
    };
    let account = Record { meta: g.meta(), fields };
    let account_id = account.id();
    out.accounts.push(account);

    let contacts = add_contacts(g, out, account_id, size_band);
    if story != Story::Prospect {
        add_transactions(g, out, account_id, story, weight, first_purchase);
    }
    add_interactions(g, out, account_id, &contacts, story);
    add_surveys(g, out, account_id, &contacts, story);
    add_opportunities(g, out, account_id, weight);
}

fn add_contacts(
    g: &mut Gen<'_>,
    out: &mut DemoPortfolio,
    account_id: Uuid,
    size: SizeBand,
) -> Vec<Uuid> {
    let n = match size {
        SizeBand::Enterprise | SizeBand::Large => g.rng.random_range(4..=7),
        _ => g.rng.random_range(1..=4),
    };
    let mut ids: Vec<Uuid> = Vec::with_capacity(n);
    for (i, (title, role)) in TITLES.iter().take(n).enumerate() {
        let name = g.person();
        let meta = g.meta();
        // The first is at the top; the next two report to them; the rest to someone above.
        let reports_to = match i {
            0 => None,
            1 | 2 => Some(ids[0]),
            _ => Some(ids[g.rng.random_range(1..i)]),
        };
        let slug: String = format!("c{}", &meta.id.simple().to_string()[26..]);
        let fields = ContactFields {
            account_id,
            name,
            title: Some(g.text(*title)),
            email: Some(format!("{slug}@example.com")),
            phone: Some(format!(
                "+86 1{:02} {:04} {:04}",
                g.rng.random_range(30..99),
                g.rng.random_range(0..10000),
                g.rng.random_range(0..10000)
            )),
            role: Some(*role),
            attitude: Some(g.rng.random_range(-1..=2)),
            influence: Some(if i == 0 { 5 } else { g.rng.random_range(1..=4) }),
            relationship_strength: Some(g.rng.random_range(1..=5)),
            reports_to,
            last_contacted: Some(g.date_between(g.spec.end - Duration::days(120), g.spec.end)),
            notes: None,
        };
        ids.push(meta.id);
        out.contacts.push(Record { meta, fields });
    }
    ids
}

fn add_transactions(
    g: &mut Gen<'_>,
    out: &mut DemoPortfolio,
    account_id: Uuid,
    story: Story,
    weight: f64,
    first: NaiveDate,
) {
    let end = g.spec.end;
    let last = match story {
        Story::Lapsed => end - Duration::days(g.rng.random_range(380..700)),
        _ => end,
    };
    // Larger accounts order more often and more at a time.
    let orders_per_year =
        (4.0 + weight.sqrt() * 5.0).min(60.0) * g.spec.order_scale.clamp(0.1, 50.0);
    let annual = 120_000.0 * weight; // in currency units
    let products = g.rng.random_range(1..=3usize);
    let product_lines: Vec<Pair> = (0..products).map(|_| g.pick(PRODUCTS)).collect();
    let mut day = first;
    while day <= last {
        let age_years = (day - first).num_days() as f64 / 365.0;
        let to_end_years = (end - day).num_days() as f64 / 365.0;
        let trend = match story {
            Story::Growing => 0.6 + 0.5 * age_years,
            Story::Declining if to_end_years < 1.0 => 0.35 + 0.5 * to_end_years,
            _ => 1.0,
        };
        let season = SEASON[day.month0() as usize];
        let amount = annual / orders_per_year * trend * season * g.rng.random_range(0.6..1.4);
        let revenue = (amount * 100.0).round() as i64;
        let margin = g.rng.random_range(-0.05..0.38);
        let product = g.pick(&product_lines);
        let fields = TransactionFields {
            account_id,
            date: day,
            revenue: Money(revenue.max(1)),
            profit: Some(Money((revenue as f64 * margin).round() as i64)),
            product_line: Some(g.text(product)),
            quantity: Some(f64::from(g.rng.random_range(1..=40u32))),
        };
        out.transactions.push(Record { meta: g.meta(), fields });
        let gap = 365.0 / (orders_per_year * season) * g.rng.random_range(0.5..1.5);
        day += Duration::days(gap.max(1.0).round() as i64);
    }
}

fn add_interactions(
    g: &mut Gen<'_>,
    out: &mut DemoPortfolio,
    account_id: Uuid,
    contacts: &[Uuid],
    story: Story,
) {
    let end = g.spec.end;
    let n = g.rng.random_range(3..=12);
    // Accounts that are drifting away have been left alone lately.
    let quiet_days = if matches!(story, Story::Declining | Story::Lapsed) { 100 } else { 0 };
    for _ in 0..n {
        let date = g.date_between(end - Duration::days(720), end - Duration::days(quiet_days));
        let complaint_odds = if story == Story::Declining { 0.25 } else { 0.06 };
        let (kind, summary) = if g.rng.random_bool(complaint_odds) {
            SUMMARIES[6]
        } else {
            let i = g.rng.random_range(0..SUMMARIES.len() - 1);
            SUMMARIES[if i >= 6 { i + 1 } else { i }]
        };
        let is_complaint = kind == InteractionKind::Complaint;
        let resolved = is_complaint && g.rng.random_bool(0.7);
        let fields = InteractionFields {
            account_id,
            date,
            kind,
            summary: Some(g.text(summary)),
            sentiment: if is_complaint { -1 } else { g.rng.random_range(0..=1) },
            next_step: None,
            contact_ids: vec![g.pick(contacts)],
            severity: is_complaint
                .then(|| g.pick(&[Severity::Low, Severity::Medium, Severity::High])),
            resolved_on: resolved.then(|| date + Duration::days(g.rng.random_range(1..30))),
        };
        out.interactions.push(Record { meta: g.meta(), fields });
    }
    out.interactions.sort_by_key(|i| i.fields.date);
}

fn add_surveys(
    g: &mut Gen<'_>,
    out: &mut DemoPortfolio,
    account_id: Uuid,
    contacts: &[Uuid],
    story: Story,
) {
    let end = g.spec.end;
    let n = g.rng.random_range(0..=3);
    for k in 0..n {
        let date = end - Duration::days(30 + 180 * (n - 1 - k) + g.rng.random_range(0..60));
        let base: i64 = if story == Story::Declining { 5 - k } else { 8 };
        let nps = (base + g.rng.random_range(-2..=2)).clamp(0, 10);
        let fields = SurveyFields {
            account_id,
            contact_id: Some(g.pick(contacts)),
            date,
            nps: u8::try_from(nps).unwrap_or(0),
            csat: Some(u8::try_from((nps / 2).clamp(1, 5)).unwrap_or(3)),
            comment: None,
        };
        out.surveys.push(Record { meta: g.meta(), fields });
    }
}

fn add_opportunities(g: &mut Gen<'_>, out: &mut DemoPortfolio, account_id: Uuid, weight: f64) {
    let end = g.spec.end;
    for _ in 0..g.rng.random_range(0..=2) {
        let kind = g.pick(&[
            OpportunityKind::New,
            OpportunityKind::CrossSell,
            OpportunityKind::Upsell,
            OpportunityKind::Renewal,
        ]);
        let title = match (kind, g.spec.language) {
            (OpportunityKind::Renewal, Language::En) => "Contract renewal".to_string(),
            (OpportunityKind::Renewal, Language::ZhCn) => "合同续约".to_string(),
            (_, Language::En) => format!("{} expansion", g.pick(PRODUCTS).0),
            (_, Language::ZhCn) => format!("{}扩展", g.pick(PRODUCTS).1),
        };
        let status = g.pick(&[
            OpportunityStatus::Open,
            OpportunityStatus::Open,
            OpportunityStatus::Won,
            OpportunityStatus::Lost,
        ]);
        let fields = OpportunityFields {
            account_id,
            title,
            kind,
            estimated_value: Money(
                (30_000.0 * weight * g.rng.random_range(0.5..2.0)).round() as i64 * 100,
            ),
            probability: g.rng.random_range(1..=9) * 10,
            expected_close: Some(end + Duration::days(g.rng.random_range(-60..240))),
            status,
            plan_id: None,
        };
        out.opportunities.push(Record { meta: g.meta(), fields });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(seed: u64) -> DemoSpec {
        DemoSpec {
            accounts: 200,
            seed,
            language: Language::En,
            end: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            now: DateTime::parse_from_rfc3339("2026-11-22T08:00:00Z").unwrap().to_utc(),
            order_scale: 1.0,
            plans: true,
        }
    }

    #[test]
    fn same_seed_same_portfolio() {
        let a = serde_json::to_string(&generate(&spec(7))).unwrap();
        let b = serde_json::to_string(&generate(&spec(7))).unwrap();
        assert_eq!(a, b);
        let c = serde_json::to_string(&generate(&spec(8))).unwrap();
        assert_ne!(a, c);
    }

    #[test]
    fn every_record_is_valid_and_linked() {
        let p = generate(&spec(1));
        assert_eq!(p.accounts.len(), 200);
        let keys: std::collections::HashSet<String> =
            p.accounts.iter().map(|a| keyplan_domain::text::name_key(&a.fields.name)).collect();
        assert_eq!(keys.len(), 200, "names are unique after normalising");
        for a in &p.accounts {
            keyplan_domain::AccountInput::from(&a.fields).validate().unwrap();
        }
        for t in &p.transactions {
            assert!(t.fields.date <= spec(1).end);
            keyplan_domain::TransactionInput::from(&t.fields)
                .validate(t.fields.account_id)
                .unwrap();
        }
        for c in &p.contacts {
            keyplan_domain::ContactInput::from(&c.fields).validate(c.fields.account_id).unwrap();
        }
        for i in &p.interactions {
            keyplan_domain::InteractionInput::from(&i.fields)
                .validate(i.fields.account_id)
                .unwrap();
        }
        for s in &p.surveys {
            keyplan_domain::SurveyInput::from(&s.fields).validate(s.fields.account_id).unwrap();
        }
        for o in &p.opportunities {
            keyplan_domain::OpportunityInput::from(&o.fields)
                .validate(o.fields.account_id)
                .unwrap();
        }
    }

    #[test]
    fn revenue_is_long_tailed() {
        let p = generate(&spec(3));
        let mut by_account: std::collections::HashMap<Uuid, i64> = Default::default();
        for t in &p.transactions {
            *by_account.entry(t.fields.account_id).or_default() += t.fields.revenue.minor();
        }
        let mut totals: Vec<i64> = by_account.into_values().collect();
        totals.sort_unstable_by(|a, b| b.cmp(a));
        let all: i64 = totals.iter().sum();
        let top_fifth: i64 = totals.iter().take(totals.len() / 5).sum();
        let share = top_fifth as f64 / all as f64;
        assert!(share > 0.55, "top 20% of accounts carry {share:.2} of revenue");
    }

    #[test]
    fn chinese_demo_speaks_chinese() {
        let p = generate(&DemoSpec { language: Language::ZhCn, ..spec(2) });
        assert!(p.accounts[0].fields.name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
    }
}
