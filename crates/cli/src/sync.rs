//! `keyplan bundle`, `keyplan conflicts`: sharing between laptops from the command line.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use keyplan_app::domain::sync::Stamp;
use keyplan_app::keys::share::SealError;
use keyplan_app::sync::{BundleProblem, BundleScope, ConflictView, FolderSync, MergeSummary};
use keyplan_app::team::Seal;
use keyplan_app::{AppError, Session};
use serde::Serialize;
use uuid::Uuid;

use crate::{output, security};

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Write a .keyplan bundle: the chosen accounts or plans with everything under them.
    Export {
        /// The bundle to write (a taken name becomes name-2.keyplan).
        #[arg(long, value_name = "FILE.keyplan")]
        out: PathBuf,
        /// An account to include (repeatable).
        #[arg(long = "account", value_name = "NAME_OR_ID")]
        accounts: Vec<String>,
        /// A plan to include (repeatable), with its items.
        #[arg(long = "plan", value_name = "PLAN_ID", value_parser = crate::id)]
        plans: Vec<Uuid>,
        /// Every account.
        #[arg(long, conflicts_with_all = ["accounts"])]
        all: bool,
        /// Include transactions (they usually come from the ERP, so are left out).
        #[arg(long)]
        with_transactions: bool,
        /// Encrypt it for these people: names on the team (keyplan team list) or age1… keys,
        /// space-separated or repeated. This laptop can always open it too.
        #[arg(long, value_name = "NAME_OR_KEY", num_args = 1.., conflicts_with = "encrypt_passphrase_file")]
        encrypt_to: Vec<String>,
        /// Encrypt it with the passphrase in FILE (its first line), for a one-off recipient.
        #[arg(long, value_name = "FILE")]
        encrypt_passphrase_file: Option<PathBuf>,
        /// Print JSON instead of text (the README states its shape).
        #[arg(long)]
        json: bool,
    },
    /// Merge a .keyplan bundle (after a backup, in one transaction), or preview with --dry-run.
    /// One encrypted for this laptop opens by itself.
    Import {
        /// The .keyplan bundle to merge.
        file: PathBuf,
        /// Say what the merge would add, update, delete and leave in conflict; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The passphrase the bundle was encrypted with, in FILE (its first line).
        #[arg(long, value_name = "FILE")]
        decrypt_passphrase_file: Option<PathBuf>,
        /// Print JSON instead of text (the README states its shape).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConflictsCommand {
    /// Take the value that lost (a new edit, which then wins everywhere).
    Keep {
        /// The conflict, as `conflicts` lists it: RECORD/FIELD/STAMP.
        id: String,
    },
    /// Leave the value that won and close the conflict.
    Dismiss {
        /// The conflict, as `conflicts` lists it: RECORD/FIELD/STAMP.
        id: String,
    },
}

