//! The session: one open database and today's analysis of it, and the policy that ties them
//! together. Every view that shows labels (tiers, stages, risk) reads today's analysis; when that
//! analysis is new, what changed since the last one (tier and stage history, alerts) is kept
//! first, so every view sees history that matches what it shows. A write that changes only one
//! account's facts says so, and the next analysis reloads just that account.
//!
//! The desktop shell and the CLI call one method of a session per command; neither decides
//! when history is written, which account an edit made dirty, or what "today" is.

use chrono::NaiveDate;
use keyplan_domain::account::{AccountFacets, Page};
use keyplan_domain::analytics::{AnalyticsSettings, Segment, Stage, Tier, TierMetric};
use keyplan_domain::demo::{DemoLanguage, DemoSpec};
use keyplan_domain::{Account, AccountInput, AccountQuery, Record};
use keyplan_store::{Db, OpenInfo};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use uuid::Uuid;

use crate::analytics::{
    self as an, AccountInsights, AccountRow, AlertView, Analysis, AnalysisCache, BenchReport,
    Dashboard, KpiGroup, SegmentInput, TableQuery,
};
use crate::backups::{self, BackupFile, Restored};
use crate::export::{self, ExportFormat, ExportRequest};
use crate::import::{self, ImportProgress, ImportRequest, ImportSummary};
use crate::plans;
use crate::sync;
use crate::{
    accounts, demo, records, settings, AccountDetail, AccountRecord, DemoSummary, Result, Settings,
    SettingsPatch,
};
use keyplan_domain::plan::{Comparison, PlanInput, Review, ReviewInput};
use keyplan_formats::Language;

/// How many accounts the demo has, and its seed, when nobody says otherwise: the app's empty
/// state and `keyplan demo` load the same portfolio.
pub const DEMO_ACCOUNTS: usize = 120;
pub const DEMO_SEED: u64 = 1;

/// Today's date where the user is: the one the app analyses as of. In one place, so a session
/// under test can be given a fixed day instead.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// An open database, today's analysis of it, and the last analysis whose changes were kept.
#[derive(Debug)]
pub struct Session {
    db: Db,
    cache: AnalysisCache,
    recorded: Option<Arc<Analysis>>,
    /// None: the wall clock's today. Tests fix it.
    fixed_today: Option<NaiveDate>,
    /// Folders the user picked to save an export in, this run: "Open folder" may show them.
    chosen_dirs: Vec<PathBuf>,
}

impl Session {
    pub fn new(db: Db) -> Self {
        Session {
            db,
            cache: AnalysisCache::default(),
            recorded: None,
            fixed_today: None,
            chosen_dirs: Vec::new(),
        }
    }

    /// Opens (creating and migrating as needed) the database at `path`; see [`crate::open`].
    pub fn open(path: &Path) -> Result<(Session, OpenInfo)> {
        let (db, info) = crate::open(path)?;
        Ok((Session::new(db), info))
    }

    /// The same session, analysing as of `day` instead of the calendar's today.
    pub fn with_today(mut self, day: NaiveDate) -> Self {
        self.fixed_today = Some(day);
        self
    }

    pub fn today(&self) -> NaiveDate {
        self.fixed_today.unwrap_or_else(today)
    }

    /// This database's own id, made when it was created (or upgraded to schema 4).
    pub fn instance_id(&self) -> Result<Uuid> {
        Ok(keyplan_store::instance::id(self.db.conn())?)
    }

    /// The database, for reads that need no analysis (tests, the CLI's listings).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Today's analysis, its changes kept in history the first time it is seen.
    fn analysis(&mut self) -> Result<Arc<Analysis>> {
        let today = self.today();
        let a = self.cache.get(&self.db, today)?;
        if !self.recorded.as_ref().is_some_and(|r| Arc::ptr_eq(r, &a)) {
            an::refresh(&mut self.db, &a)?;
            // The history just written changes no account's facts.
            self.cache.note_write(&self.db, None);
            self.recorded = Some(Arc::clone(&a));
        }
        Ok(a)
    }

