//! Gaps in a stakeholder map 权力地图, each flagged with its reason: where the relationship with
//! the customer is too thin to carry the plan.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use crate::BuyingRole;

/// Attitude at or above this counts as support (+1 supporter, +2 champion).
pub const SUPPORT_MIN: i8 = 1;
/// Influence at or above this makes a stakeholder a key player.
pub const KEY_INFLUENCE: u8 = 4;

/// One person on the customer's side, as the map sees them.
#[derive(Debug, Clone, PartialEq)]
pub struct Person<'a> {
    pub id: Uuid,
    pub name: &'a str,
    pub role: Option<BuyingRole>,
    pub attitude: Option<i8>,
    pub influence: Option<u8>,
    pub last_contacted: Option<NaiveDate>,
    /// Who on our side owns the relationship (from the plan's stakeholder entry).
    pub owner: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Gap {
    /// No decision maker or economic buyer supports us (attitude ≥ +1).
    NoSupportingBuyer,
    /// An opponent (attitude < 0) with influence ≥ 4.
    InfluentialOpponent { contact_id: Uuid, name: String, attitude: i8, influence: u8 },
    /// A key player (influence ≥ 4) not contacted within the tier's cadence (or never).
    KeyPlayerNotContacted { contact_id: Uuid, name: String, days: Option<i64>, cadence: i64 },
    /// One relationship owner (or none) on our side for the whole account.
    SingleThreaded { owners: usize },
    /// Nobody holds a key role.
    EmptyRole { role: BuyingRole },
}

/// The roles a plan must reach: who decides, who pays, who sells for us inside.
pub const KEY_ROLES: [BuyingRole; 3] =
    [BuyingRole::DecisionMaker, BuyingRole::EconomicBuyer, BuyingRole::Champion];

/// Every gap in the map of `people`, as of `as_of`, for an account whose tier asks for contact
/// every `cadence_days`.
pub fn gaps(people: &[Person<'_>], cadence_days: i64, as_of: NaiveDate) -> Vec<Gap> {
    let mut out = Vec::new();
    let buyer = |p: &&Person<'_>| {
        matches!(p.role, Some(BuyingRole::DecisionMaker | BuyingRole::EconomicBuyer))
    };
    if !people.iter().filter(buyer).any(|p| p.attitude.is_some_and(|a| a >= SUPPORT_MIN)) {
        out.push(Gap::NoSupportingBuyer);
    }
    for p in people {
        let influence = p.influence.unwrap_or(0);
        if influence < KEY_INFLUENCE {
            continue;
        }
        if let Some(a) = p.attitude.filter(|a| *a < 0) {
            out.push(Gap::InfluentialOpponent {
                contact_id: p.id,
                name: p.name.to_string(),
                attitude: a,
                influence,
            });
        }
        let days = p.last_contacted.map(|d| (as_of - d).num_days());
        if days.is_none_or(|d| d > cadence_days) {
            out.push(Gap::KeyPlayerNotContacted {
                contact_id: p.id,
                name: p.name.to_string(),
                days,
                cadence: cadence_days,
            });
        }
    }
    let mut owners: Vec<String> =
        people.iter().filter_map(|p| p.owner).map(crate::text::name_key).collect();
    owners.sort_unstable();
    owners.dedup();
    if owners.len() <= 1 {
        out.push(Gap::SingleThreaded { owners: owners.len() });
    }
    for role in KEY_ROLES {
        if !people.iter().any(|p| p.role == Some(role)) {
            out.push(Gap::EmptyRole { role });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn person<'a>(
        name: &'a str,
        role: BuyingRole,
        attitude: i8,
        influence: u8,
        owner: &'a str,
    ) -> Person<'a> {
        Person {
            id: Uuid::now_v7(),
            name,
            role: Some(role),
            attitude: Some(attitude),
            influence: Some(influence),
            last_contacted: Some(d("2027-03-01")),
            owner: Some(owner),
        }
    }

    fn healthy() -> Vec<Person<'static>> {
        vec![
            person("CEO", BuyingRole::DecisionMaker, 1, 5, "Li"),
            person("CFO", BuyingRole::EconomicBuyer, 0, 4, "Wang"),
            person("Ops lead", BuyingRole::Champion, 2, 3, "Li"),
        ]
    }

    #[test]
    fn a_well_covered_account_has_no_gaps() {
        assert_eq!(gaps(&healthy(), 30, d("2027-03-20")), []);
    }

    #[test]
    fn each_gap_at_its_edge() {
        let as_of = d("2027-03-20");
        let mut p = healthy();
        p[0].attitude = Some(0); // the only supporting buyer turns neutral
        assert_eq!(gaps(&p, 30, as_of), [Gap::NoSupportingBuyer]);

        let mut p = healthy();
        p[1].attitude = Some(-1); // an opponent with influence 4
        let g = gaps(&p, 30, as_of);
        assert!(
            matches!(&g[..], [Gap::InfluentialOpponent { attitude: -1, influence: 4, .. }]),
            "{g:?}"
        );
        p[1].influence = Some(3); // influence 3 is not a key player
        assert_eq!(gaps(&p, 30, as_of), []);

        // Contacted 19 days ago with a 19-day cadence: fine; 20 days: flagged; never: flagged.
        assert_eq!(gaps(&healthy(), 19, as_of), []);
        let g = gaps(&healthy(), 18, as_of);
        assert_eq!(g.len(), 2, "both key players: {g:?}");
        assert!(matches!(g[0], Gap::KeyPlayerNotContacted { days: Some(19), cadence: 18, .. }));
        let mut p = healthy();
        p[0].last_contacted = None;
        assert!(matches!(gaps(&p, 30, as_of)[..], [Gap::KeyPlayerNotContacted { days: None, .. }]));
    }

    #[test]
    fn single_threaded_and_empty_roles() {
        let as_of = d("2027-03-20");
        let mut p = healthy();
        p[1].owner = Some(" li "); // the same person, spelt differently
        assert_eq!(gaps(&p, 30, as_of), [Gap::SingleThreaded { owners: 1 }]);
        let g = gaps(&[], 30, as_of);
        assert_eq!(
            g,
            [
                Gap::NoSupportingBuyer,
                Gap::SingleThreaded { owners: 0 },
                Gap::EmptyRole { role: BuyingRole::DecisionMaker },
                Gap::EmptyRole { role: BuyingRole::EconomicBuyer },
                Gap::EmptyRole { role: BuyingRole::Champion },
            ]
        );
    }
}
