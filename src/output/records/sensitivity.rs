//! `sensitivity.csv`: for each statistic that could be fitted, the numeric varied keys
//! ranked by the size of their standardised rank regression coefficient (SRRC) over
//! every (point, run) of the sweep.

use crate::sweep::results::SweepResults;
use serde::{Deserialize, Serialize};

/// One key's effect on one statistic.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SensitivityRow {
    /// The statistic.
    pub statistic: String,
    /// 1 for the key that moves it most.
    pub rank: u32,
    /// The varied key.
    pub key: String,
    /// Its SRRC, in -1 to 1: the change in the statistic's rank, in standard deviations,
    /// per standard deviation of the key's rank, the other keys held fixed.
    #[serde(deserialize_with = "crate::output::encode::nan_if_null")]
    pub srrc: f64,
    /// R² of the rank regression: how much of the statistic's rank variation the keys
    /// explain together.
    #[serde(deserialize_with = "crate::output::encode::nan_if_null")]
    pub r_squared: f64,
    /// (point, run) pairs in the fit.
    pub samples: u64,
}

/// Every row, statistic by statistic, keys by rank.
pub fn rows(results: &SweepResults) -> Vec<SensitivityRow> {
    let mut rows = Vec::new();
    for ranking in &results.sensitivity {
        for (rank, (key, srrc)) in ranking.effects.iter().enumerate() {
            rows.push(SensitivityRow {
                statistic: ranking.output.clone(),
                rank: rank as u32 + 1,
                key: key.clone(),
                srrc: *srrc,
                r_squared: ranking.r_squared,
                samples: ranking.samples as u64,
            });
        }
    }
    rows
}