pub fn bundle(session: &mut Session, cmd: BundleCommand) -> Result<(), AppError> {
    match cmd {
        BundleCommand::Export {
            out,
            accounts,
            plans,
            all,
            with_transactions,
            encrypt_to,
            encrypt_passphrase_file,
            json,
        } => {
            if !all && accounts.is_empty() && plans.is_empty() {
                return Err(AppError::Usage(
                    "say what to export: --all, --account NAME_OR_ID or --plan PLAN_ID".into(),
                ));
            }
            let accounts = accounts
                .iter()
                .map(|a| session.find_account(a).map(|a| a.id()))
                .collect::<Result<Vec<_>, _>>()?;
            let scope = BundleScope { all, accounts, plans, with_transactions };
            let seal = match (encrypt_passphrase_file, encrypt_to.is_empty()) {
                (Some(file), _) => Seal::Passphrase(security::read_secret(&file, "passphrase")?),
                (None, false) => Seal::To(encrypt_to),
                (None, true) => Seal::Plain,
            };
            let (bundle, _) = session.bundle_file(&scope, &seal)?;
            keyplan_app::files::replace(&out, &bundle.bytes)?;
            if json {
                let name = out.display().to_string();
                output::json(&[Row {
                    id: session.instance_id()?.to_string(),
                    name,
                    item: &bundle,
                }])?;
            } else {
                let how = match (bundle.encryption, bundle.recipients) {
                    ("passphrase", _) => ", encrypted with the passphrase".to_string(),
                    ("keys", 1) => ", encrypted for 1 person and this laptop".to_string(),
                    ("keys", n) => format!(", encrypted for {n} people and this laptop"),
                    _ => String::new(),
                };
                println!(
                    "{}: {} records, {} conflicts, {} bytes{how}",
                    out.display(),
                    bundle.records,
                    bundle.conflicts,
                    bundle.size_bytes
                );
            }
        }
        BundleCommand::Import { file, dry_run, decrypt_passphrase_file, json } => {
            let passphrase = decrypt_passphrase_file
                .map(|f| security::read_secret(&f, "passphrase"))
                .transpose()?;
            let passphrase = passphrase.as_deref().map(String::as_str);
            let summary =
                session.import_bundle(&file, dry_run, passphrase).map_err(|e| match e {
                    // The window asks for it; here, say how to give it.
                    AppError::BadBundle {
                        file,
                        error: BundleProblem::Sealed(SealError::NeedsPassphrase),
                    } => AppError::Usage(format!(
                        "{file} is encrypted with a passphrase: give it with \
                     --decrypt-passphrase-file FILE (its first line). Nothing was changed"
                    )),
                    other => other,
                })?;
            if json {
                let id = summary.from_instance.map(|i| i.to_string()).unwrap_or_default();
                output::json(&[Row { id, name: file.display().to_string(), item: &summary }])?;
            } else {
                print_summary(&summary)?;
            }
        }
    }
    Ok(())
}

/// One JSON row: the `id` and `name` every output has, then the item's own fields.
#[derive(Serialize)]
struct Row<'a, T: Serialize> {
    id: String,
    name: String,
    #[serde(flatten)]
    item: &'a T,
}

/// `keyplan sync [DIR]`: merges the folder's other bundles, writes this laptop's own. A file
/// that cannot be merged, or an own file that cannot be written, is reported and exits 1 after
/// everything else was done.
pub fn folder(
    session: &mut Session,
    dir: Option<&Path>,
    with_transactions: bool,
    json: bool,
) -> Result<(), AppError> {
    if dir.is_none() && session.settings()?.sync_folder.is_none() {
        return Err(AppError::Usage(
            "sync: no folder — give it (keyplan sync DIR) or set one in the window's Settings → \
             Sharing"
                .into(),
        ));
    }
    let s = session.sync_folder(dir, with_transactions)?;
    if json {
        let name = s.folder.display().to_string();
        output::json(&[Row { id: session.instance_id()?.to_string(), name, item: &s }])?;
    } else {
        print_folder(&s)?;
    }
    let failed = s.problems.len() + usize::from(s.write_error.is_some());
    if failed > 0 {
        return Err(AppError::Incomplete(format!(
            "{failed} of the sync folder's files could not be merged or written (see above)"
        )));
    }
    Ok(())
}

fn print_folder(s: &FolderSync) -> Result<(), AppError> {
    let mut out = String::new();
    for m in &s.merged {
        out.push_str(&summary_text(m));
    }
    for p in &s.problems {
        out.push_str(&format!("could not merge {}: {}\n", p.file, p.error));
    }
    out.push_str(&format!(
        "{}: {} merged, {} unchanged; {} created, {} updated, {} deleted, {} conflicts\n",
        s.folder.display(),
        files(s.merged.len()),
        s.unchanged_files,
        s.created,
        s.updated,
        s.deleted,
        s.conflicts
    ));
    out.push_str(&match (&s.write_error, s.written) {
        (Some(e), _) => format!("this laptop's changes were not written: {e}\n"),
        (None, true) => format!("wrote {}\n", s.own_file.display()),
        (None, false) => format!("{} is up to date\n", s.own_file.display()),
    });
    output::write_out(|w| w.write_all(out.as_bytes()))
}

fn files(n: usize) -> String {
    format!("{n} {}", if n == 1 { "file" } else { "files" })
}

fn print_summary(s: &MergeSummary) -> Result<(), AppError> {
    let out = summary_text(s);
    output::write_out(|w| w.write_all(out.as_bytes()))
}