    /// Runs `f` with today's analysis. Whatever `f` commits is caught by the cache's change
    /// marker (and the next analysis starts afresh) unless declared with [`Session::wrote`].
    fn analysed<T>(&mut self, f: impl FnOnce(&mut Db, &Analysis) -> Result<T>) -> Result<T> {
        let a = self.analysis()?;
        f(&mut self.db, &a)
    }

    /// Declares the one write just committed: it changed only `account`'s facts (None: no
    /// account's facts, only history), so the next analysis reloads just that account.
    fn wrote(&mut self, account: Option<Uuid>) {
        self.cache.note_write(&self.db, account);
    }

    /// After a write that replaces everything (a restore, the demo): nothing cached is kept.
    fn forget(&mut self) {
        self.cache.clear();
        self.recorded = None;
    }

    // --- Settings and the demo ---------------------------------------------------------------

    pub fn settings(&self) -> Result<Settings> {
        settings::get_settings(&self.db)
    }

    pub fn update_settings(&mut self, patch: &SettingsPatch) -> Result<Settings> {
        settings::update_settings(&mut self.db, patch)
    }

    /// The standard demo ([`DEMO_ACCOUNTS`] accounts, seed [`DEMO_SEED`]) ending today, in
    /// `language`: what the empty state offers.
    pub fn load_standard_demo(&mut self, language: DemoLanguage) -> Result<DemoSummary> {
        let spec = self.demo_spec(DEMO_ACCOUNTS, DEMO_SEED, language, None);
        self.load_demo(&spec)
    }

    /// A demo spec ending on `end` (default today), stamped now.
    pub fn demo_spec(
        &self,
        accounts: usize,
        seed: u64,
        language: DemoLanguage,
        end: Option<NaiveDate>,
    ) -> DemoSpec {
        let now = crate::now();
        DemoSpec {
            accounts,
            seed,
            language,
            end: end.unwrap_or_else(|| self.today()),
            now,
            order_scale: 1.0,
            plans: true,
        }
    }

    pub fn load_demo(&mut self, spec: &DemoSpec) -> Result<DemoSummary> {
        let summary = demo::load_demo(&mut self.db, spec)?;
        self.forget();
        Ok(summary)
    }

    // --- Accounts and their records ----------------------------------------------------------

    pub fn list_accounts(&self, query: &AccountQuery) -> Result<Page<Account>> {
        accounts::list_accounts(&self.db, query)
    }

    pub fn account_facets(&self) -> Result<AccountFacets> {
        accounts::account_facets(&self.db)
    }

    pub fn account_detail(&self, id: Uuid) -> Result<AccountDetail> {
        accounts::account_detail(&self.db, id)
    }

    /// An account by id, or by name (exact after normalising), for the CLI.
    pub fn find_account(&self, name_or_id: &str) -> Result<Account> {
        accounts::find_account(&self.db, name_or_id)
    }

    pub fn create_account(&mut self, input: &AccountInput) -> Result<Account> {
        accounts::create_account(&mut self.db, input)
    }

    pub fn update_account(&mut self, id: Uuid, input: &AccountInput) -> Result<Account> {
        let account = accounts::update_account(&mut self.db, id, input)?;
        self.wrote(Some(id));
        Ok(account)
    }

    pub fn delete_account(&mut self, id: Uuid) -> Result<()> {
        accounts::delete_account(&mut self.db, id)
    }

    pub fn create<K: AccountRecord>(
        &mut self,
        account_id: Uuid,
        input: &K::Input,
    ) -> Result<Record<K::Fields>> {
        let record = records::create::<K>(&mut self.db, account_id, input)?;
        self.wrote(Some(account_id));
        Ok(record)
    }

    pub fn update<K: AccountRecord>(
        &mut self,
        id: Uuid,
        input: &K::Input,
    ) -> Result<Record<K::Fields>> {
        let record = records::update::<K>(&mut self.db, id, input)?;
        self.wrote(Some(K::account_id(&record.fields)));
        Ok(record)
    }

