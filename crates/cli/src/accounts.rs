//! `keyplan accounts …`

use clap::Subcommand;
use keyplan_app::domain::{AccountInput, AccountQuery};
use keyplan_app::{AppError, Session};

use crate::output;

#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// List every account, by name.
    List {
        /// Print JSON (one object per account) instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one account (by id or name) with what is recorded under it.
    Show {
        /// The account's name or id.
        name_or_id: String,
        /// Print JSON (a one-element array with the account and its records).
        #[arg(long)]
        json: bool,
    },
    /// Change an account's fields (JSON names: name, industry, size_band, region, owner, tags,
    /// relationship_start, renewal_date, the four ratings, notes).
    Set {
        /// The account's name or id.
        name_or_id: String,
        /// Each field to change and its new value (an empty value clears an optional field).
        #[arg(value_parser = crate::fields::pair, required = true, value_name = "FIELD=VALUE")]
        fields: Vec<(String, String)>,
    },
    /// Add an account; prints its id.
    Add {
        /// The account's name (unique, up to 200 characters).
        #[arg(long)]
        name: String,
        /// Its industry, as you name it.
        #[arg(long)]
        industry: Option<String>,
        /// Its size: micro, small, medium, large or enterprise.
        #[arg(long, value_name = "BAND", value_parser = crate::named::<keyplan_app::domain::SizeBand>)]
        size: Option<String>,
        /// Its region, as you name it.
        #[arg(long)]
        region: Option<String>,
        /// Who on your side owns the relationship.
        #[arg(long)]
        owner: Option<String>,
        /// May be given more than once.
        #[arg(long = "tag")]
        tags: Vec<String>,
    },
}

pub fn run(session: &mut Session, cmd: AccountsCommand) -> Result<(), AppError> {
    match cmd {
        AccountsCommand::List { json } => {
            let page = session.list_accounts(&AccountQuery::default())?;
            if json {
                output::json(&page.items)
            } else {
                output::accounts_table(&page.items)
            }
        }
        AccountsCommand::Show { name_or_id, json } => {
            let account = session.find_account(&name_or_id)?;
            let detail = session.account_detail(account.id())?;
            if json {
                output::json(&[output::DetailJson::from(&detail)])
            } else {
                output::account_text(&detail)
            }
        }
        AccountsCommand::Set { name_or_id, fields } => {
            let account = session.find_account(&name_or_id)?;
            let input: AccountInput =
                crate::fields::overlay(&AccountInput::from(&account.fields), &fields, "account")?;
            session.update_account(account.id(), &input)?;
            Ok(())
        }
        AccountsCommand::Add { name, industry, size, region, owner, tags } => {
            let input = AccountInput {
                name,
                industry,
                size_band: size,
                region,
                owner,
                tags,
                ..Default::default()
            };
            let account = session.create_account(&input)?;
            println!("{}", account.id());
            Ok(())
        }
    }
}

/// Whether the command only reads the book (see `reads_only` in main.rs).
pub fn reads_only(cmd: &AccountsCommand) -> bool {
    matches!(cmd, AccountsCommand::List { .. } | AccountsCommand::Show { .. })
}
