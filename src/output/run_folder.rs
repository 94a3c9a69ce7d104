//! The files of a run's output folder: `summary.json`, the tables `runs`, `months`,
//! `curves`, `histograms`, `members`, `traces` and `disclosure` (in the chosen format,
//! [`super::encode`]), and
//! `scenario.toml` (the scenario file's bytes, as run). The run report
//! (`crate::report::run`) is drawn from these files alone.

use super::atomic::write_atomically;
use super::document::write_json;
use super::encode::{Encoder, write_table};
use super::records::members::MemberRow;
use super::records::runs::RunRow;
use super::records::summary::RunSummary;
use super::records::traces::TraceRow;
use super::records::{curves, disclosure, histograms, months};
use crate::ensemble::Ensemble;
use crate::error::Result;
use crate::scenario::Scenario;
use std::path::Path;

/// Writes a run's files into `dir` (which exists), each atomically; `members` are the
/// rows of `members.csv` and `traces` those of `traces.csv`.
pub fn write_run(
    dir: &Path,
    scenario: &Scenario,
    ensemble: &Ensemble,
    members: impl IntoIterator<Item = MemberRow>,
    traces: impl IntoIterator<Item = TraceRow>,
    encoder: &dyn Encoder,
) -> Result<()> {
    write_json(
        &dir.join("summary.json"),
        &RunSummary::of(scenario, ensemble),
    )?;
    write_table(
        dir,
        "runs",
        encoder,
        (ensemble.runs.iter()).map(|r| RunRow::of(r, scenario.simulation.seed)),
    )?;
    let population = scenario.market.population;
    write_table(dir, "months", encoder, months::rows(ensemble, population))?;
    write_table(dir, "curves", encoder, curves::rows(ensemble))?;
    write_table(dir, "histograms", encoder, histograms::rows(ensemble))?;
    write_table(dir, "members", encoder, members)?;
    write_table(dir, "traces", encoder, traces)?;
    let ranks = &scenario.plan.rank_names;
    write_table(
        dir,
        "disclosure",
        encoder,
        disclosure::rows(ensemble, ranks),
    )?;
    write_scenario(dir, scenario)
}

/// Writes `dir/scenario.toml`: the scenario file exactly as run.
pub fn write_scenario(dir: &Path, scenario: &Scenario) -> Result<()> {
    write_atomically(&dir.join("scenario.toml"), |w| {
        w.write_all(scenario.source.as_bytes())?;
        Ok(())
    })?;
    Ok(())
}
