//! Undo and redo for the window (see [`crate::undo`]): the session runs each undoable edit as a
//! step, and takes steps back and forth through an ordinary write.

use chrono::SecondsFormat;
use keyplan_domain::RecordKind;
use uuid::Uuid;

use crate::undo::{Action, History, Reach, StepInfo, UndoState};
use crate::{AppError, Result};

use super::Session;

/// What an undo or redo did, and what can be undone and redone after it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Undone {
    pub step: StepInfo,
    pub state: UndoState,
}

impl Session {
    /// Keeps undo steps from now on (the window's session; the command line keeps none).
    pub fn keep_undo_history(&mut self) {
        self.history.turn_on();
    }

    pub fn undo_state(&self) -> UndoState {
        self.history.state()
    }

    /// Takes back the last step; None if there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<Undone>> {
        self.travel(true)
    }

    /// Does again the last step undone; None if there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<Undone>> {
        self.travel(false)
    }

    fn travel(&mut self, back: bool) -> Result<Option<Undone>> {
        match self.history.peek(back) {
            None => return Ok(None),
            // A step that changed nothing is taken back without a write.
            Some((step, true)) => {
                self.history.settle(back, true);
                return Ok(Some(Undone { step, state: self.history.state() }));
            }
            Some((_, false)) => {}
        }
        let now = crate::now().to_rfc3339_opts(SecondsFormat::Millis, true);
        let history = &mut self.history;
        let written =
            self.db.write(|c| if back { history.undo(c, &now) } else { history.redo(c, &now) });
        let step = match written {
            Ok(Some(step)) => step,
            Ok(None) => return Ok(None),
            Err(e) => {
                // A step written over by a later change is gone for good; a failure of the
                // disk or the book leaves the steps as they were, to try again.
                if matches!(e, AppError::Conflict(_)) {
                    self.history.settle(back, false);
                }
                return Err(e);
            }
        };
        self.history.settle(back, true);
        // Several accounts, or one deleted or restored: not declared, so the next analysis
        // starts afresh.
        if let Some(account) = self.history.one_account(back, self.db.conn()) {
            self.wrote(Some(account));
        }
        Ok(Some(Undone { step, state: self.history.state() }))
    }

    /// Runs `f`, an edit of (`kind`, `id`) reaching as far as `reach`, as one undo step.
    pub(super) fn step<T>(
        &mut self,
        action: Action,
        named: (RecordKind, Uuid),
        reach: Reach,
        f: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        self.step_making(action, named, reach, f, |_| None)
    }

    /// [`Session::step`] for an edit that also makes a record (`made` says which): a review
    /// held on a plan, which moves the plan's next review too.
    pub(super) fn step_making<T>(
        &mut self,
        action: Action,
        (kind, id): (RecordKind, Uuid),
        reach: Reach,
        f: impl FnOnce(&mut Self) -> Result<T>,
        made: impl FnOnce(&T) -> Option<(RecordKind, Uuid)>,
    ) -> Result<T> {
        if !self.history.is_on() {
            return f(self);
        }
        let before = History::before(self.db.conn(), kind, id, reach)?;
        let out = f(self)?;
        self.history.record(self.db.conn(), action, (kind, id), before, made(&out))?;
        Ok(out)
    }

    /// Runs `f`, which makes a record of `kind` (`made` says which), as one undo step.
    pub(super) fn making<T>(
        &mut self,
        kind: RecordKind,
        f: impl FnOnce(&mut Self) -> Result<T>,
        made: impl FnOnce(&T) -> Uuid,
    ) -> Result<T> {
        let out = f(self)?;
        if self.history.is_on() {
            self.history.record_made(self.db.conn(), kind, made(&out))?;
        }
        Ok(out)
    }
}
