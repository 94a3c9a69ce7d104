//! What a sweep is asked to do: its `--vary` arguments and, for a Latin hypercube, the
//! number of points (`--lhs N`). Recorded in a sweep's `summary.json` and in each shard's
//! manifest, from which `merge` rebuilds the same points.

use serde_json::{Value, json};

/// What was swept, as recorded in `summary.json` and in a shard's manifest.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepSpec {
    /// The `--vary` arguments, in order.
    pub vary: Vec<String>,
    /// `--lhs N`, if a Latin hypercube was sampled instead of a grid.
    pub lhs: Option<u32>,
}

impl SweepSpec {
    /// As JSON: `{ "design", "vary", "lhs", "points" }`, `points` holding each point's
    /// label.
    pub fn to_json(&self, results_points: &[String]) -> Value {
        json!({
            "design": if self.lhs.is_some() { "latin_hypercube" } else { "grid" },
            "vary": self.vary,
            "lhs": self.lhs,
            "points": results_points,
        })
    }
}
