//! Reading files and walking folders with limits: only regular files are opened (a FIFO is
//! never waited on, `/dev/zero` never read), nothing over [`MAX_FILE_BYTES`] is read, and a
//! folder walk follows no link twice, so a link loop cannot make it spin. Files the product
//! keeps (settings, progress, class reports) are written atomically, so a crash or a SIGKILL
//! leaves the old file or the new one, never half of one.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Severity, line_col};

/// Writes `bytes` to `path` atomically: a synced temporary file beside it, renamed over the
/// old one, and the folder synced so that the rename itself reaches the disk. The folder is
/// created if need be.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_as(path, bytes, false)
}

/// [`write_atomic`] for a file only its owner may read or write (mode 0600 on Unix, from the
/// moment it exists): saved credentials.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_as(path, bytes, true)
}

fn write_atomic_as(path: &Path, bytes: &[u8], private: bool) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir {
        std::fs::create_dir_all(dir)?;
    }
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp.{}", std::process::id()));
    let tmp = path.with_file_name(name);
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        #[cfg(not(unix))]
        let _ = private;
        let mut f = options.open(&tmp)?;
        // A temporary file left over from a crash keeps its old mode when opened again.
        #[cfg(unix)]
        if private {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    if let Some(d) = dir.and_then(|d| std::fs::File::open(d).ok()) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Largest file read, in bytes. A real scenario is a few hundred KB at most.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Deepest folder nesting a walk descends into.
const MAX_FOLDER_DEPTH: usize = 32;

/// What kind of thing a path is, in words, when it is not a regular file.
fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if t.is_socket() {
            return Some("a socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

fn refuse(label: &str, what: &str) -> Diagnostic {
    Diagnostic::file_level(
        Severity::Error,
        label,
        format!("not a regular file: this is {what}, so it is not read"),
        Some("give the path of a .ron text file"),
    )
}

fn too_big(label: &str, bytes: u64) -> Diagnostic {
    Diagnostic::file_level(
        Severity::Error,
        label,
        format!(
            "the file is {bytes} bytes; files over {} MiB are not read",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
        Some("split it into several scenarios, one per file"),
    )
}

/// Reads a file as UTF-8 text, or explains why it cannot be. Refuses anything but a regular
/// file before opening it, opens without blocking, and reads at most [`MAX_FILE_BYTES`] + 1.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let label = path.display().to_string();
    let cannot = |e: std::io::Error| {
        Diagnostic::file_level(
            Severity::Error,
            &label,
            format!("cannot read the file: {e}"),
            Some("check the path and that the file is readable"),
        )
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if let Some(what) = not_a_file(&meta) {
        return Err(refuse(&label, what));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(&label, meta.len()));
    }
    let file = open_nonblocking(path).map_err(cannot)?;
    // The path may have been swapped for something else since `metadata`: check what was opened.
    let meta = file.metadata().map_err(cannot)?;
    if let Some(what) = not_a_file(&meta) {
        return Err(refuse(&label, what));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(MAX_FILE_BYTES) as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    decode(&label, bytes)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Checks raw bytes are a plausible RON text file. A UTF-8 byte-order mark is dropped (some
/// Windows editors write one); columns on the first line count from after it.
pub fn decode(label: &str, mut bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(label, bytes.len() as u64));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let at = |bytes: &[u8], end: usize, message: &str, hint: &str| {
        let prefix = String::from_utf8_lossy(&bytes[..end]);
        let (line, column) = line_col(&prefix, prefix.len());
        let mut d = Diagnostic::file_level(Severity::Error, label, message, Some(hint));
        d.line = line;
        d.column = column;
        d
    };
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(at(
            &bytes,
            nul,
            "this is a binary file, not RON text (it contains a NUL byte)",
            "scenario files are plain UTF-8 text; was the wrong file saved here?",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        at(
            e.as_bytes(),
            good,
            "the file is not valid UTF-8 text",
            "save the file as UTF-8 (GBK and other encodings are not read)",
        )
    })
}

/// The files a walk found, and what it could not walk.
#[derive(Debug, Default)]
pub struct Walk {
    /// Files, sorted, each once (a file reached by two names or through a link is kept under
    /// the first name found).
    pub files: Vec<PathBuf>,
    /// Folders that could not be read (errors) and entries skipped (warnings).
    pub problems: Vec<Diagnostic>,
    /// Draft folders left out on purpose (see [`is_draft_folder`]).
    pub drafts: Vec<PathBuf>,
}

/// The name of a folder of work in progress that walks leave out.
pub const DRAFTS_FOLDER: &str = "_drafts";
/// A file whose presence makes walks leave its folder out.
pub const IGNORE_MARKER: &str = ".dojoignore";

/// Whether a folder met inside a walk is a draft folder: named `_drafts`, or holding a
/// `.dojoignore` file. A folder given by name is always searched, drafts included.
pub fn is_draft_folder(dir: &Path) -> bool {
    dir.file_name().is_some_and(|n| n == DRAFTS_FOLDER) || dir.join(IGNORE_MARKER).exists()
}

/// The files under `paths` that `wanted` accepts by name: files given by path are taken as
/// they are (reading reports what is wrong with them), folders are searched recursively.
/// Links are followed, but no folder is entered twice, so a link loop ends the walk there.
/// A FIFO, socket or device with a wanted name inside a folder is skipped with a warning.
/// Draft folders inside a searched folder are left out and listed in [`Walk::drafts`].
pub fn walk(paths: &[PathBuf], wanted: impl Fn(&Path) -> bool) -> Walk {
    let mut out = Walk::default();
    let mut seen_files: HashSet<PathBuf> = HashSet::new();
    let mut seen_dirs: HashSet<PathBuf> = HashSet::new();
    let mut keep = |out: &mut Walk, p: PathBuf| {
        let key = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
        if seen_files.insert(key) {
            out.files.push(p);
        }
    };
    for root in paths {
        if !root.is_dir() {
            keep(&mut out, root.clone());
            continue;
        }
        let mut stack = vec![(root.clone(), 0usize)];
        while let Some((dir, depth)) = stack.pop() {
            let key = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
            if !seen_dirs.insert(key) {
                continue;
            }
            let label = dir.display().to_string();
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) => {
                    out.problems.push(Diagnostic::file_level(
                        Severity::Error,
                        &label,
                        format!("cannot read the folder: {e}"),
                        Some("check the folder's permissions; its scenarios were not checked"),
                    ));
                    continue;
                }
            };
            for entry in entries {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        out.problems.push(Diagnostic::file_level(
                            Severity::Error,
                            &label,
                            format!("cannot list the folder: {e}"),
                            Some("check the folder's permissions"),
                        ));
                        break;
                    }
                };
                let p = entry.path();
                // Follows a link to what it points at; a dangling link is reported below.
                let meta = match std::fs::metadata(&p) {
                    Ok(m) => m,
                    Err(_) if !wanted(&p) => continue,
                    Err(e) => {
                        out.problems.push(Diagnostic::file_level(
                            Severity::Error,
                            &p.display().to_string(),
                            format!("cannot read the file: {e}"),
                            Some("a link may point at a file that no longer exists"),
                        ));
                        continue;
                    }
                };
                if meta.is_dir() {
                    if is_draft_folder(&p) {
                        out.drafts.push(p);
                    } else if depth + 1 < MAX_FOLDER_DEPTH {
                        stack.push((p, depth + 1));
                    } else {
                        out.problems.push(Diagnostic::file_level(
                            Severity::Warning,
                            &p.display().to_string(),
                            format!("skipped: folders nested over {MAX_FOLDER_DEPTH} deep are not searched"),
                            Some("move the scenarios nearer the top folder"),
                        ));
                    }
                } else if wanted(&p) {
                    match not_a_file(&meta) {
                        None => keep(&mut out, p),
                        Some(what) => out.problems.push(Diagnostic::file_level(
                            Severity::Warning,
                            &p.display().to_string(),
                            format!("skipped: not a regular file ({what})"),
                            Some("only regular .ron files are read"),
                        )),
                    }
                }
            }
        }
    }
    out.files.sort();
    out.drafts.sort();
    out
}
