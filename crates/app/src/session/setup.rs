//! The session's settings and the demo book.

use chrono::NaiveDate;
use keyplan_demo::{DemoSpec, Language};

use crate::{demo_book, settings, DemoSummary, Result, Settings, SettingsPatch};

use super::{Session, DEMO_ACCOUNTS, DEMO_SEED};

impl Session {
    /// The language chosen in Settings, else the user's session's.
    pub fn language(&self) -> Result<Language> {
        settings::language(&self.db)
    }

    pub fn settings(&self) -> Result<Settings> {
        settings::get_settings(&self.db)
    }

    pub fn update_settings(&mut self, patch: &SettingsPatch) -> Result<Settings> {
        settings::update_settings(&mut self.db, patch)
    }

    /// The standard demo ([`DEMO_ACCOUNTS`] accounts, seed [`DEMO_SEED`]) ending today, in
    /// `language`: what the empty state offers.
    pub fn load_standard_demo(&mut self, language: Language) -> Result<DemoSummary> {
        let spec = self.demo_spec(DEMO_ACCOUNTS, DEMO_SEED, language, None);
        self.load_demo(&spec)
    }

    /// A demo spec ending on `end` (default today), stamped now.
    pub fn demo_spec(
        &self,
        accounts: usize,
        seed: u64,
        language: Language,
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
        let summary = demo_book::load_demo(&mut self.db, spec)?;
        self.forget();
        Ok(summary)
    }
}
