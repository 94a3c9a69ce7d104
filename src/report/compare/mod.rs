//! The comparison: two output folders side by side. For every statistic both have, the
//! mean across runs in each, the difference (B - A) and its 95 % interval (Welch's,
//! from the per-run values in each `runs.csv`), flagged when the interval contains 0:
//! the runs cannot tell the two apart on that statistic. Written as `compare.csv`, the
//! overlay [`charts`] and `compare.html` ([`page`]); each side is read through the run
//! report's [`crate::report::run::data`].

pub mod charts;
pub mod page;

use crate::ensemble::statistics::{Summary, difference_ci95};
use crate::error::{Error, Result};
use crate::output::atomic::write_atomically;
use crate::output::tables::number;
use crate::report::kit::chart::write_chart;
use crate::report::run::data::ReportData;
use anyhow::Context;
use charts::render_compare_charts;
use page::compare_html;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One output folder of a comparison.
pub struct Side {
    pub dir: PathBuf,
    pub data: ReportData,
    /// Per-run values of each statistic, from `runs.csv`, in its column order.
    pub per_run: Vec<(String, Vec<f64>)>,
}

impl Side {
    /// Reads an output folder's report data and `runs.csv`.
    pub fn load(dir: &Path) -> Result<Side> {
        let data = ReportData::load(dir)?;
        let path = dir.join("runs.csv");
        let bad =
            |line: u64, what: String| Error::BadInput(format!("{}:{line}: {what}", path.display()));
        let mut reader = csv::Reader::from_path(&path).map_err(|e| bad(1, e.to_string()))?;
        let header = reader.headers().map_err(|e| bad(1, e.to_string()))?.clone();
        let mut per_run: Vec<(String, Vec<f64>)> = (header.iter().skip(2))
            .map(|name| (name.to_string(), Vec::new()))
            .collect();
        for record in reader.records() {
            let record = record.map_err(|e| bad(0, e.to_string()))?;
            let line = record.position().map_or(0, |p| p.line());
            for (k, (_, values)) in per_run.iter_mut().enumerate() {
                let text = record.get(k + 2).unwrap_or_default();
                let value = if text.is_empty() {
                    f64::NAN
                } else {
                    text.parse()
                        .map_err(|_| bad(line, format!("expected a number, found `{text}`")))?
                };
                values.push(value);
            }
        }
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

/// `compare.csv`: `statistic`, `mean_a`, `mean_b`, `difference`, `ci95_low`,
/// `ci95_high`, `significant`.
pub fn write_compare_csv(rows: &[CompareRow], out: &mut dyn Write) -> anyhow::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "statistic",
        "mean_a",
        "mean_b",
        "difference",
        "ci95_low",
        "ci95_high",
        "significant",
    ])?;
    for row in rows {
        csv.write_record([
            row.statistic.clone(),
            number(row.a.mean),
            number(row.b.mean),
            number(row.difference),
            number(row.ci95[0]),
            number(row.ci95[1]),
            row.significant.to_string(),
        ])?;
    }
    csv.flush()?;
    Ok(())
}

/// Writes a comparison of `a` and `b` into `out`: `compare.csv`, the overlay charts in
/// `charts/` (PNG and SVG) and `compare.html`, each atomically.
pub fn write_compare(a: &Side, b: &Side, rows: &[CompareRow], out: &Path) -> Result<()> {
    let chart_dir = out.join("charts");
    std::fs::create_dir_all(&chart_dir)
        .with_context(|| format!("cannot create {}", chart_dir.display()))?;
    write_atomically(&out.join("compare.csv"), |w| write_compare_csv(rows, w))?;
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
