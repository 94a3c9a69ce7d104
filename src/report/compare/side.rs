//! One side of a comparison: an output folder of `run`, read through the run report's
//! data and its runs table.

use crate::ensemble::run_statistics::NAMES;
use crate::error::Result;
use crate::output::encode::read_table;
use crate::output::records::runs::RunRow;
use crate::report::run::data::ReportData;
use std::path::{Path, PathBuf};

/// One output folder of a comparison.
pub struct Side {
    pub dir: PathBuf,
    pub data: ReportData,
    /// Per-run values of each statistic, from the runs table, in the order of
    /// [`NAMES`].
    pub per_run: Vec<(String, Vec<f64>)>,
}

impl Side {
    /// Reads an output folder's report data and its runs table.
    pub fn load(dir: &Path) -> Result<Side> {
        let data = ReportData::load(dir)?;
        let runs: Vec<RunRow> = read_table(dir, "runs")?;
        let values: Vec<_> = runs.iter().map(|r| r.statistics.values()).collect();
        let per_run = (NAMES.iter().enumerate())
            .map(|(k, name)| (name.to_string(), values.iter().map(|v| v[k]).collect()))
            .collect();
        Ok(Side {
            dir: dir.to_path_buf(),
            data,
            per_run,
        })
    }
}
