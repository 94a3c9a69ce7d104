//! A sweep's files: `point_runs.csv` (one row per point and run), `points.csv` (one
//! row per point, every statistic with its 95 % interval), `sensitivity.csv` (each
//! statistic's keys ranked by standardised rank regression coefficient) and
//! `summary.json` (what was swept, and per point every statistic and the stress view).

use super::summary_json::statistics_json;
use super::tables::number;
use crate::ensemble::run_statistics::NAMES;
use crate::model::seeding::GENERATOR;
use crate::scenario::Scenario;
use crate::sweep::SweepSpec;
use crate::sweep::execute::PointRun;
use crate::sweep::results::SweepResults;
use anyhow::Result;
use serde_json::{Map, Value, json};
use std::io::Write;

/// A varied value as a CSV cell: numbers as numbers, text unquoted, arrays and tables
/// as TOML writes them.
fn cell(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The varied keys, in `--vary` order.
fn varied_keys(results: &SweepResults) -> Vec<String> {
    (results.points.first())
        .map(|p| p.point.values.iter().map(|(k, _)| k.clone()).collect())
        .unwrap_or_default()
}

/// `point_runs.csv`: `point`, `run`, `seed`, one column per varied key, then every
/// statistic, in (point, run) order.
pub fn write_point_runs(
    results: &SweepResults,
    runs: &[PointRun],
    out: &mut dyn Write,
) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    let keys = varied_keys(results);
    let mut header: Vec<String> = ["point", "run", "seed"].map(String::from).to_vec();
    header.extend(keys.iter().cloned());
    header.extend(NAMES.iter().map(|n| n.to_string()));
    csv.write_record(&header)?;
    for run in runs {
        let point = &results.points[run.point as usize].point;
        let mut row = vec![
            run.point.to_string(),
            run.outcome.run.to_string(),
            run.outcome.seed.to_string(),
        ];
        row.extend(point.values.iter().map(|(_, v)| cell(v)));
        row.extend(run.outcome.statistics.values().iter().map(|&v| number(v)));
        csv.write_record(&row)?;
    }
    csv.flush()?;
    Ok(())
}

/// `points.csv`: `point`, one column per varied key, `runs`, then for every statistic
/// `<name>_mean`, `<name>_ci95_low`, `<name>_ci95_high`, `<name>_p5`, `<name>_p95`.
pub fn write_points(results: &SweepResults, out: &mut dyn Write) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    let keys = varied_keys(results);
    let mut header: Vec<String> = vec!["point".into()];
    header.extend(keys.iter().cloned());
    header.push("runs".into());
    for name in NAMES {
        for suffix in ["mean", "ci95_low", "ci95_high", "p5", "p95"] {
            header.push(format!("{name}_{suffix}"));
        }
    }
    csv.write_record(&header)?;
    for result in &results.points {
        let mut row = vec![result.point.index.to_string()];
        row.extend(result.point.values.iter().map(|(_, v)| cell(v)));
        row.push(result.runs.to_string());
        for (_, s) in &result.statistics {
            for v in [s.mean, s.ci95[0], s.ci95[1], s.p5, s.p95] {
                row.push(number(v));
            }
        }
        csv.write_record(&row)?;
    }
    csv.flush()?;
    Ok(())
}

/// `sensitivity.csv`: `statistic`, `rank` (1 = moves it most), `key`, `srrc`,
/// `r_squared`, `samples`.
pub fn write_sensitivity(results: &SweepResults, out: &mut dyn Write) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["statistic", "rank", "key", "srrc", "r_squared", "samples"])?;
    for ranking in &results.sensitivity {
        for (rank, (key, coefficient)) in ranking.effects.iter().enumerate() {
            csv.write_record([
                ranking.output.clone(),
                (rank + 1).to_string(),
                key.clone(),
                number(*coefficient),
                number(ranking.r_squared),
                ranking.samples.to_string(),
            ])?;
        }
    }
    csv.flush()?;
    Ok(())
}

/// `summary.json` of a sweep.
pub fn sweep_summary(
    scenario: &Scenario,
    spec: &SweepSpec,
    runs_per_point: u32,
    results: &SweepResults,
) -> Value {
    let labels: Vec<String> = results.points.iter().map(|p| p.point.label()).collect();
    let points: Vec<Value> = (results.points.iter())
        .map(|p| {
            let mut values = Map::new();
            for (key, value) in &p.point.values {
                values.insert(key.clone(), json!(value));
            }
            let statistics = statistics_json(&p.statistics);
            json!({
                "index": p.point.index,
                "label": p.point.label(),
                "values": values,
                "runs": p.runs,
                "statistics": statistics,
                "stress": p.stress,
            })
        })
        .collect();
    let sensitivity: Vec<Value> = (results.sensitivity.iter())
        .map(|r| {
            json!({
                "statistic": r.output,
                "r_squared": r.r_squared,
                "samples": r.samples,
                "srrc": r.effects.iter().map(|(k, c)| json!({"key": k, "srrc": c})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "scenario": scenario.name,
        "scenario_file": scenario.file,
        "scenario_hash": scenario.hash,
        "version": env!("CARGO_PKG_VERSION"),
        "generator": GENERATOR,
        "seed": scenario.simulation.seed,
        "runs_per_point": runs_per_point,
        "months": scenario.simulation.months,
        "sweep": spec.to_json(&labels),
        "numeric_keys": results.numeric_keys,
        "points": points,
        "sensitivity": sensitivity,
    })
}
