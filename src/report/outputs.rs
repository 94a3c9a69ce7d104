//! The files of an output folder, each written atomically: `summary.json`, `runs.csv`,
//! `months.csv`, `curves.csv`, `histograms.csv`, `members.csv` and `scenario.toml` (the
//! scenario file as run). Charts and `report.html` are built from these by
//! [`super::build`].

use super::atomic::write_atomically;
use super::{summary_json, tables};
use crate::ensemble::Ensemble;
use crate::error::Result;
use crate::scenario::Scenario;
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
