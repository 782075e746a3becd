//! `keyplan bench`: the analytics' speed on this database (see the README's "Benchmarks").

use chrono::NaiveDate;
use keyplan_app::{AppError, Session};

pub fn run(session: &mut Session, as_of: Option<NaiveDate>, runs: usize) -> Result<(), AppError> {
    let r = session.bench(as_of, runs)?;
    println!(
        "{} accounts, {} transactions, as of {}; median of {} runs",
        r.accounts, r.transactions, r.as_of, r.runs
    );
    println!("  load facts (one SQL pass)   {:>8.1} ms", r.load_ms);
    println!("  tiers, scores, RFM, risk    {:>8.1} ms", r.compute_ms);
    println!("  JSON of every account       {:>8.1} ms", r.json_ms);
    match r.recompute_after_edit_ms {
        Some(ms) => println!("  app recompute after an edit {ms:>8.1} ms"),
        None => println!("  app recompute after an edit (no transaction to edit)"),
    }
    if let (Some(p), Some(a)) = (r.plans_page_ms, r.actions_page_ms) {
        println!("  Plans page ({} plans)        {p:>8.1} ms", r.plans);
        println!("  Actions page                {a:>8.1} ms");
    }
    Ok(())
}
