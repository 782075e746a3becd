//! Files in and out: imports, the portfolio export, backups and restore.

use chrono::NaiveDate;
use std::path::{Path, PathBuf};

use crate::backups::{self, BackupFile, Restored};
use crate::export::{self, ExportFormat, ExportRequest};
use crate::import::{self, ImportProgress, ImportRequest, ImportSummary};
use crate::Result;

use super::Session;

impl Session {
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
        let result = import::import_file_with(&mut self.db, req, progress);
        if result.is_ok() && !req.dry_run {
            // An import is taken back by restoring the backup taken before it, not step by step.
            self.history.clear();
        }
        // An encrypted book keeps no plain copy of what it imported: the window's staged copy
        // goes once it has been imported (or refused); a dry run still needs it.
        let staged = self.db.path().map(import::staging_dir);
        if self.is_encrypted() && !req.dry_run && staged.is_some_and(|d| req.path.starts_with(d)) {
            let _ = std::fs::remove_file(&req.path);
        }
        result
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
}
