//! `keyplan plans …` and `keyplan actions`: account plans for scripting and checks. Items are
//! written as `FIELD=VALUE` with the JSON field names (see `fields`).

use chrono::NaiveDate;
use clap::Subcommand;
use comfy_table::{presets::UTF8_BORDERS_ONLY, Table};
use keyplan_app::domain::plan::period as plan_period;
use keyplan_app::domain::plan::{PlanInput, ReviewInput};
use keyplan_app::domain::PlanItemKind as I;
use keyplan_app::formats::plan::{Audience, Paper};
use keyplan_app::plans::export::PlanFormat;
use keyplan_app::plans::items::{item_name, PlanRecord};
use keyplan_app::plans::{self as t, NewPlan, PlanItem};
use keyplan_app::{AppError, Session};
use serde::de::DeserializeOwned;
use serde::Serialize;
use uuid::Uuid;

use crate::fields::{overlay, pair};
use crate::output;

#[derive(Debug, Subcommand)]
pub enum PlansCommand {
    /// Every plan (or one account's): due for review first.
    List {
        /// Only this account's plans (its name or id).
        #[arg(long, value_name = "NAME_OR_ID")]
        account: Option<String>,
        /// Only plans in this status: draft, active, under_review or closed.
        #[arg(long, value_parser = crate::named::<keyplan_app::domain::plan::PlanStatus>)]
        status: Option<String>,
        /// Print JSON (one object per plan) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Make a plan for an account; prints its id.
    New {
        /// The account the plan is for (its name or id).
        #[arg(long, value_name = "NAME_OR_ID")]
        account: String,
        /// The period's label, e.g. FY2027 (also the title unless --title).
        #[arg(long)]
        period: String,
        /// First day (default: 1 January of the year in the label, else today).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::day)]
        from: Option<NaiveDate>,
        /// Last day (default: a year after the first, less a day).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::day)]
        to: Option<NaiveDate>,
        /// The plan's title (default: the account's name and the period).
        #[arg(long)]
        title: Option<String>,
        /// auto (by tier), full, light or blank.
        #[arg(long, default_value = "auto", value_parser = crate::named::<keyplan_app::domain::plan::Template>)]
        template: String,
        /// Carry open objectives, actions and stakeholders from this plan.
        #[arg(long, value_name = "PLAN_ID", value_parser = crate::id)]
        roll_forward: Option<Uuid>,
        /// Let the period overlap another plan of the account.
        #[arg(long)]
        allow_overlap: bool,
    },
    /// One plan with every section, progress, gaps and health.
    Show {
        /// The plan's id (from `plans list`).
        #[arg(value_parser = crate::id)]
        id: Uuid,
        /// Show it as it stood on this day (progress, health, gaps).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::day)]
        as_of: Option<NaiveDate>,
        /// Print JSON instead of text (the README states its shape).
        #[arg(long)]
        json: bool,
    },
    /// Change a plan's fields: title, period, start_date, end_date, owner, status, cadence,
    /// next_review, outcome, allow_overlap.
    Set {
        /// The plan's id.
        #[arg(value_parser = crate::id)]
        id: Uuid,
        /// Each field to change and its new value (an empty value clears an optional field).
        #[arg(value_parser = pair, required = true, value_name = "FIELD=VALUE")]
        fields: Vec<(String, String)>,
    },
    /// Add an item: objective, action, risk, goal, value_proposition, resource, review or stakeholder;
    /// prints its id.
    Add {
        /// The plan's id.
        #[arg(value_parser = crate::id)]
        plan: Uuid,
        /// What to add: objective, action, risk, goal, value_proposition, resource, review or
        /// stakeholder.
        #[arg(value_parser = crate::choice::<I>)]
        kind: I,
        /// The item's fields (the JSON names `plans show --json` uses).
        #[arg(value_parser = pair, value_name = "FIELD=VALUE")]
        fields: Vec<(String, String)>,
    },
    /// Export a plan: pdf (print-ready), md (Markdown), html (one self-contained file), ics (its
    /// open actions and next review as calendar events) or ics_todo (the actions as to-dos).
    /// Several plans: one file each into the folder --out names, or --combined into one PDF.
    Export {
        /// The plans' ids (from `plans list`).
        #[arg(required = true, value_name = "PLAN_ID", value_parser = crate::id)]
        ids: Vec<Uuid>,
        /// pdf, html, md, ics (events) or ics_todo (to-dos).
        #[arg(long, value_parser = crate::named::<PlanFormat>)]
        format: String,
        /// en, zh-CN or both (side by side).
        #[arg(long, default_value = "en", value_parser = crate::language_or_both)]
        lang: String,
        /// internal, or customer (only what is marked to share; no attitudes, risks, health…).
        #[arg(long, default_value = "internal", value_parser = crate::named::<Audience>)]
        audience: String,
        /// a4 or letter (PDF).
        #[arg(long, default_value = "a4", value_parser = crate::named::<Paper>)]
        paper: String,
        /// Export this review's minutes instead of the whole plan (its new actions and the next
        /// review, for ics).
        #[arg(long, value_name = "REVIEW_ID", conflicts_with = "combined", value_parser = crate::id)]
        review: Option<Uuid>,
        /// Several plans as one PDF, each from a new page.
        #[arg(long)]
        combined: bool,
        /// ics: a reminder at 9:00 this many days before each action and review (0 to 60: on
        /// the day to two months ahead), or none.
        #[arg(long, value_name = "DAYS|none", default_value = "1", value_parser = remind)]
        remind: String,
        /// The file to write; for several plans without --combined, the folder to write them in
        /// (made if new, inside a folder that exists).
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Change any item of a plan, by its id.
    Update {
        /// The item's id (from `plans show`).
        #[arg(value_parser = crate::id)]
        id: Uuid,
        /// Each field to change and its new value (an empty value clears an optional field).
        #[arg(value_parser = pair, required = true, value_name = "FIELD=VALUE")]
        fields: Vec<(String, String)>,
    },
    /// Remove an item (or a whole plan), by its id.
    Remove {
        /// The item's or plan's id.
        #[arg(value_parser = crate::id)]
        id: Uuid,
    },
}

/// How many plans one `plans export` takes: into a folder, and combined into one PDF.
const MAX_EXPORTED: usize = 1000;
const MAX_COMBINED: usize = 100;

fn print_id(id: Uuid) -> Result<(), AppError> {
    println!("{id}");
    Ok(())
}

/// Adds an item of kind K from `fields` laid over its empty input.
fn add<K>(s: &mut Session, plan: Uuid, fields: &[(String, String)]) -> Result<Uuid, AppError>
where
    K: PlanItem,
    K::Input: Serialize + DeserializeOwned + Default,
{
    let input: K::Input = overlay(&K::Input::default(), fields, item_name::<K>())?;
    Ok(s.add_plan_item::<K>(plan, &input)?.meta.id)
}

/// Changes the fields given of item `id`, keeping the rest as stored.
fn update<K>(s: &mut Session, id: Uuid, fields: &[(String, String)]) -> Result<(), AppError>
where
    K: PlanItem,
    K::Input: Serialize + Default,
    K::Patch: DeserializeOwned,
{
    let patch: K::Patch = crate::fields::patch(&K::Input::default(), fields, item_name::<K>())?;
    s.patch_plan_item::<K>(id, &patch)?;
    Ok(())
}

pub fn run(s: &mut Session, cmd: PlansCommand) -> Result<(), AppError> {
    match cmd {
        PlansCommand::List { account, status, json } => {
            let account = account.map(|a| s.find_account(&a)).transpose()?.map(|a| a.id());
            let mut rows = s.plans(account)?;
            if let Some(st) = status {
                rows.retain(|r| keyplan_app::domain::validate::Choice::name(r.status) == st);
            }
            if json {
                return output::json(&rows);
            }
            let mut table = Table::new();
            table.load_preset(UTF8_BORDERS_ONLY);
            table.set_header([
                "Plan id",
                "Account",
                "Tier",
                "Period",
                "Status",
                "Health",
                "Next review",
                "Overdue",
            ]);
            for r in &rows {
                table.add_row([
                    r.id.to_string(),
                    r.account_name.clone(),
                    r.tier.map(|t| t.to_string()).unwrap_or_default(),
                    r.period.clone(),
                    r.status.to_string(),
                    format!("{} {}", r.health.score, r.health.level),
                    r.next_review.map(|d| d.to_string()).unwrap_or_default(),
                    r.overdue_actions.to_string(),
                ]);
            }
            output::write_out(|w| writeln!(w, "{table}"))
        }
        PlansCommand::New {
            account,
            period,
            from,
            to,
            title,
            template,
            roll_forward,
            allow_overlap,
        } => {
            let account = s.find_account(&account)?;
            // Rolled forward, the new plan follows the old one; else the label's year.
            let (start, end) = match roll_forward {
                Some(from) => {
                    let old = s.plan(from)?.plan.fields;
                    let next = plan_period::next(&old.period, old.start_date, old.end_date);
                    (next.start_date, next.end_date)
                }
                None => plan_period::default_dates(&period, s.today()),
            };
            let input = PlanInput {
                title: title.unwrap_or_else(|| format!("{} {period}", account.fields.name)),
                period,
                start_date: from.unwrap_or(start).to_string(),
                end_date: to.unwrap_or(end).to_string(),
                owner: account.fields.owner.clone(),
                allow_overlap,
                ..PlanInput::default()
            };
            let req = NewPlan { input, template: Some(template), roll_forward };
            let v = s.create_plan(account.id(), &req)?;
            print_id(v.plan.id())
        }
        PlansCommand::Show { id, as_of, json } => {
            let v = match as_of {
                Some(d) => s.plan_as_of(id, d)?,
                None => s.plan(id)?,
            };
            if json {
                return output::json(&[&v]);
            }
            output::write_out(|w| crate::plan_text::write(w, &v))
        }
        PlansCommand::Export {
            ids,
            format,
            lang,
            audience,
            paper,
            review,
            combined,
            remind,
            out,
        } => {
            // A combined PDF is laid out whole in memory (about 5 MB a plan); files into a
            // folder are made one at a time.
            let most = if combined { MAX_COMBINED } else { MAX_EXPORTED };
            if ids.len() > most {
                let how = if combined { "into one PDF" } else { "at once" };
                return Err(AppError::Usage(format!(
                    "plans export: {} plans given; at most {most} {how}{}",
                    ids.len(),
                    if combined { " (export them into a folder instead)" } else { "" }
                )));
            }
            let req = t::export::ExportRequest {
                format,
                language: Some(lang),
                audience: Some(audience),
                paper: Some(paper),
                review,
                remind: Some(remind),
            };
            if let ([id], false) = (ids.as_slice(), combined) {
                let (bytes, _) = s.export_plan(*id, &req)?;
                crate::exchange::write_file(&out, &bytes)?;
                println!("exported the plan to {} ({} bytes)", out.display(), bytes.len());
                return Ok(());
            }
            if review.is_some() {
                return Err(AppError::Usage(
                    "--review exports one plan's review minutes: give one PLAN_ID".into(),
                ));
            }
            let files = s.export_plans(&ids, &req, combined)?;
            if let (true, [(bytes, _)]) = (combined, files.as_slice()) {
                crate::exchange::write_file(&out, bytes)?;
                println!(
                    "exported {} plans to {} ({} bytes)",
                    ids.len(),
                    out.display(),
                    bytes.len()
                );
                return Ok(());
            }
            // The folder is made if it is new, but not its parents: a mistyped path is an error.
            if !out.is_dir() {
                std::fs::create_dir(&out).map_err(|e| AppError::io(&out, e))?;
            }
            // All or none: a failure halfway (a full disk) removes the files already written.
            let paths = keyplan_app::files::write_all_new(&out, &files)?;
            for (path, (bytes, _)) in paths.iter().zip(&files) {
                println!("{} ({} bytes)", path.display(), bytes.len());
            }
            println!("exported {} plans into {}", files.len(), out.display());
            Ok(())
        }
        PlansCommand::Set { id, fields } => {
            let stored = s.plan(id)?;
            let input: PlanInput = overlay(&PlanInput::from(&stored.plan.fields), &fields, "plan")?;
            s.update_plan(id, &input)?;
            Ok(())
        }
        PlansCommand::Add { plan, kind, fields } => {
            let id = match kind {
                I::Goal => add::<t::Goals>(s, plan, &fields)?,
                I::Objective => add::<t::Objectives>(s, plan, &fields)?,
                I::ValueProposition => add::<t::ValuePropositions>(s, plan, &fields)?,
                I::Stakeholder => add::<t::Stakeholders>(s, plan, &fields)?,
                I::Action => add::<t::Actions>(s, plan, &fields)?,
                I::Risk => add::<t::Risks>(s, plan, &fields)?,
                I::Resource => add::<t::Resources>(s, plan, &fields)?,
                I::Review => {
                    let input: ReviewInput = overlay(&ReviewInput::default(), &fields, "review")?;
                    s.hold_review(plan, &input)?.meta.id
                }
            };
            print_id(id)
        }
        PlansCommand::Update { id, fields } => match s.plan_item_kind(id)? {
            PlanRecord::Plan => run(s, PlansCommand::Set { id, fields }),
            PlanRecord::Item(kind) => match kind {
                I::Goal => update::<t::Goals>(s, id, &fields),
                I::Objective => update::<t::Objectives>(s, id, &fields),
                I::ValueProposition => update::<t::ValuePropositions>(s, id, &fields),
                I::Stakeholder => update::<t::Stakeholders>(s, id, &fields),
                I::Action => update::<t::Actions>(s, id, &fields),
                I::Risk => update::<t::Risks>(s, id, &fields),
                I::Resource => update::<t::Resources>(s, id, &fields),
                I::Review => Err(AppError::Usage(
                    "a review is the record of a meeting and is not edited".into(),
                )),
            },
        },
        PlansCommand::Remove { id } => match s.plan_item_kind(id)? {
            PlanRecord::Plan => s.delete_plan(id),
            PlanRecord::Item(_) => s.remove_plan_item_by_id(id).map(drop),
        },
    }
}

/// `keyplan actions`: every open action across plans, overdue first.
pub fn actions(
    s: &Session,
    due_before: Option<NaiveDate>,
    overdue: bool,
    json: bool,
) -> Result<(), AppError> {
    let rows = s.actions(due_before, overdue)?;
    if json {
        return output::json(&rows);
    }
    let mut table = Table::new();
    table.load_preset(UTF8_BORDERS_ONLY);
    table.set_header(["Action id", "Due", "Action", "Account", "Plan", "Status"]);
    for r in &rows {
        let due = r.action.fields.due_date.map(|d| d.to_string()).unwrap_or_default();
        let due = if r.overdue { format!("{due} (overdue)") } else { due };
        table.add_row([
            r.action.id().to_string(),
            due,
            r.action.fields.title.clone(),
            r.account_name.clone(),
            r.plan_title.clone(),
            r.action.fields.status.to_string(),
        ]);
    }
    output::write_out(|w| writeln!(w, "{table}"))
}

/// `--remind`: whole days from 0 to the most a calendar reminder may lead, or "none".
fn remind(v: &str) -> Result<String, String> {
    let max = t::export::MAX_REMIND_DAYS;
    match t::export::remind_days(Some(v)) {
        Ok(_) => Ok(v.trim().to_string()),
        Err(_) => Err(format!("a whole number of days from 0 to {max}, or none")),
    }
}

/// Whether the command only reads the book (see `reads_only` in main.rs).
pub fn reads_only(cmd: &PlansCommand) -> bool {
    matches!(
        cmd,
        PlansCommand::List { .. } | PlansCommand::Show { .. } | PlansCommand::Export { .. }
    )
}
