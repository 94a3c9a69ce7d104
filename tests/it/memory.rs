//! Fitting a job to memory: the check before the run refuses only a market that cannot
//! fit at all, fewer runs go at once when that many would not fit (same results), and
//! a run that outgrows the memory while running stops with a clear message and writes
//! nothing. `DOWNLINE_MEMORY_LIMIT` stands in for a small machine.
//!
//! The figures: `SMALL` is 2,000 people (16 KB), whose runs see about 1,000 members
//! join (half the market: the realistic bound, 560 KB a run); 8 runs keep about 170 KB
//! of results. A tenth of the limit is left to the system.

use crate::common::{SMALL, downline, temp_dir, tree, write};
use std::path::Path;
use std::process::Output;

fn run(scenario: &Path, out: &Path, limit: Option<&str>) -> Output {
    let mut command = downline();
    command
        .arg("run")
        .arg(scenario)
        .args(["--threads", "2", "--no-charts", "--out"])
        .arg(out);
    if let Some(limit) = limit {
        command.env("DOWNLINE_MEMORY_LIMIT", limit);
    }
    command.output().expect("downline runs")
}

#[test]
fn a_market_that_cannot_fit_is_refused_before_the_run() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("out");
    let output = run(&scenario, &out, Some("100K"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("a market of 2000 people needs 22 KiB of memory before anyone joins"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("runs 8/8"),
        "refused before running: {stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn a_run_that_outgrows_memory_stops_with_a_clear_message_and_writes_nothing() {
    // 250 KB: 225 KB usable less 170 KB kept leaves room for the market and about 60
    // members, and these runs see hundreds join.
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("out");
    let output = run(&scenario, &out, Some("250K"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("stopped: run "), "{stderr}");
    assert!(
        stderr.contains("outgrew the memory available in month "),
        "{stderr}"
    );
    assert!(stderr.contains("use fewer --threads"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn fewer_runs_go_at_once_when_more_would_not_fit_and_the_results_are_the_same() {
    // 1 MiB: ~770 KB usable after the kept results holds one run of realistic size
    // (~580 KB) but not two.
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let (limited, free) = (dir.path().join("limited"), dir.path().join("free"));
    let output = run(&scenario, &limited, Some("1M"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("note: 1 run(s) at a time instead of 2"),
        "{stderr}"
    );
    let output = run(&scenario, &free, None);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("at a time"), "{stderr}");
    let (a, b) = (tree(&limited), tree(&free));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs");
    }
}

#[test]
fn a_malformed_memory_limit_is_bad_input() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("out");
    let output = run(&scenario, &out, Some("lots"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("DOWNLINE_MEMORY_LIMIT: expected bytes, or a number with K, M or G"),
        "{stderr}"
    );
}

#[test]
fn a_45_million_person_market_is_accepted_on_a_24_gib_machine() {
    // The estimate once assumed everyone joins at ~487 B each and refused this market
    // as needing 25 GiB; it needs 8 B a person (360 MB) plus the members who join.
    let dir = temp_dir();
    let big = SMALL
        .replacen("population = 2_000", "population = 45_000_000", 1)
        .replacen("runs = 8", "runs = 1", 1);
    let scenario = write(dir.path(), "big.toml", &big);
    let out = dir.path().join("out");
    let mut command = downline();
    command
        .arg("run")
        .arg(&scenario)
        .args(["--months", "2", "--no-charts", "-q", "--out"])
        .arg(&out)
        .env("DOWNLINE_MEMORY_LIMIT", "24G");
    let output = command.output().expect("downline runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("fewer runs"), "{stderr}");
    assert!(out.join("runs.csv").is_file());
    // And what cannot fit is still refused: the same market with a 300 MiB budget.
    let output = {
        let mut command = downline();
        command
            .arg("run")
            .arg(&scenario)
            .args(["--months", "2", "--no-charts", "-q", "--out"])
            .arg(dir.path().join("refused"))
            .env("DOWNLINE_MEMORY_LIMIT", "300M");
        command.output().expect("downline runs")
    };
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("a market of 45000000 people needs"));
}
