//! Sharing between laptops: bundles, the sync folder and conflicts.

use std::path::{Path, PathBuf};
use uuid::Uuid;

use crate::plans;
use crate::sync;
use crate::team::{self, Seal, TeamKey};
use crate::Result;

use super::Session;

impl Session {
    /// A `.keyplan` bundle of `scope`, written by this laptop's user.
    pub fn export_bundle(&self, scope: &sync::BundleScope) -> Result<sync::ExportedBundle> {
        let user = self.settings()?.user_name;
        sync::export_bundle(&self.db, scope, &user)
    }

    /// A bundle of `scope`, encrypted as `seal` says, and the file name to offer for it: the
    /// account's name (and the plan's period) when it holds one, else the user's, then today's
    /// date.
    pub fn bundle_file(
        &mut self,
        scope: &sync::BundleScope,
        seal: &Seal,
    ) -> Result<(sync::ExportedBundle, String)> {
        let bundle = self.export_bundle(scope)?;
        let bundle = team::seal_bundle(&mut self.db, bundle, seal)?;
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
        seal: &Seal,
    ) -> Result<(PathBuf, sync::ExportedBundle)> {
        let (bundle, name) = self.bundle_file(scope, seal)?;
        let path = crate::files::write_to_downloads(&self.db, &name, &bundle.bytes)?;
        Ok((path, bundle))
    }

    /// Merges the bundle at `path` (or previews the merge, with `dry_run`): an encrypted one
    /// opens with this laptop's key, or with `passphrase` if it was sealed with one.
    pub fn import_bundle(
        &mut self,
        path: &Path,
        dry_run: bool,
        passphrase: Option<&str>,
    ) -> Result<sync::MergeSummary> {
        let summary = sync::import_bundle(&mut self.db, path, dry_run, passphrase)?;
        if !dry_run {
            // Any account's facts may have changed.
            self.forget();
            self.conflicts_may_have_moved();
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
        let summary = sync::merge_bytes(&mut self.db, name, bytes, dry_run, None)?;
        if !dry_run {
            self.forget();
            self.conflicts_may_have_moved();
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
            self.conflicts_may_have_moved();
        }
        Ok(result)
    }

    /// This laptop's public sharing key (`age1…`), for colleagues to add to their team.
    pub fn sharing_key(&mut self) -> Result<String> {
        Ok(team::laptop_key(&mut self.db)?.public().to_string())
    }

    pub fn team(&self) -> Result<Vec<TeamKey>> {
        team::team(&self.db)
    }

    /// Adds a colleague's key; the sync folder's file is encrypted for them from its next write.
    pub fn team_add(&mut self, name: &str, key: &str) -> Result<Vec<TeamKey>> {
        team::team_add(&mut self.db, name, key)
    }

    pub fn team_remove(&mut self, name: &str) -> Result<Vec<TeamKey>> {
        team::team_remove(&mut self.db, name)
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
        self.conflicts_may_have_moved();
        if keep {
            self.forget();
        }
        Ok(())
    }
}