    pub fn delete<K: AccountRecord>(&mut self, id: Uuid) -> Result<()> {
        records::delete::<K>(&mut self.db, id)
    }

    /// Puts an opportunity in one of its account's plans (None: in none).
    pub fn link_opportunity(
        &mut self,
        id: Uuid,
        plan: Option<Uuid>,
    ) -> Result<Record<keyplan_domain::OpportunityFields>> {
        let record = records::link_opportunity(&mut self.db, id, plan)?;
        self.wrote(Some(record.fields.account_id));
        Ok(record)
    }

    // --- Analytics ---------------------------------------------------------------------------

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
        self.analysed(|db, a| an::set_tier_override(db, id, tier, reason, a))?;
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
        self.analysed(|db, a| an::set_stage_override(db, id, stage, reason, a))?;
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
        an::set_marked_lost(&mut self.db, id, lost)?;
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

    // --- Account plans -------------------------------------------------------------------------

    /// The Plans page (or one account's plans): due for review first.
    pub fn plans(&mut self, account: Option<Uuid>) -> Result<Vec<plans::view::PlanRow>> {
        self.analysed(|db, a| plans::view::plan_rows(db, account, a))
    }

    /// One plan with everything computed as of today.
    pub fn plan(&mut self, id: Uuid) -> Result<plans::view::PlanView> {
        self.analysed(|db, a| plans::view::plan_view(db, id, a))
    }

    /// A plan exported as `req` asks, as of today: its bytes and a file name to offer.
    pub fn export_plan(
        &mut self,
        id: Uuid,
        req: &plans::export::ExportRequest,
    ) -> Result<(Vec<u8>, String)> {
        let (format, options) = self.export_options(req)?;
        let v = self.plan(id)?;
        let name = plans::export::file_name(&v, format, &options, req.review);
        Ok((plans::export::render(&v, format, &options, req.review)?, name))
    }

    /// A plan exported as `req` asks into the downloads folder; returns where it was written.
    pub fn export_plan_to_downloads(
        &mut self,
        id: Uuid,
        req: &plans::export::ExportRequest,
    ) -> Result<PathBuf> {
        let (bytes, name) = self.export_plan(id, req)?;
        crate::files::write_to_downloads(&self.db, &name, &bytes)
    }

    /// Several plans exported as `req` asks (one file each, or with `combined` one PDF), as
    /// (bytes, file name); a plan that cannot be exported fails them all, before anything is
    /// written. The same plan named twice is exported once.
    pub fn export_plans(
        &mut self,
        ids: &[Uuid],
        req: &plans::export::ExportRequest,
        combined: bool,
    ) -> Result<Vec<(Vec<u8>, String)>> {
        let (format, options) = self.export_options(req)?;
        let views = self.plans_by_id(ids)?;
        Ok(plans::export::render_many(&views, format, &options, combined)?
            .into_iter()
            .map(|(name, bytes)| (bytes, name))
            .collect())
    }

    /// [`Session::export_plans`] into the downloads folder; returns the paths written.
    pub fn export_plans_to_downloads(
        &mut self,
        ids: &[Uuid],
        req: &plans::export::ExportRequest,
        combined: bool,
    ) -> Result<Vec<PathBuf>> {
        let files = self.export_plans(ids, req, combined)?;
        crate::files::write_all_new(&crate::files::downloads_dir(&self.db), &files)
    }

    /// The first page of the plan's PDF (or of a review's minutes) as SVG, with the page count:
    /// the export dialog's preview.
    pub fn plan_pdf_preview(
        &mut self,
        id: Uuid,
        req: &plans::export::ExportRequest,
    ) -> Result<(String, usize)> {
        let (_, options) = self.export_options(req)?;
        plans::export::preview(&self.plan(id)?, &options, req.review)
    }

    /// The checked export request: its format, and the options as of today in the base currency.
    fn export_options(
        &self,
        req: &plans::export::ExportRequest,
    ) -> Result<(plans::export::PlanFormat, keyplan_formats::plan::Options)> {
        plans::export::options(req, self.today(), self.settings()?.currency)
    }

