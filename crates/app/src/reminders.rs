//! Reminders: the user's settings for them, what of the Today list is still to be put before
//! the user (not dismissed, not snoozed), and what a desktop notification should say now — once
//! per item per day, grouped when there are many, in the user's language, never in quiet hours.

use chrono::{
    DateTime, Datelike, Duration, Local, NaiveDate, NaiveTime, SecondsFormat, TimeZone, Utc,
};
use keyplan_domain::reminders::ReminderSettings;
use keyplan_domain::validate::Choice;
use keyplan_domain::{Language, Problem};
use keyplan_formats::catalogue::Catalogue;
use keyplan_store::{self as store, Connection, Db};
use serde::Serialize;

use crate::today::{TodayItem, TodayKind};
use crate::{AppError, Result};

/// Where the settings are kept in the book's settings table (JSON).
const KEY: &str = "reminders";

/// The hour a snooze "until tomorrow" or "until next week" ends: the start of a working day.
const MORNING: u32 = 9;

/// More than this many things of one kind due make one notification for them all.
const GROUP_OVER: usize = 2;

/// The reminder settings, the defaults until the user changes one.
pub fn settings(db: &Db) -> Result<ReminderSettings> {
    match store::settings::get(db.conn(), KEY)? {
        None => Ok(ReminderSettings::default()),
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| AppError::field(KEY, Problem::Unreadable { reason: e.to_string() })),
    }
}

/// Checks and keeps new reminder settings; returns them.
pub fn save_settings(db: &mut Db, new: &ReminderSettings) -> Result<ReminderSettings> {
    new.validate()?;
    let json = serde_json::to_string(new).map_err(|e| AppError::Internal(e.to_string()))?;
    db.write(|c| Ok::<_, AppError>(store::settings::set(c, KEY, &json)?))?;
    Ok(new.clone())
}

keyplan_domain::choice! {
    /// How long a reminder is put off.
    Snooze { Hour = "hour", Tomorrow = "tomorrow", NextWeek = "next_week" }
}

/// The local morning of `day`: 9:00 there, or the first whole hour after it that exists (a
/// clock change may skip 9:00 in some places).
fn morning(day: NaiveDate) -> DateTime<Utc> {
    (MORNING..MORNING + 3)
        .filter_map(|h| NaiveTime::from_hms_opt(h, 0, 0))
        .find_map(|t| Local.from_local_datetime(&day.and_time(t)).earliest())
        .map_or_else(
            || {
                Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN))
                    + Duration::hours(i64::from(MORNING))
            },
            |t| t.with_timezone(&Utc),
        )
}

/// When a snooze made at `now` ends: an hour on, tomorrow morning, or next Monday morning.
pub fn snoozed_until(how: Snooze, now: DateTime<Local>) -> DateTime<Utc> {
    let today = now.date_naive();
    match how {
        Snooze::Hour => (now + Duration::hours(1)).with_timezone(&Utc),
        Snooze::Tomorrow => morning(today + Duration::days(1)),
        Snooze::NextWeek => {
            let days = 7 - i64::from(today.weekday().num_days_from_monday());
            morning(today + Duration::days(days))
        }
    }
}

fn state(c: &Connection, item: &TodayItem) -> Result<store::reminders::State> {
    Ok(store::reminders::get(c, item.kind.name(), &item.id.to_string(), item.due)?)
}

/// Changes the state of each item, in one write.
fn put(db: &mut Db, items: &[TodayItem], f: impl Fn(&mut store::reminders::State)) -> Result<()> {
    db.write(|c| {
        for item in items {
            let mut s = state(c, item)?;
            f(&mut s);
            store::reminders::put(c, item.kind.name(), &item.id.to_string(), item.due, &s)?;
        }
        Ok::<_, AppError>(())
    })
}

/// Puts a reminder off until `until`, or (None) is done with it for this due day.
pub fn put_off(db: &mut Db, item: &TodayItem, until: Option<DateTime<Utc>>) -> Result<()> {
    put(db, std::slice::from_ref(item), |s| match until {
        Some(t) => {
            s.snoozed_until = Some(t.to_rfc3339_opts(SecondsFormat::Secs, true));
            // When the snooze ends it is news again, even later the same day.
            s.notified_on = None;
        }
        None => s.dismissed = true,
    })
}

/// Whether the item is put off at `now` (dismissed for its due day, or snoozed until later).
fn put_off_at(db: &Db, item: &TodayItem, now: DateTime<Utc>) -> Result<bool> {
    let s = state(db.conn(), item)?;
    let snoozed = s
        .snoozed_until
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .is_some_and(|t| t.with_timezone(&Utc) > now);
    Ok(s.dismissed || snoozed)
}

