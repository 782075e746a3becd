//! An empty Tauri window: what Keyplan's start-up and memory are measured against
//! (`tests/measure.rs`). Same window size; the `--db` argument it is given is ignored.

fn main() -> Result<(), tauri::Error> {
    // The generated context exits the process itself if the embedded config is unreadable, a
    // build-time fault that cannot happen at run time.
    #[allow(clippy::disallowed_methods)]
    let context = tauri::generate_context!();
    tauri::Builder::default().run(context)
}
