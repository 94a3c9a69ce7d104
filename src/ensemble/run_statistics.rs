//! The statistics of one run: what `runs.csv` holds per row and `summary.json`
//! summarises across runs.
//!
//! Unless its name says otherwise, a statistic is over everyone who ever joined during
//! the run, with lifetime money. The `ids_*` statistics count the way an income
//! disclosure statement does: everyone who was a member at any time in the disclosure
//! year, and the pay they received in that year. "Paid nothing" means pay that rounds
//! to 0.00 (under half a cent). An undefined statistic (no members, no full year) is NaN (`null` in JSON,
//! empty in CSV).

use super::statistics::{
    gini, kaplan_meier, kaplan_meier_median, mean, median, quantile_sorted, share, top_share,
};
use crate::model::RunRecord;

/// Pay below this (half a cent: it rounds to 0.00) counts as nothing.
const NOTHING: f64 = 0.005;

/// Names of the per-run statistics, in output order. The doc of each field of
/// [`RunStatistics`] is its definition.
pub const NAMES: [&str; COUNT] = [
    "members_ever",
    "peak_active",
    "peak_month",
    "collapse_month",
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
    "recruiting_pay_share",
    "qualify_buying_share",
    "fee_revenue_share",
    "worst_month_payout_ratio",
    "cap_binding_share",
    "over_margin_share",
    "ids_members",
    "ids_share_zero_pay",
    "ids_share_under_1000",
    "ids_median_gross_pay",
    "ids_mean_gross_pay",
    "ids_p25_gross_pay",
    "ids_p75_gross_pay",
    "ids_p90_gross_pay",
    "ids_p99_gross_pay",
    "ids_top1_share",
    "ids_median_net",
    "ids_mean_net",
    "ids_p10_net",
    "ids_p25_net",
    "ids_p75_net",
    "ids_p90_net",
    "ids_share_net_loss",
    "ids_mean_hours",
    "ids_hourly_gross",
    "ids_hourly_net",
];

/// How many statistics a run has.
pub const COUNT: usize = 47;

/// One run's statistics.
#[derive(Clone, Debug, PartialEq)]
pub struct RunStatistics {
    /// Members who ever joined (founders included).
    pub members_ever: f64,
    /// Most members in the business in any month.
    pub peak_active: f64,
    /// First month (0-based) with `peak_active` members.
    pub peak_month: f64,
    /// First month after the peak in which active members had fallen to half the peak
    /// or fewer: when the business collapsed. `NaN` if it never did within the run.
    pub collapse_month: f64,
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
    /// Share of all pay that rewards recruiting rather than product sold: what the
    /// entry-fee (`recruitment`) and `fast_start` bonuses paid, over all pay.
    pub recruiting_pay_share: f64,
    /// Units members ordered only to reach a volume requirement (buying to qualify),
    /// over all units ordered.
    pub qualify_buying_share: f64,
    /// Entry and monthly fees over the company's revenue (product revenue plus fees).
    pub fee_revenue_share: f64,
    /// The highest monthly payout ratio (pay / product revenue) of the run, over months
    /// with revenue.
    pub worst_month_payout_ratio: f64,
    /// Share of months in which `payout_cap` bound (cut everyone's pay).
    pub cap_binding_share: f64,
    /// Share of months in which the plan paid more than the company's gross margin
    /// (product revenue + fees - cost of goods).
    pub over_margin_share: f64,
    /// Members at any time in the disclosure year.
    pub ids_members: f64,
    /// Share of the disclosure year's members paid nothing in that year.
    pub ids_share_zero_pay: f64,
    /// Share of the disclosure year's members paid under 1,000 in that year.
    pub ids_share_under_1000: f64,
    /// Median pay in the disclosure year over its members.
    pub ids_median_gross_pay: f64,
    /// Mean pay in the disclosure year over its members.
    pub ids_mean_gross_pay: f64,
    /// 25th percentile of the disclosure year's pay over its members.
    pub ids_p25_gross_pay: f64,
    /// 75th percentile of the disclosure year's pay.
    pub ids_p75_gross_pay: f64,
    /// 90th percentile of the disclosure year's pay.
    pub ids_p90_gross_pay: f64,
    /// 99th percentile of the disclosure year's pay.
    pub ids_p99_gross_pay: f64,
    /// Share of the disclosure year's pay received by its top 1 % of members.
    pub ids_top1_share: f64,
    /// Median net in the disclosure year (that year's pay + retail profit - purchases -
    /// fees - expenses, with a buyback refund if they quit that year).
    pub ids_median_net: f64,
    /// Mean net in the disclosure year.
    pub ids_mean_net: f64,
    /// 10th percentile of the disclosure year's net.
    pub ids_p10_net: f64,
    /// 25th percentile of the disclosure year's net.
    pub ids_p25_net: f64,
    /// 75th percentile of the disclosure year's net.
    pub ids_p75_net: f64,
    /// 90th percentile of the disclosure year's net.
    pub ids_p90_net: f64,
    /// Share of the disclosure year's members whose net in that year is negative.
    pub ids_share_net_loss: f64,
    /// Mean hours worked in the disclosure year per member of that year.
    pub ids_mean_hours: f64,
    /// The disclosure year's pay over the hours its members worked that year.
    pub ids_hourly_gross: f64,
    /// The disclosure year's net over the hours its members worked that year.
    pub ids_hourly_net: f64,
}

