//! `downline sweep` end to end: a sweep of one point is a plain run, shards merge back
//! exactly, the design covers its ranges in a stable order, and the sensitivity table
//! ranks the key that matters first.

use crate::common::{SMALL, downline, temp_dir, write};
use std::path::{Path, PathBuf};

fn sweep(scenario: &Path, out: &Path, args: &[&str]) {
    downline()
        .arg("sweep")
        .arg(scenario)
        .arg("--no-charts")
        .args(args)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut all = vec![header];
    all.extend(
        reader
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect()),
    );
    all
}

#[test]
fn a_sweep_of_one_point_equals_a_plain_run() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let plain = dir.path().join("plain");
    downline()
        .arg("run")
        .arg(&scenario)
        .args(["--runs", "4", "--no-charts", "--out"])
        .arg(&plain)
        .assert()
        .success();
    let swept = dir.path().join("swept");
    // The file's own join probability, as a list of one value.
    sweep(
        &scenario,
        &swept,
        &["--vary", "behaviour.join_probability=0.3", "--runs", "4"],
    );
    let runs = rows(&read(plain.join("runs.csv")));
    let point_runs = rows(&read(swept.join("point_runs.csv")));
    assert_eq!(point_runs.len(), runs.len());
    for (run, point_run) in runs.iter().zip(&point_runs).skip(1) {
        assert_eq!(point_run[0], "0");
        assert_eq!(point_run[4], "0.3");
        // run, seed, run_key, then every statistic: identical text.
        assert_eq!(run[0..3], point_run[1..4]);
        assert_eq!(run[3..], point_run[5..]);
    }
}

#[test]
fn a_grid_covers_its_values_in_a_stable_order() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("grid");
    sweep(
        &scenario,
        &out,
        &[
            "--vary",
            "product.entry_fee=0..100:3",
            "--vary",
            "behaviour.join_probability=0.2,0.4",
            "--runs",
            "2",
        ],
    );
    let points = rows(&read(out.join("points.csv")));
    let design: Vec<(String, String, String)> = points[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect();
    let expected = [
        ("0", "0", "0.2"),
        ("1", "0", "0.4"),
        ("2", "50", "0.2"),
        ("3", "50", "0.4"),
        ("4", "100", "0.2"),
        ("5", "100", "0.4"),
    ]
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()));
    assert_eq!(design, expected);
    assert_eq!(
        points[0][1..4],
        ["product.entry_fee", "behaviour.join_probability", "runs"]
    );
    // 6 points x 2 runs.
    assert_eq!(rows(&read(out.join("point_runs.csv"))).len(), 13);
    let summary: serde_json::Value = serde_json::from_str(&read(out.join("summary.json"))).unwrap();
    assert_eq!(summary["points"].as_array().unwrap().len(), 6);
    assert!(summary["points"][5]["stress"]["monthly_payout_ratio"]["p95"].is_number());
}

#[test]
fn a_latin_hypercube_puts_one_point_in_each_stratum() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("lhs");
    sweep(
        &scenario,
        &out,
        &[
            "--vary",
            "behaviour.join_probability=0.1..0.5",
            "--lhs",
            "8",
            "--runs",
            "1",
        ],
    );
    let points = rows(&read(out.join("points.csv")));
    let mut strata: Vec<usize> = points[1..]
        .iter()
        .map(|r| {
            let x: f64 = r[1].parse().unwrap();
            assert!((0.1..=0.5).contains(&x));
            ((x - 0.1) / 0.05).floor() as usize
        })
        .collect();
    strata.sort();
    assert_eq!(strata, (0..8).collect::<Vec<_>>());
}

#[test]
fn sweep_shards_merge_into_the_unsharded_sweep() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let args = [
        "--vary",
        "product.entry_fee=0..100:3",
        "--vary",
        "behaviour.join_probability=0.2,0.4",
        "--runs",
        "4",
    ];
    let whole = dir.path().join("whole");
    sweep(&scenario, &whole, &args);
    for count in [1, 3, 4] {
        let shards: Vec<PathBuf> = (0..count)
            .map(|i| {
                let out = dir.path().join(format!("s{count}-{i}"));
                let shard = format!("{i}/{count}");
                let mut with_shard = args.to_vec();
                with_shard.extend(["--shard", shard.as_str()]);
                sweep(&scenario, &out, &with_shard);
                out
            })
            .collect();
        let merged = dir.path().join(format!("merged-{count}"));
        downline()
            .arg("merge")
            .args(&shards)
            .arg("--out")
            .arg(&merged)
            .arg("--no-charts")
            .assert()
            .success();
        for file in [
            "point_runs.csv",
            "points.csv",
            "sensitivity.csv",
            "summary.json",
        ] {
            assert!(
                read(whole.join(file)) == read(merged.join(file)),
                "{file} differs after merging {count} sweep shards"
            );
        }
    }
}

#[test]
fn the_key_that_drives_a_statistic_ranks_first() {
    // The entry fee is most of what a member pays the company up front; hours worked
    // change nobody's money. So the fee share of revenue depends on the fee alone.
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("sens");
    sweep(
        &scenario,
        &out,
        &[
            "--vary",
            "product.entry_fee=0..300:4",
            "--vary",
            "behaviour.hours_per_month=5..40:4",
            "--runs",
            "3",
        ],
    );
    let table = rows(&read(out.join("sensitivity.csv")));
    let fee_share: Vec<&Vec<String>> = table
        .iter()
        .filter(|r| r[0] == "fee_revenue_share")
        .collect();
    assert_eq!(fee_share.len(), 2);
    assert_eq!(fee_share[0][1], "1");
    assert_eq!(fee_share[0][2], "product.entry_fee");
    let first: f64 = fee_share[0][3].parse().unwrap();
    let second: f64 = fee_share[1][3].parse().unwrap();
    assert!(first > 0.8, "{first}");
    assert!(second.abs() < 0.1, "{second}");
}

#[test]
fn bad_sweeps_are_refused_before_anything_runs() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("bad");
    let refused = |args: &[&str], message: &str| {
        downline()
            .arg("sweep")
            .arg(&scenario)
            .args(args)
            .arg("--out")
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    };
    refused(
        &["--vary", "behaviour.join_probability=0.5..1.5:3"],
        "behaviour.join_probability",
    );
    refused(
        &["--vary", "behaviour.join_probabilty=0.1,0.2"],
        "join_probability",
    );
    refused(&["--vary", "simulation.runs=1,2"], "simulation");
    refused(&["--vary", "product.entry_fee"], "=");
    assert!(!out.exists());
}
