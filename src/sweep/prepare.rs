//! A sweep made ready to run: its design parsed, every point validated against the
//! scenario, and each point's scenario built. The same preparation serves `sweep` and
//! the merge of a sweep's shards (which rebuilds the points from the manifest).

use super::design::Point;
use super::{SweepSpec, Vary, check_points, grid, latin_hypercube};
use crate::error::{Error, Result};
use crate::scenario::{Overrides, Scenario, ScenarioSource};

/// A sweep, ready to run: its base scenario, its points and each point's scenario.
pub struct Prepared {
    pub base: Scenario,
    pub spec: SweepSpec,
    pub points: Vec<Point>,
    pub scenarios: Vec<Scenario>,
}

/// Parses the design and validates every point before anything runs.
pub fn prepare(
    source: &ScenarioSource,
    spec: &SweepSpec,
    overrides: Overrides,
) -> Result<Prepared> {
    let base = source.scenario(overrides, &[])?;
    let varies = (spec.vary.iter())
        .map(|v| Vary::parse(v))
        .collect::<std::result::Result<Vec<Vary>, _>>()?;
    if varies.iter().any(|v| v.key.starts_with("simulation.")) {
        return Err(Error::BadInput(
            "--vary: simulation.* keys cannot be swept (runs, seed and months are the sweep's own; \
             use --runs, --seed, --months)"
                .into(),
        ));
    }
    let points = match spec.lhs {
        Some(n) => latin_hypercube(&varies, n, base.simulation.seed)?,
        None => grid(&varies)?,
    };
    check_points(source, overrides, &points)?;
    let scenarios = (points.iter())
        .map(|p| source.scenario(overrides, &p.values))
        .collect::<std::result::Result<Vec<Scenario>, _>>()?;
    Ok(Prepared {
        base,
        spec: spec.clone(),
        points,
        scenarios,
    })
}
