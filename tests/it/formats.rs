//! Table formats: `--format jsonl` writes the same tables as CSV, as JSON Lines, holding
//! the same values (read back through the same record structs, and written again as
//! CSV, they are the CSV files byte for byte); a folder in either format gives the same
//! report; merged CSV shards give the same JSON Lines as an unsharded run.

use crate::common::{SMALL, downline, succeed, temp_dir, write};
use downline::output::encode::{default_encoder, read_table, write_table};
use downline::output::records::comparison::ComparisonRow;
use downline::output::records::curves::CurveRow;
use downline::output::records::histograms::HistogramRow;
use downline::output::records::members::MemberRow;
use downline::output::records::months::MonthRow;
use downline::output::records::point_runs::PointRunRow;
use downline::output::records::points::PointRow;
use downline::output::records::runs::RunRow;
use downline::output::records::sensitivity::SensitivityRow;
use downline::output::records::traces::TraceRow;
use predicates::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;

fn run(scenario: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec!["--runs", "6", "--members", "2", "--threads", "2"];
    args.extend(extra);
    succeed("run", scenario, &args, out);
}

/// Table `name` of `jsonl_dir`, read as rows of `R` and written again as CSV, is the
/// CSV table of `csv_dir` byte for byte; both read back to the same rows.
fn same_table<R: Serialize + DeserializeOwned + Default>(
    csv_dir: &Path,
    jsonl_dir: &Path,
    name: &str,
) {
    let csv_file = csv_dir.join(format!("{name}.csv"));
    let jsonl_file = jsonl_dir.join(format!("{name}.jsonl"));
    assert!(jsonl_file.is_file(), "{} is missing", jsonl_file.display());
    assert!(!jsonl_dir.join(format!("{name}.csv")).exists());
    let from_jsonl: Vec<R> = read_table(jsonl_dir, name).expect("the JSON Lines table reads");
    let from_csv: Vec<R> = read_table(csv_dir, name).expect("the CSV table reads");
    assert!(
        !from_csv.is_empty() || name == "sensitivity",
        "{name} is empty"
    );
    // Same values (NaN compared as null through JSON).
    assert_eq!(
        serde_json::to_string(&from_jsonl).expect("rows as JSON"),
        serde_json::to_string(&from_csv).expect("rows as JSON"),
        "{name}: JSON Lines and CSV hold different values"
    );
    let again = temp_dir();
    write_table(again.path(), name, default_encoder(), from_jsonl).expect("writes CSV");
    let rewritten = std::fs::read(again.path().join(format!("{name}.csv"))).expect("read");
    assert!(
        rewritten == std::fs::read(&csv_file).expect("read"),
        "{name}: the JSON Lines rows written as CSV differ from {}",
        csv_file.display()
    );
    // Every line of the JSON Lines file is one JSON object.
    let text = std::fs::read_to_string(&jsonl_file).expect("read");
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        assert!(value.is_object(), "{line}");
    }
}

#[test]
fn a_run_in_json_lines_holds_the_same_tables_and_gives_the_same_report() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let (csv, json) = (dir.path().join("csv"), dir.path().join("jsonl"));
    run(&scenario, &csv, &[]);
    run(&scenario, &json, &["--format", "jsonl"]);
    same_table::<RunRow>(&csv, &json, "runs");
    same_table::<MonthRow>(&csv, &json, "months");
    same_table::<CurveRow>(&csv, &json, "curves");
    same_table::<HistogramRow>(&csv, &json, "histograms");
    same_table::<MemberRow>(&csv, &json, "members");
    same_table::<TraceRow>(&csv, &json, "traces");
    for file in [
        "summary.json",
        "scenario.toml",
        "report.html",
        "charts/lorenz.svg",
    ] {
        assert!(
            std::fs::read(csv.join(file)).expect("read")
                == std::fs::read(json.join(file)).expect("read"),
            "{file} differs between the CSV and the JSON Lines folder"
        );
    }
    // The open bins' infinite edges, which JSON has no number for.
    let histograms = std::fs::read_to_string(json.join("histograms.jsonl")).expect("read");
    assert!(
        histograms
            .lines()
            .next()
            .expect("a row")
            .contains("\"low\":\"-inf\"")
    );
    // `report` rebuilds a JSON Lines folder, and `compare` reads one.
    std::fs::remove_file(json.join("report.html")).expect("remove");
    downline().arg("report").arg(&json).assert().success();
    assert!(
        std::fs::read(csv.join("report.html")).unwrap()
            == std::fs::read(json.join("report.html")).unwrap()
    );
    let (compare_csv, compare_json) = (dir.path().join("cmp-csv"), dir.path().join("cmp-jsonl"));
    for (out, format) in [(&compare_csv, "csv"), (&compare_json, "jsonl")] {
        downline()
            .arg("compare")
            .arg(&csv)
            .arg(&json)
            .args(["--format", format, "--out"])
            .arg(out)
            .assert()
            .success();
    }
    same_table::<ComparisonRow>(&compare_csv, &compare_json, "compare");
    let rows: Vec<ComparisonRow> = read_table(&compare_json, "compare").expect("reads");
    assert!(
        rows.iter()
            .all(|r| r.difference == 0.0 || r.difference.is_nan())
    );
}

