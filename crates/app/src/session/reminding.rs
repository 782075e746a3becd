//! Reminders: their settings, the window's Today list without what was put off, putting one
//! off, and what a desktop notification should say now.

use chrono::{DateTime, Local, NaiveDate, Utc};
use keyplan_domain::reminders::ReminderSettings;
use uuid::Uuid;

use crate::reminders::{self, Notice, Snooze, TodayList};
use crate::today::TodayKind;
use crate::{AppError, Result};

use super::Session;

impl Session {
    pub fn reminder_settings(&self) -> Result<ReminderSettings> {
        reminders::settings(&self.db)
    }

    /// Checks and keeps new reminder settings (their lead times shape the Today list).
    pub fn save_reminder_settings(&mut self, new: &ReminderSettings) -> Result<ReminderSettings> {
        let saved = reminders::save_settings(&mut self.db, new)?;
        self.wrote(None);
        Ok(saved)
    }

    /// The window's Today list: what is due and not put off, and how many are put off.
    pub fn today_list(&mut self) -> Result<TodayList> {
        let all = self.today_items()?;
        reminders::waiting(&self.db, all, Utc::now())
    }

    /// Puts off one thing due (`how`: for an hour, until tomorrow, until next week), or (None)
    /// is done with it until it is due again; returns the Today list after it.
    pub fn put_off_reminder(
        &mut self,
        kind: TodayKind,
        id: Uuid,
        how: Option<Snooze>,
    ) -> Result<TodayList> {
        let all = self.today_items()?;
        let item = all
            .iter()
            .find(|i| i.kind == kind && i.id == id)
            .ok_or_else(|| AppError::not_found("reminder", id))?;
        let until = how.map(|h| reminders::snoozed_until(h, Local::now()));
        reminders::put_off(&mut self.db, item, until)?;
        self.wrote(None);
        self.today_list()
    }

    /// What to notify at `now` (see [`reminders::notices`]). Nothing is noted as shown until
    /// [`Session::notice_shown`] says it was.
    pub fn due_notices(&mut self, now: DateTime<Local>) -> Result<Vec<Notice>> {
        let settings = reminders::settings(&self.db)?;
        let language = crate::settings::language(&self.db)?;
        let all = self.today_items()?;
        reminders::notices(&self.db, all, &settings, now, language)
    }

    /// Notes that `notice` was shown on `day`: what it stands for is not shown again that day
    /// (an alert: not again, until it is snoozed).
    pub fn notice_shown(&mut self, notice: &Notice, day: NaiveDate) -> Result<()> {
        reminders::mark_notified(&mut self.db, &notice.items, day)?;
        self.wrote(None);
        Ok(())
    }
}
