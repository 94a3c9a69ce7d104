//! The tables of a calibration's output folder (`downline calibrate`), each row made
//! from [`crate::calibrate::Calibration`]:
//!
//! | file | record |
//! |---|---|
//! | `posterior.csv` | [`PosteriorRow`]: one accepted point, its weight and values |
//! | `parameters.csv` | [`ParameterRow`]: one varied key, prior against posterior |
//! | `predictive.csv` | [`PredictiveRow`]: one target against the simulated band |
//! | `waves.csv` | [`WaveRow`]: one wave's points, kept share and volume |
//! | `summary.json` | [`CalibrationSummary`]: the inputs, the settings and how it ended |
//! | `wave-<w>.json` beside the folder | [`WaveCheckpoint`]: a finished wave, to resume from |
//! | `wave-<w>/shard-<I>-of-<N>.json` beside the folder | [`ShardFile`]: one shard of a wave |

use super::point_runs::VariedValues;
use crate::calibrate::summary::{Parameter, Predictive, effective_size};
use crate::calibrate::{Calibration, Finished, WaveShard, assignments};
use crate::ensemble::shard::Shard;
use crate::output::encode::nan_if_null;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// One accepted point: `weight`, then one column per varied key, named by the key.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PosteriorRow {
    /// Importance weight; the weights of all rows sum to 1.
    pub weight: f64,
    /// The point's value of each varied key (whole numbers for integer ranges).
    #[serde(flatten)]
    pub values: VariedValues,
}

/// Every accepted point, in the order the waves drew them.
pub fn posterior_rows(calibration: &Calibration) -> Vec<PosteriorRow> {
    (calibration.posterior.iter())
        .map(|&(i, weight)| PosteriorRow {
            weight,
            values: VariedValues::of_values(&assignments(
                &calibration.priors,
                &calibration.points[i].values,
            )),
        })
        .collect()
}

/// One varied key: its prior range and posterior quantiles.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ParameterRow {
    /// The dotted key.
    pub key: String,
    /// The prior's range (uniform).
    pub prior_low: f64,
    pub prior_high: f64,
    /// Posterior quantiles: the smallest accepted value whose cumulative weight reaches
    /// the level (values sorted ascending).
    #[serde(deserialize_with = "nan_if_null")]
    pub median: f64,
    #[serde(deserialize_with = "nan_if_null")]
    pub q05: f64,
    #[serde(deserialize_with = "nan_if_null")]
    pub q25: f64,
    #[serde(deserialize_with = "nan_if_null")]
    pub q75: f64,
    #[serde(deserialize_with = "nan_if_null")]
    pub q95: f64,
    /// Posterior 90 % width / prior width: near 1, not identified by the targets.
    #[serde(deserialize_with = "nan_if_null")]
    pub shrinkage: f64,
}

impl ParameterRow {
    pub fn of(p: &Parameter) -> ParameterRow {
        ParameterRow {
            key: p.key.clone(),
            prior_low: p.prior_low,
            prior_high: p.prior_high,
            median: p.median,
            q05: p.q05,
            q25: p.q25,
            q75: p.q75,
            q95: p.q95,
            shrinkage: p.shrinkage,
        }
    }
}

/// One target's posterior predictive check.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PredictiveRow {
    /// The statistic.
    pub statistic: String,
    /// The target value (a range's centre) and range (`[low, high]`, or value ± 3 sd).
    pub target: f64,
    pub low: f64,
    pub high: f64,
    /// The statistic over the accepted points' runs (each run weighted by its point's
    /// weight shared among its runs): mean, 5th and 95th percentiles.
    #[serde(deserialize_with = "nan_if_null")]
    pub mean: f64,
    #[serde(deserialize_with = "nan_if_null")]
    pub p5: f64,
    #[serde(deserialize_with = "nan_if_null")]
    pub p95: f64,
    /// Weighted share of those runs inside the target range.
    #[serde(deserialize_with = "nan_if_null")]
    pub share_inside: f64,
    /// `reproduced` (mean inside the range and at least half the runs), `reproduced on
    /// average` (mean inside, most runs outside) or `not reproduced`.
    pub verdict: String,
}

