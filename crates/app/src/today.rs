//! What is due today: actions due today or late, plan reviews within their lead time, contract
//! renewals within the tier's lead time, and open churn alerts on A and B accounts (the rules in
//! `domain::reminders`). One list for the window's Today panel, `keyplan today` and reminders.

use chrono::{Duration, NaiveDate};
use keyplan_domain::plan::PlanStatus;
use keyplan_domain::reminders;
use keyplan_domain::validate::Choice;
use keyplan_store::Db;
use serde::Serialize;
use uuid::Uuid;

use crate::analytics::{alert_list, Analysis};
use crate::Result;

keyplan_domain::choice! {
    /// What kind of thing is due.
    TodayKind { Action = "action", Review = "review", Renewal = "renewal", Alert = "alert" }
}

/// One thing due, with the ids that open it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TodayItem {
    pub kind: TodayKind,
    /// The item's own id: the action, the plan (its review), the account (its renewal), or the
    /// alert.
    pub id: Uuid,
    /// The title again, as every listing's `name`.
    pub name: String,
    /// The action's or plan's title, the renewal's account, the alert's risk in words.
    pub title: String,
    pub account: String,
    pub account_id: Uuid,
    /// The plan an action or review belongs to.
    pub plan_id: Option<Uuid>,
    /// When it is (or was) due: the action's due date, the review's or renewal's day, the day
    /// the alert was raised.
    pub due: NaiveDate,
    /// Past its day (an action or review not done, a renewal passed).
    pub overdue: bool,
}

fn item(
    kind: TodayKind,
    id: Uuid,
    title: String,
    (account, account_id): (&str, Uuid),
    plan_id: Option<Uuid>,
    due: NaiveDate,
    as_of: NaiveDate,
) -> TodayItem {
    let overdue = kind != TodayKind::Alert && due < as_of;
    TodayItem {
        kind,
        id,
        name: title.clone(),
        title,
        account: account.to_string(),
        account_id,
        plan_id,
        due,
        overdue,
    }
}

/// Everything due as of the analysis' day, with the user's lead times: late first, then by day,
/// kind and account.
pub fn items(db: &Db, a: &Analysis) -> Result<Vec<TodayItem>> {
    let lead = crate::reminders::settings(db)?;
    let as_of = a.as_of;
    let mut out = Vec::new();
    for r in crate::plans::view::action_rows(db, as_of, Some(as_of), false)? {
        let Some(due) = r.action.fields.due_date else { continue };
        let account = (r.account_name.as_str(), r.account_id);
        let plan = Some(r.action.fields.plan_id);
        out.push(item(TodayKind::Action, r.action.id(), r.name, account, plan, due, as_of));
    }
    let review_until = as_of + Duration::days(lead.review_lead_days);
    for p in keyplan_store::plans::list_all(db.conn())? {
        let f = &p.fields;
        let Some(day) = f.next_review.filter(|d| *d <= review_until) else { continue };
        // A closed plan is reviewed no more; an account gone takes its plans with it.
        let Some((account, _)) = a.get(f.account_id) else { continue };
        if f.status == PlanStatus::Closed {
            continue;
        }
        let account = (account.snapshot.name.as_str(), f.account_id);
        out.push(item(
            TodayKind::Review,
            p.id(),
            f.title.clone(),
            account,
            Some(p.id()),
            day,
            as_of,
        ));
    }
    for (account, result) in a.accounts.iter().zip(&a.results) {
        let s = &account.snapshot;
        let Some(day) = s.renewal_date else { continue };
        let ahead = lead.renewal_lead(result.tier.tier);
        if s.renewal_recorded || day < as_of || day > as_of + Duration::days(ahead) {
            continue;
        }
        let who = (s.name.as_str(), s.id);
        out.push(item(TodayKind::Renewal, s.id, s.name.clone(), who, None, day, as_of));
    }
    for v in alert_list(db, a, false)? {
        let Some((_, result)) = a.get(v.alert.account_id) else { continue };
        if !reminders::alert_listed(result.tier.tier) {
            continue;
        }
        let title = format!("churn risk {:.0} ({})", v.current_score, v.current_level);
        let account = (v.account_name.as_str(), v.alert.account_id);
        out.push(item(
            TodayKind::Alert,
            v.alert.id,
            title,
            account,
            None,
            v.alert.raised_on,
            as_of,
        ));
    }
    out.sort_by(|x, y| {
        y.overdue
            .cmp(&x.overdue)
            .then(x.due.cmp(&y.due))
            .then(x.kind.name().cmp(y.kind.name()))
            .then_with(|| x.account.cmp(&y.account))
            .then(x.id.cmp(&y.id))
    });
    Ok(out)
}
