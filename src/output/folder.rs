//! An output folder replaced whole: a command writes every file of its folder into a
//! staging folder beside it (`.NAME.downline-PID-XXXXXX.partial`), and only when all of
//! them are written does the staging folder take the folder's place, in one step. So
//! after an interruption at any point (a kill, a full disk, an error) the folder is
//! either the previous one, untouched, or the new one, complete: never new tables beside
//! old charts, never a `.partial` file inside it.
//!
//! The step: if the folder does not exist yet, a rename; if it does, an atomic exchange
//! of the two folders (Linux `renameat2` with `RENAME_EXCHANGE`), after which the staging
//! name holds the previous folder, which is then deleted. Where the exchange is not
//! supported (other systems, some network file systems) the previous folder is renamed
//! aside and the new one into place: two steps, with a moment without the folder.
//!
//! What is replaced is checked first, since replacing deletes: the target must be a
//! folder that is empty or holds only what downline writes (with `summary.json`,
//! `manifest.json` or a comparison among it), so that `--out ~/Documents` is refused
//! rather than emptied, and shards kept inside a run's folder are not lost; a link to a
//! folder is followed (the folder is replaced, the link kept).
//! A folder that cannot be exchanged (a mount point, or one whose parent cannot be
//! written) is staged inside itself and its files are moved into place at the end, which
//! is not atomic. A staging folder left by a killed command is removed by the next
//! command that writes the same folder, unless the process that made it still runs.

use crate::error::{Error, Result};
use anyhow::Context;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// A folder being written; [`Staged::commit`] puts it in place.
#[derive(Debug)]
pub struct Staged {
    target: PathBuf,
    staging: Option<tempfile::TempDir>,
    /// Staged inside the target (see the module's documentation), not beside it.
    inside: bool,
}

/// Files whose presence marks a folder as written by downline (a run, a sweep, a shard
/// or a comparison), so that replacing it whole loses nothing else.
const OUTPUT_MARKS: [&str; 5] = [
    "summary.json",
    "manifest.json",
    "compare.html",
    "compare.csv",
    "compare.jsonl",
];

/// The start of the names of a process's staging folders for a target called `name`
/// (`""` for those made inside the target).
fn staging_prefix(name: &OsStr, pid: Option<u32>) -> OsString {
    let mut prefix = OsString::new();
    if !name.is_empty() {
        prefix.push(".");
        prefix.push(name);
    }
    prefix.push(".downline-");
    if let Some(pid) = pid {
        prefix.push(format!("{pid}-"));
    }
    prefix
}

