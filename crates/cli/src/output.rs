//! How the CLI prints: JSON for scripts, aligned tables (CJK-aware widths) for people.

use comfy_table::{presets::UTF8_BORDERS_ONLY, Table};
use keyplan_app::domain::Account;
use keyplan_app::{AccountDetail, AppError};
use serde::Serialize;
use std::io::Write;

pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<(), AppError> {
    write_out(|w| {
        // `From` keeps the kind of an I/O failure (a closed pipe) that serde_json passes on.
        serde_json::to_writer_pretty(&mut *w, value).map_err(std::io::Error::from)?;
        writeln!(w)
    })
}

/// A failure to print, as the command's error (a closed pipe is told apart by `main`).
pub fn stdout_error(e: std::io::Error) -> AppError {
    AppError::io(std::path::Path::new("standard output"), e)
}

/// Writes to stdout through a buffer; a reader that went away (`| head`) is how pipelines end,
/// not an error.
pub fn write_out(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), AppError> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    match f(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| AppError::io(std::path::Path::new("standard output"), e)),
    }
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

pub fn accounts_table(accounts: &[Account]) -> Result<(), AppError> {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY);
    t.set_header(["Name", "Industry", "Size", "Region", "Owner", "Tags"]);
    for a in accounts {
        let f = &a.fields;
        t.add_row([
            f.name.as_str(),
            opt(&f.industry),
            &f.size_band.map(|s| s.to_string()).unwrap_or_default(),
            opt(&f.region),
            opt(&f.owner),
            &f.tags.join(", "),
        ]);
    }
    println!("{t}");
    println!("{} accounts", accounts.len());
    Ok(())
}

pub fn account_text(d: &AccountDetail) -> Result<(), AppError> {
    let f = &d.account.fields;
    let date = |v: Option<chrono::NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
    let rows: [(&str, String); 9] = [
        ("id", d.account.id().to_string()),
        ("name", f.name.clone()),
        ("industry", opt(&f.industry).into()),
        ("size", f.size_band.map(|s| s.to_string()).unwrap_or_default()),
        ("region", opt(&f.region).into()),
        ("owner", opt(&f.owner).into()),
        ("tags", f.tags.join(", ")),
        ("relationship start", date(f.relationship_start)),
        ("renewal date", date(f.renewal_date)),
    ];
    for (k, v) in rows {
        println!("{k:>20}  {v}");
    }
    println!(
        "{:>20}  {} contacts, {} interactions, {} transactions, {} surveys, {} opportunities",
        "records",
        d.contacts.len(),
        d.interactions.len(),
        d.transactions.len(),
        d.surveys.len(),
        d.opportunities.len()
    );
    Ok(())
}

/// `accounts show --json`: the account's own fields at the top level (so `id` and `name` are
/// where every other JSON output has them) and its records beside them.
#[derive(Serialize)]
pub struct DetailJson<'a> {
    #[serde(flatten)]
    account: &'a Account,
    contacts: &'a [keyplan_app::domain::Contact],
    interactions: &'a [keyplan_app::domain::Interaction],
    transactions: &'a [keyplan_app::domain::Transaction],
    surveys: &'a [keyplan_app::domain::Survey],
    opportunities: &'a [keyplan_app::domain::Opportunity],
}

impl<'a> From<&'a AccountDetail> for DetailJson<'a> {
    fn from(d: &'a AccountDetail) -> Self {
        DetailJson {
            account: &d.account,
            contacts: &d.contacts,
            interactions: &d.interactions,
            transactions: &d.transactions,
            surveys: &d.surveys,
            opportunities: &d.opportunities,
        }
    }
}
