//! An output folder is replaced whole: `run`, `sweep`, `merge` and `compare` killed at many
//! points (SIGKILL, nothing to clean up) leave their folder either exactly as it was
//! before or exactly as a completed command writes it, never a mix of old and new files
//! and never a half-written or temporary file inside it.
//!
//! Each loop first writes two complete folders, `a` and `b`, with two different inputs,
//! and times the command. Then, starting from `a`, each round starts the command that
//! writes the other one into the folder and kills it after a delay spread over the
//! command's whole duration (the first round at once, the last after it has surely
//! finished), and checks that the folder is one of the two, byte for byte.

use crate::common::{SLURM, SMALL, downline_path, temp_dir, tree, write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Kills per command.
const ROUNDS: u32 = 24;

/// `downline ARGS` as a plain process (to be killed), outside any Slurm job array.
fn command(args: &[String]) -> Command {
    let mut command = Command::new(downline_path());
    command
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for name in SLURM {
        command.env_remove(name);
    }
    command
}

/// Runs `args` to completion; panics if it fails.
fn complete(args: &[String]) -> Duration {
    let started = Instant::now();
    let status = command(args).status().expect("downline starts");
    assert!(status.success(), "downline {} failed", args.join(" "));
    started.elapsed()
}

/// A small deterministic sequence of fractions in [0, 1) (a linear congruential
/// generator), so that every run of the test kills at the same points of the command.
fn fractions(seed: u64) -> impl Iterator<Item = f64> {
    let mut state = seed;
    std::iter::repeat_with(move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    })
}

/// The kill loop for one command: `write(x, out)` gives the arguments that write
/// version `x` (0 or 1) of the folder into `out`.
fn kill_loop(root: &Path, write: impl Fn(usize, &Path) -> Vec<String>) {
    let versions: Vec<PathBuf> = (0..2).map(|x| root.join(format!("version-{x}"))).collect();
    let mut longest = Duration::ZERO;
    for (x, dir) in versions.iter().enumerate() {
        longest = longest.max(complete(&write(x, dir)));
    }
    let expected: Vec<_> = versions.iter().map(|d| tree(d)).collect();
    assert_ne!(expected[0], expected[1], "the two versions must differ");

    let out = root.join("out");
    complete(&write(0, &out));
    let mut current = 0;
    let (mut kept, mut replaced) = (0, 0);
    for (round, fraction) in (0..ROUNDS).zip(fractions(u64::from(ROUNDS))) {
        let next = 1 - current;
        let delay = match round {
            0 => Duration::ZERO,
            r if r == ROUNDS - 1 => longest * 3,
            _ => longest.mul_f64(1.2 * fraction),
        };
        let mut child = command(&write(next, &out))
            .spawn()
            .expect("downline starts");
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().expect("the child ends");
        let found = tree(&out);
        assert!(
            !found
                .keys()
                .any(|name| name.contains(".partial") || name.contains(".downline-")),
            "round {round}: a temporary file inside the folder: {:?}",
            found.keys().collect::<Vec<_>>()
        );
        if found == expected[next] {
            current = next;
            replaced += 1;
        } else if found == expected[current] {
            kept += 1;
        } else {
            let old: Vec<_> = found
                .iter()
                .filter(|(name, bytes)| expected[current].get(*name) == Some(bytes))
                .map(|(name, _)| name.as_str())
                .collect();
            panic!(
                "round {round} (killed after {delay:?}): the folder is neither the previous \
                 nor the new one; files left from the previous one: {old:?}"
            );
        }
    }
    assert!(
        kept >= 1 && replaced >= 1,
        "kept {kept}, replaced {replaced}"
    );
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|a| a.to_string()).collect()
}

#[test]
fn a_killed_run_leaves_the_previous_folder_or_the_complete_new_one() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let scenario = scenario.to_str().expect("a UTF-8 path").to_string();
    kill_loop(dir.path(), |x, out| {
        let seed = (x + 1).to_string();
        let mut args = strings(&["run", &scenario, "--runs", "8", "--seed", &seed]);
        args.extend(strings(&[
            "--members",
            "2",
            "--out",
            out.to_str().expect("UTF-8"),
        ]));
        args
    });
}

#[test]
fn a_killed_sweep_leaves_the_previous_folder_or_the_complete_new_one() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let scenario = scenario.to_str().expect("a UTF-8 path").to_string();
    kill_loop(dir.path(), |x, out| {
        let seed = (x + 1).to_string();
        let mut args = strings(&["sweep", &scenario, "--vary", "product.entry_fee=0..200:3"]);
        args.extend(strings(&["--runs", "3", "--seed", &seed]));
        args.extend(strings(&["--out", out.to_str().expect("UTF-8")]));
        args
    });
}

#[test]
fn a_killed_merge_leaves_the_previous_folder_or_the_complete_new_one() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let scenario = scenario.to_str().expect("a UTF-8 path").to_string();
    // Two ensembles (seeds 1 and 2), each as two shards.
    let shards: Vec<Vec<String>> = (0..2)
        .map(|x| {
            (0..2)
                .map(|i| {
                    let out = dir.path().join(format!("shards-{x}-{i}"));
                    let out = out.to_str().expect("UTF-8").to_string();
                    let (seed, shard) = ((x + 1).to_string(), format!("{i}/2"));
                    complete(&strings(&[
                        "run", &scenario, "--runs", "8", "--seed", &seed, "--shard", &shard,
                        "--out", &out,
                    ]));
                    out
                })
                .collect()
        })
        .collect();
    kill_loop(dir.path(), |x, out| {
        let mut args = vec!["merge".to_string()];
        args.extend(shards[x].iter().cloned());
        args.extend(strings(&["--out", out.to_str().expect("UTF-8")]));
        args
    });
}

#[test]
fn a_killed_comparison_leaves_the_previous_folder_or_the_complete_new_one() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let scenario = scenario.to_str().expect("a UTF-8 path").to_string();
    // Three runs (seeds 1 to 3): version x compares the first with run x + 2.
    let runs: Vec<String> = (1..=3)
        .map(|seed| {
            let out = dir.path().join(format!("run-{seed}"));
            let out = out.to_str().expect("UTF-8").to_string();
            let seed = seed.to_string();
            complete(&strings(&[
                "run", &scenario, "--runs", "6", "--seed", &seed, "--out", &out,
            ]));
            out
        })
        .collect();
    kill_loop(dir.path(), |x, out| {
        let mut args = strings(&["compare", &runs[0], &runs[x + 1]]);
        args.extend(strings(&["--out", out.to_str().expect("UTF-8")]));
        args
    });
}