fn summary_text(s: &MergeSummary) -> String {
    let mut out = String::new();
    let verb = if s.dry_run { "would merge" } else { "merged" };
    out.push_str(&format!(
        "{verb} {} (from {}{}): {} created, {} updated, {} unchanged, {} deleted, {} conflicts",
        s.file,
        s.from_user,
        s.as_of.as_deref().map(|t| format!(", as of {t}")).unwrap_or_default(),
        s.created,
        s.updated,
        s.unchanged,
        s.deleted,
        s.conflicts
    ));
    out.push('\n');
    for k in &s.by_kind {
        if k.created + k.updated + k.deleted > 0 {
            out.push_str(&format!(
                "  {:<24} {} created, {} updated, {} deleted",
                k.kind, k.created, k.updated, k.deleted
            ));
            out.push('\n');
        }
    }
    if !s.held.is_empty() {
        let ahead = s.held.iter().map(|h| h.ahead_minutes).max().unwrap_or(0);
        out.push_str(&format!(
            "  {} changes are stamped up to {ahead} minutes ahead of this laptop's clock (a clock \
             set wrong?): merged, but this laptop's clock was not moved, and the next edit here \
             wins over them",
            s.held.len()
        ));
        out.push('\n');
    }
    if let Some(b) = &s.backup {
        out.push_str(&format!("  backup before merging: {}", b.display()));
        out.push('\n');
    }
    out
}

/// A conflict's id on the command line: record, field and the lost edit's stamp.
fn conflict_id(x: &ConflictView) -> String {
    format!("{}/{}/{}", x.record_id, x.field, x.lost_stamp)
}

pub fn list(session: &Session, all: bool, json: bool) -> Result<(), AppError> {
    let list = session.conflicts(all)?;
    if json {
        let rows: Vec<Row<'_, ConflictView>> = list
            .iter()
            .map(|x| Row { id: conflict_id(x), name: x.record.clone(), item: x })
            .collect();
        return output::json(&rows);
    }
    let mut out = String::new();
    for x in &list {
        let lost = if x.deleted { "deleted while edited" } else { "edited on both sides" };
        out.push_str(&format!(
            "{}  {} {:?} ({}), {}: {lost}",
            conflict_id(x),
            x.kind,
            x.record,
            x.field,
            x.account.as_deref().unwrap_or("")
        ));
        out.push('\n');
        out.push_str(&format!(
            "    kept:  {} — {} at {}",
            x.current_value,
            by(&x.won_by, x.won_here),
            x.won_at
        ));
        out.push('\n');
        out.push_str(&format!(
            "    other: {} — {} at {}",
            x.lost_value,
            by(&x.lost_by, x.lost_here),
            x.lost_at
        ));
        out.push('\n');
    }
    out.push_str(&format!("{} conflicts{}", list.len(), if all { "" } else { " open" }));
    out.push('\n');
    output::write_out(|w| w.write_all(out.as_bytes()))
}

/// Who made an edit, as the list says it: "this laptop" for this laptop's own.
fn by(name: &str, here: bool) -> &str {
    if here {
        "this laptop"
    } else {
        name
    }
}

pub fn settle(session: &mut Session, cmd: &ConflictsCommand) -> Result<(), AppError> {
    let (id, keep) = match cmd {
        ConflictsCommand::Keep { id } => (id, true),
        ConflictsCommand::Dismiss { id } => (id, false),
    };
    // A conflict id that is not one is a usage mistake (exit 2), like any malformed argument.
    let bad = || {
        AppError::Usage(format!(
            "not a conflict id: {} (write it as `keyplan conflicts` prints it: RECORD/FIELD/STAMP)",
            crate::shown(id)
        ))
    };
    let mut parts = id.splitn(3, '/');
    let (Some(record), Some(field), Some(stamp)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let record = Uuid::parse_str(record).map_err(|_| bad())?;
    let stamp: Stamp = stamp.parse().map_err(|_| bad())?;
    session.settle_conflict(record, field, stamp, keep)?;
    println!("{}", if keep { "kept the other value" } else { "dismissed" });
    Ok(())
}
