//! What a sweep is asked to do: its `--vary` arguments and, for a Latin hypercube, the
//! number of points (`--lhs N`). Recorded in a sweep's `summary.json` and in each shard's
//! manifest, from which `merge` rebuilds the same points.

/// What was swept (recorded in `summary.json` and a shard's manifest as
/// `output::records::sweep_summary::SweepDesign`).
#[derive(Clone, Debug, PartialEq)]
pub struct SweepSpec {
    /// The `--vary` arguments, in order.
    pub vary: Vec<String>,
    /// `--lhs N`, if a Latin hypercube was sampled instead of a grid.
    pub lhs: Option<u32>,
}
