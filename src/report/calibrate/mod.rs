//! A calibration's page, `calibrate.html`, and its charts (`charts/predictive`,
//! `charts/marginals`, `charts/pairs`, each PNG and SVG), built from the files of the
//! calibration's output folder ([`data`]) over the report kit.

pub mod charts;
pub mod data;
pub mod page;

use crate::error::Result;
use crate::output::atomic::write_atomically;
use crate::report::kit::chart::write_chart;
use anyhow::Context;
use data::CalibrationData;
use std::path::Path;

/// Reads the calibration in `dir` and writes its charts into `dir/charts/` and
/// `dir/calibrate.html`, each atomically.
pub fn build_calibration_page(dir: &Path) -> Result<()> {
    let data = CalibrationData::read(dir)?;
    let charts = charts::charts(&data)?;
    if !charts.is_empty() {
        let charts_dir = dir.join("charts");
        std::fs::create_dir_all(&charts_dir)
            .with_context(|| format!("cannot create {}", charts_dir.display()))?;
        for chart in &charts {
            write_chart(&charts_dir, chart.name, &chart.svg, &chart.png)?;
        }
    }
    let html = page::calibrate_html(&data, &charts);
    write_atomically(&dir.join("calibrate.html"), |w| {
        w.write_all(html.as_bytes())?;
        Ok(())
    })?;
    Ok(())
}
