//! The stress view for plan designers: what a plan costs in the bad months and the bad
//! futures, pooled over every month of every run.
//!
//! A plan's average payout ratio hides the months in which it pays far more: a surge of
//! qualified members, a collapse in revenue while old volume is still being paid. Here
//! every (run, month) with product revenue is one observation of the monthly payout
//! ratio, and the view reports its median, 95th and 99th percentiles and the worst
//! month; how often `payout_cap` had to cut pay; and how often the plan paid out more
//! than the company's gross margin (product revenue + fees - cost of goods), i.e. lost
//! money on that month before any other cost.

use super::statistics::{nan_if_null, quantile_sorted};
use crate::model::MonthRecord;
use serde::{Deserialize, Serialize};

/// The pooled stress figures (`stress` in `summary.json`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stress {
    /// (run, month) pairs observed.
    pub run_months: u64,
    /// Monthly payout ratio (pay / product revenue) over run-months with revenue.
    pub monthly_payout_ratio: RatioQuantiles,
    /// Share of run-months in which `payout_cap` bound.
    #[serde(deserialize_with = "nan_if_null")]
    pub cap_binding_share: f64,
    /// Share of run-months in which pay exceeded the gross margin.
    #[serde(deserialize_with = "nan_if_null")]
    pub over_margin_share: f64,
    /// Share of runs with at least one month in which pay exceeded the gross margin.
    #[serde(deserialize_with = "nan_if_null")]
    pub runs_ever_over_margin: f64,
    /// Total breakage over total maximum payout, pooled over runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub breakage_ratio: f64,
}

/// Quantiles of a pooled ratio.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatioQuantiles {
    /// Median (type-7 quantile 0.5).
    #[serde(deserialize_with = "nan_if_null")]
    pub p50: f64,
    /// 95th percentile.
    #[serde(deserialize_with = "nan_if_null")]
    pub p95: f64,
    /// 99th percentile.
    #[serde(deserialize_with = "nan_if_null")]
    pub p99: f64,
    /// The highest.
    #[serde(deserialize_with = "nan_if_null")]
    pub worst: f64,
}

impl Default for Stress {
    /// The stress view of no months: every figure undefined.
    fn default() -> Stress {
        Stress::of(&[])
    }
}

impl Stress {
    /// Pools every month of every run (`runs[r]`: run r's months). Undefined shares (no
    /// months) are `NaN`.
    pub fn of(runs: &[&[MonthRecord]]) -> Stress {
        let months = runs.iter().flat_map(|r| r.iter());
        let mut ratios: Vec<f64> = months
            .clone()
            .filter(|m| m.revenue > 0.0)
            .map(|m| m.payout / m.revenue)
            .collect();
        ratios.sort_unstable_by(f64::total_cmp);
        let run_months = months.clone().count() as u64;
        let share = |count: usize, of: u64| {
            if of == 0 {
                f64::NAN
            } else {
                count as f64 / of as f64
            }
        };
        let run_count = runs.len() as u64;
        let (mut paid, mut max_payout) = (0.0, 0.0);
        for m in months.clone() {
            paid += m.payout;
            max_payout += m.max_payout;
        }
        Stress {
            run_months,
            monthly_payout_ratio: RatioQuantiles {
                p50: quantile_sorted(&ratios, 0.5),
                p95: quantile_sorted(&ratios, 0.95),
                p99: quantile_sorted(&ratios, 0.99),
                worst: ratios.last().copied().unwrap_or(f64::NAN),
            },
            cap_binding_share: share(
                months.clone().filter(|m| m.cap_factor < 1.0).count(),
                run_months,
            ),
            over_margin_share: share(months.filter(|m| m.over_margin()).count(), run_months),
            runs_ever_over_margin: share(
                (runs.iter())
                    .filter(|r| r.iter().any(|m| m.over_margin()))
                    .count(),
                run_count,
            ),
            breakage_ratio: if max_payout > 0.0 {
                (max_payout - paid) / max_payout
            } else {
                f64::NAN
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(revenue: f64, payout: f64, cap_factor: f64) -> MonthRecord {
        MonthRecord {
            revenue,
            payout,
            max_payout: payout * 1.25,
            cap_factor,
            cost_of_goods: 0.5 * revenue,
            ..MonthRecord::default()
        }
    }

    #[test]
    fn pools_every_month_of_every_run() {
        // Ratios 0.1, 0.2, ..., 1.0 over two runs; one month pays 60 % of a revenue whose
        // margin is 50 %, and one pays 100 %; the cap binds twice.
        let a: Vec<MonthRecord> = (1..=5)
            .map(|k| month(100.0, 10.0 * k as f64, 1.0))
            .collect();
        let mut b_months: Vec<MonthRecord> = (6..=10)
            .map(|k| month(100.0, 10.0 * k as f64, 1.0))
            .collect();
        b_months[3].cap_factor = 0.9;
        b_months[4].cap_factor = 0.8;
        b_months.push(month(0.0, 0.0, 1.0));
        let stress = Stress::of(&[&a, &b_months]);
        assert_eq!(stress.run_months, 11);
        let q = &stress.monthly_payout_ratio;
        assert!((q.p50 - 0.55).abs() < 1e-12);
        assert!((q.p95 - 0.955).abs() < 1e-12);
        assert_eq!(q.worst, 1.0);
        assert!((stress.cap_binding_share - 2.0 / 11.0).abs() < 1e-12);
        // Over the 50 % margin: ratios 0.6 .. 1.0, all in run b.
        assert!((stress.over_margin_share - 5.0 / 11.0).abs() < 1e-12);
        assert_eq!(stress.runs_ever_over_margin, 0.5);
        assert!((stress.breakage_ratio - 0.2).abs() < 1e-12);
    }
}
