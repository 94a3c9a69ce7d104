//! What the charts and `report.html` are drawn from, read back from an output folder.
//!
//! `downline run` writes its tables and then builds the charts and the report from the
//! folder it has just written, exactly as `downline report DIR` does later (for example
//! after merging shards): one code path, so a rebuilt report is identical to the first.
//! The folder holds `summary.json` (what was run, every statistic across runs),
//! `months.csv` (company series by month), `curves.csv` (per-member curves such as
//! survival and the Lorenz curve, across runs), `histograms.csv` (the disclosure year's
//! pay and net, pooled over runs) and `scenario.toml` (the scenario file as run).

use crate::ensemble::statistics::Summary;
use crate::error::{Error, Result};
use crate::report::kit::band::{Band, Bands};
use serde::Deserialize;
use std::path::Path;

/// Everything a report needs, read from one output folder.
#[derive(Clone, Debug)]
pub struct ReportData {
    pub meta: Meta,
    /// Every statistic of `summary.json`, in its order.
    pub statistics: Vec<(String, Summary)>,
    /// Pay and breakage per bonus, in plan order.
    pub bonuses: Vec<BonusSummary>,
    /// The stress view, pooled over every month of every run
    /// ([`crate::ensemble::stress::Stress`]); `NaN` where undefined.
    pub stress: StressFigures,
    /// `months.csv`: quantity name -> one band per month (x = month, 0-based).
    pub months: Bands,
    /// `curves.csv`: curve name -> its bands (see [`crate::ensemble::curves`] for each x).
    pub curves: Bands,
    /// `histograms.csv`: pooled histograms, by quantity.
    pub histograms: Vec<Histogram>,
    /// The scenario file as it was run (`scenario.toml` in the folder).
    pub scenario_text: String,
}

/// What was run: the head of `summary.json`.
#[derive(Clone, Debug, Deserialize)]
pub struct Meta {
    /// Scenario name (its file name without `.toml`).
    pub scenario: String,
    /// The scenario path as given on the command line.
    pub scenario_file: String,
    pub scenario_hash: String,
    /// downline's version.
    pub version: String,
    pub generator: String,
    pub seed: u64,
    pub runs: u32,
    pub months: u32,
    pub population: u32,
    /// 1-based year of the income disclosure statistics, if the run has a full year.
    pub disclosure_year: Option<u32>,
    /// The plan's name.
    pub plan: String,
    /// Rank names, lowest first (rank r is `ranks[r - 1]`; 0 is "no rank").
    pub ranks: Vec<String>,
    pub member_months: u64,
}

/// `stress` of `summary.json`, read back (`null` becomes `NaN`).
#[derive(Clone, Debug, Default)]
pub struct StressFigures {
    pub run_months: u64,
    pub monthly_payout_ratio_p50: f64,
    pub monthly_payout_ratio_p95: f64,
    pub monthly_payout_ratio_p99: f64,
    pub monthly_payout_ratio_worst: f64,
    pub cap_binding_share: f64,
    pub over_margin_share: f64,
    pub runs_ever_over_margin: f64,
    pub breakage_ratio: f64,
}

/// One bonus' pay and breakage per run, across runs.
#[derive(Clone, Debug)]
pub struct BonusSummary {
    pub name: String,
    pub kind: String,
    pub paid_per_run: Summary,
    pub breakage_per_run: Summary,
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
        let read = |name: &str| {
            std::fs::read_to_string(dir.join(name)).map_err(|err| {
                Error::BadInput(format!(
                    "{}: cannot read {name} ({err}); expected an output folder written by `downline run`",
                    dir.display()
                ))
            })
        };
        let summary = read("summary.json")?;
        let summary: SummaryFile = serde_json::from_str(&summary).map_err(|err| {
            Error::BadInput(format!(
                "{}: summary.json:{}:{}: {err}",
                dir.display(),
                err.line(),
                err.column()
            ))
        })?;
        let statistics = summary
            .statistics
            .into_iter()
            .map(|(name, s)| (name, s.into()))
            .collect();
        let bonuses = summary
            .bonuses
            .into_iter()
            .map(|b| BonusSummary {
                name: b.name,
                kind: b.kind,
                paid_per_run: b.paid_per_run.into(),
                breakage_per_run: b.breakage_per_run.into(),
            })
            .collect();
        let file = |name: &str| dir.join(name).display().to_string();
        Ok(ReportData {
            meta: summary.meta,
            statistics,
            bonuses,
            stress: summary.stress.map(StressFigures::from).unwrap_or_default(),
            months: read_bands(
                &read("months.csv")?,
                &file("months.csv"),
                ["month", "quantity"],
            )?,
            curves: read_bands(&read("curves.csv")?, &file("curves.csv"), ["x", "curve"])?,
            histograms: read_histograms(&read("histograms.csv")?, &file("histograms.csv"))?,
            scenario_text: read("scenario.toml")?,
        })
    }
}

#[derive(Deserialize)]
struct SummaryFile {
    #[serde(flatten)]
    meta: Meta,
    statistics: serde_json::Map<String, serde_json::Value>,
    bonuses: Vec<BonusFile>,
    #[serde(default)]
    stress: Option<StressFile>,
}

