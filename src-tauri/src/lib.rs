//! Keyplan's desktop shell: Tauri commands that each call one method of the app's session, the
//! error type the UI branches on, and startup. Nothing else.

mod autostart;
#[cfg(target_os = "linux")]
mod bus;
mod commands;
mod dialog;
mod error;
#[cfg(target_os = "linux")]
mod notify;
#[cfg(target_os = "linux")]
mod reminding;
#[cfg(target_os = "linux")]
mod single;
#[cfg(target_os = "linux")]
mod sleep;
#[cfg(all(test, target_os = "linux"))]
#[allow(clippy::expect_used)]
mod testbus;
#[cfg(target_os = "linux")]
mod tray;

pub use error::{CommandError, ErrorKind};
/// The state every command gets: the app's session behind its lock.
pub use keyplan_app::SharedSession as AppState;

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use tauri::{AppHandle, Builder, Manager, Runtime};

/// Flags of the desktop binary.
#[derive(Debug, Parser)]
#[command(name = "keyplan-desktop", version, about = "Keyplan desktop app")]
struct Args {
    /// The database file (default: $KEYPLAN_DB, else the user's data folder).
    #[arg(long, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Start with no window, for reminders (how Keyplan starts at login); a click on a
    /// reminder opens the window, and closing it hides it again.
    #[arg(long)]
    background: bool,
}

/// Registers the state and every command. Tests pass `tauri::test::mock_builder()`.
pub fn build_app<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder.manage(state).invoke_handler(tauri::generate_handler![
        commands::app::app_info,
        commands::app::vocabulary,
        commands::app::get_settings,
        commands::app::update_settings,
        commands::app::load_demo,
        commands::security::unlock,
        commands::security::lock,
        commands::security::set_keyring,
        commands::security::encrypt_book,
        commands::security::change_passphrase,
        commands::security::new_recovery_key,
        commands::exchange::import_stage,
        commands::exchange::import_preview,
        commands::exchange::import_run,
        commands::exchange::import_status,
        commands::exchange::import_cancel,
        commands::exchange::export_portfolio,
        commands::exchange::list_backups,
        commands::exchange::backup_now,
        commands::exchange::restore_backup,
        commands::sync::export_bundle,
        commands::sync::team,
        commands::sync::team_add,
        commands::sync::team_remove,
        commands::sync::save_bundle,
        commands::sync::bundle_preview,
        commands::sync::bundle_merge,
        commands::sync::conflicts,
        commands::sync::settle_conflict,
        commands::sync::sync_status,
        commands::sync::sync_now,
        commands::sync::choose_sync_folder,
        commands::accounts::list_accounts,
        commands::accounts::account_facets,
        commands::accounts::account_detail,
        commands::accounts::create_account,
        commands::accounts::update_account,
        commands::accounts::delete_account,
        commands::contacts::create_contact,
        commands::contacts::update_contact,
        commands::contacts::delete_contact,
        commands::interactions::create_interaction,
        commands::interactions::update_interaction,
        commands::interactions::delete_interaction,
        commands::transactions::create_transaction,
        commands::transactions::update_transaction,
        commands::transactions::delete_transaction,
        commands::surveys::create_survey,
        commands::surveys::update_survey,
        commands::surveys::delete_survey,
        commands::opportunities::create_opportunity,
        commands::opportunities::update_opportunity,
        commands::opportunities::delete_opportunity,
        commands::opportunities::link_opportunity,
        commands::analytics::dashboard,
        commands::analytics::account_rows,
        commands::analytics::account_insights,
        commands::analytics::set_tier_override,
        commands::analytics::set_stage_override,
        commands::analytics::confirm_stage,
        commands::analytics::set_marked_lost,
        commands::analytics::alerts,
        commands::analytics::acknowledge_alert,
        commands::analytics::snooze_alert,
        commands::analytics::list_segments,
        commands::analytics::create_segment,
        commands::analytics::update_segment,
        commands::analytics::delete_segment,
        commands::analytics::kpis,
        commands::analytics::analytics_settings,
        commands::analytics::save_analytics_settings,
        commands::analytics::reset_analytics_settings,
        commands::plans::export_plan,
        commands::plans::export_plans,
        commands::plans::save_plan_export,
        commands::plans::plan_pdf_preview,
        commands::plans::plan_left_out,
        commands::plans::open_export_folder,
        commands::plans::plans,
        commands::plans::plan,
        commands::plans::create_plan,
        commands::plans::update_plan,
        commands::plans::delete_plan,
        commands::plans::hold_review,
        commands::plans::compare_reviews,
        commands::plans::actions,
        commands::plans::today,
        commands::app::about,
        commands::app::export_diagnostics,
        commands::app::undo,
        commands::app::redo,
        commands::app::reminder_settings,
        commands::app::save_reminder_settings,
        commands::plans::put_off_reminder,
        commands::app::record_window_error,
        commands::plans::set_action_done,
        commands::plans::add_plan_item,
        commands::plans::update_plan_item,
        commands::plans::remove_plan_item,
    ])
}

/// How often the sync folder is looked at ($KEYPLAN_SYNC_POLL_MS, default 5 s).
fn sync_poll() -> Duration {
    let ms = std::env::var("KEYPLAN_SYNC_POLL_MS").ok().and_then(|v| v.parse().ok());
    Duration::from_millis(ms.unwrap_or(5000).clamp(200, 600_000))
}