    /// The plans `ids` names, each once, in the order named.
    fn plans_by_id(&mut self, ids: &[Uuid]) -> Result<Vec<plans::view::PlanView>> {
        let mut seen = std::collections::HashSet::new();
        ids.iter().filter(|id| seen.insert(**id)).map(|id| self.plan(*id)).collect()
    }

    /// What the customer-safe exports of several plans leave out, section by section, summed.
    pub fn plans_left_out(&mut self, ids: &[Uuid]) -> Result<Vec<keyplan_formats::plan::LeftOut>> {
        let views = self.plans_by_id(ids)?;
        Ok(keyplan_formats::plan::left_out_many(&views))
    }

    /// Writes an export where the user chose in the save dialog, and lets "Open folder" show
    /// that folder from now on.
    /// A file already there is replaced only once the new one is whole: a failed write (a full
    /// disk) leaves it as it was.
    pub fn write_export(&mut self, path: &Path, bytes: &[u8]) -> Result<()> {
        crate::files::replace(path, bytes)?;
        if let Some(dir) = path.parent().and_then(|d| std::fs::canonicalize(d).ok()) {
            if !self.chosen_dirs.contains(&dir) {
                self.chosen_dirs.push(dir);
            }
        }
        Ok(())
    }

    /// Shows the folder of a file just exported (to Downloads, or where the user chose) in the
    /// system's file manager.
    pub fn open_export_folder(&self, path: &Path) -> Result<()> {
        export::open_export_folder(&self.db, path, &self.chosen_dirs)
    }

    /// What the customer-safe export of a plan leaves out, section by section (the export
    /// dialog shows it before writing).
    pub fn plan_left_out(&mut self, id: Uuid) -> Result<Vec<keyplan_formats::plan::LeftOut>> {
        Ok(keyplan_formats::plan::left_out(&self.plan(id)?))
    }

    /// One plan as of another day, read only (nothing is kept in history).
    pub fn plan_as_of(&self, id: Uuid, as_of: NaiveDate) -> Result<plans::view::PlanView> {
        let a = self.analyze(Some(as_of), None)?;
        plans::view::plan_view(&self.db, id, &a)
    }

    /// What kind of plan record `id` is: plan, goal, objective, value, stakeholder, action,
    /// risk, resource or review.
    pub fn plan_item_kind(&self, id: Uuid) -> Result<plans::items::PlanRecord> {
        plans::items::kind_of(&self.db, id)
    }

    /// A stored plan item, for an edit that keeps the fields it does not change.
    pub fn plan_item<K: plans::PlanItem>(&self, id: Uuid) -> Result<Record<K::Fields>> {
        Ok(keyplan_store::plans::get::<K>(self.db.conn(), id)?)
    }

    /// Makes a plan (from a template in the user's language, or rolled forward).
    pub fn create_plan(
        &mut self,
        account_id: Uuid,
        req: &plans::NewPlan,
    ) -> Result<plans::view::PlanView> {
        let language = Language::from_tag(self.settings()?.language.as_deref());
        let plan = self.analysed(|db, a| plans::create_plan(db, account_id, req, a, language))?;
        // Whether the account has a live plan is one of its facts (coverage, the strategy).
        self.wrote(Some(account_id));
        self.plan(plan.id())
    }

    pub fn update_plan(&mut self, id: Uuid, input: &PlanInput) -> Result<plans::view::PlanView> {
        let today = self.today();
        let plan = plans::update_plan(&mut self.db, id, input, today)?;
        self.wrote(Some(plan.fields.account_id));
        self.plan(id)
    }

    pub fn delete_plan(&mut self, id: Uuid) -> Result<()> {
        plans::delete_plan(&mut self.db, id)
    }

