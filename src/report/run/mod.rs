//! The run report: the charts and `report.html` of an output folder, built from the
//! files in it, so that `downline run` and `downline report DIR` produce the same bytes.
//!
//! [`data`] reads the folder back, [`charts`] draws the charts and [`page`] writes
//! the page; all three use the shared kit ([`crate::report::kit`]). [`representative`]
//! chooses the member whose story the chart `member_story` and the page tell.

pub mod charts;
pub mod data;
pub mod facts;
pub mod page;
pub mod representative;

use crate::error::Result;
use crate::output::atomic::write_atomically;
use crate::report::kit::chart::write_chart;
use anyhow::Context;
use charts::render_all;
use data::ReportData;
use page::report_html;
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
        write_chart(&chart_dir, chart.name, &chart.svg, &chart.png)?;
    }
    let page = report_html(&data, &charts);
    write_atomically(&dir.join("report.html"), |w| {
        w.write_all(page.as_bytes())?;
        Ok(())
    })?;
    Ok(())
}
