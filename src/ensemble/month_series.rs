//! Monthly company series across runs: what `months.csv` holds.
//!
//! For every month and quantity (active members, joins, quits, revenue, ...), the mean
//! and the 5th, 25th, 50th, 75th and 95th percentiles across runs. A ratio that is
//! undefined in a month of some run (no revenue) leaves that run out of that month.

use super::statistics::{mean, quantile_sorted};
use crate::model::MonthRecord;

/// Reads one quantity off a month, given the population.
pub type Reader = fn(&MonthRecord, u32) -> f64;

/// The monthly quantities, in output order, with how each is read off a month.
pub const QUANTITIES: [(&str, Reader); 26] = [
    ("active", |m, _| f64::from(m.active)),
    ("joins", |m, _| f64::from(m.joins)),
    ("quits", |m, _| f64::from(m.quits)),
    ("members_ever", |m, _| f64::from(m.members_ever)),
    ("saturation", |m, population| {
        f64::from(m.members_ever) / f64::from(population)
    }),
    ("customers", |m, _| f64::from(m.customers)),
    ("revenue", |m, _| m.revenue),
    ("fee_revenue", |m, _| m.fee_revenue),
    ("payout", |m, _| m.payout),
    ("payout_ratio", |m, _| {
        if m.revenue > 0.0 {
            m.payout / m.revenue
        } else {
            f64::NAN
        }
    }),
    ("retail_share", |m, _| {
        if m.units_ordered > 0.0 {
            m.retail_units / m.units_ordered
        } else {
            f64::NAN
        }
    }),
    ("breakage", |m, _| m.max_payout - m.payout),
    ("cv", |m, _| m.cv),
    ("qualify_share", |m, _| {
        if m.units_ordered > 0.0 {
            m.qualify_units / m.units_ordered
        } else {
            f64::NAN
        }
    }),
    ("cost_of_goods", |m, _| m.cost_of_goods),
    ("company_margin", |m, _| {
        m.revenue + m.fee_revenue - m.cost_of_goods - m.payout
    }),
    ("cap_binds", |m, _| f64::from(u8::from(m.cap_factor < 1.0))),
    ("over_margin", |m, _| f64::from(u8::from(m.over_margin()))),
    ("pitches", |m, _| m.pitches as f64),
    ("open_pitch_share", |m, _| {
        if m.pitches > 0 {
            m.open_pitches as f64 / m.pitches as f64
        } else {
            f64::NAN
        }
    }),
    ("refunds", |m, _| m.refunds),
    ("payout_ratio_gross", |m, _| {
        if m.gross_revenue() > 0.0 {
            m.payout / m.gross_revenue()
        } else {
            f64::NAN
        }
    }),
    ("paid_share", |m, _| {
        per_member(f64::from(m.paid_members), m)
    }),
    ("profitable_share", |m, _| {
        per_member(f64::from(m.profitable), m)
    }),
    ("mean_month_net", |m, _| per_member(m.month_net_total, m)),
    ("median_month_net", |m, _| m.median_month_net),
];

/// `amount` per member in the business that month (`NaN` with none).
fn per_member(amount: f64, m: &MonthRecord) -> f64 {
    if m.active > 0 {
        amount / f64::from(m.active)
    } else {
        f64::NAN
    }
}

/// The quantiles `months.csv` reports, with their column names.
pub const LEVELS: [(&str, f64); 5] = [
    ("p5", 0.05),
    ("p25", 0.25),
    ("median", 0.5),
    ("p75", 0.75),
    ("p95", 0.95),
];

/// One row of `months.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthQuantiles {
    pub month: u32,
    pub quantity: &'static str,
    pub mean: f64,
    /// In the order of [`LEVELS`].
    pub levels: [f64; 5],
}

/// Quantiles across runs for every month and quantity; `runs[r][month]`.
pub fn month_quantiles(runs: &[&[MonthRecord]], population: u32) -> Vec<MonthQuantiles> {
    let months = runs.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut rows = Vec::with_capacity(months * QUANTITIES.len());
    let mut values = Vec::with_capacity(runs.len());
    for month in 0..months {
        for (quantity, read) in QUANTITIES {
            values.clear();
            values.extend(
                runs.iter()
                    .filter_map(|r| r.get(month))
                    .map(|m| read(m, population))
                    .filter(|v| !v.is_nan()),
            );
            values.sort_unstable_by(f64::total_cmp);
            rows.push(MonthQuantiles {
                month: month as u32,
                quantity,
                mean: mean(&values),
                levels: LEVELS.map(|(_, q)| quantile_sorted(&values, q)),
            });
        }
    }
    rows
}
