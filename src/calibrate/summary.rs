//! What a calibration found, reduced for its tables: each parameter's posterior against
//! its prior, and the posterior predictive check of each target.

use super::{Calibration, weighted_quantile};

/// One parameter's posterior.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    pub key: String,
    pub prior_low: f64,
    pub prior_high: f64,
    /// Weighted quantiles of the posterior sample (see [`weighted_quantile`]).
    pub median: f64,
    pub q05: f64,
    pub q25: f64,
    pub q75: f64,
    pub q95: f64,
    /// `(q95 - q05) / (prior_high - prior_low)`: near 1, the targets do not identify the
    /// parameter (its posterior spans the prior); near 0, they pin it down.
    pub shrinkage: f64,
}

/// One target's posterior predictive check: the target against the statistic over the
/// accepted points' runs, each run weighted by its point's weight / the point's runs in
/// which the statistic is defined.
#[derive(Clone, Debug, PartialEq)]
pub struct Predictive {
    pub statistic: String,
    pub target: f64,
    pub low: f64,
    pub high: f64,
    pub mean: f64,
    pub p5: f64,
    pub p95: f64,
    /// Weighted share of runs inside `[low, high]`.
    pub share_inside: f64,
    pub verdict: &'static str,
}

/// The posterior of every parameter, in `--vary` order.
pub fn parameters(calibration: &Calibration) -> Vec<Parameter> {
    (calibration.priors.iter().enumerate())
        .map(|(k, prior)| {
            let sample: Vec<(f64, f64)> = (calibration.posterior.iter())
                .map(|&(i, w)| (calibration.points[i].values[k], w))
                .collect();
            let q = |level: f64| weighted_quantile(&sample, level);
            let (q05, q95) = (q(0.05), q(0.95));
            Parameter {
                key: prior.key.clone(),
                prior_low: prior.low,
                prior_high: prior.high,
                median: q(0.5),
                q05,
                q25: q(0.25),
                q75: q(0.75),
                q95,
                shrinkage: (q95 - q05) / prior.width(),
            }
        })
        .collect()
}

/// The predictive check of every target, in the targets file's order.
pub fn predictive(calibration: &Calibration) -> Vec<Predictive> {
    (calibration.targets.iter().enumerate())
        .map(|(t, target)| {
            let mut sample: Vec<(f64, f64)> = Vec::new();
            for &(i, weight) in &calibration.posterior {
                let runs: Vec<f64> = (calibration.points[i].runs[t].iter())
                    .copied()
                    .filter(|v| v.is_finite())
                    .collect();
                let each = weight / runs.len().max(1) as f64;
                sample.extend(runs.into_iter().map(|v| (v, each)));
            }
            let total: f64 = sample.iter().map(|(_, w)| w).sum();
            let (mean, share_inside) = if total > 0.0 {
                (
                    sample.iter().map(|(v, w)| v * w).sum::<f64>() / total,
                    (sample.iter())
                        .filter(|(v, _)| (target.low..=target.high).contains(v))
                        .map(|(_, w)| w)
                        .sum::<f64>()
                        / total
                        + 0.0, // never -0: an empty sum is -0.0
                )
            } else {
                (f64::NAN, f64::NAN)
            };
            let verdict = if !(target.low..=target.high).contains(&mean) {
                "not reproduced"
            } else if share_inside >= 0.5 {
                "reproduced"
            } else {
                "reproduced on average"
            };
            Predictive {
                statistic: target.statistic.to_string(),
                target: target.value,
                low: target.low,
                high: target.high,
                mean,
                p5: weighted_quantile(&sample, 0.05),
                p95: weighted_quantile(&sample, 0.95),
                share_inside,
                verdict,
            }
        })
        .collect()
}

/// The effective size of the posterior sample, `1 / Σ w²` (weights summing to 1).
pub fn effective_size(calibration: &Calibration) -> f64 {
    let sum: f64 = calibration.posterior.iter().map(|(_, w)| w * w).sum();
    if sum > 0.0 { 1.0 / sum } else { 0.0 }
}
