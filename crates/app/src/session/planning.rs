//! Account plans: the Plans and Actions pages, a plan, its items and reviews, and its exports.

use chrono::NaiveDate;
use keyplan_domain::{Record, RecordKind};
use std::path::{Path, PathBuf};
use uuid::Uuid;

use crate::export;
use crate::plans;
use crate::undo::{Action, Reach};
use crate::Result;
use keyplan_domain::plan::{Comparison, PlanInput, Review, ReviewInput};
use keyplan_formats::Language;

use super::Session;

impl Session {
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
        crate::files::write_all_new(&crate::files::downloads(&self.db)?, &files)
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
        let plan = self.making(
            RecordKind::Plan,
            |s| s.analysed(|db, a| plans::create_plan(db, account_id, req, a, language)),
            Record::id,
        )?;
        // Whether the account has a live plan is one of its facts (coverage, the strategy).
        self.wrote(Some(account_id));
        self.plan(plan.id())
    }

    pub fn update_plan(&mut self, id: Uuid, input: &PlanInput) -> Result<plans::view::PlanView> {
        let today = self.today();
        // A move to Active sets the measured objectives' baselines: the step reaches them.
        let plan = self.step(Action::Edit, (RecordKind::Plan, id), Reach::Around, |s| {
            plans::update_plan(&mut s.db, id, input, today)
        })?;
        self.wrote(Some(plan.fields.account_id));
        self.plan(id)
    }

    /// Deletes the plan and its items (one undo step brings all back).
    pub fn delete_plan(&mut self, id: Uuid) -> Result<()> {
        self.step(Action::Delete, (RecordKind::Plan, id), Reach::Around, |s| {
            plans::delete_plan(&mut s.db, id)
        })
    }

    pub fn add_plan_item<K: plans::PlanItem>(
        &mut self,
        plan_id: Uuid,
        input: &K::Input,
    ) -> Result<Record<K::Fields>> {
        let today = self.today();
        let item = self.making(
            K::KIND,
            |s| plans::items::add::<K>(&mut s.db, plan_id, input, today),
            Record::id,
        )?;
        self.wrote(None);
        Ok(item)
    }

    pub fn update_plan_item<K: plans::PlanItem>(
        &mut self,
        id: Uuid,
        input: &K::Input,
    ) -> Result<Record<K::Fields>> {
        let today = self.today();
        let item = self.step(Action::Edit, (K::KIND, id), Reach::Record, |s| {
            plans::items::update::<K>(&mut s.db, id, input, today)
        })?;
        self.wrote(None);
        Ok(item)
    }

    /// Changes the fields `patch` sets of an item, keeping the rest as stored.
    pub fn patch_plan_item<K: plans::PlanItem>(
        &mut self,
        id: Uuid,
        patch: &K::Patch,
    ) -> Result<Record<K::Fields>> {
        self.patch_item_as::<K>(Action::Edit, id, patch)
    }

    /// [`Self::patch_plan_item`], kept as an undo step that did `action`.
    fn patch_item_as<K: plans::PlanItem>(
        &mut self,
        action: Action,
        id: Uuid,
        patch: &K::Patch,
    ) -> Result<Record<K::Fields>> {
        let today = self.today();
        let item = self.step(action, (K::KIND, id), Reach::Record, |s| {
            plans::items::patch::<K>(&mut s.db, id, patch, today)
        })?;
        self.wrote(None);
        Ok(item)
    }

    pub fn remove_plan_item<K: plans::PlanItem>(&mut self, id: Uuid) -> Result<()> {
        self.step(Action::Delete, (K::KIND, id), Reach::Around, |s| {
            plans::items::remove::<K>(&mut s.db, id)
        })?;
        self.wrote(None);
        Ok(())
    }

    /// Holds a review of the plan now, with its snapshot.
    pub fn hold_review(&mut self, plan_id: Uuid, input: &ReviewInput) -> Result<Review> {
        // The review is made and the plan's next review moves: one step takes back both.
        let review = self.step_making(
            Action::Create,
            (RecordKind::Plan, plan_id),
            Reach::Record,
            |s| s.analysed(|db, a| plans::hold_review(db, plan_id, input, a)),
            |r: &Review| Some((RecordKind::PlanReview, r.id())),
        )?;
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
        let plan = self.remove_plan_item_by_id(id)?;
        self.plan(plan)
    }

    /// Removes an item of any kind, found by its id; returns its plan's id. A plan is deleted
    /// as a plan, and a review (the record of a meeting) is not removed.
    pub fn remove_plan_item_by_id(&mut self, id: Uuid) -> Result<Uuid> {
        use keyplan_domain::PlanItemKind as I;
        use plans::items::PlanRecord;
        let kind = match self.plan_item_kind(id)? {
            PlanRecord::Item(kind) => kind,
            PlanRecord::Plan => {
                return Err(crate::AppError::Usage(format!(
                    "{id} is a plan: it is deleted as a plan, not removed as an item"
                )))
            }
        };
        match kind {
            I::Goal => self.remove_item_of::<plans::Goals>(id),
            I::Objective => self.remove_item_of::<plans::Objectives>(id),
            I::ValueProposition => self.remove_item_of::<plans::ValuePropositions>(id),
            I::Stakeholder => self.remove_item_of::<plans::Stakeholders>(id),
            I::Action => self.remove_item_of::<plans::Actions>(id),
            I::Risk => self.remove_item_of::<plans::Risks>(id),
            I::Resource => self.remove_item_of::<plans::Resources>(id),
            I::Review => Err(crate::AppError::Usage(
                "a review is the record of a meeting and is not removed".into(),
            )),
        }
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
        use keyplan_domain::plan::{ActionPatch, ActionStatus};
        use keyplan_domain::validate::Choice;
        let status = if done { ActionStatus::Done } else { ActionStatus::Open };
        // Today's date is the use case's, for an action marked done without one.
        let patch = ActionPatch {
            status: Some(Some(status.name().to_string())),
            done_on: Some(None),
            ..ActionPatch::default()
        };
        self.patch_item_as::<plans::Actions>(Action::Status, id, &patch)
    }

    /// The Actions page: every open action across plans, overdue first.
    pub fn actions(
        &self,
        due_before: Option<NaiveDate>,
        overdue_only: bool,
    ) -> Result<Vec<plans::view::ActionRow>> {
        plans::view::action_rows(&self.db, self.today(), due_before, overdue_only)
    }
}
