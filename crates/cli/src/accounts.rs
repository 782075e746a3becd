//! `keyplan accounts …`

use clap::Subcommand;
use keyplan_app::domain::{AccountInput, AccountQuery};
use keyplan_app::{AppError, Db};

use crate::output;

#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// List every account, by name.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one account (by id or name) with what is recorded under it.
    Show {
        name_or_id: String,
        #[arg(long)]
        json: bool,
    },
    /// Add an account; prints its id.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        industry: Option<String>,
        /// micro, small, medium, large or enterprise.
        #[arg(long, value_name = "BAND")]
        size: Option<String>,
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        owner: Option<String>,
        /// May be given more than once.
        #[arg(long = "tag")]
        tags: Vec<String>,
    },
}

pub fn run(db: &mut Db, cmd: AccountsCommand) -> Result<(), AppError> {
    match cmd {
        AccountsCommand::List { json } => {
            let page = keyplan_app::list_accounts(db, &AccountQuery::default())?;
            if json {
                output::json(&page.items)
            } else {
                output::accounts_table(&page.items);
                Ok(())
            }
        }
        AccountsCommand::Show { name_or_id, json } => {
            let account = keyplan_app::find_account(db, &name_or_id)?;
            let detail = keyplan_app::account_detail(db, account.id())?;
            if json {
                output::json(&[output::DetailJson::from(&detail)])
            } else {
                output::account_text(&detail);
                Ok(())
            }
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
            let account = keyplan_app::create_account(db, &input)?;
            println!("{}", account.id());
            Ok(())
        }
    }
}
