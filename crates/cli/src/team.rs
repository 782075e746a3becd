//! `keyplan key show` and `keyplan team`: this laptop's sharing key, and the team's keys that
//! bundles and the sync folder's files are encrypted for.

use clap::Subcommand;
use keyplan_app::team::TeamKey;
use keyplan_app::{AppError, Session};
use serde::Serialize;

use crate::output;

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Print this laptop's public sharing key (age1…), for colleagues to add to their team.
    Show {
        /// Print JSON instead of text (the README states its shape).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Add a colleague's public key (from their `keyplan key show`) under a name.
    Add {
        /// The colleague's name, as lists show it (up to 60 characters).
        name: String,
        /// Their public key, age1… (62 letters and digits), as `keyplan key show` prints it.
        key: String,
    },
    /// List the team's names and keys.
    List {
        /// Print JSON instead of text (the README states its shape).
        #[arg(long)]
        json: bool,
    },
    /// Remove a colleague: what is shared from now on is not encrypted for them.
    Remove {
        /// The colleague's name, as `team list` shows it.
        name: String,
    },
}

/// One JSON row: the `id` (the key) and `name` every output has.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    name: &'a str,
    key: &'a str,
}

pub fn key(session: &mut Session, cmd: &KeyCommand) -> Result<(), AppError> {
    let KeyCommand::Show { json } = *cmd;
    let key = session.sharing_key()?;
    if json {
        return output::json(&[Row { id: &key, name: "this laptop", key: &key }]);
    }
    println!("{key}");
    Ok(())
}

pub fn team(session: &mut Session, cmd: TeamCommand) -> Result<(), AppError> {
    match cmd {
        TeamCommand::Add { name, key } => {
            let team = session.team_add(&name, &key)?;
            let added = team.last().map_or("", |m| m.name.as_str());
            println!("{added} added; bundles you share for the team now open on their laptop too");
        }
        TeamCommand::List { json } => list(&session.team()?, json)?,
        TeamCommand::Remove { name } => {
            let left = session.team_remove(&name)?;
            println!(
                "{} removed; what you share from now on is not encrypted for them ({} left)",
                name.trim(),
                left.len()
            );
        }
    }
    Ok(())
}

fn list(team: &[TeamKey], json: bool) -> Result<(), AppError> {
    if json {
        let rows: Vec<Row<'_>> =
            team.iter().map(|m| Row { id: &m.key, name: &m.name, key: &m.key }).collect();
        return output::json(&rows);
    }
    if team.is_empty() {
        println!("No team keys yet: add a colleague's with keyplan team add NAME KEY");
        return Ok(());
    }
    let width = team.iter().map(|m| m.name.chars().count()).max().unwrap_or(0);
    for m in team {
        let pad = width - m.name.chars().count();
        println!("{}{}  {}", m.name, " ".repeat(pad), m.key);
    }
    Ok(())
}

/// Whether the command only reads the book (see `reads_only` in main.rs).
pub fn reads_only(cmd: &TeamCommand) -> bool {
    matches!(cmd, TeamCommand::List { .. })
}