impl Staged {
    /// Checks that `target` can be an output folder and creates its staging folder; any
    /// staging folder an interrupted command left for the same target is removed. Call
    /// it before any long work, so that a bad `--out` is told at once.
    pub fn begin(target: &Path) -> Result<Staged> {
        let bad = |why: String| Error::BadInput(format!("{}: {why}", target.display()));
        let target = place(target).map_err(bad)?;
        let bad = |why: String| Error::BadInput(format!("{}: {why}", target.display()));
        let (parent, name) = split(&target).map_err(bad)?;
        if target.exists() {
            if !target.is_dir() {
                return Err(bad(
                    "exists and is not a folder; expected an output folder (a new folder, or \
                     one written by downline, which is replaced whole)"
                        .into(),
                ));
            }
            check_replaceable(&target).map_err(bad)?;
        }
        std::fs::create_dir_all(&parent)
            .map_err(|err| bad(format!("cannot create the folder it goes in ({err})")))?;
        remove_leftovers(&parent, &staging_prefix(&name, None));
        let beside = |dir: &Path, name: &OsStr| {
            let mut builder = tempfile::Builder::new();
            let prefix = staging_prefix(name, Some(std::process::id()));
            builder.prefix(&prefix).suffix(".partial");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                builder.permissions(std::fs::Permissions::from_mode(0o755));
            }
            builder.tempdir_in(dir)
        };
        let inside = target.is_dir() && (is_mount_point(&target, &parent) || !writable(&parent));
        let staging = if inside {
            remove_leftovers(&target, &staging_prefix(OsStr::new(""), None));
            beside(&target, OsStr::new(""))
        } else {
            beside(&parent, &name)
        }
        .map_err(|err| bad(format!("cannot write in {} ({err})", parent.display())))?;
        Ok(Staged {
            target,
            staging: Some(staging),
            inside,
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
    /// If that fails, the written folder is kept and the error says where it is.
    pub fn commit(mut self) -> Result<()> {
        let Some(staging) = self.staging.take() else {
            return Ok(());
        };
        let staged = staging.keep();
        let target = &self.target;
        let kept = |err: anyhow::Error| {
            err.context(format!(
                "the results are kept in {}; move them to {} by hand",
                staged.display(),
                target.display()
            ))
        };
        if self.inside {
            move_into(&staged, target).map_err(kept)?;
        } else if target.exists() {
            if let Ok(metadata) = std::fs::metadata(target) {
                let _ = std::fs::set_permissions(&staged, metadata.permissions());
            }
            replace(&staged, target).map_err(kept)?;
            // `staged` now holds the previous folder: losing it is no failure.
            if let Err(err) = std::fs::remove_dir_all(&staged) {
                eprintln!(
                    "warning: cannot remove the previous folder, now {} ({err})",
                    staged.display()
                );
            }
        } else {
            std::fs::rename(&staged, target)
                .with_context(|| format!("cannot move the new folder to {}", target.display()))
                .map_err(kept)?;
        }
        Ok(())
    }
}

/// `target` as a path with a name (`out/` and `out/.` are `./out`), following a link.
fn place(target: &Path) -> std::result::Result<PathBuf, String> {
    let (parent, name) = split(target)?;
    let target = parent.join(name);
    if target.is_symlink() {
        return std::fs::canonicalize(&target)
            .map_err(|err| format!("cannot follow the link ({err})"));
    }
    Ok(target)
}

/// A target's parent folder (`.` for a bare name) and its name.
fn split(target: &Path) -> std::result::Result<(PathBuf, OsString), String> {
    let name = target
        .file_name()
        .ok_or_else(|| "expected an output folder with a name (not `/` or `..`)".to_string())?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name.to_os_string()))
}

/// Refuses to replace a folder that holds anything downline does not write, or holds
/// files but none that marks an output folder.
fn check_replaceable(target: &Path) -> std::result::Result<(), String> {
    let entries = std::fs::read_dir(target).map_err(|err| format!("cannot read ({err})"))?;
    let mut foreign = Vec::new();
    let mut any = false;
    for entry in entries {
        let entry = entry.map_err(|err| format!("cannot read ({err})"))?;
        any = true;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !ours(&name, is_dir) {
            foreign.push(if is_dir { format!("{name}/") } else { name });
        }
    }
    let marked = OUTPUT_MARKS.iter().any(|m| target.join(m).is_file());
    if !any || (marked && foreign.is_empty()) {
        return Ok(());
    }
    foreign.sort();
    let shown = match foreign.len() {
        0 => format!("none of {}", OUTPUT_MARKS.join(", ")),
        n if n > 5 => format!("{} and {} more", foreign[..5].join(", "), n - 5),
        _ => foreign.join(", "),
    };
    Err(format!(
        "holds what downline did not write ({shown}); downline replaces its output folder \
         whole, so choose a new folder, or move those out first"
    ))
}

/// Whether an entry of an output folder is one downline writes: its tables, JSON
/// documents, scenario copies (as run, and as calibrated), pages and charts, and
/// temporary files.
fn ours(name: &str, is_dir: bool) -> bool {
    if is_dir {
        return name == "charts";
    }
    OUTPUT_MARKS.contains(&name)
        || [
            "scenario.toml",
            "calibrated.toml",
            "report.html",
            "calibrate.html",
        ]
        .contains(&name)
        || name.ends_with(".csv")
        || name.ends_with(".jsonl")
        || (name.starts_with(".downline-") && name.ends_with(".partial"))
}

/// Refuses an output folder that is one of `inputs`, holds one, or lies inside one:
/// replacing it would delete what is being read.
pub fn refuse_overlap(target: &Path, inputs: &[PathBuf]) -> Result<()> {
    let absolute = |p: &Path| {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            let (parent, name) = split(p).unwrap_or_else(|_| (p.to_path_buf(), OsString::new()));
            std::fs::canonicalize(&parent).unwrap_or(parent).join(name)
        })
    };
    let out = absolute(target);
    for input in inputs {
        let input_path = absolute(input);
        if out.starts_with(&input_path) || input_path.starts_with(&out) {
            return Err(Error::BadInput(format!(
                "--out {}: expected a folder apart from the folders read ({} is {}); the output \
                 folder is replaced whole",
                target.display(),
                input.display(),
                if out == input_path {
                    "the same folder"
                } else if input_path.starts_with(&out) {
                    "inside it"
                } else {
                    "around it"
                }
            )));
        }
    }
    Ok(())
}

