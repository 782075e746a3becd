//! Files the user keeps, written one way. Every export, bundle, backup copy and sync file goes
//! through here, so two rules hold everywhere:
//!
//! - a **new** file never overwrites anything: a taken name becomes `name-2.ext`, and the name
//!   appears only once the file is complete ([`write_new`]);
//! - a **replacement** is written to a temporary file beside the target, flushed to disk and
//!   renamed over it, so the old file survives any failure — a full disk, a killed process — byte
//!   for byte ([`replace`], [`replace_with`]). SQLite and git replace files the same way.
//!
//! Temporary files start with a dot and end in `.part`, so a sync folder's readers and file
//! managers pass them by; one left by a killed process is never mistaken for the real file.

use std::fs::{File, Permissions};
use std::io::Write;
use std::path::{Path, PathBuf};

use keyplan_store::Db;
use tempfile::NamedTempFile;

use crate::{AppError, Result};

/// Reads a whole file the user named (to import, merge or unlock with), refusing before a byte
/// is read what is not a plain file (a folder; a device such as /dev/zero, which never ends; a
/// pipe) and what is larger than `limit` bytes — `what` says what the file was to be.
pub fn read_limited(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let meta = std::fs::metadata(path).map_err(|e| AppError::io(path, e))?;
    let refuse = |kind: ErrorKind, text: String| AppError::io(path, Error::new(kind, text));
    if meta.is_dir() {
        return Err(refuse(ErrorKind::IsADirectory, String::new()));
    }
    if !meta.is_file() {
        return Err(refuse(
            ErrorKind::InvalidInput,
            format!("not a file (a device or a pipe): give {what}"),
        ));
    }
    let too_large =
        || refuse(ErrorKind::FileTooLarge, format!("larger than {what} may be ({})", size(limit)));
    if meta.len() > limit {
        return Err(too_large());
    }
    // Room for the whole file up front: no reallocation leaves a stray copy of a secret behind.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).saturating_add(1));
    File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| AppError::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large()); // it grew while being read
    }
    Ok(bytes)
}

/// A limit as a person reads it: "4 KB", "512 MB".
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{} MB", b >> 20),
        b if b >= 1 << 10 => format!("{} KB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// The folder holding `path` ("." for a bare file name).
fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// The permissions a new file gets: what `File::create` would give under the user's umask, or
/// when replacing a file, that file's own (a file the user made private stays private). Elsewhere
/// than Unix the system's defaults (tempfile cannot set a read-only flag there).
#[cfg(unix)]
fn permissions_for(target: &Path) -> Option<Permissions> {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(target) {
        Ok(meta) => Some(meta.permissions()),
        // The mode is applied through open(2), so the umask still takes its bits away.
        Err(_) => Some(Permissions::from_mode(0o666)),
    }
}

#[cfg(not(unix))]
fn permissions_for(_target: &Path) -> Option<Permissions> {
    None
}

/// How old a temporary file beside a target must be before it counts as left by a process that
/// was killed mid-write (a younger one may be another process's write in progress).
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Removes what killed writes of one file left in `dir` (`.NAME.….part`, a minute old or more),
/// so a sync folder does not carry them to every laptop.
fn clear_stale_temporaries(dir: &Path, prefix: &str) {
    clear_temporaries(dir, prefix, STALE_AFTER);
}

/// Removes `dir`'s temporary files named `prefix….part` (and the journal SQLite keeps beside a
/// temporary copy) at least `age` old.
fn clear_temporaries(dir: &Path, prefix: &str, min_age: std::time::Duration) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(file) = file.to_str() else { continue };
        let temporary = [".part", ".part-journal", ".part-wal", ".part-shm"];
        if !(file.starts_with(prefix) && temporary.iter().any(|t| file.ends_with(t))) {
            continue;
        }
        let age = entry.metadata().and_then(|m| m.modified()).ok().and_then(|m| m.elapsed().ok());
        if min_age.is_zero() || age.is_some_and(|a| a >= min_age) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes every temporary file a write of `target` has beside it, however young: for a
/// command stopped with Ctrl+C, whose write will never finish.
pub fn clear_temporaries_of(target: &Path) {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    clear_temporaries(
        folder_of(target),
        &format!(".{}.", truncated(&name, 120)),
        Default::default(),
    );
}

/// Removes the temporary files killed writes of `target` left beside it (a minute old or more):
/// after a killed `decrypt`, one may be a plain copy of an encrypted book.
pub(crate) fn clear_leftovers_of(target: &Path) {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    clear_stale_temporaries(folder_of(target), &format!(".{}.", truncated(&name, 120)));
}

/// An empty temporary file beside `target`, hidden and named after it. The folder must exist:
/// a mistyped `--out` folder is an error, not a new folder.
fn temporary_beside(target: &Path) -> Result<NamedTempFile> {
    let dir = folder_of(target);
    // The system's own words for a folder that is not there (tempfile's error would name the
    // temporary file instead).
    std::fs::metadata(dir).map_err(|e| AppError::io(dir, e))?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Short enough that the random part and `.part` still fit in a file name (255 bytes).
    let prefix = format!(".{}.", truncated(&name, 120));
    clear_stale_temporaries(dir, &prefix);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".part");
    if let Some(p) = permissions_for(target) {
        builder.permissions(p);
    }
    builder.tempfile_in(dir).map_err(|e| AppError::io(dir, std::io::Error::from(e.kind())))
}

