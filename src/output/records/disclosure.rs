//! `disclosure.csv`: the income disclosure rank table, as real disclosures print it,
//! for the disclosure year: each group's share of the year's members and its mean,
//! median and 90th-percentile pay that year, each as the mean across runs with the 5th
//! and 95th percentiles of runs (see [`crate::ensemble::disclosure`] for the groups).

use crate::ensemble::Ensemble;
use crate::ensemble::disclosure::{Basis, groups};
use crate::ensemble::statistics::Summary;
use crate::output::encode::nan_if_null;
use serde::{Deserialize, Serialize};

/// One group of the year's members.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DisclosureRow {
    /// What groups the members: `rank_in_last_month` (the paid-as rank held in the
    /// year's last month; `none` also for those gone by then), `highest_rank_in_year`,
    /// or `pay`.
    pub basis: String,
    /// The rank's name (`none` for no rank), or `paid nothing` / `paid something`.
    pub group: String,
    /// Share of the year's members in the group: mean across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub members_share_mean: f64,
    /// 5th percentile across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub members_share_p5: f64,
    /// 95th percentile across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub members_share_p95: f64,
    /// The group's mean pay in the year: mean across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub mean_pay_mean: f64,
    /// 5th percentile across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub mean_pay_p5: f64,
    /// 95th percentile across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub mean_pay_p95: f64,
    /// The group's median pay in the year: mean across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub median_pay_mean: f64,
    /// 5th percentile across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub median_pay_p5: f64,
    /// 95th percentile across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub median_pay_p95: f64,
    /// The 90th percentile of the group's pay in the year: mean across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub p90_pay_mean: f64,
    /// 5th percentile across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub p90_pay_p5: f64,
    /// 95th percentile across runs.
    #[serde(deserialize_with = "nan_if_null")]
    pub p90_pay_p95: f64,
}

/// Every group's row; `ranks` are the plan's rank names.
pub fn rows(ensemble: &Ensemble, ranks: &[String]) -> Vec<DisclosureRow> {
    (groups(ranks.len()).into_iter().enumerate())
        .map(|(k, (basis, group))| {
            let across = |figure: usize| {
                let values: Vec<f64> = (ensemble.runs.iter())
                    .map(|r| r.disclosure.get(k).map_or(f64::NAN, |f| f[figure]))
                    .collect();
                Summary::of(&values)
            };
            let [share, mean, median, p90] = [0, 1, 2, 3].map(across);
            DisclosureRow {
                basis: basis.name().to_string(),
                group: match (basis, group) {
                    (Basis::Pay, 0) => "paid nothing".to_string(),
                    (Basis::Pay, _) => "paid something".to_string(),
                    (_, 0) => "none".to_string(),
                    (_, r) => ranks[r - 1].clone(),
                },
                members_share_mean: share.mean,
                members_share_p5: share.p5,
                members_share_p95: share.p95,
                mean_pay_mean: mean.mean,
                mean_pay_p5: mean.p5,
                mean_pay_p95: mean.p95,
                median_pay_mean: median.mean,
                median_pay_p5: median.p5,
                median_pay_p95: median.p95,
                p90_pay_mean: p90.mean,
                p90_pay_p5: p90.p5,
                p90_pay_p95: p90.p95,
            }
        })
        .collect()
}
