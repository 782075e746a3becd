//! Interactions and surveys from a file: each row's account (and a survey's contact) must exist;
//! a row imported before (same content fingerprint) is not added again.

use keyplan_domain::text::name_key;
use keyplan_domain::{InteractionFields, Meta, Record, SurveyFields};
use keyplan_formats::import::fingerprint;
use keyplan_formats::import::parse::{InteractionRow, SurveyRow};
use keyplan_formats::import::{Reason, RowError};
use keyplan_store::{self as store, imports, Connection};

use super::{ImportSummary, Plan};
use crate::{now, Result};

/// Records to add unless their fingerprint was seen before, with the store's insert for them.
pub(crate) struct NewOnly<F> {
    rows: Vec<(i64, F)>,
    insert: fn(&Connection, &Record<F>) -> keyplan_store::Result<()>,
}

impl<F: Clone> NewOnly<F> {
    pub(crate) fn apply(&self, c: &Connection, s: &mut ImportSummary) -> Result<()> {
        let prints: Vec<i64> = self.rows.iter().map(|(fp, _)| *fp).collect();
        let fresh = imports::remember_fingerprints(c, &prints)?;
        let now = now();
        for ((_, fields), new) in self.rows.iter().zip(fresh) {
            if new {
                (self.insert)(c, &Record { meta: Meta::new(now), fields: fields.clone() })?;
                s.created += 1;
            } else {
                s.already_imported += 1;
            }
        }
        Ok(())
    }
}

pub(crate) fn plan_interactions(
    c: &Connection,
    plan: &Plan<'_>,
    rows: &[InteractionRow],
    errors: &mut Vec<RowError>,
) -> Result<NewOnly<InteractionFields>> {
    let accounts = imports::account_keys(c)?;
    let prints = fingerprint::interactions(rows);
    let mut ops = Vec::with_capacity(rows.len());
    for (r, fp) in rows.iter().zip(prints) {
        let Some(account) = plan.account(&accounts, r.pos, &r.account, errors) else {
            continue;
        };
        match r.input.validate(account) {
            Ok(fields) => ops.push((fp, fields)),
            Err(e) => plan.invalid(r.pos, e, errors),
        }
    }
    Ok(NewOnly { rows: ops, insert: store::interactions::insert })
}

pub(crate) fn plan_surveys(
    c: &Connection,
    plan: &Plan<'_>,
    rows: &[SurveyRow],
    errors: &mut Vec<RowError>,
) -> Result<NewOnly<SurveyFields>> {
    let accounts = imports::account_keys(c)?;
    let contacts = imports::contact_keys(c)?;
    let prints = fingerprint::surveys(rows);
    let mut ops = Vec::with_capacity(rows.len());
    for (r, fp) in rows.iter().zip(prints) {
        let Some(account) = plan.account(&accounts, r.pos, &r.account, errors) else {
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
            Err(e) => plan.invalid(r.pos, e, errors),
        }
    }
    Ok(NewOnly { rows: ops, insert: store::surveys::insert })
}
