//! Same scenario and seed: byte-identical outputs for any thread count. A different
//! seed: different results.

use crate::common::{SMALL, downline, temp_dir, tree, write};
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

/// Every file under `dir`, as sorted paths relative to it.
fn files(dir: &Path) -> Vec<String> {
    tree(dir).into_keys().collect()
}

/// What `downline run` leaves in its output folder, sorted.
fn expected_files() -> Vec<String> {
    let mut expected: Vec<String> = downline::report::run::charts::NAMES
        .iter()
        .flat_map(|name| [format!("charts/{name}.png"), format!("charts/{name}.svg")])
        .collect();
    expected.extend(
        [
            "curves.csv",
            "disclosure.csv",
            "histograms.csv",
            "members.csv",
            "months.csv",
            "report.html",
            "runs.csv",
            "scenario.toml",
            "summary.json",
            "traces.csv",
        ]
        .map(String::from),
    );
    expected.sort();
    expected
}

#[test]
fn outputs_are_byte_identical_for_one_and_two_threads() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let (one, two) = (dir.path().join("one"), dir.path().join("two"));
    run(&scenario, &one, "1", "7");
    run(&scenario, &two, "2", "7");
    let written = files(&one);
    assert_eq!(written, expected_files());
    assert_eq!(files(&two), written);
    for file in &written {
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
    assert_eq!(files(&out), expected_files());
}

#[test]
fn the_report_command_rebuilds_the_same_charts_and_page() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("out");
    run(&scenario, &out, "2", "7");
    let before: Vec<(String, Vec<u8>)> = (files(&out).into_iter())
        .map(|f| {
            let bytes = read(&out, &f);
            (f, bytes)
        })
        .collect();
    std::fs::remove_dir_all(out.join("charts")).unwrap();
    std::fs::remove_file(out.join("report.html")).unwrap();
    downline().arg("report").arg(&out).assert().success();
    for (file, bytes) in before {
        assert!(
            read(&out, &file) == bytes,
            "{file} differs after `downline report`"
        );
    }
}

#[test]
fn no_charts_writes_the_tables_only_and_report_needs_an_output_folder() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("out");
    downline()
        .arg("run")
        .arg(&scenario)
        .args(["--runs", "2", "--no-charts", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(!out.join("report.html").exists());
    assert!(!out.join("charts").exists());
    downline()
        .arg("report")
        .arg(dir.path().join("missing"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no such folder"));
    // A folder that is not an output folder: named file, exit 2.
    downline()
        .arg("report")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("summary.json"));
}
