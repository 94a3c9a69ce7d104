//! `summary.json` of `downline sweep` (and of `merge` of a sweep's shards): what was
//! swept, and per point every statistic across its runs and the stress view, and the
//! sensitivity of each statistic to each numeric key. Also what a sweep shard's
//! manifest records of the design ([`SweepDesign`]).

use super::summary::Statistics;
use crate::ensemble::stress::Stress;
use crate::model::seeding::GENERATOR;
use crate::output::encode::nan_if_null;
use crate::scenario::Scenario;
use crate::sweep::SweepSpec;
use crate::sweep::results::SweepResults;
use serde::{Deserialize, Serialize};

/// `summary.json` of a sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepSummary {
    /// The base scenario's name: its file name without `.toml`.
    pub scenario: String,
    /// Its path, as given on the command line.
    pub scenario_file: String,
    /// SHA-256 of its bytes, in hex.
    pub scenario_hash: String,
    /// downline's version.
    pub version: String,
    /// The random generator and its seeding.
    pub generator: String,
    /// The master seed (also the hypercube's).
    pub seed: u64,
    /// Runs at each point (run `r` of every point has the same seed).
    pub runs_per_point: u32,
    /// Months per run.
    pub months: u32,
    /// What was swept.
    pub sweep: SweepDesign,
    /// The numeric varied keys, in `--vary` order: those the sensitivity ranks.
    pub numeric_keys: Vec<String>,
    /// Every point's results, in design order.
    pub points: Vec<PointSummary>,
    /// Per fitted statistic, the numeric keys ranked by |SRRC|.
    pub sensitivity: Vec<StatisticSensitivity>,
}

/// A sweep's design: `--vary` and `--lhs`, and the points they gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SweepDesign {
    /// `grid` or `latin_hypercube`.
    pub design: String,
    /// The `--vary` arguments, in order.
    pub vary: Vec<String>,
    /// `--lhs N`, for a hypercube; `null` for a grid.
    pub lhs: Option<u32>,
    /// Each point's label (`key=value, ...`), in design order.
    pub points: Vec<String>,
}

impl SweepDesign {
    /// The design of `spec`, whose points are labelled `labels`.
    pub fn of(spec: &SweepSpec, labels: Vec<String>) -> SweepDesign {
        SweepDesign {
            design: if spec.lhs.is_some() {
                "latin_hypercube"
            } else {
                "grid"
            }
            .into(),
            vary: spec.vary.clone(),
            lhs: spec.lhs,
            points: labels,
        }
    }

    /// The sweep to run again.
    pub fn spec(&self) -> SweepSpec {
        SweepSpec {
            vary: self.vary.clone(),
            lhs: self.lhs,
        }
    }
}

/// One point of a sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointSummary {
    /// Its index in the design.
    pub index: u32,
    /// `key=value, ...`.
    pub label: String,
    /// Each varied key's value, as in the scenario file.
    pub values: serde_json::Map<String, serde_json::Value>,
    /// Runs at the point.
    pub runs: u64,
    /// Every statistic across the point's runs.
    pub statistics: Statistics,
    /// The stress view pooled over the point's runs.
    pub stress: Stress,
}

/// One statistic's sensitivity to the numeric keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatisticSensitivity {
    /// The statistic.
    pub statistic: String,
    /// R² of the rank regression.
    #[serde(deserialize_with = "nan_if_null")]
    pub r_squared: f64,
    /// (point, run) pairs in the fit.
    pub samples: u64,
    /// Each key's SRRC, largest |SRRC| first.
    pub srrc: Vec<KeyEffect>,
}

/// One key's standardised rank regression coefficient.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyEffect {
    pub key: String,
    #[serde(deserialize_with = "nan_if_null")]
    pub srrc: f64,
}

impl SweepSummary {
    /// The summary of a sweep of `base` as `spec`, run `runs_per_point` times per point.
    pub fn of(
        base: &Scenario,
        spec: &SweepSpec,
        runs_per_point: u32,
        results: &SweepResults,
    ) -> SweepSummary {
        let labels = results.points.iter().map(|p| p.point.label()).collect();
        let points = (results.points.iter())
            .map(|p| PointSummary {
                index: p.point.index,
                label: p.point.label(),
                values: (p.point.values.iter())
                    .map(|(key, value)| {
                        let value = serde_json::to_value(value).unwrap_or(serde_json::Value::Null);
                        (key.clone(), value)
                    })
                    .collect(),
                runs: p.runs as u64,
                statistics: Statistics::of(&p.statistics),
                stress: p.stress.clone(),
            })
            .collect();
        let sensitivity = (results.sensitivity.iter())
            .map(|r| StatisticSensitivity {
                statistic: r.output.clone(),
                r_squared: r.r_squared,
                samples: r.samples as u64,
                srrc: (r.effects.iter())
                    .map(|(key, srrc)| KeyEffect {
                        key: key.clone(),
                        srrc: *srrc,
                    })
                    .collect(),
            })
            .collect();
        SweepSummary {
            scenario: base.name.clone(),
            scenario_file: base.file.clone(),
            scenario_hash: base.hash.clone(),
            version: env!("CARGO_PKG_VERSION").into(),
            generator: GENERATOR.into(),
            seed: base.simulation.seed,
            runs_per_point,
            months: base.simulation.months,
            sweep: SweepDesign::of(spec, labels),
            numeric_keys: results.numeric_keys.clone(),
            points,
            sensitivity,
        }
    }
}
