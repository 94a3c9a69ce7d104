//! A run's kept results as one line of JSON (`runs.jsonl` in a shard folder), so that
//! `merge` can rebuild the ensemble exactly: every number is written in the shortest
//! form that reads back to the same bits, and an undefined value (`NaN`) as `null`.

use crate::ensemble::RunOutcome;
use crate::ensemble::curves::RunCurves;
use crate::ensemble::run_statistics::{COUNT, RunStatistics};
use crate::model::MonthRecord;
use serde::{Deserialize, Serialize};

/// One run, as written to `runs.jsonl` (member detail is in `members.csv`, the traced
/// members' months in `traces.csv`).
#[derive(Serialize, Deserialize)]
pub struct RunData {
    /// The sweep point, for a sweep's run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<u32>,
    pub run: u32,
    pub seed: u64,
    pub member_months: u64,
    /// In the order of [`crate::ensemble::run_statistics::NAMES`].
    pub statistics: Vec<Option<f64>>,
    /// In the order of [`crate::ensemble::curves::CURVES`].
    pub curves: Vec<Vec<Option<f64>>>,
    pub histograms: Vec<Vec<u32>>,
    pub months: Vec<MonthRecord>,
    /// (paid, max_payout) per bonus.
    pub pay_by_bonus: Vec<(f64, f64)>,
    /// The income disclosure rank table (see [`crate::ensemble::disclosure`]).
    #[serde(default)]
    pub disclosure: Vec<[Option<f64>; 4]>,
}

fn defined(x: f64) -> Option<f64> {
    (!x.is_nan()).then_some(x)
}

fn value(x: Option<f64>) -> f64 {
    x.unwrap_or(f64::NAN)
}

impl From<&RunOutcome> for RunData {
    fn from(run: &RunOutcome) -> RunData {
        RunData {
            point: None,
            run: run.run,
            seed: run.seed,
            member_months: run.member_months,
            statistics: run.statistics.values().map(defined).to_vec(),
            curves: (run.curves.curves.iter())
                .map(|c| c.iter().map(|&x| defined(x)).collect())
                .collect(),
            histograms: run.curves.histograms.to_vec(),
            months: run.months.clone(),
            pay_by_bonus: run.pay_by_bonus.clone(),
            disclosure: (run.disclosure.iter())
                .map(|figures| figures.map(defined))
                .collect(),
        }
    }
}

impl RunData {
    /// The run as the ensemble keeps it, or a description of what is malformed.
    pub fn into_outcome(self) -> Result<RunOutcome, String> {
        let statistics: [f64; COUNT] = (self.statistics.iter().map(|&x| value(x)))
            .collect::<Vec<f64>>()
            .try_into()
            .map_err(|v: Vec<f64>| format!("{} statistics, expected {COUNT}", v.len()))?;
        let curves = (self.curves.into_iter())
            .map(|c| c.into_iter().map(value).collect())
            .collect::<Vec<Vec<f64>>>()
            .try_into()
            .map_err(|v: Vec<Vec<f64>>| {
                format!(
                    "{} curves, expected {}",
                    v.len(),
                    crate::ensemble::curves::CURVES.len()
                )
            })?;
        let histograms = (self.histograms)
            .try_into()
            .map_err(|v: Vec<Vec<u32>>| format!("{} histograms, expected 2", v.len()))?;
        Ok(RunOutcome {
            run: self.run,
            seed: self.seed,
            statistics: RunStatistics::from_values(statistics),
            curves: RunCurves { curves, histograms },
            months: self.months,
            members: None,
            traces: Vec::new(),
            member_months: self.member_months,
            pay_by_bonus: self.pay_by_bonus,
            disclosure: (self.disclosure.into_iter())
                .map(|figures| figures.map(value))
                .collect(),
        })
    }
}

/// The file of a shard folder that holds its runs.
pub const FILE: &str = "runs.jsonl";

/// Writes `dir/runs.jsonl` atomically: one line per run, in the order given.
pub fn write_runs_jsonl(dir: &std::path::Path, runs: &[RunData]) -> crate::error::Result<()> {
    crate::output::atomic::write_atomically(&dir.join(FILE), |w| {
        for run in runs {
            serde_json::to_writer(&mut *w, run)?;
            writeln!(w)?;
        }
        Ok(())
    })?;
    Ok(())
}
