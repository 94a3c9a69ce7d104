//! Builds the charts and `report.html` of an output folder from the files in it, so
//! that `downline run` and `downline report DIR` produce the same bytes.

use super::atomic::write_atomically;
use super::charts::render_all;
use super::data::ReportData;
use super::html::report_html;
use crate::error::Result;
use anyhow::Context;
use std::path::Path;

/// Reads `dir`, renders every chart into `dir/charts/` (PNG and SVG) and writes
/// `dir/report.html`, each file atomically.
pub fn build_report(dir: &Path) -> Result<()> {
    let data = ReportData::load(dir)?;
    let charts = render_all(&data)?;
    let chart_dir = dir.join("charts");
    std::fs::create_dir_all(&chart_dir)
        .with_context(|| format!("cannot create {}", chart_dir.display()))?;
    for chart in &charts {
        write_atomically(&chart_dir.join(format!("{}.svg", chart.name)), |w| {
            w.write_all(chart.svg.as_bytes())?;
            Ok(())
        })?;
        write_atomically(&chart_dir.join(format!("{}.png", chart.name)), |w| {
            w.write_all(&chart.png)?;
            Ok(())
        })?;
    }
    let page = report_html(&data, &charts);
    write_atomically(&dir.join("report.html"), |w| {
        w.write_all(page.as_bytes())?;
        Ok(())
    })?;
    Ok(())
}
