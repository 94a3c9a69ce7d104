//! What the charts and `report.html` are drawn from, read back from an output folder.
//!
//! `downline run` writes its tables and then builds the charts and the report from the
//! folder it has just written, exactly as `downline report DIR` does later (for example
//! after merging shards): one code path, so a rebuilt report is identical to the first.
//! The folder holds `summary.json` (what was run, every statistic across runs), the
//! tables `months` (company series by month), `curves` (per-member curves such as
//! survival and the Lorenz curve, across runs) and `histograms` (the disclosure year's
//! pay and net, pooled over runs), in whichever format they were written,
//! `scenario.toml` (the scenario file as run) and, when there is one, `traces` (a few
//! members month by month; a folder written before traces existed has none). Each is
//! read through its record ([`crate::output::records`]).

use crate::ensemble::statistics::Summary;
use crate::ensemble::stress::Stress;
use crate::error::{Error, Result};
use crate::output::document::read_json;
use crate::output::encode::{find_table, read_table, read_table_file};
use crate::output::records::Quantiles;
use crate::output::records::curves::CurveRow;
use crate::output::records::histograms::HistogramRow;
use crate::output::records::months::MonthRow;
use crate::output::records::summary::RunSummary;
pub use crate::output::records::summary::{BonusSummary, Growth, Meta};
use crate::output::records::traces::TraceRow;
use crate::report::kit::band::{Band, Bands};
use std::path::Path;

/// Everything a report needs, read from one output folder.
#[derive(Clone, Debug)]
pub struct ReportData {
    pub meta: Meta,
    /// Every statistic of `summary.json`, in its order.
    pub statistics: Vec<(String, Summary)>,
    /// Pay and breakage per bonus, in plan order.
    pub bonuses: Vec<BonusSummary>,
    /// The stress view, pooled over every month of every run; `NaN` where undefined.
    pub stress: Stress,
    /// The months table: quantity name -> one band per month (x = month, 0-based).
    pub months: Bands,
    /// The curves table: curve name -> its bands (see [`crate::ensemble::curves`] for
    /// each x).
    pub curves: Bands,
    /// The histograms table: pooled histograms, by quantity.
    pub histograms: Vec<Histogram>,
    /// The scenario file as it was run (`scenario.toml` in the folder).
    pub scenario_text: String,
    /// Member kinds' names (empty: one kind).
    pub kinds: Vec<String>,
    /// Whether the runs took off.
    pub growth: Growth,
    /// The rows of `traces` for its first run (run 0), in file order; `None` when the
    /// folder has no `traces` table.
    pub traces: Option<Vec<TraceRow>>,
}

/// A histogram pooled over runs: counts of members per bin of a money amount.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    /// `ids_gross_pay` or `ids_net` (see [`crate::ensemble::curves`]).
    pub quantity: String,
    /// Bins in increasing order; see [`Bin`].
    pub bins: Vec<Bin>,
}

/// Members with an amount in `[low, high)`; the bin of nothing is `[-0.005, 0.005)`
/// (amounts that round to 0.00). `high` may be infinite for the last bin, `low` for the
/// first.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bin {
    pub low: f64,
    pub high: f64,
    pub count: u64,
}

impl ReportData {
    /// The summary of statistic `name` across runs, if `summary.json` has it.
    pub fn statistic(&self, name: &str) -> Option<&Summary> {
        self.statistics
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| s)
    }

    /// A headline fact as every product writes it (see [`crate::report::run::facts`]):
    /// the median run's value of statistic `name` in `format`, or `n/a`.
    pub fn fact(&self, name: &str, format: crate::report::kit::html_format::Format) -> String {
        crate::report::run::facts::fact(self.statistic(name), format)
    }

    /// The typical value (the median run's) of statistic `name` (`NaN` if missing or
    /// undefined).
    pub fn typical(&self, name: &str) -> f64 {
        self.statistic(name)
            .and_then(crate::report::run::facts::typical)
            .unwrap_or(f64::NAN)
    }

    /// The mean across runs of statistic `name` (`NaN` if missing or undefined).
    pub fn mean(&self, name: &str) -> f64 {
        self.statistic(name).map_or(f64::NAN, |s| s.mean)
    }

    /// The pooled histogram of `quantity`, if written.
    pub fn histogram(&self, quantity: &str) -> Option<&Histogram> {
        self.histograms.iter().find(|h| h.quantity == quantity)
    }

    /// Reads an output folder written by `downline run` (or `merge`).
    pub fn load(dir: &Path) -> Result<ReportData> {
        let expected = "expected an output folder written by `downline run`";
        let summary: RunSummary = read_json(&dir.join("summary.json"), expected)?;
        let months: Vec<MonthRow> = read_table(dir, "months")?;
        let curves: Vec<CurveRow> = read_table(dir, "curves")?;
        let histograms: Vec<HistogramRow> = read_table(dir, "histograms")?;
        let traces = match find_table(dir, "traces") {
            Some((path, encoder)) => {
                let mut rows: Vec<TraceRow> = read_table_file(&path, encoder)?;
                let first = rows.first().map(|r| r.run);
                rows.retain(|r| Some(r.run) == first);
                Some(rows)
            }
            None => None,
        };
        let path = dir.join("scenario.toml");
        let scenario_text = std::fs::read_to_string(&path).map_err(|err| {
            Error::BadInput(format!(
                "{}: cannot read ({err}); {expected}",
                path.display()
            ))
        })?;
        Ok(ReportData {
            meta: summary.meta,
            statistics: summary.statistics.0,
            bonuses: summary.bonuses,
            stress: summary.stress,
            months: bands(
                months
                    .into_iter()
                    .map(|r| (r.quantity, r.month, r.across_runs)),
            ),
            curves: bands(curves.into_iter().map(|r| (r.curve, r.x, r.across_runs))),
            histograms: pooled(histograms),
            scenario_text,
            kinds: summary.kinds,
            growth: summary.growth,
            traces,
        })
    }
}

/// Named series of bands from (name, x, quantiles) rows, each series in row order.
fn bands(rows: impl Iterator<Item = (String, u32, Quantiles)>) -> Bands {
    let mut bands = Bands::default();
    for (name, x, q) in rows {
        bands.0.entry(name).or_default().push(Band {
            x: f64::from(x),
            mean: q.mean,
            p5: q.p5,
            p25: q.p25,
            median: q.median,
            p75: q.p75,
            p95: q.p95,
        });
    }
    bands
}

/// Histograms from their rows, in row order.
fn pooled(rows: Vec<HistogramRow>) -> Vec<Histogram> {
    let mut histograms: Vec<Histogram> = Vec::new();
    for row in rows {
        let bin = Bin {
            low: row.low,
            high: row.high,
            count: row.count,
        };
        match histograms.last_mut() {
            Some(h) if h.quantity == row.quantity => h.bins.push(bin),
            _ => histograms.push(Histogram {
                quantity: row.quantity,
                bins: vec![bin],
            }),
        }
    }
    histograms
}
