//! `curves.csv`: per-member curves of each run (survival, cohorts, ranks, net by
//! percentile, the Lorenz curve; see [`crate::ensemble::curves`] for what `x` and the
//! value are in each), summarised across runs at each point.

use super::Quantiles;
use crate::ensemble::Ensemble;
use crate::ensemble::curves::{RunCurves, curve_quantiles};
use serde::{Deserialize, Serialize};

/// One curve at one `x`, across runs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CurveRow {
    /// The curve's `x` (months, a month of joining, a rank, a percentile).
    pub x: u32,
    /// The curve's name (`survival`, `lorenz_gross_pay`, ...).
    pub curve: String,
    /// Across the runs in which the point is defined.
    #[serde(flatten)]
    pub across_runs: Quantiles,
}

/// Every row, curve by curve, in increasing `x`.
pub fn rows(ensemble: &Ensemble) -> Vec<CurveRow> {
    let runs: Vec<&RunCurves> = ensemble.runs.iter().map(|r| &r.curves).collect();
    (curve_quantiles(&runs).into_iter())
        .map(|point| CurveRow {
            x: point.x,
            curve: point.curve.to_string(),
            across_runs: Quantiles::of(point.mean, point.levels),
        })
        .collect()
}
