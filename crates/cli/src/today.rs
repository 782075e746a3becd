//! `keyplan today`: what is due — actions due today or late, plan reviews and contract renewals
//! within their lead time, churn alerts on A and B accounts — for a script or a login message.

use chrono::NaiveDate;
use comfy_table::{presets::UTF8_BORDERS_ONLY, Table};
use keyplan_app::{AppError, Session};

use crate::output;

pub fn run(s: &Session, as_of: Option<NaiveDate>, json: bool) -> Result<(), AppError> {
    let items = s.today_as_of(as_of)?;
    if json {
        return output::json(&items);
    }
    if items.is_empty() {
        return output::write_out(|w| writeln!(w, "Nothing is due."));
    }
    let mut table = Table::new();
    table.load_preset(UTF8_BORDERS_ONLY);
    table.set_header(["Due", "Kind", "What", "Account", "Id"]);
    for i in &items {
        let due = if i.overdue { format!("{} (overdue)", i.due) } else { i.due.to_string() };
        table.add_row([
            due,
            i.kind.to_string(),
            i.title.clone(),
            i.account.clone(),
            i.id.to_string(),
        ]);
    }
    output::write_out(|w| writeln!(w, "{table}"))
}
