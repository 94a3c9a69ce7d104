//! Running a sweep: every (point, run) pair of a design, in parallel, collected in
//! order.
//!
//! Pair `i` is run `i % runs` of point `i / runs`. Run `r` of every point is seeded
//! from (master seed, r) only, so the points are compared on common random numbers:
//! differences between points come from the varied keys, not from luck. The pairs are
//! spread over rayon's threads and collected in index order, so results do not depend
//! on the thread count or on how the pairs are split into shards.

use crate::ensemble::{RunOutcome, run_for_point};
use crate::scenario::Scenario;
use rayon::prelude::*;

/// One run of one point.
#[derive(Clone, Debug)]
pub struct PointRun {
    pub point: u32,
    pub outcome: RunOutcome,
}

/// Runs the given pair indices (each below `scenarios.len() * runs`) of a sweep whose
/// point `p` is `scenarios[p]`; `progress` is called once per finished run.
pub fn run_pairs(
    scenarios: &[Scenario],
    runs: u32,
    indices: &[u32],
    progress: &(dyn Fn() + Sync),
) -> Vec<PointRun> {
    indices
        .par_iter()
        .map(|&i| {
            let point = i / runs;
            // A sweep reports statistics and stress per point, not per-member curves:
            // they are not computed, which keeps a large sweep's memory to its month
            // records.
            let outcome = run_for_point(&scenarios[point as usize], i % runs);
            progress();
            PointRun { point, outcome }
        })
        .collect()
}

/// The runs of each point, in point order (points with no runs are empty).
pub fn by_point(runs: &[PointRun], points: usize) -> Vec<Vec<&RunOutcome>> {
    let mut grouped = vec![Vec::new(); points];
    for run in runs {
        grouped[run.point as usize].push(&run.outcome);
    }
    grouped
}
