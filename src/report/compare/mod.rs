//! The comparison: two output folders side by side. For every statistic both have, the
//! mean across runs in each, the difference (B - A) and its 95 % interval (Welch's,
//! from the per-run values in each `runs.csv`), flagged when the interval contains 0:
//! the runs cannot tell the two apart on that statistic; and each bonus' pay, share and
//! breakage ([`bonuses`]). Written as `compare.csv`, the
//! overlay [`charts`] and `compare.html` ([`page`]); each side is read through the run
//! report's [`crate::report::run::data`].

pub mod bonuses;
pub mod charts;
pub mod page;
pub mod rows;
pub mod side;

use crate::error::Result;
use crate::output::atomic::write_atomically;
use crate::output::encode::{Encoder, write_table};
use crate::output::records::comparison::ComparisonRow;
use crate::report::kit::chart::write_chart;
use anyhow::Context;
pub use bonuses::{BonusRow, bonus_rows};
use charts::render_compare_charts;
use page::compare_html;
pub use rows::{CompareRow, compare_rows};
pub use side::Side;
use std::path::Path;

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