/// Syncs with the folder set in Settings at start and whenever it or the data changes, on a
/// thread of its own (see `keyplan_app::watch`).
fn watch_sync_folder<R: Runtime>(app: AppHandle<R>) {
    let every = sync_poll();
    let spawned = std::thread::Builder::new().name("sync-folder".into()).spawn(move || {
        let mut watch = keyplan_app::FolderWatch::default();
        loop {
            app.state::<AppState>().folder_tick(&mut watch);
            std::thread::sleep(every);
        }
    });
    if let Err(e) = spawned {
        eprintln!("keyplan-desktop: the sync folder will not be watched: {e}");
    }
}

/// Locks an encrypted, unlocked book when the system is about to sleep (see `sleep`).
#[cfg(target_os = "linux")]
fn lock_on_sleep<R: Runtime>(app: AppHandle<R>) {
    let spawned = std::thread::Builder::new().name("sleep-watch".into()).spawn(move || {
        let on_sleep = move || {
            let state = app.state::<AppState>();
            let s = state.startup();
            if s.encrypted && !s.locked {
                if let Err(e) = state.lock() {
                    eprintln!("keyplan-desktop: could not lock before sleep: {e}");
                }
            }
        };
        if let Err(e) = sleep::listen(None, on_sleep) {
            // No system bus or no logind: the idle timer is the only auto-lock.
            eprintln!("keyplan-desktop: the system's sleep is not watched: {e}");
        }
    });
    if let Err(e) = spawned {
        eprintln!("keyplan-desktop: the system's sleep is not watched: {e}");
    }
}

#[cfg(not(target_os = "linux"))]
fn lock_on_sleep<R: Runtime>(_app: AppHandle<R>) {}

/// Started at login: no window until a reminder is clicked, and closing the window hides it, so
/// the reminders go on.
fn stay_in_background<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window("main") else { return };
    let _ = window.hide();
    let hider = window.clone();
    window.on_window_event(move |event| {
        if let tauri::WindowEvent::CloseRequested { api, .. } = event {
            api.prevent_close();
            let _ = hider.hide();
        }
    });
}

/// The tray icon, in the book's language (the system's until one is chosen).
#[cfg(target_os = "linux")]
fn show_tray<R: Runtime>(app: &AppHandle<R>) {
    let language = app
        .state::<AppState>()
        .with(|s| s.language())
        .unwrap_or_else(|_| keyplan_app::system_language());
    if let Err(e) = tray::install(app, language) {
        eprintln!("keyplan-desktop: no tray icon: {e}");
    }
}

#[cfg(target_os = "linux")]
fn remind<R: Runtime>(app: AppHandle<R>) {
    reminding::start(app);
}

#[cfg(not(target_os = "linux"))]
fn remind<R: Runtime>(_app: AppHandle<R>) {}

/// Opens the database and runs the window until it is closed.
/// PDFs are laid out by the `keyplan` command beside this program, started on the first PDF
/// and kept: the PDF engine (Typst, most of a release binary) is then no part of the window's
/// binary or its start-up.
fn install_print_worker() {
    let program = std::env::current_exe()
        .map(|exe| exe.with_file_name(if cfg!(windows) { "keyplan.exe" } else { "keyplan" }))
        .unwrap_or_else(|_| PathBuf::from("keyplan"));
    let worker = keyplan_app::printer::Worker::new(&program, &["print-worker"]);
    keyplan_app::printer::install(Box::new(move |job| worker.print(job)));
}

pub fn run() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => {
            // --help and --version are "errors" that print to stdout and succeed.
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    install_print_worker();
    if let Ok(book) = keyplan_app::resolve_db_path(args.db.clone()) {
        let logs = keyplan_app::diagnostics::log_dir(&book);
        keyplan_app::diagnostics::install_panic_hook(logs, "keyplan-desktop");
    }
    let book = keyplan_app::resolve_db_path(args.db);
    // A second start on the same book brings the first one's window up instead.
    #[cfg(target_os = "linux")]
    let first = match book.as_deref().map(|b| single::claim(&autostart::absolute(b), None)) {
        Ok(single::Claim::Shown) => {
            eprintln!("keyplan-desktop: Keyplan is already open on this book; its window is shown");
            return ExitCode::SUCCESS;
        }
        Ok(single::Claim::First(conn)) => Some(conn),
        _ => None,
    };
    let state = AppState::open(book);
    if let Some(e) = &state.startup().error {
        // The window still opens, on a screen that says this.
        eprintln!("keyplan-desktop: {e}");
    }
    // The generated context exits the process itself if the embedded config is unreadable, a
    // build-time fault that cannot happen at run time.
    #[allow(clippy::disallowed_methods)]
    let context = tauri::generate_context!();
    let background = args.background;
    let builder = build_app(Builder::default(), state).setup(move |app| {
        if background {
            stay_in_background(app.handle());
        }
        watch_sync_folder(app.handle().clone());
        lock_on_sleep(app.handle().clone());
        remind(app.handle().clone());
        #[cfg(target_os = "linux")]
        show_tray(app.handle());
        #[cfg(target_os = "linux")]
        if let Some(conn) = first {
            let handle = app.handle().clone();
            let _ = std::thread::Builder::new()
                .name("single-instance".into())
                .spawn(move || single::serve(conn, move || reminding::open_route(&handle, "")));
        }
        Ok(())
    });
    match builder.run(context) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("keyplan-desktop: {e}");
            ExitCode::FAILURE
        }
    }
}
