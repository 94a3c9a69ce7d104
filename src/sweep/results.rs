//! What a sweep computes from its runs, before anything is written: per point, every
//! statistic across its runs and the stress view; across points, the sensitivity of
//! each statistic to each numeric varied key.

use super::design::Point;
use super::execute::{PointRun, by_point};
use super::sensitivity::{Ranking, numeric_inputs, rank_keys};
use crate::ensemble::run_statistics::NAMES;
use crate::ensemble::statistics::Summary;
use crate::ensemble::stress::Stress;
use crate::ensemble::summaries_of;

/// One point's results.
#[derive(Clone, Debug)]
pub struct PointResult {
    pub point: Point,
    /// Runs of this point.
    pub runs: usize,
    /// Every statistic across the point's runs, in the order of [`NAMES`].
    pub statistics: Vec<(&'static str, Summary)>,
    pub stress: Stress,
}

/// A sweep's results.
#[derive(Clone, Debug)]
pub struct SweepResults {
    pub points: Vec<PointResult>,
    /// Numeric varied keys, in `--vary` order (text and array keys have no order).
    pub numeric_keys: Vec<String>,
    /// For each statistic (in the order of [`NAMES`]) that could be fitted, the numeric
    /// keys ranked by |SRRC| over every (point, run): empty when no key is numeric or
    /// there are too few runs.
    pub sensitivity: Vec<Ranking>,
}

impl SweepResults {
    /// Reduces the runs of a sweep (in pair order) to its results.
    pub fn of(points: &[Point], runs: &[PointRun]) -> SweepResults {
        let grouped = by_point(runs, points.len());
        let results = (points.iter().zip(&grouped))
            .map(|(point, runs)| PointResult {
                point: point.clone(),
                runs: runs.len(),
                statistics: summaries_of(runs),
                stress: Stress::of(&runs.iter().map(|r| r.months.as_slice()).collect::<Vec<_>>()),
            })
            .collect();
        let (keys, point_inputs) = numeric_inputs(points);
        let sensitivity = if keys.is_empty() {
            Vec::new()
        } else {
            let inputs: Vec<Vec<f64>> = (runs.iter())
                .map(|r| point_inputs[r.point as usize].clone())
                .collect();
            (NAMES.iter().enumerate())
                .filter_map(|(k, name)| {
                    let output: Vec<f64> = runs
                        .iter()
                        .map(|r| r.outcome.statistics.values()[k])
                        .collect();
                    let outputs = [(name.to_string(), output)];
                    rank_keys(&keys, &inputs, &outputs).ok()?.into_iter().next()
                })
                .filter(|ranking| !ranking.r_squared.is_nan())
                .collect()
        };
        SweepResults {
            points: results,
            numeric_keys: keys,
            sensitivity,
        }
    }
}