#[derive(Deserialize)]
struct StressFile {
    run_months: u64,
    monthly_payout_ratio: RatioFile,
    cap_binding_share: Option<f64>,
    over_margin_share: Option<f64>,
    runs_ever_over_margin: Option<f64>,
    breakage_ratio: Option<f64>,
}

#[derive(Deserialize)]
struct RatioFile {
    p50: Option<f64>,
    p95: Option<f64>,
    p99: Option<f64>,
    worst: Option<f64>,
}

impl From<StressFile> for StressFigures {
    fn from(s: StressFile) -> StressFigures {
        let v = |x: Option<f64>| x.unwrap_or(f64::NAN);
        StressFigures {
            run_months: s.run_months,
            monthly_payout_ratio_p50: v(s.monthly_payout_ratio.p50),
            monthly_payout_ratio_p95: v(s.monthly_payout_ratio.p95),
            monthly_payout_ratio_p99: v(s.monthly_payout_ratio.p99),
            monthly_payout_ratio_worst: v(s.monthly_payout_ratio.worst),
            cap_binding_share: v(s.cap_binding_share),
            over_margin_share: v(s.over_margin_share),
            runs_ever_over_margin: v(s.runs_ever_over_margin),
            breakage_ratio: v(s.breakage_ratio),
        }
    }
}

#[derive(Deserialize)]
struct BonusFile {
    name: String,
    kind: String,
    paid_per_run: SummaryFields,
    breakage_per_run: SummaryFields,
}

/// A [`Summary`] as written, `null` for undefined.
#[derive(Deserialize)]
struct SummaryFields {
    mean: Option<f64>,
    median: Option<f64>,
    p5: Option<f64>,
    p95: Option<f64>,
    ci95: [Option<f64>; 2],
}

impl From<SummaryFields> for Summary {
    fn from(s: SummaryFields) -> Summary {
        let v = |x: Option<f64>| x.unwrap_or(f64::NAN);
        Summary {
            mean: v(s.mean),
            median: v(s.median),
            p5: v(s.p5),
            p95: v(s.p95),
            ci95: [v(s.ci95[0]), v(s.ci95[1])],
        }
    }
}

impl From<serde_json::Value> for Summary {
    fn from(value: serde_json::Value) -> Summary {
        serde_json::from_value::<SummaryFields>(value).map_or(
            Summary {
                mean: f64::NAN,
                median: f64::NAN,
                p5: f64::NAN,
                p95: f64::NAN,
                ci95: [f64::NAN; 2],
            },
            Summary::from,
        )
    }
}

fn bad_row(file: &str, line: u64, what: &str) -> Error {
    Error::BadInput(format!("{file}:{line}: {what}"))
}

fn field(record: &csv::StringRecord, k: usize, file: &str, line: u64) -> Result<f64> {
    match record.get(k) {
        Some("") => Ok(f64::NAN),
        Some(text) => text
            .parse()
            .map_err(|_| bad_row(file, line, &format!("expected a number, found `{text}`"))),
        None => Err(bad_row(file, line, "missing column")),
    }
}

/// Reads a bands table: `<x_column>`, `<name_column>`, `mean`, `p5`, `p25`, `median`,
/// `p75`, `p95`.
fn read_bands(text: &str, file: &str, [x_column, name_column]: [&str; 2]) -> Result<Bands> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|err| bad_row(file, 1, &err.to_string()))?
        .iter()
        .map(String::from)
        .collect();
    let expected = [
        x_column,
        name_column,
        "mean",
        "p5",
        "p25",
        "median",
        "p75",
        "p95",
    ];
    if header != expected {
        return Err(bad_row(
            file,
            1,
            &format!(
                "expected the columns {}, found {}",
                expected.join(","),
                header.join(",")
            ),
        ));
    }
    let mut bands = Bands::default();
    for record in reader.records() {
        let record = record.map_err(|err| bad_row(file, 0, &err.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let f = |k| field(&record, k, file, line);
        let band = Band {
            x: f(0)?,
            mean: f(2)?,
            p5: f(3)?,
            p25: f(4)?,
            median: f(5)?,
            p75: f(6)?,
            p95: f(7)?,
        };
        let name = record.get(1).unwrap_or_default().to_string();
        bands.0.entry(name).or_default().push(band);
    }
    Ok(bands)
}

/// Reads `histograms.csv`: `quantity`, `low`, `high`, `count`.
fn read_histograms(text: &str, file: &str) -> Result<Vec<Histogram>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut histograms: Vec<Histogram> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|err| bad_row(file, 0, &err.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let quantity = record.get(0).unwrap_or_default();
        let count = record.get(3).unwrap_or_default();
        let bin = Bin {
            low: field(&record, 1, file, line)?,
            high: field(&record, 2, file, line)?,
            count: count
                .parse()
                .map_err(|_| bad_row(file, line, &format!("expected a count, found `{count}`")))?,
        };
        match histograms.last_mut() {
            Some(h) if h.quantity == quantity => h.bins.push(bin),
            _ => histograms.push(Histogram {
                quantity: quantity.to_string(),
                bins: vec![bin],
            }),
        }
    }
    Ok(histograms)
}
