//! Builds the charts and `report.html` of an output folder from the files in it, so
//! that `downline run` and `downline report DIR` produce the same bytes. Also how any
//! chart is written: SVG and PNG side by side in a `charts/` folder.

use super::charts::render_all;
use super::data::ReportData;
use super::html::report_html;
use crate::error::Result;
use crate::output::atomic::write_atomically;
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
        write_chart(&chart_dir, chart.name, &chart.svg, &chart.png)?;
    }
    let page = report_html(&data, &charts);
    write_atomically(&dir.join("report.html"), |w| {
        w.write_all(page.as_bytes())?;
        Ok(())
    })?;
    Ok(())
}

/// Writes one chart as `dir/NAME.svg` and `dir/NAME.png`, each atomically.
pub(crate) fn write_chart(dir: &Path, name: &str, svg: &str, png: &[u8]) -> Result<()> {
    write_atomically(&dir.join(format!("{name}.svg")), |w| {
        w.write_all(svg.as_bytes())?;
        Ok(())
    })?;
    write_atomically(&dir.join(format!("{name}.png")), |w| {
        w.write_all(png)?;
        Ok(())
    })?;
    Ok(())
}
