//! `runs.csv`: one row per run, in run order: which run, its seed, and every statistic
//! of [`crate::ensemble::run_statistics`] (the definitions are there and in README).

use crate::ensemble::RunOutcome;
use crate::ensemble::run_statistics::RunStatistics;
use crate::output::encode::{run_key, seed_text};
use serde::{Deserialize, Serialize};

/// One run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRow {
    /// Run index, 0-based.
    pub run: u32,
    /// The run's own 64-bit seed, derived from the master seed and the run index
    /// (a string in JSON Lines: see [`seed_text`]).
    #[serde(with = "seed_text")]
    pub seed: u64,
    /// The master seed and the run index as text, `s42-r7` ([`run_key`]).
    #[serde(default)]
    pub run_key: String,
    /// The run's statistics, one column each, in the order of
    /// [`crate::ensemble::run_statistics::NAMES`].
    #[serde(flatten)]
    pub statistics: RunStatistics,
}

impl Default for RunRow {
    fn default() -> Self {
        RunRow {
            run: 0,
            seed: 0,
            run_key: String::new(),
            statistics: RunStatistics::from_values(
                [f64::NAN; crate::ensemble::run_statistics::COUNT],
            ),
        }
    }
}

impl RunRow {
    /// The row of `run`, of an ensemble with master seed `master_seed`.
    pub fn of(run: &RunOutcome, master_seed: u64) -> RunRow {
        RunRow {
            run: run.run,
            seed: run.seed,
            run_key: run_key(master_seed, run.run),
            statistics: run.statistics.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::encode::{Cell, from_record};

    #[test]
    fn a_statistic_missing_from_the_table_reads_as_undefined() {
        // A runs table of another version, with one statistic only.
        let columns = ["run", "seed", "members_ever"].map(String::from);
        let cells = ["3", "17", "120"].map(|t| Cell::Untyped(t.into()));
        let row: RunRow = from_record(&columns, &cells).expect("reads");
        assert_eq!((row.run, row.seed), (3, 17));
        assert_eq!(row.statistics.members_ever, 120.0);
        assert!(row.statistics.payout_ratio.is_nan());
    }
}