impl RunStatistics {
    /// Computes every statistic of a run.
    ///
    /// `pays_for_recruiting` tells, per bonus in plan order, whether it rewards
    /// recruiting ([`crate::plan::Plan::pays_for_recruiting`]).
    pub fn of(
        record: &RunRecord,
        population: u32,
        disclosure_year: Option<u32>,
        pays_for_recruiting: &[bool],
    ) -> Self {
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

        let disclosure_members: Vec<usize> = match disclosure_year {
            Some(year) => (0..n)
                .filter(|&i| m.member_during(i, 12 * (year - 1), 12 * year))
                .collect(),
            None => Vec::new(),
        };
        let of_year = |column: &[f64]| -> Vec<f64> {
            let mut values: Vec<f64> = disclosure_members.iter().map(|&i| column[i]).collect();
            values.sort_by(f64::total_cmp);
            values
        };
        let disclosure_pay = of_year(&m.disclosure_pay);
        let disclosure_net = of_year(&m.disclosure_net);
        let year_hours: f64 = disclosure_members
            .iter()
            .map(|&i| m.disclosure_hours[i])
            .sum();
        let per_hour = |column: &[f64]| {
            let total: f64 = disclosure_members.iter().map(|&i| column[i]).sum();
            ratio(total, year_hours)
        };
        let recruiting_paid: f64 = (record.pay_by_bonus.iter().zip(pays_for_recruiting))
            .filter(|(_, recruiting)| **recruiting)
            .map(|((paid, _), _)| paid)
            .sum();
        let fees = total(|x| x.fee_revenue);

        Self {
            members_ever: n as f64,
            peak_active: f64::from(peak_active),
            peak_month: peak_month as f64,
            collapse_month: (record.months.iter().enumerate())
                .skip(peak_month + 1)
                .find(|(_, month)| 2 * month.active <= peak_active)
                .map_or(f64::NAN, |(i, _)| i as f64),
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
            recruiting_pay_share: ratio(recruiting_paid, paid),
            qualify_buying_share: ratio(total(|x| x.qualify_units), total(|x| x.units_ordered)),
            fee_revenue_share: ratio(fees, revenue + fees),
            worst_month_payout_ratio: (record.months.iter())
                .filter(|x| x.revenue > 0.0)
                .map(|x| x.payout / x.revenue)
                .fold(f64::NAN, f64::max),
            cap_binding_share: share(&record.months, |x| x.cap_factor < 1.0),
            over_margin_share: share(&record.months, |x| x.over_margin()),
            ids_members: if disclosure_year.is_some() {
                disclosure_members.len() as f64
            } else {
                f64::NAN
            },
            ids_share_zero_pay: share(&disclosure_pay, |&x| x < NOTHING),
            ids_share_under_1000: share(&disclosure_pay, |&x| x < 1000.0),
            ids_median_gross_pay: quantile_sorted(&disclosure_pay, 0.5),
            ids_mean_gross_pay: mean(&disclosure_pay),
            ids_p25_gross_pay: quantile_sorted(&disclosure_pay, 0.25),
            ids_p75_gross_pay: quantile_sorted(&disclosure_pay, 0.75),
            ids_p90_gross_pay: quantile_sorted(&disclosure_pay, 0.90),
            ids_p99_gross_pay: quantile_sorted(&disclosure_pay, 0.99),
            ids_top1_share: top_share(&disclosure_pay, 0.01),
            ids_median_net: quantile_sorted(&disclosure_net, 0.5),
            ids_mean_net: mean(&disclosure_net),
            ids_p10_net: quantile_sorted(&disclosure_net, 0.10),
            ids_p25_net: quantile_sorted(&disclosure_net, 0.25),
            ids_p75_net: quantile_sorted(&disclosure_net, 0.75),
            ids_p90_net: quantile_sorted(&disclosure_net, 0.90),
            ids_share_net_loss: share(&disclosure_net, |&x| x < 0.0),
            ids_mean_hours: if disclosure_members.is_empty() {
                f64::NAN
            } else {
                year_hours / disclosure_members.len() as f64
            },
            ids_hourly_gross: per_hour(&m.disclosure_pay),
            ids_hourly_net: per_hour(&m.disclosure_net),
        }
    }