/// The Today list as the window shows it: what is not put off, and how many are.
#[derive(Debug, Clone, Serialize)]
pub struct TodayList {
    pub items: Vec<TodayItem>,
    pub put_off: usize,
}

pub fn waiting(db: &Db, all: Vec<TodayItem>, now: DateTime<Utc>) -> Result<TodayList> {
    let mut items = Vec::with_capacity(all.len());
    let mut put_off = 0;
    for item in all {
        if put_off_at(db, &item, now)? {
            put_off += 1;
        } else {
            items.push(item);
        }
    }
    Ok(TodayList { items, put_off })
}

/// One desktop notification: what it says and the page a click opens.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    pub title: String,
    pub body: String,
    /// The window's route (`#/accounts/…`).
    pub route: String,
    /// How many things it stands for.
    pub count: usize,
    /// What it stands for: noted as shown once it was.
    #[serde(skip)]
    pub items: Vec<TodayItem>,
}

fn kind_on(s: &ReminderSettings, kind: TodayKind) -> bool {
    match kind {
        TodayKind::Action => s.actions,
        TodayKind::Review => s.reviews,
        TodayKind::Renewal => s.renewals,
        TodayKind::Alert => s.alerts,
    }
}

/// Where a click on an item's reminder goes: the page the Today list opens for it.
pub fn route(item: &TodayItem) -> String {
    let account = item.account_id;
    match (item.kind, item.plan_id) {
        (TodayKind::Action | TodayKind::Review, Some(plan)) => {
            format!("#/accounts/{account}/plan/{plan}")
        }
        (TodayKind::Alert, _) => format!("#/accounts/{account}/insights"),
        _ => format!("#/accounts/{account}"),
    }
}

/// What to notify at `now`: nothing when notifications are off or
/// in quiet hours; else each item due, of a kind turned on, not put off and not yet shown today
/// (a churn alert: not yet shown at all), one notification each, or one for a kind when more
/// than two of it are due.
pub fn notices(
    db: &Db,
    all: Vec<TodayItem>,
    s: &ReminderSettings,
    now: DateTime<Local>,
    language: Language,
) -> Result<Vec<Notice>> {
    if !s.notify || s.quiet_at(now.time()) {
        return Ok(Vec::new());
    }
    let today = now.date_naive();
    let mut fresh = Vec::new();
    for item in waiting(db, all, now.with_timezone(&Utc))?.items {
        let last = state(db.conn(), &item)?.notified_on;
        // A churn alert is news once, when it is raised (it stays on the Today list until it
        // is acknowledged); what is due is said again each day until it is done.
        let told = match item.kind {
            TodayKind::Alert => last.is_some(),
            _ => last == Some(today),
        };
        if kind_on(s, item.kind) && !told {
            fresh.push(item);
        }
    }
    let cat = Catalogue::get(language);
    let mut out = Vec::new();
    for kind in TodayKind::ALL {
        let mine: Vec<&TodayItem> = fresh.iter().filter(|i| i.kind == *kind).collect();
        let late = mine.iter().filter(|i| i.overdue).count();
        // Without names every kind is said as a count, even one thing.
        if mine.len() > GROUP_OVER || (!s.show_names && !mine.is_empty()) {
            let title = cat
                .fill(&format!("reminder.group.{}", kind.name()), &[("n", mine.len().to_string())]);
            let body = if late > 0 {
                cat.fill("reminder.group_late", &[("n", late.to_string())])
            } else {
                cat.text("reminder.group_open").to_string()
            };
            let route = match kind {
                TodayKind::Alert => "#/portfolio",
                _ => "#/actions",
            };
            let items = mine.iter().map(|i| (*i).clone()).collect();
            out.push(Notice { title, body, route: route.into(), count: mine.len(), items });
            continue;
        }
        for item in mine {
            let state = if item.overdue { "late" } else { "due" };
            let title = cat.text(&format!("reminder.{}.{state}", kind.name())).to_string();
            // An alert's own words are the analysis' (English): its account says enough.
            let says =
                if *kind == TodayKind::Alert { "reminder.body_alert" } else { "reminder.body" };
            let body = cat.fill(
                says,
                &[
                    ("account", item.account.clone()),
                    ("title", item.title.clone()),
                    ("due", item.due.to_string()),
                ],
            );
            let items = vec![item.clone()];
            out.push(Notice { title, body, route: route(item), count: 1, items });
        }
    }
    Ok(out)
}

/// Notes that the items were shown today, so they are not shown again until tomorrow.
pub fn mark_notified(db: &mut Db, items: &[TodayItem], today: NaiveDate) -> Result<()> {
    put(db, items, |s| s.notified_on = Some(today))
}
