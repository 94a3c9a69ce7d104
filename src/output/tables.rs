//! The CSV tables: `runs.csv` (one row per run), `months.csv` (per month and quantity,
//! quantiles across runs), `curves.csv` (per curve and x, quantiles across runs),
//! `histograms.csv` (pooled disclosure-year histograms) and `members.csv` (one row per
//! member of the first runs).
//! Numbers are written in the shortest form that reads back to the same value; an
//! undefined value is an empty field.

use crate::ensemble::Ensemble;
use crate::ensemble::curves::{
    HISTOGRAMS, RunCurves, bin_edges, curve_quantiles, pooled_histograms,
};
use crate::ensemble::month_series::{LEVELS, month_quantiles};
use crate::ensemble::run_statistics::NAMES;
use crate::scenario::Scenario;
use anyhow::Result;
use std::io::Write;

/// A number as a CSV field: the shortest form that reads back to the same value;
/// undefined (`NaN`) as an empty field.
pub(crate) fn number(value: f64) -> String {
    if value.is_nan() {
        String::new()
    } else {
        value.to_string()
    }
}

fn money(value: f64) -> String {
    // Avoid printing "-0.00" for tiny negative rounding residue.
    let rounded = (value * 100.0).round() / 100.0;
    format!("{:.2}", if rounded == 0.0 { 0.0 } else { rounded })
}

/// `runs.csv`: `run`, `seed`, then one column per statistic.
pub fn write_runs(ensemble: &Ensemble, out: &mut dyn Write) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    let mut header = vec!["run", "seed"];
    header.extend(NAMES);
    csv.write_record(&header)?;
    for run in &ensemble.runs {
        let mut row = vec![run.run.to_string(), run.seed.to_string()];
        row.extend(run.statistics.values().iter().map(|&v| number(v)));
        csv.write_record(&row)?;
    }
    csv.flush()?;
    Ok(())
}

/// `months.csv`: `month`, `quantity`, `mean`, `p5`, `p25`, `median`, `p75`, `p95`.
pub fn write_months(scenario: &Scenario, ensemble: &Ensemble, out: &mut dyn Write) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    let mut header = vec!["month", "quantity", "mean"];
    header.extend(LEVELS.map(|(name, _)| name));
    csv.write_record(&header)?;
    let series: Vec<&[_]> = ensemble.runs.iter().map(|r| r.months.as_slice()).collect();
    for row in month_quantiles(&series, scenario.market.population) {
        let mut record = vec![
            row.month.to_string(),
            row.quantity.to_string(),
            number(row.mean),
        ];
        record.extend(row.levels.iter().map(|&v| number(v)));
        csv.write_record(&record)?;
    }
    csv.flush()?;
    Ok(())
}

/// `members.csv`: one row per member of the runs that kept member detail.
pub fn write_members(scenario: &Scenario, ensemble: &Ensemble, out: &mut dyn Write) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "run",
        "id",
        "sponsor",
        "join_month",
        "quit_month",
        "recruits",
        "gross_pay",
        "retail_profit",
        "purchases",
        "fees",
        "expenses",
        "net",
        "hours",
        "rank",
    ])?;
    let ranks = &scenario.plan.rank_names;
    for run in &ensemble.runs {
        let Some(m) = &run.members else { continue };
        for i in 0..m.len() {
            let optional = |v: u32| {
                if v == u32::MAX {
                    String::new()
                } else {
                    v.to_string()
                }
            };
            let rank = match m.highest_rank[i] {
                0 => "",
                r => ranks.get(usize::from(r) - 1).map_or("", String::as_str),
            };
            csv.write_record([
                run.run.to_string(),
                i.to_string(),
                optional(m.sponsor[i]),
                m.join_month[i].to_string(),
                optional(m.quit_month[i]),
                m.recruits[i].to_string(),
                money(m.gross_pay[i]),
                money(m.retail_profit[i]),
                money(m.purchases[i]),
                money(m.fees[i]),
                money(m.expenses[i]),
                money(m.net[i]),
                format!("{:.1}", m.hours[i]),
                rank.to_string(),
            ])?;
        }
    }
    csv.flush()?;
    Ok(())
}

/// `curves.csv`: `x`, `curve`, `mean`, `p5`, `p25`, `median`, `p75`, `p95` (see
/// [`crate::ensemble::curves`] for what x and the value are in each curve).
pub fn write_curves(ensemble: &Ensemble, out: &mut dyn Write) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    let mut header = vec!["x", "curve", "mean"];
    header.extend(LEVELS.map(|(name, _)| name));
    csv.write_record(&header)?;
    let runs: Vec<&RunCurves> = ensemble.runs.iter().map(|r| &r.curves).collect();
    for point in curve_quantiles(&runs) {
        let mut record = vec![
            point.x.to_string(),
            point.curve.to_string(),
            number(point.mean),
        ];
        record.extend(point.levels.iter().map(|&v| number(v)));
        csv.write_record(&record)?;
    }
    csv.flush()?;
    Ok(())
}

/// `histograms.csv`: `quantity`, `low`, `high`, `count`: members per bin summed over
/// runs (see [`crate::ensemble::curves::bin_edges`]).
pub fn write_histograms(ensemble: &Ensemble, out: &mut dyn Write) -> Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(["quantity", "low", "high", "count"])?;
    let runs: Vec<&RunCurves> = ensemble.runs.iter().map(|r| &r.curves).collect();
    let edges = bin_edges();
    for (quantity, counts) in HISTOGRAMS.iter().zip(pooled_histograms(&runs)) {
        for (k, count) in counts.iter().enumerate() {
            csv.write_record([
                quantity.to_string(),
                number(edges[k]),
                number(edges[k + 1]),
                count.to_string(),
            ])?;
        }
    }
    csv.flush()?;
    Ok(())
}
