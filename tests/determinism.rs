//! Same scenario and seed: byte-identical outputs for any thread count. A different
//! seed: different results.

mod common;

use common::{SMALL, downline, temp_dir, write};
use std::path::Path;

fn run(scenario: &Path, out: &Path, threads: &str, seed: &str) {
    downline()
        .arg("run")
        .arg(scenario)
        .args([
            "--threads",
            threads,
            "--seed",
            seed,
            "--members",
            "3",
            "--runs",
            "12",
        ])
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

fn read(dir: &Path, file: &str) -> Vec<u8> {
    std::fs::read(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn outputs_are_byte_identical_for_one_and_two_threads() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    run(&scenario, &one, "1", "7");
    run(&scenario, &two, "2", "7");
    for file in ["summary.json", "runs.csv", "months.csv", "members.csv"] {
        assert!(
            read(&one, file) == read(&two, file),
            "{file} differs between 1 and 2 threads"
        );
    }
    // The files hold what they promise: 12 runs, 3 runs of members.
    let runs = String::from_utf8(read(&one, "runs.csv")).unwrap();
    assert_eq!(runs.lines().count(), 13);
    let members = String::from_utf8(read(&one, "members.csv")).unwrap();
    let kept: std::collections::BTreeSet<&str> = members
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(kept.into_iter().collect::<Vec<_>>(), vec!["0", "1", "2"]);
}

#[test]
fn a_different_seed_gives_different_results() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    run(&scenario, &a, "2", "7");
    run(&scenario, &b, "2", "8");
    assert!(read(&a, "runs.csv") != read(&b, "runs.csv"));
    assert!(read(&a, "members.csv") != read(&b, "members.csv"));
}

#[test]
fn no_temporary_files_are_left_behind() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("out");
    run(&scenario, &out, "2", "7");
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["members.csv", "months.csv", "runs.csv", "summary.json"]
    );
}
