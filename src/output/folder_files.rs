//! The files of an output folder, each written atomically: `summary.json`, `runs.csv`,
//! `months.csv`, `curves.csv`, `histograms.csv`, `members.csv` and `scenario.toml` (the
//! scenario file as run). Charts and `report.html` are built from these by
//! `report::build`. A sweep's folder holds its own tables ([`write_sweep_tables`]).

use super::atomic::write_atomically;
use super::{summary_json, sweep_tables, tables};
use crate::ensemble::Ensemble;
use crate::error::Result;
use crate::scenario::Scenario;
use crate::sweep::SweepSpec;
use crate::sweep::design::Point;
use crate::sweep::execute::PointRun;
use crate::sweep::results::SweepResults;
use anyhow::Context;
use std::path::Path;

/// Writes every table but `members.csv`, and the scenario copy.
pub fn write_tables(scenario: &Scenario, ensemble: &Ensemble, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    write_atomically(&out.join("summary.json"), |w| {
        serde_json::to_writer_pretty(&mut *w, &summary_json::summary(scenario, ensemble))?;
        writeln!(w)?;
        Ok(())
    })?;
    write_atomically(&out.join("runs.csv"), |w| tables::write_runs(ensemble, w))?;
    write_atomically(&out.join("months.csv"), |w| {
        tables::write_months(scenario, ensemble, w)
    })?;
    write_atomically(&out.join("curves.csv"), |w| {
        tables::write_curves(ensemble, w)
    })?;
    write_atomically(&out.join("histograms.csv"), |w| {
        tables::write_histograms(ensemble, w)
    })?;
    write_atomically(&out.join("scenario.toml"), |w| {
        w.write_all(scenario.source.as_bytes())?;
        Ok(())
    })?;
    Ok(())
}

/// Writes `members.csv` from the runs that kept member detail.
pub fn write_members(scenario: &Scenario, ensemble: &Ensemble, out: &Path) -> Result<()> {
    write_atomically(&out.join("members.csv"), |w| {
        tables::write_members(scenario, ensemble, w)
    })?;
    Ok(())
}

/// Writes a sweep's tables (`point_runs.csv`, `points.csv`, `sensitivity.csv`,
/// `summary.json`) and the base scenario's copy; returns the results for the charts.
pub fn write_sweep_tables(
    base: &Scenario,
    spec: &SweepSpec,
    runs_per_point: u32,
    points: &[Point],
    runs: &[PointRun],
    out: &Path,
) -> Result<SweepResults> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let results = SweepResults::of(points, runs);
    write_atomically(&out.join("summary.json"), |w| {
        let summary = sweep_tables::sweep_summary(base, spec, runs_per_point, &results);
        serde_json::to_writer_pretty(&mut *w, &summary)?;
        writeln!(w)?;
        Ok(())
    })?;
    write_atomically(&out.join("point_runs.csv"), |w| {
        sweep_tables::write_point_runs(&results, runs, w)
    })?;
    write_atomically(&out.join("points.csv"), |w| {
        sweep_tables::write_points(&results, w)
    })?;
    write_atomically(&out.join("sensitivity.csv"), |w| {
        sweep_tables::write_sensitivity(&results, w)
    })?;
    write_atomically(&out.join("scenario.toml"), |w| {
        w.write_all(base.source.as_bytes())?;
        Ok(())
    })?;
    Ok(results)
}
