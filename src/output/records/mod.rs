//! One typed, documented struct per output file, used both to write the file and to
//! read it back: a field added is a field added here, and every format ([`super::encode`])
//! and every reader follow.
//!
//! | file | struct |
//! |---|---|
//! | `summary.json` of a run | [`summary::RunSummary`] |
//! | `runs.csv` | [`runs::RunRow`] |
//! | `months.csv` | [`months::MonthRow`] |
//! | `curves.csv` | [`curves::CurveRow`] |
//! | `histograms.csv` | [`histograms::HistogramRow`] |
//! | `members.csv` | [`members::MemberRow`] |
//! | `traces.csv` | [`traces::TraceRow`] |
//! | `disclosure.csv` | [`disclosure::DisclosureRow`] |
//! | `ledger.csv`, `ledger.breakage.csv`, `ledger.standing.csv`, `ledger.placement.csv` | [`ledger`] |
//! | `summary.json` of a sweep | [`sweep_summary::SweepSummary`] |
//! | `point_runs.csv` | [`point_runs::PointRunRow`] |
//! | `points.csv` | [`points::PointRow`] |
//! | `sensitivity.csv` | [`sensitivity::SensitivityRow`] |
//! | `compare.csv` | [`comparison::ComparisonRow`] |
//! | the per-member CSV of `payout A.toml B.toml NETWORK.csv` | [`payout_vs::PayoutVsRow`] |
//! | `posterior.csv`, `parameters.csv`, `predictive.csv`, `waves.csv`, `summary.json` of a calibration | [`calibration`] |
//! | `manifest.json` of a shard | [`crate::output::shards::manifest::Manifest`] |
//! | `runs.jsonl` of a shard | [`crate::output::shards::run_data::RunData`] |
//!
//! Each file also says how its rows are made from the ensemble's results. Money is in
//! the scenario's currency, volume in PV points, months 0-based; an undefined number is
//! `NaN` in memory, `null` in JSON and an empty CSV field.

pub mod calibration;
pub mod comparison;
pub mod curves;
pub mod disclosure;
pub mod histograms;
pub mod ledger;
pub mod members;
pub mod months;
pub mod payout_vs;
pub mod point_runs;
pub mod points;
pub mod runs;
pub mod sensitivity;
pub mod summary;
pub mod sweep_summary;
pub mod traces;

use super::encode::nan_if_null;
use serde::{Deserialize, Serialize};

/// A quantity across runs at one point (a month, an x of a curve): its mean and its
/// type-7 quantiles over the runs in which it is defined (`NaN` if none is).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Quantiles {
    /// Mean across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub mean: f64,
    /// 5th percentile across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub p5: f64,
    /// 25th percentile across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub p25: f64,
    /// Median across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub median: f64,
    /// 75th percentile across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub p75: f64,
    /// 95th percentile across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub p95: f64,
}

impl Quantiles {
    /// From a mean and the levels of [`crate::ensemble::month_series::LEVELS`]
    /// (p5, p25, median, p75, p95).
    pub fn of(mean: f64, [p5, p25, median, p75, p95]: [f64; 5]) -> Quantiles {
        Quantiles {
            mean,
            p5,
            p25,
            median,
            p75,
            p95,
        }
    }
}
