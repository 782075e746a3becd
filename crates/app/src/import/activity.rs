//! Interactions and surveys from a file: each row's account (and a survey's contact) must exist;
//! a row imported before (same content fingerprint) is not added again.

use keyplan_domain::import::fingerprint;
use keyplan_domain::import::parse::{InteractionRow, SurveyRow};
use keyplan_domain::import::{Reason, RowError};
use keyplan_domain::text::name_key;
use keyplan_domain::{InteractionFields, Meta, Record, SurveyFields};
use keyplan_store::{self as store, imports, Connection};

use super::{ImportSummary, Plan};
use crate::{now, Result};

pub(crate) struct InteractionOps(Vec<(i64, InteractionFields)>);
pub(crate) struct SurveyOps(Vec<(i64, SurveyFields)>);

fn invalid(
    plan: &Plan<'_>,
    pos: keyplan_domain::import::source::RowPos,
    e: keyplan_domain::ValidationErrors,
    errors: &mut Vec<RowError>,
) {
    for f in e.0 {
        errors.push(plan.error(pos, &f.field, "", Reason::Invalid { problem: f.problem }));
    }
}

pub(crate) fn plan_interactions(
    c: &Connection,
    plan: &Plan<'_>,
    rows: &[InteractionRow],
    errors: &mut Vec<RowError>,
) -> Result<InteractionOps> {
    let accounts = imports::account_keys(c)?;
    let prints = fingerprint::interactions(rows);
    let mut ops = Vec::with_capacity(rows.len());
    for (r, fp) in rows.iter().zip(prints) {
        let Some(account) = accounts.by_name.get(&name_key(&r.account)).copied() else {
            errors.push(plan.error(r.pos, "account", &r.account, Reason::UnknownAccount));
            continue;
        };
        match r.input.validate(account) {
            Ok(fields) => ops.push((fp, fields)),
            Err(e) => invalid(plan, r.pos, e, errors),
        }
    }
    Ok(InteractionOps(ops))
}

impl InteractionOps {
    pub(crate) fn apply(&self, c: &Connection, s: &mut ImportSummary) -> Result<()> {
        let prints: Vec<i64> = self.0.iter().map(|(fp, _)| *fp).collect();
        let fresh = imports::remember_fingerprints(c, &prints)?;
        let now = now();
        for ((_, fields), new) in self.0.iter().zip(fresh) {
            if new {
                store::interactions::insert(
                    c,
                    &Record { meta: Meta::new(now), fields: fields.clone() },
                )?;
                s.created += 1;
            } else {
                s.already_imported += 1;
            }
        }
        Ok(())
    }
}

pub(crate) fn plan_surveys(
    c: &Connection,
    plan: &Plan<'_>,
    rows: &[SurveyRow],
    errors: &mut Vec<RowError>,
) -> Result<SurveyOps> {
    let accounts = imports::account_keys(c)?;
    let contacts = imports::contact_keys(c)?;
    let prints = fingerprint::surveys(rows);
    let mut ops = Vec::with_capacity(rows.len());
    for (r, fp) in rows.iter().zip(prints) {
        let Some(account) = accounts.by_name.get(&name_key(&r.account)).copied() else {
            errors.push(plan.error(r.pos, "account", &r.account, Reason::UnknownAccount));
            continue;
        };
        let mut input = r.input.clone();
        if let Some(name) = &r.contact {
            match contacts.by_name.get(&(account, name_key(name))) {
                Some(id) => input.contact_id = Some(*id),
                None => {
                    errors.push(plan.error(r.pos, "contact", name, Reason::UnknownContact));
                    continue;
                }
            }
        }
        match input.validate(account) {
            Ok(fields) => ops.push((fp, fields)),
            Err(e) => invalid(plan, r.pos, e, errors),
        }
    }
    Ok(SurveyOps(ops))
}

impl SurveyOps {
    pub(crate) fn apply(&self, c: &Connection, s: &mut ImportSummary) -> Result<()> {
        let prints: Vec<i64> = self.0.iter().map(|(fp, _)| *fp).collect();
        let fresh = imports::remember_fingerprints(c, &prints)?;
        let now = now();
        for ((_, fields), new) in self.0.iter().zip(fresh) {
            if new {
                store::surveys::insert(
                    c,
                    &Record { meta: Meta::new(now), fields: fields.clone() },
                )?;
                s.created += 1;
            } else {
                s.already_imported += 1;
            }
        }
        Ok(())
    }
}
