//! `compare.csv`: every statistic both folders of a comparison have, A's and B's mean
//! across runs, the difference and its 95 % interval (Welch's), and whether the
//! interval excludes 0.

use serde::{Deserialize, Serialize};

/// One statistic compared.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRow {
    /// The statistic.
    pub statistic: String,
    /// Mean across A's runs.
    #[serde(deserialize_with = "crate::output::encode::nan_if_null")]
    pub mean_a: f64,
    /// Mean across B's runs.
    #[serde(deserialize_with = "crate::output::encode::nan_if_null")]
    pub mean_b: f64,
    /// mean_b - mean_a.
    #[serde(deserialize_with = "crate::output::encode::nan_if_null")]
    pub difference: f64,
    /// Lower end of the 95 % interval of the difference.
    #[serde(deserialize_with = "crate::output::encode::nan_if_null")]
    pub ci95_low: f64,
    /// Upper end of the 95 % interval of the difference.
    #[serde(deserialize_with = "crate::output::encode::nan_if_null")]
    pub ci95_high: f64,
    /// Whether the interval excludes 0: the runs tell A and B apart on this statistic.
    pub significant: bool,
}
