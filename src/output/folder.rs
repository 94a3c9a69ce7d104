//! An output folder replaced whole: a command writes every file of its folder into a
//! staging folder beside it (`.NAME.downline-XXXXXX.partial`), and only when all of them
//! are written does the staging folder take the folder's place, in one step. So after
//! an interruption at any point (a kill, a full disk, an error) the folder is either the
//! previous one, untouched, or the new one, complete: never new tables beside old charts,
//! never a `.partial` file inside it.
//!
//! The step: if the folder does not exist yet, a rename; if it does, an atomic exchange
//! of the two folders (Linux `renameat2` with `RENAME_EXCHANGE`), after which the staging
//! name holds the previous folder, which is then deleted. Elsewhere the previous folder
//! is first renamed aside and then the new one into place, which leaves a moment without
//! the folder. A staging folder left by a killed command is removed by the next command
//! that writes the same folder.

use crate::error::{Error, Result};
use anyhow::Context;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// A folder being written; [`Staged::commit`] puts it in place.
#[derive(Debug)]
pub struct Staged {
    target: PathBuf,
    staging: Option<tempfile::TempDir>,
}

/// The prefix of the staging folders of `name`.
fn staging_prefix(name: &std::ffi::OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".downline-");
    prefix
}

impl Staged {
    /// Checks that `target` can be an output folder (not a file, in a folder that can be
    /// created and written) and creates its staging folder; any staging folder an
    /// interrupted command left for the same target is removed. Call it before any
    /// long work, so that a bad `--out` is told at once.
    pub fn begin(target: &Path) -> Result<Staged> {
        let bad = |why: String| Error::BadInput(format!("{}: {why}", target.display()));
        if target.is_file() {
            return Err(bad(
                "is a file; expected an output folder (a new or an existing folder)".into(),
            ));
        }
        let Some(name) = target.file_name() else {
            return Err(bad(
                "expected an output folder with a name (not `/`, `.` or `..`)".into(),
            ));
        };
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|err| bad(format!("cannot create the folder it goes in ({err})")))?;
        let prefix = staging_prefix(name);
        remove_leftovers(&parent, &prefix);
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".partial");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o755));
        }
        let staging = builder
            .tempdir_in(&parent)
            .map_err(|err| bad(format!("cannot write in {} ({err})", parent.display())))?;
        Ok(Staged {
            target: target.to_path_buf(),
            staging: Some(staging),
        })
    }

    /// Where to write the folder's files.
    pub fn path(&self) -> &Path {
        self.staging.as_ref().map_or(&self.target, |s| s.path())
    }

    /// The folder this will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the written folder in place of the target, replacing any previous one whole.
    pub fn commit(mut self) -> Result<()> {
        let Some(staging) = self.staging.take() else {
            return Ok(());
        };
        let staged = staging.keep();
        let target = &self.target;
        let result = if target.exists() {
            replace(&staged, target).and_then(|()| {
                // `staged` now holds the previous folder.
                std::fs::remove_dir_all(&staged).with_context(|| {
                    format!(
                        "cannot remove the previous folder (now {})",
                        staged.display()
                    )
                })
            })
        } else {
            std::fs::rename(&staged, target)
                .with_context(|| format!("cannot move the new folder to {}", target.display()))
        };
        if result.is_err() && staged.exists() && !target.exists() {
            let _ = std::fs::remove_dir_all(&staged);
        }
        Ok(result?)
    }
}

/// Removes the staging folders that interrupted commands left in `parent` for the same
/// target (best effort: one that cannot be removed is left).
fn remove_leftovers(parent: &Path, prefix: &std::ffi::OsStr) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = prefix.as_encoded_bytes();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let bytes = name.as_encoded_bytes();
        if bytes.starts_with(prefix) && bytes.ends_with(b".partial") && entry.path().is_dir() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Swaps the folders `staged` and `target` in one step: afterwards `target` is the new
/// folder and `staged` the previous one.
#[cfg(target_os = "linux")]
fn replace(staged: &Path, target: &Path) -> anyhow::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE)
        .with_context(|| format!("cannot put the new folder in place of {}", target.display()))
}

/// Moves `target` aside to `staged`'s name and `staged` into place (two steps).
#[cfg(not(target_os = "linux"))]
fn replace(staged: &Path, target: &Path) -> anyhow::Result<()> {
    let mut aside = staged.as_os_str().to_owned();
    aside.push(".previous");
    let aside = PathBuf::from(aside);
    std::fs::rename(target, &aside)
        .with_context(|| format!("cannot move {} aside", target.display()))?;
    std::fs::rename(staged, target)
        .with_context(|| format!("cannot move the new folder to {}", target.display()))?;
    std::fs::rename(&aside, staged).with_context(|| format!("cannot rename {}", aside.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("a folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_committed_folder_replaces_the_previous_one_whole() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let target = root.path().join("out");
        std::fs::create_dir(&target).expect("create");
        std::fs::write(target.join("old.csv"), "old").expect("write");
        let staged = Staged::begin(&target).expect("begins");
        std::fs::write(staged.path().join("new.csv"), "new").expect("write");
        // Until the commit, the previous folder is untouched.
        assert_eq!(files(&target), ["old.csv"]);
        staged.commit().expect("commits");
        assert_eq!(files(&target), ["new.csv"]);
        assert_eq!(files(root.path()), ["out"], "no staging folder is left");
    }

    #[test]
    fn an_uncommitted_folder_leaves_nothing_and_a_leftover_is_cleaned() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let target = root.path().join("out");
        let staged = Staged::begin(&target).expect("begins");
        std::fs::write(staged.path().join("a.csv"), "a").expect("write");
        drop(staged);
        assert!(files(root.path()).is_empty());
        // A killed command's staging folder, and another folder's, beside the target.
        std::fs::create_dir(root.path().join(".out.downline-abc123.partial")).expect("mkdir");
        std::fs::create_dir(root.path().join(".other.downline-abc123.partial")).expect("mkdir");
        let staged = Staged::begin(&target).expect("begins");
        staged.commit().expect("commits");
        assert_eq!(
            files(root.path()),
            [".other.downline-abc123.partial", "out"]
        );
    }

    #[test]
    fn a_file_in_the_way_is_bad_input() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let target = root.path().join("out");
        std::fs::write(&target, "x").expect("write");
        let err = Staged::begin(&target).expect_err("a file");
        assert!(matches!(err, Error::BadInput(_)), "{err}");
        assert!(err.to_string().contains("is a file"), "{err}");
    }
}