#[test]
fn a_sweep_in_json_lines_holds_the_same_tables() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let (csv, json) = (dir.path().join("csv"), dir.path().join("jsonl"));
    for (out, format) in [(&csv, "csv"), (&json, "jsonl")] {
        downline()
            .arg("sweep")
            .arg(&scenario)
            .args([
                "--vary",
                "product.entry_fee=0.0..200.0:3",
                "--vary",
                "behaviour.join_probability=0.2,0.35",
                "--vary",
                "plan.name=a,b",
                "--runs",
                "4",
                "--no-charts",
                "--format",
                format,
                "--out",
            ])
            .arg(out)
            .assert()
            .success();
    }
    same_table::<PointRunRow>(&csv, &json, "point_runs");
    same_table::<PointRow>(&csv, &json, "points");
    same_table::<SensitivityRow>(&csv, &json, "sensitivity");
    let points: Vec<PointRow> = read_table(&json, "points").expect("reads");
    // Point 6 of the grid (the first key slowest): fee 100.0, probability 0.35, name a,
    // as numbers and text in JSON.
    assert_eq!(points.len(), 12);
    let values: Vec<(String, String)> = (points[6].values.0.iter())
        .map(|(key, value)| (key.clone(), serde_json::to_string(value).expect("JSON")))
        .collect();
    let expected = [
        ("product.entry_fee", "100.0"),
        ("behaviour.join_probability", "0.35"),
        ("plan.name", "\"a\""),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()));
    assert_eq!(values, expected);
    let line = std::fs::read_to_string(json.join("points.jsonl")).expect("read");
    let line = line.lines().nth(6).expect("point 6");
    assert!(
        line.contains("\"behaviour.join_probability\":0.35"),
        "{line}"
    );
    let stats = &points[6].statistics.0;
    assert_eq!(stats[0].0, "members_ever");
    assert!(stats[0].1.mean > 0.0 && stats[0].1.ci95[0] <= stats[0].1.mean);
}

#[test]
fn a_hypercube_in_json_lines_keeps_its_sampled_values_as_numbers() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let (csv, json) = (dir.path().join("csv"), dir.path().join("jsonl"));
    for (out, format) in [(&csv, "csv"), (&json, "jsonl")] {
        let args = [
            "--vary",
            "behaviour.join_probability=0.2..0.4",
            "--lhs",
            "3",
            "--runs",
            "2",
            "--no-charts",
            "--format",
            format,
        ];
        succeed("sweep", &scenario, &args, out);
    }
    same_table::<PointRunRow>(&csv, &json, "point_runs");
    same_table::<PointRow>(&csv, &json, "points");
    let text = std::fs::read_to_string(json.join("points.jsonl")).expect("read");
    for line in text.lines() {
        let row: serde_json::Value = serde_json::from_str(line).expect("JSON");
        let p = row["behaviour.join_probability"]
            .as_f64()
            .expect("a number");
        assert!((0.2..=0.4).contains(&p), "{line}");
    }
}

#[test]
fn shards_merge_into_json_lines_and_a_json_lines_shard_is_refused() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let whole = dir.path().join("whole");
    run(&scenario, &whole, &["--format", "jsonl", "--no-charts"]);
    let shards: Vec<_> = (0..2)
        .map(|i| {
            let out = dir.path().join(format!("shard-{i}"));
            run(
                &scenario,
                &out,
                &["--shard", &format!("{i}/2"), "--no-charts"],
            );
            out
        })
        .collect();
    let merged = dir.path().join("merged");
    downline()
        .arg("merge")
        .args(&shards)
        .args(["--no-charts", "--format", "jsonl", "--out"])
        .arg(&merged)
        .assert()
        .success();
    for file in [
        "runs.jsonl",
        "months.jsonl",
        "members.jsonl",
        "summary.json",
    ] {
        assert!(
            std::fs::read(whole.join(file)).expect("read")
                == std::fs::read(merged.join(file)).expect("read"),
            "{file} of the merged shards differs from the unsharded run"
        );
    }
    downline()
        .arg("run")
        .arg(&scenario)
        .args([
            "--runs", "4", "--shard", "0/2", "--format", "jsonl", "--out",
        ])
        .arg(dir.path().join("refused"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format jsonl").and(predicate::str::contains("merge")));
    assert!(!dir.path().join("refused").exists());
    downline()
        .arg("run")
        .arg(&scenario)
        .args(["--format", "parquet"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("csv").and(predicate::str::contains("jsonl")));
}