/// The file a path names: a symbolic link's target, so replacing it keeps the link (and writes
/// where the user's link points), as writing through it did.
fn resolved(path: &Path) -> PathBuf {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}

/// At most `max` bytes of `text`, cut at a character boundary.
fn truncated(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Flushes a folder's entries, so a rename or a new name in it survives a power cut. Best
/// effort: some file systems cannot open a folder for this, and the data itself is on disk.
fn sync_folder(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Replaces (or creates) `path` with `bytes`: readers see the old file or the whole new one,
/// and when anything fails the old file is left exactly as it was.
pub fn replace(path: &Path, bytes: &[u8]) -> Result<()> {
    let target = resolved(path);
    let mut tmp = temporary_beside(&target)?;
    tmp.as_file_mut().write_all(bytes).map_err(|e| AppError::io(path, e))?;
    place(tmp, &target, path)
}

/// Replaces (or creates) `path` with what `make` writes into the temporary file it is given
/// (a database copy made by SQLite, say). `make` may rewrite that file as it likes; the result
/// is flushed and renamed into place only if `make` succeeds.
pub fn replace_with(path: &Path, make: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let target = resolved(path);
    let tmp = temporary_beside(&target)?;
    // On any failure below, dropping `tmp` removes the temporary file.
    make(tmp.path())?;
    place(tmp, &target, path)
}

/// Flushes the finished temporary file (through its own, writable handle) and renames it over
/// `target`; `shown` is the path the user named, for messages.
fn place(tmp: NamedTempFile, target: &Path, shown: &Path) -> Result<()> {
    tmp.as_file().sync_all().map_err(|e| AppError::io(shown, e))?;
    tmp.persist(target).map_err(|e| AppError::io(shown, e.error))?;
    sync_folder(folder_of(target));
    Ok(())
}

/// `name` with a number before its extension: `plan.pdf` → `plan-2.pdf`.
fn numbered(name: &str, n: u32) -> String {
    if n == 1 {
        return name.to_string();
    }
    let path = Path::new(name);
    let stem = path.file_stem().map_or("keyplan".into(), |s| s.to_string_lossy());
    match path.extension() {
        Some(ext) => format!("{stem}-{n}.{}", ext.to_string_lossy()),
        None => format!("{stem}-{n}"),
    }
}

/// A file name made safe to create in a folder: no separators, no control characters, no
/// leading dots (which would hide it, or climb out of the folder), never empty.
pub fn safe_name(name: &str, fallback: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c == '/' || c == '\\' || c.is_control() { '_' } else { c })
        .collect();
    let cleaned = cleaned.trim_start_matches('.').trim();
    if cleaned.is_empty() {
        fallback.to_string()
    } else {
        cleaned.to_string()
    }
}

/// Writes `bytes` as a new file called `name` in `dir` (which must exist) and returns its path.
/// Never over an existing file: a taken name becomes `name-2.ext` and so on. The name appears
/// only when the file is complete, so a failure leaves nothing behind.
pub fn write_new(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let name = safe_name(name, "keyplan");
    let mut tmp = temporary_beside(&dir.join(&name))?;
    let written = tmp.write_all(bytes).and_then(|()| tmp.as_file().sync_all());
    written.map_err(|e| AppError::io(&dir.join(&name), e))?;
    for n in 1..10_000 {
        let path = dir.join(numbered(&name, n));
        // No-clobber: a name taken meanwhile by another program is skipped, never overwritten.
        match tmp.persist_noclobber(&path) {
            Ok(_) => {
                sync_folder(dir);
                return Ok(path);
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => tmp = e.file,
            // A file system without a no-replace rename or hard links (some network and FUSE
            // mounts): the name is claimed with create_new, then the whole file renamed onto it.
            Err(e) => return reserve_and_place(e.file, dir, &name, n),
        }
    }
    Err(AppError::Internal(format!("no free file name for {name} in {}", dir.display())))
}

/// [`write_new`]'s way on a file system that cannot rename without replacing: each name from
/// the `from`th is claimed with an exclusive create (so no one else's file is ever overwritten),
/// and the finished temporary file is renamed over the empty claim.
fn reserve_and_place(tmp: NamedTempFile, dir: &Path, name: &str, from: u32) -> Result<PathBuf> {
    for n in from..10_000 {
        let path = dir.join(numbered(name, n));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(_) => {
                return match tmp.persist(&path) {
                    Ok(_) => {
                        sync_folder(dir);
                        Ok(path)
                    }
                    Err(e) => {
                        let _ = std::fs::remove_file(&path);
                        Err(AppError::io(&path, e.error))
                    }
                };
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(AppError::io(&path, e)),
        }
    }
    Err(AppError::Internal(format!("no free file name for {name} in {}", dir.display())))
}

/// Writes several new files into `dir`, all or none: when one fails (a full disk halfway), the
/// ones already written are removed again. Returns their paths, in order.
pub fn write_all_new(dir: &Path, files: &[(Vec<u8>, String)]) -> Result<Vec<PathBuf>> {
    let mut written = Vec::with_capacity(files.len());
    for (bytes, name) in files {
        match write_new(dir, name, bytes) {
            Ok(path) => written.push(path),
            Err(e) => {
                for path in &written {
                    let _ = std::fs::remove_file(path);
                }
                return Err(e);
            }
        }
    }
    Ok(written)
}

/// The folder exports go to: the user's Downloads, else an `exports` folder beside the database.
pub fn downloads_dir(db: &Db) -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| u.download_dir().map(Path::to_path_buf))
        .filter(|d| d.is_dir())
        .or_else(|| db.path().and_then(Path::parent).map(|d| d.join("exports")))
        .unwrap_or_else(std::env::temp_dir)
}