    pub fn add_plan_item<K: plans::PlanItem>(
        &mut self,
        plan_id: Uuid,
        input: &K::Input,
    ) -> Result<Record<K::Fields>> {
        let today = self.today();
        let item = plans::items::add::<K>(&mut self.db, plan_id, input, today)?;
        self.wrote(None);
        Ok(item)
    }

    pub fn update_plan_item<K: plans::PlanItem>(
        &mut self,
        id: Uuid,
        input: &K::Input,
    ) -> Result<Record<K::Fields>> {
        let today = self.today();
        let item = plans::items::update::<K>(&mut self.db, id, input, today)?;
        self.wrote(None);
        Ok(item)
    }

    pub fn remove_plan_item<K: plans::PlanItem>(&mut self, id: Uuid) -> Result<()> {
        plans::items::remove::<K>(&mut self.db, id)?;
        self.wrote(None);
        Ok(())
    }

    /// Holds a review of the plan now, with its snapshot.
    pub fn hold_review(&mut self, plan_id: Uuid, input: &ReviewInput) -> Result<Review> {
        let review = self.analysed(|db, a| plans::hold_review(db, plan_id, input, a))?;
        self.wrote(None);
        Ok(review)
    }

    pub fn compare_reviews(&self, a: Uuid, b: Uuid) -> Result<Comparison> {
        plans::compare_reviews(&self.db, a, b)
    }

    /// Adds an item and returns the plan as it now is (what the plan editor shows next).
    pub fn add_plan_item_view(
        &mut self,
        plan_id: Uuid,
        item: &plans::items::PlanItemInput,
    ) -> Result<plans::view::PlanView> {
        plans::items::with_plan_item!(item, |K, input| self
            .add_plan_item::<K>(plan_id, input)
            .map(|_| ()))?;
        self.plan(plan_id)
    }

    /// Changes an item and returns its plan as it now is. The id must be an item of the kind
    /// the input is for.
    pub fn update_plan_item_view(
        &mut self,
        id: Uuid,
        item: &plans::items::PlanItemInput,
    ) -> Result<plans::view::PlanView> {
        let plan = plans::items::with_plan_item!(item, |K, input| self
            .update_plan_item::<K>(id, input)
            .map(|i| <K as plans::PlanItem>::plan_id(&i.fields)))?;
        self.plan(plan)
    }

    /// Removes an item of any kind (found by its id) and returns its plan as it now is.
    pub fn remove_plan_item_view(&mut self, id: Uuid) -> Result<plans::view::PlanView> {
        use keyplan_domain::PlanItemKind as I;
        use plans::items::PlanRecord;
        let kind = match self.plan_item_kind(id)? {
            PlanRecord::Item(kind) if kind.editable() => kind,
            PlanRecord::Plan | PlanRecord::Item(_) => {
                return Err(crate::AppError::Usage(format!(
                    "{id} is not an item that is removed on its own (a plan, or a review)"
                )))
            }
        };
        let plan = match kind {
            I::Goal => self.remove_item_of::<plans::Goals>(id),
            I::Objective => self.remove_item_of::<plans::Objectives>(id),
            I::ValueProposition => self.remove_item_of::<plans::ValuePropositions>(id),
            I::Stakeholder => self.remove_item_of::<plans::Stakeholders>(id),
            I::Action => self.remove_item_of::<plans::Actions>(id),
            I::Risk => self.remove_item_of::<plans::Risks>(id),
            I::Resource => self.remove_item_of::<plans::Resources>(id),
            I::Review => Err(crate::AppError::Internal("a review is not removed".into())),
        }?;
        self.plan(plan)
    }

    /// Removes an item of kind `K`; returns its plan's id.
    fn remove_item_of<K: plans::PlanItem>(&mut self, id: Uuid) -> Result<Uuid> {
        let item = self.plan_item::<K>(id)?;
        self.remove_plan_item::<K>(id)?;
        Ok(K::plan_id(&item.fields))
    }

    /// Holds a review and returns the plan with it.
    pub fn hold_review_view(
        &mut self,
        plan_id: Uuid,
        input: &ReviewInput,
    ) -> Result<plans::view::PlanView> {
        self.hold_review(plan_id, input)?;
        self.plan(plan_id)
    }

