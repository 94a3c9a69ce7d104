//! The charts: each drawn from a [`ReportData`] with plotters, as SVG and PNG, with the
//! bundled font (no system font libraries).

use super::data::ReportData;
use anyhow::Result;

/// The charts, in report order (file names without extension).
pub const NAMES: [&str; 8] = [
    "income_distribution",
    "lorenz",
    "income_ladder",
    "survival",
    "active_members",
    "company",
    "cohorts",
    "by_rank",
];

/// One rendered chart.
#[derive(Clone, Debug)]
pub struct Chart {
    /// File name without extension, one of [`NAMES`].
    pub name: &'static str,
    /// Short title.
    pub title: String,
    /// What to notice, in plain language, with the numbers.
    pub caption: String,
    /// The chart as an SVG document.
    pub svg: String,
    /// The chart as a PNG image.
    pub png: Vec<u8>,
}

/// Renders every chart of [`NAMES`], in that order.
pub fn render_all(data: &ReportData) -> Result<Vec<Chart>> {
    let _ = data;
    anyhow::bail!("charts are not drawn yet")
}