/// The downloads folder, made if it is the `exports` stand-in beside the database.
pub fn downloads(db: &Db) -> Result<PathBuf> {
    let dir = downloads_dir(db);
    std::fs::create_dir_all(&dir).map_err(|e| AppError::io(&dir, e))?;
    Ok(dir)
}

/// Writes `bytes` as a new file `name` in the downloads folder (never over an existing file);
/// returns the path written.
pub fn write_to_downloads(db: &Db, name: &str, bytes: &[u8]) -> Result<PathBuf> {
    write_new(&downloads(db)?, name, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_file_never_overwrites_and_numbers_taken_names() {
        let dir = tempfile::tempdir().unwrap();
        let a = write_new(dir.path(), "plan.pdf", b"one").unwrap();
        let b = write_new(dir.path(), "plan.pdf", b"two").unwrap();
        let c = write_new(dir.path(), "README", b"three").unwrap();
        let d = write_new(dir.path(), "README", b"four").unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(b.file_name().unwrap(), "plan-2.pdf");
        assert_eq!(std::fs::read(&b).unwrap(), b"two");
        assert_eq!(
            (c.file_name().unwrap(), d.file_name().unwrap()),
            ("README".as_ref(), "README-2".as_ref())
        );
        assert_eq!(names_in(dir.path()), ["README", "README-2", "plan-2.pdf", "plan.pdf"]);
    }

    #[test]
    fn a_replacement_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.csv");
        replace(&path, b"old").unwrap();
        replace(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(names_in(dir.path()), ["export.csv"]);
    }

    #[test]
    fn a_failed_replacement_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.pdf");
        std::fs::write(&path, b"last quarter").unwrap();
        let err = replace_with(&path, |tmp| {
            std::fs::write(tmp, b"half").unwrap();
            Err(AppError::Internal("the renderer failed".into()))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"last quarter");
        assert_eq!(names_in(dir.path()), ["plan.pdf"]);
    }

    #[test]
    fn names_cannot_climb_out_or_hide() {
        assert_eq!(safe_name("../../etc/passwd", "x"), "_.._etc_passwd");
        assert_eq!(safe_name(".hidden", "x"), "hidden");
        assert_eq!(safe_name("a\u{0}b\nc", "x"), "a_b_c");
        assert_eq!(safe_name("  ", "x"), "x");
        assert_eq!(numbered("a.tar.gz", 3), "a.tar-3.gz");
    }

    #[test]
    fn a_replacement_into_a_missing_folder_is_refused_not_made() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Desktp").join("plan.pdf");
        let err = replace(&path, b"x").unwrap_err();
        assert!(err.to_string().contains("Desktp"), "names the place: {err}");
        assert!(!err.to_string().contains(".part"), "and no temporary file: {err}");
        assert!(!dir.path().join("Desktp").exists());
    }

    #[test]
    fn what_a_killed_write_left_is_cleared_by_the_next_write_of_that_file() {
        let dir = tempfile::tempdir().unwrap();
        let old = dir.path().join(".team.keyplan.AbC123.part");
        let fresh = dir.path().join(".team.keyplan.XyZ789.part");
        let other = dir.path().join(".other.keyplan.AbC123.part");
        for f in [&old, &fresh, &other] {
            std::fs::write(f, b"half").unwrap();
        }
        let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for f in [&old, &other] {
            File::options().write(true).open(f).unwrap().set_modified(long_ago).unwrap();
        }
        replace(&dir.path().join("team.keyplan"), b"whole").unwrap();
        assert!(!old.exists(), "an hour-old leftover of this file goes");
        assert!(fresh.exists(), "a young one may be another write in progress");
        assert!(other.exists(), "another file's is not this write's to clear");
    }

    #[test]
    fn a_new_file_needs_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_new(&dir.path().join("Exprots"), "plan.pdf", b"x").unwrap_err();
        assert!(err.to_string().contains("Exprots"), "{err}");
        assert!(!dir.path().join("Exprots").exists());
    }

    #[cfg(unix)]
    #[test]
    fn replacing_a_link_writes_where_it_points_and_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        let link = dir.path().join("link.csv");
        std::fs::write(&real, b"old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        replace(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn a_replacement_keeps_the_targets_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("private.keyplan");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, Permissions::from_mode(0o600)).unwrap();
        replace(&path, b"new").unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
