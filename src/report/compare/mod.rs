//! The comparison: two output folders side by side. For every statistic both have, the
//! mean across runs in each, the difference (B - A) and its 95 % interval (Welch's,
//! from the per-run values in each `runs.csv`), flagged when the interval contains 0:
//! the runs cannot tell the two apart on that statistic. Written as `compare.csv`, the
//! overlay [`charts`] and `compare.html` ([`page`]); each side is read through the run
//! report's [`crate::report::run::data`].

pub mod charts;
pub mod page;

use crate::ensemble::run_statistics::NAMES;
use crate::ensemble::statistics::{Summary, difference_ci95};
use crate::error::Result;
use crate::output::atomic::write_atomically;
use crate::output::encode::{Encoder, read_table, write_table};
use crate::output::records::comparison::ComparisonRow;
use crate::output::records::runs::RunRow;
use crate::report::kit::chart::write_chart;
use crate::report::run::data::ReportData;
use anyhow::Context;
use charts::render_compare_charts;
use page::compare_html;
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

/// One statistic compared.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareRow {
    pub statistic: String,
    pub a: Summary,
    pub b: Summary,
    /// mean(B) - mean(A).
    pub difference: f64,
    /// 95 % interval of the difference.
    pub ci95: [f64; 2],
    /// Whether the interval excludes 0.
    pub significant: bool,
}

/// Every statistic in both folders, in A's order.
pub fn compare_rows(a: &Side, b: &Side) -> Vec<CompareRow> {
    (a.per_run.iter())
        .filter_map(|(name, a_values)| {
            let (_, b_values) = b.per_run.iter().find(|(n, _)| n == name)?;
            let (sa, sb) = (Summary::of(a_values), Summary::of(b_values));
            let ci95 = difference_ci95(a_values, b_values);
            Some(CompareRow {
                statistic: name.clone(),
                a: sa,
                b: sb,
                difference: sb.mean - sa.mean,
                ci95,
                significant: ci95[0] > 0.0 || ci95[1] < 0.0,
            })
        })
        .collect()
}

impl From<&CompareRow> for ComparisonRow {
    fn from(row: &CompareRow) -> ComparisonRow {
        ComparisonRow {
            statistic: row.statistic.clone(),
            mean_a: row.a.mean,
            mean_b: row.b.mean,
            difference: row.difference,
            ci95_low: row.ci95[0],
            ci95_high: row.ci95[1],
            significant: row.significant,
        }
    }
}

/// Writes a comparison of `a` and `b` into the folder `out` (which exists): the table
/// `compare` in `encoder`'s format, the overlay charts in `charts/` (PNG and SVG) and
/// `compare.html`, each atomically.
pub fn write_compare(
    a: &Side,
    b: &Side,
    rows: &[CompareRow],
    out: &Path,
    encoder: &dyn Encoder,
) -> Result<()> {
    let chart_dir = out.join("charts");
    std::fs::create_dir_all(&chart_dir)
        .with_context(|| format!("cannot create {}", chart_dir.display()))?;
    write_table(
        out,
        "compare",
        encoder,
        rows.iter().map(ComparisonRow::from),
    )?;
    let charts = render_compare_charts(a, b)?;
    for chart in &charts {
        write_chart(&chart_dir, chart.name, &chart.svg, &chart.png)?;
    }
    let page = compare_html(a, b, rows, &charts);
    write_atomically(&out.join("compare.html"), |w| {
        w.write_all(page.as_bytes())?;
        Ok(())
    })?;
    Ok(())
}
