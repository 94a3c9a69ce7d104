//! Shards and merge: any split of an ensemble merges back into exactly the unsharded
//! output; shards that do not make one whole ensemble are refused.

use crate::common::{SMALL, downline, temp_dir, write};
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const TABLES: [&str; 8] = [
    "summary.json",
    "disclosure.csv",
    "runs.csv",
    "months.csv",
    "curves.csv",
    "histograms.csv",
    "members.csv",
    "scenario.toml",
];

fn run(scenario: &Path, out: &Path, extra: &[&str]) {
    downline()
        .arg("run")
        .arg(scenario)
        .args([
            "--runs",
            "9",
            "--members",
            "2",
            "--no-charts",
            "--threads",
            "2",
        ])
        .args(extra)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

fn shards(scenario: &Path, root: &Path, count: u32, extra: &[&str]) -> Vec<PathBuf> {
    (0..count)
        .map(|i| {
            let dir = root.join(format!("shard-{i}-of-{count}"));
            let shard = format!("{i}/{count}");
            let mut args = vec!["--shard", shard.as_str()];
            args.extend(extra);
            run(scenario, &dir, &args);
            dir
        })
        .collect()
}

fn merge(dirs: &[PathBuf], out: &Path) -> assert_cmd::assert::Assert {
    downline()
        .arg("merge")
        .args(dirs)
        .arg("--out")
        .arg(out)
        .arg("--no-charts")
        .assert()
}

fn read(path: PathBuf) -> Vec<u8> {
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn merged_shards_equal_the_unsharded_run_for_one_to_four_shards() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let whole = dir.path().join("whole");
    run(&scenario, &whole, &[]);
    for count in 1..=4 {
        let root = dir.path().join(format!("split-{count}"));
        let parts = shards(&scenario, &root, count, &[]);
        let merged = root.join("merged");
        merge(&parts, &merged).success();
        for file in TABLES {
            assert!(
                read(whole.join(file)) == read(merged.join(file)),
                "{file} differs after merging {count} shards"
            );
        }
        assert!(!merged.join("manifest.json").exists());
    }
}

#[test]
fn a_slurm_array_task_runs_its_shard() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let by_flag = dir.path().join("flag");
    run(&scenario, &by_flag, &["--shard", "2/3"]);
    let by_slurm = dir.path().join("slurm");
    downline()
        .arg("run")
        .arg(&scenario)
        .args(["--runs", "9", "--members", "2", "--no-charts", "--out"])
        .arg(&by_slurm)
        .env("SLURM_ARRAY_TASK_ID", "12")
        .env("SLURM_ARRAY_TASK_MIN", "10")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .assert()
        .success();
    assert!(read(by_flag.join("manifest.json")) == read(by_slurm.join("manifest.json")));
    assert!(read(by_flag.join("runs.jsonl")) == read(by_slurm.join("runs.jsonl")));
    let manifest: serde_json::Value =
        serde_json::from_slice(&read(by_slurm.join("manifest.json"))).unwrap();
    assert_eq!(manifest["indices"], serde_json::json!([6, 7, 8]));
    assert_eq!(
        manifest["shard"],
        serde_json::json!({"index": 2, "count": 3})
    );
}

#[test]
fn merge_refuses_missing_duplicated_and_mismatched_shards() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let parts = shards(&scenario, &dir.path().join("a"), 3, &[]);
    let out = dir.path().join("out");

    let missing = [parts[0].clone(), parts[2].clone()];
    merge(&missing, &out)
        .code(2)
        .stderr(predicates::str::contains("shard 1/3 missing"));

    let twice = [
        parts[0].clone(),
        parts[1].clone(),
        parts[1].clone(),
        parts[2].clone(),
    ];
    merge(&twice, &out)
        .code(2)
        .stderr(predicates::str::contains("shard 1/3 is given twice"));

    let other_seed = shards(&scenario, &dir.path().join("b"), 3, &["--seed", "99"]);
    let mixed = [parts[0].clone(), other_seed[1].clone(), parts[2].clone()];
    merge(&mixed, &out)
        .code(2)
        .stderr(predicates::str::contains("seed 7").and(predicates::str::contains("seed 99")));

    let edited = write(
        dir.path(),
        "edited.toml",
        &SMALL.replace("join_probability = 0.3", "join_probability = 0.31"),
    );
    let other_scenario = shards(&edited, &dir.path().join("c"), 3, &[]);
    let mixed = [
        parts[0].clone(),
        parts[1].clone(),
        other_scenario[2].clone(),
    ];
    merge(&mixed, &out)
        .code(2)
        .stderr(predicates::str::contains("scenario_hash"));

    let not_a_shard = dir.path().join("plain");
    run(&scenario, &not_a_shard, &[]);
    merge(&[not_a_shard], &out)
        .code(2)
        .stderr(predicates::str::contains("not a shard folder"));
    assert!(
        !out.exists(),
        "nothing is written when the shards are refused"
    );
}

#[test]
fn merged_shards_draw_the_same_charts_and_page_as_the_unsharded_run() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let with_charts = |out: &Path, shard: Option<&str>| {
        let mut command = downline();
        command
            .arg("run")
            .arg(&scenario)
            .args(["--runs", "6", "--members", "2", "--out"])
            .arg(out);
        if let Some(shard) = shard {
            command.args(["--shard", shard]);
        }
        command.assert().success();
    };
    let whole = dir.path().join("whole");
    with_charts(&whole, None);
    let parts: Vec<PathBuf> = ["0/2", "1/2"]
        .iter()
        .enumerate()
        .map(|(i, shard)| {
            let out = dir.path().join(format!("part{i}"));
            with_charts(&out, Some(shard));
            assert!(!out.join("report.html").exists(), "a shard draws no report");
            out
        })
        .collect();
    let merged = dir.path().join("merged");
    downline()
        .arg("merge")
        .args(&parts)
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    let mut files: Vec<String> = downline::report::run::charts::NAMES
        .iter()
        .flat_map(|n| [format!("charts/{n}.png"), format!("charts/{n}.svg")])
        .collect();
    files.push("report.html".into());
    for file in files {
        assert!(
            read(whole.join(&file)) == read(merged.join(&file)),
            "{file} differs after merging"
        );
    }
}

#[test]
fn shards_by_default_go_beside_the_output_folder_that_merge_fills() {
    let dir = temp_dir();
    write(dir.path(), "small.toml", SMALL);
    let args = ["--runs", "6", "--no-charts"];
    for shard in ["0/2", "1/2"] {
        downline()
            .current_dir(dir.path())
            .args(["run", "small.toml", "--shard", shard])
            .args(args)
            .assert()
            .success();
    }
    let shards = dir.path().join("output").join("small-shards");
    downline()
        .current_dir(dir.path())
        .arg("merge")
        .args([shards.join("0"), shards.join("1")])
        .args(["--no-charts", "--out", "output/small"])
        .assert()
        .success();
    let whole = dir.path().join("whole");
    downline()
        .current_dir(dir.path())
        .args(["run", "small.toml", "--out", "whole"])
        .args(args)
        .assert()
        .success();
    for file in ["runs.csv", "summary.json", "members.csv"] {
        assert!(
            std::fs::read(whole.join(file)).unwrap()
                == std::fs::read(dir.path().join("output/small").join(file)).unwrap(),
            "{file}"
        );
    }
}