/// Whether `dir` is on another file system than `parent` (a mount point).
fn is_mount_point(dir: &Path, parent: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(dir), std::fs::metadata(parent)) {
            (Ok(d), Ok(p)) => d.dev() != p.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, parent);
        false
    }
}

/// Whether a file can be created in `dir`.
fn writable(dir: &Path) -> bool {
    tempfile::Builder::new()
        .prefix(".downline-probe-")
        .tempfile_in(dir)
        .is_ok()
}

/// Removes the staging folders that interrupted commands left in `parent` for the same
/// target: those whose process no longer runs (on Linux; elsewhere, those a day old).
/// Best effort: one that cannot be removed is left.
fn remove_leftovers(parent: &Path, prefix: &OsStr) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = prefix.as_encoded_bytes();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let bytes = name.as_encoded_bytes();
        let Some(rest) = bytes.strip_prefix(prefix) else {
            continue;
        };
        if !bytes.ends_with(b".partial") || !entry.path().is_dir() {
            continue;
        }
        let pid = std::str::from_utf8(rest)
            .ok()
            .and_then(|r| r.split('-').next())
            .and_then(|p| p.parse::<u32>().ok());
        if !abandoned(&entry.path(), pid) {
            continue;
        }
        let _ = std::fs::remove_dir_all(entry.path());
    }
}

/// Whether a staging folder made by process `pid` is abandoned.
fn abandoned(path: &Path, pid: Option<u32>) -> bool {
    let proc = Path::new("/proc");
    match pid {
        Some(pid) if proc.is_dir() => !proc.join(pid.to_string()).exists(),
        _ => std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 24 * 3600),
    }
}

/// Swaps the folders `staged` and `target`: afterwards `target` is the new folder and
/// `staged` the previous one. One step where the system can exchange two names.
fn replace(staged: &Path, target: &Path) -> anyhow::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            // The file system cannot exchange names: fall back to two renames.
            Err(Errno::INVAL | Errno::NOTSUP | Errno::NOSYS) => {}
            Err(err) => {
                return Err(err).with_context(|| {
                    format!("cannot put the new folder in place of {}", target.display())
                });
            }
        }
    }
    let mut aside = staged.as_os_str().to_owned();
    aside.push(".previous");
    let aside = PathBuf::from(aside);
    std::fs::rename(target, &aside)
        .with_context(|| format!("cannot move {} aside", target.display()))?;
    if let Err(err) = std::fs::rename(staged, target) {
        let _ = std::fs::rename(&aside, target);
        return Err(err)
            .with_context(|| format!("cannot move the new folder to {}", target.display()));
    }
    std::fs::rename(&aside, staged).with_context(|| format!("cannot rename {}", aside.display()))
}