impl PredictiveRow {
    pub fn of(p: &Predictive) -> PredictiveRow {
        PredictiveRow {
            statistic: p.statistic.clone(),
            target: p.target,
            low: p.low,
            high: p.high,
            mean: p.mean,
            p5: p.p5,
            p95: p.p95,
            share_inside: p.share_inside,
            verdict: p.verdict.to_string(),
        }
    }
}

/// One wave.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WaveRow {
    /// Wave number, from 1.
    pub wave: u32,
    /// Points drawn and run.
    pub points: u32,
    /// Points kept (implausibility at most 3).
    pub kept: u32,
    /// kept / points.
    #[serde(deserialize_with = "nan_if_null")]
    pub kept_share: f64,
    /// The wave's estimate of the share of the prior that is not implausible.
    #[serde(deserialize_with = "nan_if_null")]
    pub volume: f64,
}

/// Every wave, in order.
pub fn wave_rows(calibration: &Calibration) -> Vec<WaveRow> {
    (calibration.waves.iter())
        .map(|w| WaveRow {
            wave: w.wave,
            points: w.points,
            kept: w.kept,
            kept_share: if w.points > 0 {
                f64::from(w.kept) / f64::from(w.points)
            } else {
                f64::NAN
            },
            volume: w.volume,
        })
        .collect()
}

/// One target as given.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetSummary {
    pub statistic: String,
    pub value: f64,
    pub sigma: f64,
    pub low: f64,
    pub high: f64,
    pub discrepancy: f64,
}

/// `summary.json` of a calibration.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CalibrationSummary {
    /// The scenario's name and path, and SHA-256 of its bytes.
    pub scenario: String,
    pub scenario_file: String,
    pub scenario_hash: String,
    /// SHA-256 of the targets file's bytes, and its path.
    pub targets_file: String,
    pub targets_hash: String,
    pub version: String,
    /// Master seed (runs and waves are seeded from it).
    pub seed: u64,
    /// Runs per point, points per wave, the most waves, months per run.
    pub runs: u32,
    pub points: u32,
    pub waves: u32,
    pub months: u32,
    /// The `--vary` arguments, in order.
    pub vary: Vec<String>,
    pub targets: Vec<TargetSummary>,
    /// Waves run, points run, points kept (the posterior sample's size) and its
    /// effective size `1 / Σ w²`.
    pub waves_run: u32,
    pub points_run: u64,
    pub points_kept: u64,
    pub effective_size: f64,
    /// Why the waves stopped.
    pub stopped: String,
}

impl CalibrationSummary {
    pub fn of(
        calibration: &Calibration,
        base: &Scenario,
        vary: &[String],
        targets_file: String,
        targets_hash: String,
    ) -> CalibrationSummary {
        CalibrationSummary {
            scenario: base.name.clone(),
            scenario_file: base.file.clone(),
            scenario_hash: base.hash.clone(),
            targets_file,
            targets_hash,
            version: env!("CARGO_PKG_VERSION").to_string(),
            seed: base.simulation.seed,
            runs: calibration.settings.runs,
            points: calibration.settings.points,
            waves: calibration.settings.waves,
            months: base.simulation.months,
            vary: vary.to_vec(),
            targets: (calibration.targets.iter())
                .map(|t| TargetSummary {
                    statistic: t.statistic.to_string(),
                    value: t.value,
                    sigma: t.sigma,
                    low: t.low,
                    high: t.high,
                    discrepancy: t.discrepancy,
                })
                .collect(),
            waves_run: calibration.waves.len() as u32,
            points_run: calibration.points.len() as u64,
            points_kept: calibration.posterior.len() as u64,
            effective_size: effective_size(calibration),
            stopped: calibration.stopped.clone(),
        }
    }
}

/// A finished wave, kept while a calibration runs in `<out>.waves/wave-<w>.json` (and
/// removed when it ends), so that a calibration interrupted later resumes from it. Every
/// number is the bit pattern of its `f64` (NaN included), so that the resumed
/// calibration redoes the rest exactly.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WaveCheckpoint {
    /// SHA-256 of the calibration's inputs (see [`inputs_fingerprint`]): a checkpoint
    /// of other inputs is not used.
    pub inputs: String,
    pub wave: u32,
    /// The share of the proposal's draws that fell inside the prior box.
    pub acceptance: u64,
    /// Per point: unit coordinates, and per target the runs' values.
    pub points: Vec<(Vec<u64>, Vec<Vec<u64>>)>,
}