    /// Marks an action done today (the Actions page's one keystroke), or open again.
    pub fn set_action_done(
        &mut self,
        id: Uuid,
        done: bool,
    ) -> Result<Record<keyplan_domain::plan::ActionFields>> {
        let stored = self.plan_item::<plans::Actions>(id)?;
        let mut input = keyplan_domain::plan::ActionInput::from(&stored.fields);
        input.status = Some(if done { "done" } else { "open" }.to_string());
        input.done_on = None;
        self.update_plan_item::<plans::Actions>(id, &input)
    }

    /// The Actions page: every open action across plans, overdue first.
    pub fn actions(
        &self,
        due_before: Option<NaiveDate>,
        overdue_only: bool,
    ) -> Result<Vec<plans::view::ActionRow>> {
        plans::view::action_rows(&self.db, self.today(), due_before, overdue_only)
    }

    // --- Files in and out --------------------------------------------------------------------

    /// Keeps the bytes of a file the user picked in the `imports` folder; returns where.
    pub fn stage_import(&self, name: &str, bytes: &[u8]) -> Result<PathBuf> {
        import::stage_file(&self.db, name, bytes)
    }

    /// Imports a file; `progress` is called every few thousand rows and cancels with false.
    pub fn import(
        &mut self,
        req: &ImportRequest,
        progress: &mut dyn FnMut(ImportProgress) -> bool,
    ) -> Result<ImportSummary> {
        import::import_file_with(&mut self.db, req, progress)
    }

    /// The accounts `req` selects, as of today, written to the Downloads folder.
    pub fn export_portfolio_to_downloads(
        &mut self,
        format: ExportFormat,
        req: &ExportRequest,
    ) -> Result<PathBuf> {
        self.analysed(|db, a| export::export_to_downloads(db, a, format, req))
    }

    /// The portfolio as of `as_of` (default today) as file bytes; the language defaults to the
    /// user's setting. Read only. Returns the bytes and how many accounts they hold.
    pub fn export_portfolio(
        &self,
        as_of: Option<NaiveDate>,
        format: ExportFormat,
        req: &ExportRequest,
    ) -> Result<(Vec<u8>, usize)> {
        let a = self.analyze(as_of, None)?;
        let mut req = req.clone();
        if req.language.is_none() {
            req.language = self.settings()?.language;
        }
        let bytes = export::export_portfolio(&self.db, &a, format, &req)?;
        Ok((bytes, a.results.len()))
    }

    pub fn list_backups(&self) -> Result<Vec<BackupFile>> {
        backups::list_backups(&self.db)
    }

    pub fn backup_now(&self, out: Option<&Path>) -> Result<BackupFile> {
        backups::backup_now(&self.db, out)
    }

    pub fn restore(&mut self, file: &Path) -> Result<Restored> {
        let restored = backups::restore(&mut self.db, file)?;
        self.forget();
        Ok(restored)
    }

    // --- Sharing between laptops -------------------------------------------------------------

    /// A `.keyplan` bundle of `scope`, written by this laptop's user.
    pub fn export_bundle(&self, scope: &sync::BundleScope) -> Result<sync::ExportedBundle> {
        let user = self.settings()?.user_name;
        sync::export_bundle(&self.db, scope, &user)
    }

    /// A bundle of `scope` and the file name to offer for it: the account's name (and the
    /// plan's period) when it holds one, else the user's, then today's date.
    pub fn bundle_file(
        &mut self,
        scope: &sync::BundleScope,
    ) -> Result<(sync::ExportedBundle, String)> {
        let bundle = self.export_bundle(scope)?;
        let what = match (scope.all, &scope.accounts[..], &scope.plans[..]) {
            (false, [account], []) => self.find_account(&account.to_string())?.fields.name,
            (false, [], [plan]) => {
                let v = self.plan(*plan)?;
                format!("{} {}", v.account_name, v.plan.fields.period)
            }
            _ => format!("Keyplan {}", self.settings()?.user_name),
        };
        let name = plans::export::clean_name(&format!("{what} {}.keyplan", self.today()));
        Ok((bundle, name))
    }

