//! `months.csv`: the company by month, long format: one row per month and quantity
//! ([`crate::ensemble::month_series::QUANTITIES`], defined there and in README), with
//! the mean and quantiles across runs.

use super::Quantiles;
use crate::ensemble::Ensemble;
use crate::ensemble::month_series::month_quantiles;
use serde::{Deserialize, Serialize};

/// One quantity in one month, across runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MonthRow {
    /// Month, 0-based.
    pub month: u32,
    /// The quantity's name (`active`, `revenue`, ...).
    pub quantity: String,
    /// Across the runs in which it is defined that month.
    #[serde(flatten)]
    pub across_runs: Quantiles,
}

/// Every row, month by month, quantities in their order.
pub fn rows(ensemble: &Ensemble, population: u32) -> Vec<MonthRow> {
    let series: Vec<&[_]> = ensemble.runs.iter().map(|r| r.months.as_slice()).collect();
    (month_quantiles(&series, population).into_iter())
        .map(|row| MonthRow {
            month: row.month,
            quantity: row.quantity.to_string(),
            across_runs: Quantiles::of(row.mean, row.levels),
        })
        .collect()
}
