//! Reminders: a notification once per item per day, grouped when many, never in quiet hours or
//! when turned off, in the user's language; snoozed or dismissed items leave the Today list and
//! the notifications; the lead times are the user's and bad settings are named.

// Tests: a failed unwrap is a failed test, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::{DateTime, Local, TimeZone};
use keyplan_app::domain::reminders::ReminderSettings;
use keyplan_app::reminders::{Notice, Snooze};
use keyplan_app::today::TodayKind;
use keyplan_app::{AppError, Session, SettingsPatch};

fn session() -> (tempfile::TempDir, Session) {
    let (dir, mut s) = common::demo_session(40, 5);
    s.update_settings(&SettingsPatch { language: Some("en".into()), ..Default::default() })
        .unwrap();
    (dir, s)
}

/// What the desktop would show at `now`, each noted as shown (as the reminder loop does once
/// the notification service took it).
fn notify(s: &mut Session, now: DateTime<Local>) -> Vec<Notice> {
    let notices = s.due_notices(now).unwrap();
    for n in &notices {
        s.notice_shown(n, now.date_naive()).unwrap();
    }
    notices
}

fn at(day: u32, hour: u32) -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, day, hour, 0, 0).earliest().unwrap()
}

#[test]
fn once_a_day_grouped_and_never_in_quiet_hours() {
    let (_d, mut s) = session();
    let all = s.today_items().unwrap();
    assert!(all.len() > 3, "the demo has things due: {}", all.len());
    let first = notify(&mut s, at(22, 10));
    assert!(!first.is_empty());
    let shown: usize = first.iter().map(|n| n.count).sum();
    assert_eq!(shown, all.len(), "every kind is on by default");
    for n in &first {
        assert!(n.route.starts_with("#/"), "{n:?}");
        if n.count > 1 {
            assert!(n.title.starts_with(&n.count.to_string()), "grouped: {n:?}");
        }
    }
    assert!(notify(&mut s, at(22, 15)).is_empty(), "once per item per day");
    let next_day = notify(&mut s, at(23, 10));
    let again: usize = next_day.iter().map(|n| n.count).sum();
    let alerts = all.iter().filter(|i| i.kind == TodayKind::Alert).count();
    assert_eq!(again, all.len() - alerts, "what is due again the next day; an alert only once");

    let quiet = ReminderSettings {
        quiet_from: Some("21:00".into()),
        quiet_until: Some("08:00".into()),
        ..ReminderSettings::default()
    };
    s.save_reminder_settings(&quiet).unwrap();
    assert!(notify(&mut s, at(24, 7)).is_empty(), "quiet until eight");
    assert!(!notify(&mut s, at(24, 8)).is_empty());
    let nameless = ReminderSettings { show_names: false, ..ReminderSettings::default() };
    s.save_reminder_settings(&nameless).unwrap();
    let counted = notify(&mut s, at(26, 10));
    assert!(!counted.is_empty());
    for n in &counted {
        assert!(
            all.iter().all(|i| !n.body.contains(&i.account) && !n.title.contains(&i.account)),
            "{n:?}"
        );
    }
    let off = ReminderSettings { notify: false, ..ReminderSettings::default() };
    s.save_reminder_settings(&off).unwrap();
    assert!(notify(&mut s, at(25, 10)).is_empty(), "turned off");
    assert_eq!(s.today_list().unwrap().items.len(), all.len(), "the Today list stays");
}

#[test]
fn in_chinese_when_the_window_speaks_chinese() {
    let (_d, mut s) = session();
    s.update_settings(&SettingsPatch { language: Some("zh-CN".into()), ..Default::default() })
        .unwrap();
    let notices = notify(&mut s, at(22, 10));
    assert!(notices.iter().all(|n| !n.title.is_ascii()), "{notices:?}");
}

#[test]
fn a_snoozed_or_dismissed_item_leaves_the_list_and_the_notifications() {
    let (_d, mut s) = session();
    let before = s.today_list().unwrap();
    let one = before.items[0].clone();
    let after = s.put_off_reminder(one.kind, one.id, Some(Snooze::Hour)).unwrap();
    assert_eq!((after.items.len(), after.put_off), (before.items.len() - 1, 1));
    assert!(after.items.iter().all(|i| i.id != one.id));
    let two = after.items[0].clone();
    let after = s.put_off_reminder(two.kind, two.id, None).unwrap();
    assert_eq!(after.put_off, 2);
    let counted: usize = notify(&mut s, Local::now()).iter().map(|n| n.count).sum();
    assert_eq!(counted, before.items.len() - 2);
    let err = s.put_off_reminder(TodayKind::Action, uuid::Uuid::nil(), None).unwrap_err();
    assert!(matches!(err, AppError::NotFound { .. }), "{err:?}");
}

#[test]
fn lead_times_are_the_users_and_bad_ones_are_named() {
    let (_d, mut s) = session();
    let renewals = |s: &mut Session| {
        s.today_items().unwrap().iter().filter(|i| i.kind == TodayKind::Renewal).count()
    };
    let by_default = renewals(&mut s);
    let none = ReminderSettings {
        renewal_lead_days_a: 0,
        renewal_lead_days_b: 0,
        renewal_lead_days_c: 0,
        ..ReminderSettings::default()
    };
    s.save_reminder_settings(&none).unwrap();
    assert!(renewals(&mut s) < by_default || by_default == 0);
    let year = ReminderSettings {
        renewal_lead_days_a: 365,
        renewal_lead_days_b: 365,
        renewal_lead_days_c: 365,
        ..ReminderSettings::default()
    };
    s.save_reminder_settings(&year).unwrap();
    assert!(renewals(&mut s) >= by_default);
    let bad = ReminderSettings { review_lead_days: 99, quiet_from: Some("8pm".into()), ..year };
    let AppError::Invalid(errors) = s.save_reminder_settings(&bad).unwrap_err() else {
        panic!("invalid")
    };
    let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["review_lead_days", "quiet_from", "quiet_until"]);
    assert_eq!(s.reminder_settings().unwrap().review_lead_days, 1, "nothing was kept");
}

#[test]
fn a_reminder_not_shown_comes_again_and_a_snooze_brings_it_back_when_it_ends() {
    let (_d, mut s) = session();
    let now = Local::now();
    // The service was not there: nothing was noted, so the next look has the same to say.
    let unshown: usize = s.due_notices(now).unwrap().iter().map(|n| n.count).sum();
    assert!(unshown > 0);
    let shown: usize = notify(&mut s, now).iter().map(|n| n.count).sum();
    assert_eq!(shown, unshown);
    assert!(notify(&mut s, now).is_empty());
    let one = s.today_list().unwrap().items[0].clone();
    s.put_off_reminder(one.kind, one.id, Some(Snooze::Hour)).unwrap();
    assert!(notify(&mut s, now).is_empty(), "snoozed");
    let later = now + chrono::Duration::hours(2);
    let again = notify(&mut s, later);
    let again: usize = again.iter().map(|n| n.count).sum();
    if later.date_naive() == now.date_naive() {
        assert_eq!(again, 1, "only the snoozed one, when its snooze ends");
    } else {
        assert!(again >= 1, "a new day: everything due again");
    }
}