    /// A bundle of `scope` written into the downloads folder (never over a file there).
    pub fn export_bundle_to_downloads(
        &mut self,
        scope: &sync::BundleScope,
    ) -> Result<(PathBuf, sync::ExportedBundle)> {
        let (bundle, name) = self.bundle_file(scope)?;
        let path = crate::files::write_to_downloads(&self.db, &name, &bundle.bytes)?;
        Ok((path, bundle))
    }

    /// Merges the bundle at `path` (or previews the merge, with `dry_run`).
    pub fn import_bundle(&mut self, path: &Path, dry_run: bool) -> Result<sync::MergeSummary> {
        let summary = sync::import_bundle(&mut self.db, path, dry_run)?;
        if !dry_run {
            // Any account's facts may have changed.
            self.forget();
        }
        Ok(summary)
    }

    /// Merges a bundle's bytes (a file dropped on the window); `name` names it in messages.
    pub fn merge_bundle(
        &mut self,
        name: &str,
        bytes: &[u8],
        dry_run: bool,
    ) -> Result<sync::MergeSummary> {
        let summary = sync::merge_bytes(&mut self.db, name, bytes, dry_run)?;
        if !dry_run {
            self.forget();
        }
        Ok(summary)
    }

    /// Syncs through `dir`, or the folder set in Settings: merges the other laptops' bundles
    /// there, then writes this laptop's own.
    pub fn sync_folder(
        &mut self,
        dir: Option<&Path>,
        with_transactions: bool,
    ) -> Result<sync::FolderSync> {
        let settings = self.settings()?;
        let dir = match dir {
            Some(d) => d.to_path_buf(),
            None => settings.sync_folder.map(PathBuf::from).ok_or_else(|| {
                crate::AppError::field("sync_folder", keyplan_domain::Problem::Required)
            })?,
        };
        let result = sync::sync_folder(&mut self.db, &dir, &settings.user_name, with_transactions)?;
        if result.changed() {
            self.forget();
        }
        Ok(result)
    }

    /// Lets this session's writes be stamped as if its clock were `offset_ms` off (tests of a
    /// laptop with its clock set wrong).
    pub fn set_clock_offset(&mut self, offset_ms: i64) {
        self.db.set_clock_offset(offset_ms);
    }

    /// The conflicts list: open ones, or all with `all`.
    pub fn conflicts(&self, all: bool) -> Result<Vec<sync::ConflictView>> {
        sync::conflicts(&self.db, all, &self.settings()?.user_name)
    }

    /// This laptop's latest change (the clock's last stamp, as text): it moves with every
    /// write and every merge that changed something.
    pub fn last_change(&self) -> Result<String> {
        let last = keyplan_store::sync::last_stamp(self.db.conn(), self.db.wall_ms())?;
        Ok(last.map(|s| s.to_string()).unwrap_or_default())
    }

    pub fn open_conflicts(&self) -> Result<usize> {
        sync::open_conflicts(&self.db)
    }

    /// Settles a conflict and returns the open ones left (the Conflicts view's next state).
    pub fn settle_conflict_view(
        &mut self,
        record: Uuid,
        field: &str,
        lost: keyplan_domain::sync::Stamp,
        keep: bool,
    ) -> Result<Vec<sync::ConflictView>> {
        self.settle_conflict(record, field, lost, keep)?;
        self.conflicts(false)
    }

    /// Settles a conflict: `keep` takes the value that lost, otherwise it is dismissed.
    pub fn settle_conflict(
        &mut self,
        record: Uuid,
        field: &str,
        lost: keyplan_domain::sync::Stamp,
        keep: bool,
    ) -> Result<()> {
        sync::settle_conflict(&mut self.db, record, field, lost, keep)?;
        if keep {
            self.forget();
        }
        Ok(())
    }
}
