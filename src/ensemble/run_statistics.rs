//! The statistics of one run: what `runs.csv` holds per row and `summary.json`
//! summarises across runs.
//!
//! Unless its name says otherwise, a statistic is over everyone who ever joined during
//! the run, with lifetime money. The `ids_*` statistics count the way an income
//! disclosure statement does: everyone who was a member at any time in the disclosure
//! year, and the pay they received in that year. "Paid nothing" means pay that rounds
//! to 0.00 (under half a cent). An undefined statistic (no members, no full year) is NaN (`null` in JSON,
//! empty in CSV).

use super::statistics::{gini, kaplan_meier, kaplan_meier_median, mean, median, share, top_share};
use crate::model::RunRecord;

/// Pay below this (half a cent: it rounds to 0.00) counts as nothing.
const NOTHING: f64 = 0.005;

/// Names of the per-run statistics, in output order. The doc of each field of
/// [`RunStatistics`] is its definition.
pub const NAMES: [&str; 24] = [
    "members_ever",
    "peak_active",
    "peak_month",
    "final_active",
    "saturation",
    "share_zero_pay",
    "median_gross_pay",
    "mean_gross_pay",
    "median_net",
    "mean_net",
    "share_net_loss",
    "gini_gross_pay",
    "top1_share_gross_pay",
    "share_never_recruit",
    "first_year_quit_share",
    "annual_quit_share",
    "median_tenure_months",
    "payout_ratio",
    "retail_share",
    "breakage_ratio",
    "ids_share_zero_pay",
    "ids_median_gross_pay",
    "ids_mean_gross_pay",
    "ids_top1_share",
];

/// One run's statistics.
#[derive(Clone, Debug, PartialEq)]
pub struct RunStatistics {
    /// Members who ever joined (founders included).
    pub members_ever: f64,
    /// Most members in the business in any month.
    pub peak_active: f64,
    /// First month (0-based) with `peak_active` members.
    pub peak_month: f64,
    /// Members still in the business at the end of the run.
    pub final_active: f64,
    /// members_ever / population: how much of the market was ever recruited.
    pub saturation: f64,
    /// Share of members whose lifetime gross pay is nothing.
    pub share_zero_pay: f64,
    /// Median lifetime gross pay (commissions and bonuses).
    pub median_gross_pay: f64,
    /// Mean lifetime gross pay.
    pub mean_gross_pay: f64,
    /// Median lifetime net (gross pay + retail profit - purchases - fees - expenses).
    pub median_net: f64,
    /// Mean lifetime net.
    pub mean_net: f64,
    /// Share of members whose lifetime net is negative.
    pub share_net_loss: f64,
    /// Gini coefficient of lifetime gross pay.
    pub gini_gross_pay: f64,
    /// Share of all gross pay received by the top 1 % of members.
    pub top1_share_gross_pay: f64,
    /// Share of members who personally enrolled nobody.
    pub share_never_recruit: f64,
    /// Of the members who joined at least 12 months before the end, the share who quit
    /// within their first 12 months.
    pub first_year_quit_share: f64,
    /// Pooled over every full year from year 2 on: quits within the year by members who
    /// were in the business on its first day, divided by those members.
    pub annual_quit_share: f64,
    /// Kaplan-Meier median months of membership (members still in are censored).
    pub median_tenure_months: f64,
    /// Company pay / product revenue (wholesale sales net of buyback refunds).
    pub payout_ratio: f64,
    /// Units resold to retail customers / units ordered by members.
    pub retail_share: f64,
    /// (max_payout - paid) / max_payout over the run.
    pub breakage_ratio: f64,
    /// Share of the disclosure year's members paid nothing in that year.
    pub ids_share_zero_pay: f64,
    /// Median pay in the disclosure year over its members.
    pub ids_median_gross_pay: f64,
    /// Mean pay in the disclosure year over its members.
    pub ids_mean_gross_pay: f64,
    /// Share of the disclosure year's pay received by its top 1 % of members.
    pub ids_top1_share: f64,
}