/// Replaces the files of `target` with those of `staged`, a folder inside it: not one
/// step, for a target that cannot be exchanged.
fn move_into(staged: &Path, target: &Path) -> anyhow::Result<()> {
    for entry in
        std::fs::read_dir(target).with_context(|| format!("cannot read {}", target.display()))?
    {
        let path = entry?.path();
        if path == staged {
            continue;
        }
        if path.is_dir() && !path.is_symlink() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        }
        .with_context(|| format!("cannot remove {}", path.display()))?;
    }
    for entry in
        std::fs::read_dir(staged).with_context(|| format!("cannot read {}", staged.display()))?
    {
        let path = entry?.path();
        let to = target.join(path.file_name().unwrap_or_default());
        std::fs::rename(&path, &to).with_context(|| format!("cannot move {}", to.display()))?;
    }
    std::fs::remove_dir(staged).with_context(|| format!("cannot remove {}", staged.display()))
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
        std::fs::write(target.join("summary.json"), "old").expect("write");
        std::fs::write(target.join("old.csv"), "old").expect("write");
        let staged = Staged::begin(&target).expect("begins");
        std::fs::write(staged.path().join("new.csv"), "new").expect("write");
        // Until the commit, the previous folder is untouched.
        assert_eq!(files(&target), ["old.csv", "summary.json"]);
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
        // A killed command's staging folder (no such process), a running one's (this
        // process), and another folder's, beside the target.
        let ours = format!(".out.downline-{}-abc.partial", std::process::id());
        for name in [
            ".out.downline-4294967295-abc.partial",
            &ours,
            ".other.downline-1-abc.partial",
        ] {
            std::fs::create_dir(root.path().join(name)).expect("mkdir");
        }
        let staged = Staged::begin(&target).expect("begins");
        staged.commit().expect("commits");
        let mut expected = vec![
            ".other.downline-1-abc.partial".to_string(),
            ours,
            "out".into(),
        ];
        expected.sort();
        assert_eq!(files(root.path()), expected);
    }

    #[test]
    fn what_is_not_an_output_folder_is_bad_input() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let file = root.path().join("a-file");
        std::fs::write(&file, "x").expect("write");
        let err = Staged::begin(&file).expect_err("a file");
        assert!(matches!(err, Error::BadInput(_)), "{err}");
        assert!(err.to_string().contains("not a folder"), "{err}");
        let documents = root.path().join("documents");
        std::fs::create_dir(&documents).expect("create");
        std::fs::write(documents.join("letter.txt"), "keep me").expect("write");
        let err = Staged::begin(&documents).expect_err("not an output folder");
        assert!(
            err.to_string().contains("did not write (letter.txt)"),
            "{err}"
        );
        assert_eq!(files(&documents), ["letter.txt"]);
        // An output folder with shards or notes kept inside it.
        let run = root.path().join("run");
        std::fs::create_dir_all(run.join("shards").join("0")).expect("create");
        std::fs::write(run.join("summary.json"), "{}").expect("write");
        std::fs::write(run.join("runs.csv"), "run").expect("write");
        let err = Staged::begin(&run).expect_err("holds shards");
        assert!(err.to_string().contains("(shards/)"), "{err}");
        std::fs::remove_dir_all(run.join("shards")).expect("remove");
        std::fs::create_dir(run.join("charts")).expect("create");
        assert!(Staged::begin(&run).is_ok(), "a folder of downline's own");
        assert!(Staged::begin(Path::new("/")).is_err());
    }

    #[test]
    fn an_output_folder_apart_from_the_inputs_is_required() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let shards = root.path().join("run").join("shards");
        let inputs = [shards.join("0"), shards.join("1")];
        for dir in &inputs {
            std::fs::create_dir_all(dir).expect("create");
        }
        for out in [
            root.path().join("run"),
            shards.join("0"),
            shards.join("0").join("x"),
        ] {
            let err = refuse_overlap(&out, &inputs).expect_err("overlaps");
            assert!(err.to_string().contains("apart"), "{err}");
        }
        assert!(refuse_overlap(&root.path().join("merged"), &inputs).is_ok());
        assert!(refuse_overlap(&shards.join("2"), &inputs).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_folder_replaces_the_folder_and_keeps_the_link() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let real = root.path().join("real");
        std::fs::create_dir(&real).expect("create");
        std::fs::write(real.join("summary.json"), "old").expect("write");
        let link = root.path().join("link");
        std::os::unix::fs::symlink(&real, &link).expect("a link");
        // With a trailing slash too.
        let staged = Staged::begin(&root.path().join("link/")).expect("begins");
        std::fs::write(staged.path().join("new.csv"), "new").expect("write");
        staged.commit().expect("commits");
        assert!(link.is_symlink());
        assert_eq!(files(&real), ["new.csv"]);
        assert_eq!(files(root.path()), ["link", "real"]);
    }

    #[test]
    fn a_folder_that_cannot_be_exchanged_is_staged_inside_and_filled_at_the_end() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let target = root.path().join("out");
        std::fs::create_dir(&target).expect("create");
        std::fs::write(target.join("summary.json"), "old").expect("write");
        let staging = tempfile::Builder::new()
            .prefix(".downline-")
            .suffix(".partial")
            .tempdir_in(&target)
            .expect("a staging folder");
        std::fs::write(staging.path().join("new.csv"), "new").expect("write");
        let staged = Staged {
            target: target.clone(),
            staging: Some(staging),
            inside: true,
        };
        staged.commit().expect("commits");
        assert_eq!(files(&target), ["new.csv"]);
    }
}
