//! A plan's dates as iCalendar (RFC 5545): every open action with a due date as an all-day
//! event (DTEND the day after, RFC 5545 §3.6.1), and the plan's next review; or the same actions
//! as to-dos for task apps.
//!
//! Re-importing an updated file updates what it imported before instead of duplicating it: each
//! UID is the item's own id (`<uuid>@keyplan`), SEQUENCE grows with every change (the seconds from
//! the item's creation to its last change, which only move forward), and DTSTAMP is the item's
//! last change, so the same plan exported twice is the same bytes. Dates carry no TZID: an
//! all-day date is the same day everywhere. With a lead time, each item carries a reminder
//! (VALARM, DISPLAY) at 9:00 that many days before its day, in the calendar's own time.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use keyplan_domain::plan::view::PlanView;
use keyplan_domain::plan::{ActionStatus, PlanStatus};
use keyplan_domain::Meta;

use super::text::Labels;
use super::{Audience, Options};

/// Events for a calendar, or to-dos for a task app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Events,
    Todos,
}

/// RFC 5545 §3.3.11: backslash first, then `;`, `,` and line breaks.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            // Other control characters are not allowed in a TEXT value.
            c if c.is_control() && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (§3.1) without splitting a UTF-8 character, ended
/// with CRLF.
fn line(out: &mut String, content: &str) {
    let mut used = 0usize;
    for ch in content.chars() {
        let n = ch.len_utf8();
        // The first line holds 75 octets; each continuation line starts with a space, so 74.
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(ch);
        used += n;
    }
    out.push_str("\r\n");
}

fn stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// The reminder of an all-day item (relative to its day's start, 00:00): 9:00 `days` before.
fn alarm(out: &mut String, days: u32, summary: &str, related_end: bool) {
    let trigger = match days {
        0 => "PT9H".to_string(),
        n => format!("-PT{}H", 24 * i64::from(n) - 9),
    };
    line(out, "BEGIN:VALARM");
    line(out, "ACTION:DISPLAY");
    line(out, &format!("DESCRIPTION:{}", text(summary)));
    // A to-do's reminder is relative to its DUE (RFC 5545 §3.8.6.3), an event's to its start.
    let related = if related_end { ";RELATED=END" } else { "" };
    line(out, &format!("TRIGGER{related}:{trigger}"));
    line(out, "END:VALARM");
}

/// How many times an item has changed, as far as a calendar needs to know: it grows with each.
fn sequence(m: &Meta) -> i64 {
    (m.updated_at - m.created_at).num_seconds().clamp(0, i64::from(i32::MAX))
}

struct Item<'a> {
    uid: String,
    meta: &'a Meta,
    day: NaiveDate,
    summary: String,
    description: String,
    status: Option<ActionStatus>,
}

/// The calendar of `v` (events or to-dos), in `o`'s language; for the customer, only the
/// actions marked to share and no internal review.
pub fn render(v: &PlanView, o: &Options, kind: Kind) -> String {
    render_actions(v, o, kind, |_| true)
}

/// Like [`render`], with only the actions `pick` chooses (a review's new ones, say).
pub fn render_actions(
    v: &PlanView,
    o: &Options,
    kind: Kind,
    pick: impl Fn(&keyplan_domain::plan::view::ActionView) -> bool,
) -> String {
    let l = Labels { language: o.language };
    let f = &v.plan.fields;
    let customer = o.audience == Audience::Customer;
    let mut items: Vec<Item<'_>> = v
        .actions
        .iter()
        .filter(|a| a.action.fields.status.is_open() && pick(a))
        .filter(|a| !customer || a.action.fields.share_with_customer)
        .filter_map(|a| {
            let af = &a.action.fields;
            let day = af.due_date?;
            let mut description = format!("{} — {}", v.name, v.account_name);
            if let Some(owner) = af.owner.as_deref().filter(|s| !s.is_empty()) {
                description = format!("{description}\n{}: {owner}", l.text("field.owner"));
            }
            Some(Item {
                uid: format!("{}@keyplan", a.action.id()),
                meta: &a.action.meta,
                day,
                summary: af.title.clone(),
                description,
                status: Some(af.status),
            })
        })
        .collect();
    if !customer && kind == Kind::Events && f.status != PlanStatus::Closed {
        if let Some(day) = f.next_review {
            items.push(Item {
                uid: format!("{}@keyplan", v.plan.id()),
                meta: &v.plan.meta,
                day,
                summary: l.fill(
                    "doc.review_event",
                    &[("plan", v.name.clone()), ("account", v.account_name.clone())],
                ),
                description: format!("{} — {}", v.name, v.account_name),
                status: None,
            });
        }
    }
    items.sort_by(|a, b| a.day.cmp(&b.day).then_with(|| a.uid.cmp(&b.uid)));

    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//Keyplan//Account plans//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(&format!("{} — {}", v.name, v.account_name))));
    for it in &items {
        match kind {
            Kind::Events => {
                line(&mut out, "BEGIN:VEVENT");
                line(&mut out, &format!("UID:{}", it.uid));
                line(&mut out, &format!("DTSTAMP:{}", stamp(it.meta.updated_at)));
                line(&mut out, &format!("DTSTART;VALUE=DATE:{}", date(it.day)));
                line(&mut out, &format!("DTEND;VALUE=DATE:{}", date(it.day + Duration::days(1))));
                line(&mut out, &format!("SEQUENCE:{}", sequence(it.meta)));
                line(&mut out, &format!("SUMMARY:{}", text(&it.summary)));
                line(&mut out, &format!("DESCRIPTION:{}", text(&it.description)));
                // A due date is a reminder, not a meeting: it does not block the day.
                line(&mut out, "TRANSP:TRANSPARENT");
                if let Some(days) = o.remind_days {
                    alarm(&mut out, days, &it.summary, false);
                }
                line(&mut out, "END:VEVENT");
            }
            Kind::Todos => {
                line(&mut out, "BEGIN:VTODO");
                line(&mut out, &format!("UID:{}", it.uid));
                line(&mut out, &format!("DTSTAMP:{}", stamp(it.meta.updated_at)));
                line(&mut out, &format!("DUE;VALUE=DATE:{}", date(it.day)));
                line(&mut out, &format!("SEQUENCE:{}", sequence(it.meta)));
                line(&mut out, &format!("SUMMARY:{}", text(&it.summary)));
                line(&mut out, &format!("DESCRIPTION:{}", text(&it.description)));
                let status = match it.status {
                    Some(ActionStatus::InProgress) => "IN-PROCESS",
                    _ => "NEEDS-ACTION",
                };
                line(&mut out, &format!("STATUS:{status}"));
                if let Some(days) = o.remind_days {
                    alarm(&mut out, days, &it.summary, true);
                }
                line(&mut out, "END:VTODO");
            }
        }
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_backslash_first() {
        assert_eq!(text("a\\b;c,d\ne"), "a\\\\b\\;c\\,d\\ne");
        assert_eq!(text("line\r\nnext"), "line\\nnext");
    }

    #[test]
    fn lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "季度业务回顾".repeat(10));
        line(&mut out, &long);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long, "folding only inserts CRLF + space");
        let mut short = String::new();
        line(&mut short, "VERSION:2.0");
        assert_eq!(short, "VERSION:2.0\r\n");
    }
}