impl RunStatistics {
    /// Computes every statistic of a run.
    pub fn of(record: &RunRecord, population: u32, disclosure_year: Option<u32>) -> Self {
        let m = &record.members;
        let n = m.len();
        let months = record.months.len() as u32;
        let (peak_month, peak_active) =
            record
                .months
                .iter()
                .enumerate()
                .fold((0, 0), |best, (i, month)| {
                    if month.active > best.1 {
                        (i, month.active)
                    } else {
                        best
                    }
                });
        let still_in = m.quit_month.iter().filter(|&&q| q == u32::MAX).count();
        let net = &m.net;
        let pay = &m.gross_pay;

        // First-year quitting, over members observed for a full year.
        let observed: Vec<usize> = (0..n).filter(|&i| m.join_month[i] + 12 <= months).collect();
        let first_year_quit_share = share(&observed, |&i| m.quit_month[i] < m.join_month[i] + 12);

        // Annual quit share, pooled over full years 2, 3, ...
        let (mut at_risk, mut quits) = (0u64, 0u64);
        for year in 2..=months / 12 {
            let (start, end) = (12 * (year - 1), 12 * year);
            for i in 0..n {
                if m.join_month[i] < start && m.quit_month[i] >= start {
                    at_risk += 1;
                    if m.quit_month[i] < end {
                        quits += 1;
                    }
                }
            }
        }
        let annual_quit_share = if at_risk == 0 {
            f64::NAN
        } else {
            quits as f64 / at_risk as f64
        };

        // Tenure: months as a member; those still in at the end are censored.
        let tenures: Vec<(u32, bool)> = (0..n)
            .map(|i| match m.quit_month[i] {
                u32::MAX => (months - m.join_month[i], false),
                q => (q - m.join_month[i] + 1, true),
            })
            .collect();
        let median_tenure_months = kaplan_meier_median(&kaplan_meier(&tenures));

        let total = |f: fn(&crate::model::MonthRecord) -> f64| record.total(f);
        let revenue = total(|x| x.revenue);
        let paid = total(|x| x.payout);
        let max_payout = total(|x| x.max_payout);
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };

        let disclosure_pay: Vec<f64> = match disclosure_year {
            Some(year) => (0..n)
                .filter(|&i| m.member_during(i, 12 * (year - 1), 12 * year))
                .map(|i| m.disclosure_pay[i])
                .collect(),
            None => Vec::new(),
        };

        Self {
            members_ever: n as f64,
            peak_active: f64::from(peak_active),
            peak_month: peak_month as f64,
            final_active: still_in as f64,
            saturation: n as f64 / f64::from(population),
            share_zero_pay: share(pay, |&x| x < NOTHING),
            median_gross_pay: median(pay),
            mean_gross_pay: mean(pay),
            median_net: median(net),
            mean_net: mean(net),
            share_net_loss: share(net, |&x| x < 0.0),
            gini_gross_pay: gini(pay),
            top1_share_gross_pay: top_share(pay, 0.01),
            share_never_recruit: share(&m.recruits, |&r| r == 0),
            first_year_quit_share,
            annual_quit_share,
            median_tenure_months,
            payout_ratio: ratio(paid, revenue),
            retail_share: ratio(total(|x| x.retail_units), total(|x| x.units_ordered)),
            breakage_ratio: ratio(max_payout - paid, max_payout),
            ids_share_zero_pay: share(&disclosure_pay, |&x| x < NOTHING),
            ids_median_gross_pay: median(&disclosure_pay),
            ids_mean_gross_pay: mean(&disclosure_pay),
            ids_top1_share: top_share(&disclosure_pay, 0.01),
        }
    }

    /// The values in the order of [`NAMES`].
    pub fn values(&self) -> [f64; 24] {
        [
            self.members_ever,
            self.peak_active,
            self.peak_month,
            self.final_active,
            self.saturation,
            self.share_zero_pay,
            self.median_gross_pay,
            self.mean_gross_pay,
            self.median_net,
            self.mean_net,
            self.share_net_loss,
            self.gini_gross_pay,
            self.top1_share_gross_pay,
            self.share_never_recruit,
            self.first_year_quit_share,
            self.annual_quit_share,
            self.median_tenure_months,
            self.payout_ratio,
            self.retail_share,
            self.breakage_ratio,
            self.ids_share_zero_pay,
            self.ids_median_gross_pay,
            self.ids_mean_gross_pay,
            self.ids_top1_share,
        ]
    }
}
