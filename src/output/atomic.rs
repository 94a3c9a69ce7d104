//! Atomic file writes: write to a temporary file in the target folder, then rename it
//! over the target. A reader (or an interrupted run) sees either the old file or the
//! complete new one, never half of one. The temporary file is removed if writing fails.

use anyhow::{Context, Result};
use std::io::{BufWriter, Write};
use std::path::Path;

/// Checks, before any work is done, that [`write_atomically`] can write a file at
/// `path`: it is not a folder, its folder exists, and a temporary file can be created
/// in that folder (then removed). Says why not, with the system's reason.
pub fn check_writable_file(path: &Path) -> std::result::Result<(), String> {
    if path.is_dir() {
        return Err(format!(
            "is a folder; expected a file name (e.g. {})",
            path.join("network.csv").display()
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(format!(
            "no such folder {} (create it first)",
            dir.display()
        ));
    }
    tempfile::Builder::new()
        .prefix(".downline-")
        .suffix(".partial")
        .tempfile_in(dir)
        .map(drop)
        .map_err(|err| {
            // The system's reason, without tempfile's note of the temporary path.
            let reason = err.raw_os_error().map_or(err.kind().to_string(), |code| {
                std::io::Error::from_raw_os_error(code).to_string()
            });
            format!("cannot write in {} ({reason})", dir.display())
        })
}

/// Writes a file atomically with whatever `write` puts into the buffer.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".downline-").suffix(".partial");
    // Results are ordinary files (rw-r--r--), not private temporary ones.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let temporary = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    let mut buffer = BufWriter::new(temporary);
    write(&mut buffer)?;
    let temporary = buffer
        .into_inner()
        .map_err(|e| e.into_error())
        .with_context(|| format!("cannot write {}", path.display()))?;
    temporary
        .as_file()
        .sync_all()
        .with_context(|| format!("cannot flush {}", path.display()))?;
    temporary
        .persist(path)
        .with_context(|| format!("cannot move the finished file to {}", path.display()))?;
    Ok(())
}
