//! Analytics: the dashboard, labels, alerts, segments, KPIs and the analytics settings.

use chrono::NaiveDate;
use keyplan_domain::account::Page;
use keyplan_domain::analytics::{AnalyticsSettings, Segment, Stage, Tier, TierMetric};
use uuid::Uuid;

use crate::analytics::{
    self as an, AccountInsights, AccountRow, AlertView, Analysis, BenchReport, Dashboard, KpiGroup,
    SegmentInput, TableQuery,
};
use crate::undo::{Action, Reach};
use crate::Result;
use keyplan_domain::RecordKind;

use super::Session;

impl Session {
    pub fn dashboard(&mut self, segment: Option<Uuid>, kpi_days: Option<u32>) -> Result<Dashboard> {
        self.analysed(|db, a| an::dashboard(db, a, segment, kpi_days))
    }

    pub fn account_rows(&mut self, query: &TableQuery) -> Result<Page<AccountRow>> {
        self.analysed(|db, a| an::account_rows(db, a, query))
    }

    pub fn account_insights(&mut self, id: Uuid) -> Result<AccountInsights> {
        self.analysed(|db, a| an::account_insights(db, id, a))
    }

    /// Sets or clears the manual tier; returns the account's insights afterwards.
    pub fn set_tier_override(
        &mut self,
        id: Uuid,
        tier: Option<Tier>,
        reason: Option<&str>,
    ) -> Result<AccountInsights> {
        self.step(Action::Label, (RecordKind::Account, id), Reach::Record, |s| {
            s.analysed(|db, a| an::set_tier_override(db, id, tier, reason, a))
        })?;
        self.wrote(Some(id));
        self.account_insights(id)
    }

    /// Sets or clears the manual stage; returns the account's insights afterwards.
    pub fn set_stage_override(
        &mut self,
        id: Uuid,
        stage: Option<Stage>,
        reason: Option<&str>,
    ) -> Result<AccountInsights> {
        self.step(Action::Label, (RecordKind::Account, id), Reach::Record, |s| {
            s.analysed(|db, a| an::set_stage_override(db, id, stage, reason, a))
        })?;
        self.wrote(Some(id));
        self.account_insights(id)
    }

    /// Agrees with the suggested stage (kept in history only); returns the insights.
    pub fn confirm_stage(&mut self, id: Uuid) -> Result<AccountInsights> {
        self.analysed(|db, a| an::confirm_stage(db, id, a))?;
        self.wrote(None);
        self.account_insights(id)
    }

    pub fn set_marked_lost(&mut self, id: Uuid, lost: bool) -> Result<AccountInsights> {
        self.step(Action::Label, (RecordKind::Account, id), Reach::Record, |s| {
            an::set_marked_lost(&mut s.db, id, lost)
        })?;
        self.wrote(Some(id));
        self.account_insights(id)
    }

    pub fn alerts(&mut self, include_hidden: bool) -> Result<Vec<AlertView>> {
        self.analysed(|db, a| an::alert_list(db, a, include_hidden))
    }

    pub fn acknowledge_alert(&mut self, id: Uuid) -> Result<()> {
        an::acknowledge_alert(&mut self.db, id)
    }

    /// Snoozes an alert until a day after today; None wakes it now.
    pub fn snooze_alert(&mut self, id: Uuid, until: Option<NaiveDate>) -> Result<()> {
        let today = self.today();
        an::snooze_alert(&mut self.db, id, until, today)
    }

    pub fn list_segments(&self) -> Result<Vec<Segment>> {
        an::list_segments(&self.db)
    }

    pub fn create_segment(&mut self, input: &SegmentInput) -> Result<Segment> {
        an::create_segment(&mut self.db, input)
    }

    pub fn update_segment(&mut self, id: Uuid, input: &SegmentInput) -> Result<Segment> {
        an::update_segment(&mut self.db, id, input)
    }

    pub fn delete_segment(&mut self, id: Uuid) -> Result<()> {
        an::delete_segment(&mut self.db, id)
    }

    /// KPIs as of today for the period after `from` (default: the last 365 days).
    pub fn kpis(&mut self, from: Option<NaiveDate>) -> Result<Vec<KpiGroup>> {
        self.analysed(|db, a| an::kpi_groups(db, a, from))
    }

    pub fn analytics_settings(&self) -> Result<AnalyticsSettings> {
        an::analytics_settings(&self.db)
    }

    pub fn save_analytics_settings(
        &mut self,
        settings: &AnalyticsSettings,
    ) -> Result<AnalyticsSettings> {
        an::save_analytics_settings(&mut self.db, settings)
    }

    pub fn reset_analytics_settings(&mut self) -> Result<AnalyticsSettings> {
        an::reset_analytics_settings(&mut self.db)
    }

    /// The portfolio analysed as of `as_of` (default today), read only: nothing is kept in
    /// history, since a past date's labels are not news. `metric` re-ranks tiers without
    /// changing the saved setting.
    pub fn analyze(
        &self,
        as_of: Option<NaiveDate>,
        metric: Option<TierMetric>,
    ) -> Result<Analysis> {
        an::analyze_by(&self.db, as_of.unwrap_or_else(|| self.today()), metric)
    }

    /// What is due as of today: the window's Today panel.
    pub fn today_items(&mut self) -> Result<Vec<crate::today::TodayItem>> {
        self.analysed(|db, a| crate::today::items(db, a))
    }

    /// What is due as of `as_of` (default today), read only (`keyplan today`): alerts as last
    /// raised.
    pub fn today_as_of(&self, as_of: Option<NaiveDate>) -> Result<Vec<crate::today::TodayItem>> {
        let a = self.analyze(as_of, None)?;
        crate::today::items(&self.db, &a)
    }

    /// KPIs as of `as_of` (default today), read only.
    pub fn kpis_as_of(
        &self,
        as_of: Option<NaiveDate>,
        from: Option<NaiveDate>,
    ) -> Result<Vec<KpiGroup>> {
        let a = self.analyze(as_of, None)?;
        an::kpi_groups(&self.db, &a, from)
    }

    pub fn bench(&mut self, as_of: Option<NaiveDate>, runs: usize) -> Result<BenchReport> {
        let as_of = as_of.unwrap_or_else(|| self.today());
        let report = an::bench(&mut self.db, as_of, runs)?;
        self.forget();
        Ok(report)
    }
}