    /// The statistics from their values in the order of [`NAMES`] (the inverse of
    /// [`RunStatistics::values`]), as read back from a shard.
    pub fn from_values(v: [f64; COUNT]) -> Self {
        let [
            members_ever,
            peak_active,
            peak_month,
            collapse_month,
            final_active,
            saturation,
            share_zero_pay,
            median_gross_pay,
            mean_gross_pay,
            median_net,
            mean_net,
            share_net_loss,
            gini_gross_pay,
            top1_share_gross_pay,
            share_never_recruit,
            first_year_quit_share,
            annual_quit_share,
            median_tenure_months,
            payout_ratio,
            retail_share,
            breakage_ratio,
            recruiting_pay_share,
            qualify_buying_share,
            fee_revenue_share,
            worst_month_payout_ratio,
            cap_binding_share,
            over_margin_share,
            ids_members,
            ids_share_zero_pay,
            ids_share_under_1000,
            ids_median_gross_pay,
            ids_mean_gross_pay,
            ids_p25_gross_pay,
            ids_p75_gross_pay,
            ids_p90_gross_pay,
            ids_p99_gross_pay,
            ids_top1_share,
            ids_median_net,
            ids_mean_net,
            ids_p10_net,
            ids_p25_net,
            ids_p75_net,
            ids_p90_net,
            ids_share_net_loss,
            ids_mean_hours,
            ids_hourly_gross,
            ids_hourly_net,
        ] = v;
        Self {
            members_ever,
            peak_active,
            peak_month,
            collapse_month,
            final_active,
            saturation,
            share_zero_pay,
            median_gross_pay,
            mean_gross_pay,
            median_net,
            mean_net,
            share_net_loss,
            gini_gross_pay,
            top1_share_gross_pay,
            share_never_recruit,
            first_year_quit_share,
            annual_quit_share,
            median_tenure_months,
            payout_ratio,
            retail_share,
            breakage_ratio,
            recruiting_pay_share,
            qualify_buying_share,
            fee_revenue_share,
            worst_month_payout_ratio,
            cap_binding_share,
            over_margin_share,
            ids_members,
            ids_share_zero_pay,
            ids_share_under_1000,
            ids_median_gross_pay,
            ids_mean_gross_pay,
            ids_p25_gross_pay,
            ids_p75_gross_pay,
            ids_p90_gross_pay,
            ids_p99_gross_pay,
            ids_top1_share,
            ids_median_net,
            ids_mean_net,
            ids_p10_net,
            ids_p25_net,
            ids_p75_net,
            ids_p90_net,
            ids_share_net_loss,
            ids_mean_hours,
            ids_hourly_gross,
            ids_hourly_net,
        }
    }

    /// The values in the order of [`NAMES`].
    pub fn values(&self) -> [f64; COUNT] {
        [
            self.members_ever,
            self.peak_active,
            self.peak_month,
            self.collapse_month,
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
            self.recruiting_pay_share,
            self.qualify_buying_share,
            self.fee_revenue_share,
            self.worst_month_payout_ratio,
            self.cap_binding_share,
            self.over_margin_share,
            self.ids_members,
            self.ids_share_zero_pay,
            self.ids_share_under_1000,
            self.ids_median_gross_pay,
            self.ids_mean_gross_pay,
            self.ids_p25_gross_pay,
            self.ids_p75_gross_pay,
            self.ids_p90_gross_pay,
            self.ids_p99_gross_pay,
            self.ids_top1_share,
            self.ids_median_net,
            self.ids_mean_net,
            self.ids_p10_net,
            self.ids_p25_net,
            self.ids_p75_net,
            self.ids_p90_net,
            self.ids_share_net_loss,
            self.ids_mean_hours,
            self.ids_hourly_gross,
            self.ids_hourly_net,
        ]
    }
}
