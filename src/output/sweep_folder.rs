//! The files of a sweep's output folder: `summary.json`, the tables `point_runs`,
//! `points` and `sensitivity` (in the chosen format), and `scenario.toml` (the base
//! scenario's bytes). The sweep's charts (`crate::report::sweep`) are drawn from the
//! results returned.

use super::document::write_json;
use super::encode::{Encoder, write_table};
use super::records::point_runs::PointRunRow;
use super::records::points::PointRow;
use super::records::sensitivity;
use super::records::sweep_summary::SweepSummary;
use super::run_folder::write_scenario;
use crate::error::Result;
use crate::scenario::Scenario;
use crate::sweep::SweepSpec;
use crate::sweep::design::Point;
use crate::sweep::execute::PointRun;
use crate::sweep::results::SweepResults;
use std::path::Path;

/// Reduces a sweep's runs (in pair order) to its results and writes its files into
/// `dir` (which exists), each atomically; returns the results.
pub fn write_sweep(
    dir: &Path,
    base: &Scenario,
    spec: &SweepSpec,
    points: &[Point],
    runs: &[PointRun],
    encoder: &dyn Encoder,
) -> Result<SweepResults> {
    let results = SweepResults::of(points, runs);
    let runs_per_point = base.simulation.runs;
    let summary = SweepSummary::of(base, spec, runs_per_point, &results);
    write_json(&dir.join("summary.json"), &summary)?;
    let seed = base.simulation.seed;
    let point_runs = (runs.iter()).map(|r| PointRunRow::of(r, &points[r.point as usize], seed));
    write_table(dir, "point_runs", encoder, point_runs)?;
    write_table(
        dir,
        "points",
        encoder,
        results.points.iter().map(PointRow::of),
    )?;
    write_table(dir, "sensitivity", encoder, sensitivity::rows(&results))?;
    write_scenario(dir, base)?;
    Ok(results)
}