impl WaveCheckpoint {
    pub fn of(finished: &Finished, inputs: &str) -> WaveCheckpoint {
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
        WaveCheckpoint {
            inputs: inputs.to_string(),
            wave: finished.wave,
            acceptance: finished.acceptance.to_bits(),
            points: (finished.points.iter())
                .map(|(unit, runs)| (bits(unit), runs.iter().map(|r| bits(r)).collect()))
                .collect(),
        }
    }

    pub fn finished(&self) -> Finished {
        let floats = |v: &[u64]| v.iter().map(|&b| f64::from_bits(b)).collect::<Vec<f64>>();
        Finished {
            wave: self.wave,
            acceptance: f64::from_bits(self.acceptance),
            points: (self.points.iter())
                .map(|(unit, runs)| (floats(unit), runs.iter().map(|r| floats(r)).collect()))
                .collect(),
        }
    }
}

/// One shard of a wave (`calibrate --shard I/N`), kept beside the output folder in
/// `<out>.waves/wave-<w>/shard-<I>-of-<N>.json` until the calibration that merges it
/// ends. Numbers are `f64` bit patterns, as in [`WaveCheckpoint`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ShardFile {
    /// SHA-256 of the calibration's inputs (see [`inputs_fingerprint`]).
    pub inputs: String,
    pub wave: u32,
    /// The shard: `index` of `count`.
    pub index: u32,
    pub count: u32,
    pub acceptance: u64,
    /// Every point of the wave: unit coordinates.
    pub units: Vec<Vec<u64>>,
    /// The first (point, run) pair of the shard's block.
    pub first: u32,
    /// Per pair of the block: per target, the run's value.
    pub values: Vec<Vec<u64>>,
}

impl ShardFile {
    /// Its file name inside `<out>.waves/wave-<w>/`.
    pub fn name(shard: Shard) -> String {
        format!("shard-{}-of-{}.json", shard.index, shard.count)
    }

    pub fn of(shard: &WaveShard, inputs: &str) -> ShardFile {
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
        ShardFile {
            inputs: inputs.to_string(),
            wave: shard.wave,
            index: shard.shard.index,
            count: shard.shard.count,
            acceptance: shard.acceptance.to_bits(),
            units: shard.units.iter().map(|u| bits(u)).collect(),
            first: shard.first,
            values: shard.values.iter().map(|v| bits(v)).collect(),
        }
    }

    /// The shard it holds, or why it cannot be one (an index not below the count).
    pub fn shard(&self) -> Result<WaveShard, String> {
        if self.count == 0 || self.index >= self.count {
            return Err(format!(
                "shard {}/{} is not a shard",
                self.index, self.count
            ));
        }
        let floats = |v: &[u64]| v.iter().map(|&b| f64::from_bits(b)).collect::<Vec<f64>>();
        Ok(WaveShard {
            wave: self.wave,
            shard: Shard {
                index: self.index,
                count: self.count,
            },
            acceptance: f64::from_bits(self.acceptance),
            units: self.units.iter().map(|u| floats(u)).collect(),
            first: self.first,
            values: self.values.iter().map(|v| floats(v)).collect(),
        })
    }
}

/// The fingerprint of what decides a calibration's waves: the scenario's and the
/// targets file's hashes, the `--vary` arguments, runs and points per wave, the seed
/// and the months (not the number of waves: a resumed calibration may run more).
pub fn inputs_fingerprint(
    scenario_hash: &str,
    targets_hash: &str,
    vary: &[String],
    runs: u32,
    points: u32,
    seed: u64,
    months: u32,
) -> String {
    use sha2::{Digest, Sha256};
    let text = format!(
        "{scenario_hash}\0{targets_hash}\0{}\0{runs}\0{points}\0{seed}\0{months}",
        vary.join("\0")
    );
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
