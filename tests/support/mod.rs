//! Driving the real Keyplan window: start `tauri-driver` (which starts WebKitWebDriver, which
//! starts the app), open a WebDriver session on a database of the test's own, and helpers to
//! type, click, wait and take screenshots.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

const WAIT: Duration = Duration::from_secs(15);

/// The workspace's root folder.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The desktop binary under test: `$KEYPLAN_DESKTOP_BIN`, else the debug build.
pub fn app_binary() -> PathBuf {
    std::env::var_os("KEYPLAN_DESKTOP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/debug/keyplan-desktop"))
}

/// The `keyplan` CLI next to it (to prepare databases quickly).
pub fn cli_binary() -> PathBuf {
    app_binary().with_file_name("keyplan")
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Waits until something accepts connections on `port` of this machine.
fn wait_for_port(port: u16, what: &str) -> Result {
    let deadline = Instant::now() + WAIT;
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            return Err(format!("{what} did not open port {port} within {WAIT:?}").into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

/// A running tauri-driver; stopped (SIGTERM, so it stops WebKitWebDriver too) on drop.
#[derive(Debug)]
pub struct Driver {
    child: Child,
    port: u16,
    /// What tauri-driver, WebKitWebDriver and the app print on stderr, kept for a failure report.
    log: PathBuf,
}

impl Driver {
    pub fn start() -> Result<Driver> {
        Driver::start_with(&[])
    }

    /// [`Driver::start`], with environment variables for the driver and the app it starts.
    pub fn start_with(env: &[(&str, &str)]) -> Result<Driver> {
        let (port, native) = (free_port()?, free_port()?);
        let bin = std::env::var_os("TAURI_DRIVER").unwrap_or_else(|| "tauri-driver".into());
        let logs = root().join("target/e2e-logs");
        std::fs::create_dir_all(&logs)?;
        let log = logs.join(format!("driver-{port}.log"));
        let child = Command::new(bin)
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log)?)
            .spawn()
            .map_err(|e| {
                format!("cannot start tauri-driver ({e}); run scripts/test.sh, which installs it")
            })?;
        let driver = Driver { child, port, log };
        // tauri-driver listens at once but only forwards to WebKitWebDriver, which it starts
        // alongside: a session request sent before that one listens is dropped unanswered
        // (hyper's IncompleteMessage). So wait for both ports; on a loaded machine the second
        // can lag the first by seconds.
        wait_for_port(port, "tauri-driver")?;
        wait_for_port(native, "WebKitWebDriver (started by tauri-driver)")?;
        Ok(driver)
    }

    /// Starts the app on `db` and opens a WebDriver session to its window.
    pub async fn open(&self, db: &Path) -> Result<Client> {
        self.open_binary(&app_binary(), db).await
    }

    /// Starts `binary --db DB` (the app, or the empty window it is measured against) and opens
    /// a WebDriver session once its page says it is ready.
    pub async fn open_binary(&self, binary: &Path, db: &Path) -> Result<Client> {
        self.open_with(binary, db, &[]).await
    }

    /// [`Driver::open_binary`] with more of the app's flags (`--background`).
    pub async fn open_with(&self, binary: &Path, db: &Path, flags: &[&str]) -> Result<Client> {
        let mut args = vec![serde_json::json!("--db"), serde_json::json!(db)];
        args.extend(flags.iter().map(|f| serde_json::json!(f)));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({
                "application": binary,
                "args": args,
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        // If the app cannot start (no display), the session request never answers: bound it.
        let client = tokio::time::timeout(
            Duration::from_secs(60),
            ClientBuilder::new(connector)
                .capabilities(caps)
                .connect(&format!("http://127.0.0.1:{}", self.port)),
        )
        .await
        .map_err(|_| "the app window did not come up within 60 s (is DISPLAY set?)".to_string())
        .and_then(|session| session.map_err(|e| e.to_string()))
        .map_err(|e| self.with_log(&e))?;
        let ready = "body[data-ready=true], [data-testid=startup-error], [data-testid=lock-screen]";
        wait_for(&client, ready).await?;
        Ok(client)
    }

    /// `error`, followed by the end of what the driver and the app printed.
    fn with_log(&self, error: &str) -> String {
        let printed = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = printed.lines().collect();
        let tail = lines[lines.len().saturating_sub(40)..].join("\n");
        format!("{error}\n--- last lines of {}:\n{tail}", self.log.display())
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until an element matching `css` exists, and returns it.
/// Polls rather than using WebDriver's own wait, because the UI re-renders as it loads and a
/// node can vanish between being found and being handed back.
pub async fn wait_for(c: &Client, css: &str) -> Result<Element> {
    let deadline = Instant::now() + WAIT;
    loop {
        match c.find(Locator::Css(css)).await {
            Ok(el) => return Ok(el),
            Err(e) if Instant::now() > deadline => {
                return Err(format!("waiting for {css}: {e}").into())
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// Waits until the element matching `css` shows text containing `needle`.
pub async fn wait_text(c: &Client, css: &str, needle: &str) -> Result<String> {
    wait_text_where(c, css, |text| text.contains(needle), &format!("never showed {needle:?}")).await
}

/// Waits until the element matching `css` shows text other than `before`, and returns it.
pub async fn wait_until_changed(c: &Client, css: &str, before: &str) -> Result<String> {
    let changed = |text: &str| !text.is_empty() && text != before;
    wait_text_where(c, css, changed, &format!("still showed {before:?}")).await
}

async fn wait_text_where(
    c: &Client,
    css: &str,
    done: impl Fn(&str) -> bool,
    failure: &str,
) -> Result<String> {
    let deadline = Instant::now() + WAIT;
    let mut last = String::new();
    loop {
        if let Ok(el) = c.find(Locator::Css(css)).await {
            last = el.text().await.unwrap_or_default();
            if done(&last) {
                return Ok(last);
            }
        }
        if Instant::now() > deadline {
            return Err(format!("{css} {failure}; last text: {last:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the element matching `css` names a written file whose full path (its
/// `data-path`: the window shows the file's name and "Show in folder", not the path) satisfies
/// `done`, and returns the path.
pub async fn written_path(c: &Client, css: &str, done: impl Fn(&str) -> bool) -> Result<String> {
    let deadline = Instant::now() + WAIT;
    let mut last = String::new();
    loop {
        if let Ok(el) = c.find(Locator::Css(css)).await {
            last = el.attr("data-path").await.ok().flatten().unwrap_or_default();
            if !last.is_empty() && done(&last) {
                return Ok(last);
            }
        }
        if Instant::now() > deadline {
            return Err(format!("{css} never named the file; last path: {last:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Gives the hidden file input `css` a file, as picking it in the system's dialog would:
/// WebDriver types only into an input it can see, so the input is shown for that moment and
/// hidden again before any screenshot.
pub async fn choose_file(c: &Client, css: &str, path: &str) -> Result {
    wait_for(c, css).await?;
    c.execute(&format!("document.querySelector('{css}').classList.remove('sr-only')"), vec![])
        .await?;
    c.find(Locator::Css(css)).await?.send_keys(path).await?;
    c.execute(&format!("document.querySelector('{css}')?.classList.add('sr-only')"), vec![])
        .await?;
    Ok(())
}

/// Whether an error means "the element was re-rendered since we found it" (or is being: a
/// language change redraws the whole window): find it again. WebKitWebDriver reports an element
/// detached in the middle of a command as an unknown error with no message, so that counts too.
fn is_stale(e: &fantoccini::error::CmdError) -> bool {
    use fantoccini::error::ErrorStatus as S;
    matches!(e, fantoccini::error::CmdError::Standard(w)
        if matches!(w.error, S::StaleElementReference | S::ElementNotInteractable)
            || (w.error == S::UnknownError && w.message.is_empty()))
}

/// The element matching `css`, scrolled into view as a person scrolls to what they use: the
/// page scrolls inside its column, above the status bar, and WebDriver's own scrolling does not
/// always reach an element at its foot.
async fn in_view(c: &Client, css: &str) -> Result<Element> {
    let el = wait_for(c, css).await?;
    let js = "arguments[0].scrollIntoView({block: 'nearest'})";
    let _ = c.execute(js, vec![serde_json::to_value(&el)?]).await;
    Ok(el)
}

pub async fn click(c: &Client, css: &str) -> Result {
    let deadline = Instant::now() + WAIT;
    loop {
        let el = in_view(c, css).await?;
        match el.click().await {
            Err(e) if is_stale(&e) && Instant::now() < deadline => {
                // Gone altogether: the click landed and the page moved on (the caller's next
                // wait checks its effect). Still there: it was redrawn first, so click anew.
                if c.find(Locator::Css(css)).await.is_err() {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            other => return other.map_err(|e| format!("clicking {css}: {e}").into()),
        }
    }
}

/// Clears the input matching `css` and types `text` into it.
pub async fn fill(c: &Client, css: &str, text: &str) -> Result {
    let el = in_view(c, css).await?;
    el.clear().await?;
    if !text.is_empty() {
        el.send_keys(text).await?;
    }
    Ok(())
}

/// Presses a key chord as a person would (e.g. `chord(c, &['\u{E009}', 'k'])` for Ctrl+K),
/// sent to whatever has focus.
pub async fn chord(c: &Client, keys: &[char]) -> Result {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".into());
    for &k in keys {
        actions = actions.then(KeyAction::Down { value: k });
    }
    for &k in keys.iter().rev() {
        actions = actions.then(KeyAction::Up { value: k });
    }
    c.perform_actions(actions).await?;
    Ok(())
}

pub async fn select(c: &Client, css: &str, value: &str) -> Result {
    let deadline = Instant::now() + WAIT;
    loop {
        match wait_for(c, css).await?.select_by_value(value).await {
            Err(e) if is_stale(&e) && Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            other => return other.map_err(|e| format!("choosing {value} in {css}: {e}").into()),
        }
    }
}

/// Scrolls the first element matching `css` to the middle of the window, as a person would
/// before looking at it.
pub async fn scroll_into_view(c: &Client, css: &str) -> Result {
    let js = "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})";
    c.execute(js, vec![serde_json::json!(css)]).await?;
    Ok(())
}

/// Saves a screenshot to `target/e2e-shots/NAME.png` (after two frames, so it is not stale).
pub async fn screenshot(c: &Client, name: &str) -> Result<PathBuf> {
    let frames =
        "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));";
    c.execute_async(frames, vec![]).await.map_err(|e| format!("screenshot {name}: {e}"))?;
    let png = c.screenshot().await.map_err(|e| format!("screenshot {name}: {e}"))?;
    let dir = root().join("target/e2e-shots");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png)?;
    Ok(path)
}

/// Runs the `keyplan` CLI on `db`, failing on a non-zero exit.
pub fn cli(db: &Path, args: &[&str]) -> Result<String> {
    let out = Command::new(cli_binary()).arg("--db").arg(db).args(args).output()?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned().into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// SIGKILLs the app process started on `db` (no clean shutdown at all).
pub fn kill_9_app(db: &Path) -> Result {
    let pattern = format!("keyplan-desktop --db {}", db.display());
    let status = Command::new("pkill").args(["-9", "-f", &pattern]).status()?;
    if !status.success() {
        return Err(format!("no app process matched {pattern:?}").into());
    }
    Ok(())
}

/// Answers the system's save dialog (GTK's file chooser: a window of its own, which WebDriver
/// cannot see) as a person would, with xdotool: waits for the window titled `title`, types
/// `path` over the offered name and presses Enter.
pub async fn answer_save_dialog(title: &str, path: &Path) -> Result {
    let title = format!("^{title}$");
    let path = path.to_string_lossy().into_owned();
    tokio::task::spawn_blocking(move || -> Result {
        let xdotool = |args: &[&str]| -> Result<String> {
            let out = Command::new("xdotool").args(args).output()?;
            if !out.status.success() && args[0] != "search" {
                return Err(
                    format!("xdotool {args:?}: {}", String::from_utf8_lossy(&out.stderr)).into()
                );
            }
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        };
        let deadline = Instant::now() + WAIT;
        let window = loop {
            let found = xdotool(&["search", "--onlyvisible", "--name", &title])?;
            if let Some(id) = found.lines().next() {
                break id.trim().to_string();
            }
            if Instant::now() > deadline {
                let mut names = Vec::new();
                for id in xdotool(&["search", "--onlyvisible", "--name", "."])?.lines() {
                    names.push(xdotool(&["getwindowname", id])?.trim().to_string());
                }
                return Err(format!("no window titled {title} appeared; shown: {names:?}").into());
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        xdotool(&["windowfocus", "--sync", &window])?;
        // GTK fills in the offered name and selects it once the window is shown; typing
        // before that would be overwritten.
        std::thread::sleep(Duration::from_millis(500));
        xdotool(&["key", "--clearmodifiers", "ctrl+a"])?;
        xdotool(&["type", "--delay", "10", &path])?;
        xdotool(&["key", "Return"])?;
        Ok(())
    })
    .await?
}

/// Where keyboard focus is and whether a person can see it: `ok`, or what is wrong (nothing
/// focused, the element has no size or no focus indicator, or something else covers it: WCAG
/// 2.4.7 and 2.4.11).
const FOCUS_SEEN: &str = r#"
const el = document.activeElement;
if (!el || el === document.body) return 'nothing is focused';
const r = el.getBoundingClientRect();
if (r.width < 1 || r.height < 1) return 'the focused element has no size';
const s = getComputedStyle(el);
if (s.outlineStyle === 'none' && s.boxShadow === 'none' && !el.matches('[role=combobox], input, textarea, select'))
  return 'no focus indicator (fv=' + el.matches(':focus-visible') + ' f=' + el.matches(':focus') + ' doc=' + document.hasFocus() + ') on ' + el.outerHTML.slice(0, 120);
const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 10), 0), innerHeight - 1);
const top = document.elementFromPoint(x, y);
if (!top || !(top === el || el.contains(top) || top.contains(el)))
  return 'covered by ' + (top ? top.outerHTML.slice(0, 120) : 'nothing') + ' at ' + x + ',' + y;
return 'ok';
"#;

/// Presses Tab (Shift+Tab with `back`) until focus is on an element matching `css`, as a person
/// without a mouse would; every stop on the way must show its focus, uncovered.
pub async fn tab_to(c: &Client, css: &str, back: bool) -> Result {
    for _ in 0..120 {
        let keys: &[char] = if back { &['\u{E008}', '\u{E004}'] } else { &['\u{E004}'] };
        chord(c, keys).await?;
        let mut seen = c.execute(FOCUS_SEEN, vec![]).await?;
        if seen != serde_json::json!("ok") {
            // Once more after a frame: a page still drawing may move or restyle what has focus.
            tokio::time::sleep(Duration::from_millis(150)).await;
            seen = c.execute(FOCUS_SEEN, vec![]).await?;
        }
        let here = c
            .execute("return document.activeElement.matches(arguments[0])", vec![css.into()])
            .await?;
        if seen != serde_json::json!("ok") {
            return Err(format!("tabbing to {css}: {seen}").into());
        }
        if here == serde_json::json!(true) {
            return Ok(());
        }
    }
    Err(format!("{css} was not reached by Tab").into())
}

/// Fails unless focus is on an element matching `css` and a person can see it there.
pub async fn focus_on(c: &Client, css: &str) -> Result {
    let deadline = Instant::now() + WAIT;
    loop {
        let here = c
            .execute("return document.activeElement.matches(arguments[0])", vec![css.into()])
            .await?;
        if here == serde_json::json!(true) {
            let seen = c.execute(FOCUS_SEEN, vec![]).await?;
            return if seen == serde_json::json!("ok") {
                Ok(())
            } else {
                Err(format!("focus on {css}: {seen}").into())
            };
        }
        if Instant::now() > deadline {
            let at =
                c.execute("return document.activeElement.outerHTML.slice(0, 160)", vec![]).await?;
            return Err(format!("focus is not on {css} but on {at}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Types into whatever has focus, as a keyboard would.
pub async fn type_keys(c: &Client, text: &str) -> Result {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".into());
    for ch in text.chars() {
        actions = actions.then(KeyAction::Down { value: ch }).then(KeyAction::Up { value: ch });
    }
    c.perform_actions(actions).await?;
    Ok(())
}
