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

/// Defines [`RunStatistics`] (one `f64` field per statistic, documented with its
/// definition), [`NAMES`] (their output order), [`COUNT`], and the conversions to and
/// from an array in that order, all from one list, so the four cannot disagree.
macro_rules! run_statistics {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// Names of the per-run statistics, in output order. The doc of each field of
        /// [`RunStatistics`] is its definition.
        pub const NAMES: [&str; COUNT] = [$(stringify!($name)),*];

        /// How many statistics a run has.
        pub const COUNT: usize = [$(stringify!($name)),*].len();

        /// One run's statistics. As a row of `runs.csv`, one column per field; an
        /// undefined statistic (`NaN`) is written as nothing and read back as `NaN`, as
        /// is a statistic that a table written by another version lacks.
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct RunStatistics {
            $($(#[$doc])*
            #[serde(default = "super::statistics::nan", deserialize_with = "super::statistics::nan_if_null")]
            pub $name: f64,)*
        }

        impl RunStatistics {
            /// The values in the order of [`NAMES`].
            pub fn values(&self) -> [f64; COUNT] {
                [$(self.$name),*]
            }

            /// The statistics from their values in the order of [`NAMES`] (the inverse
            /// of [`RunStatistics::values`]), as read back from a shard.
            pub fn from_values(values: [f64; COUNT]) -> Self {
                let [$($name),*] = values;
                Self { $($name),* }
            }
        }
    };
}

run_statistics! {
/// Members who ever joined (founders included).
members_ever,
/// Most members in the business in any month.
peak_active,
/// First month (0-based) with `peak_active` members.
peak_month,
/// First month after the peak in which active members had fallen to half the peak
/// or fewer: when the business collapsed. `NaN` if it never did within the run.
collapse_month,
/// Members still in the business at the end of the run.
final_active,
/// members_ever / population: how much of the market was ever recruited.
saturation,
/// Share of members whose lifetime gross pay is nothing.
share_zero_pay,
/// Median lifetime gross pay (commissions and bonuses).
median_gross_pay,
/// Mean lifetime gross pay.
mean_gross_pay,
/// Median lifetime net (gross pay + retail profit - purchases - fees - expenses).
median_net,
/// Mean lifetime net.
mean_net,
/// Share of members whose lifetime net is negative.
share_net_loss,
/// Gini coefficient of lifetime gross pay.
gini_gross_pay,
/// Share of all gross pay received by the top 1 % of members.
top1_share_gross_pay,
/// Share of members who personally enrolled nobody.
share_never_recruit,
/// Of the members who joined at least 12 months before the end, the share who quit
/// within their first 12 months.
first_year_quit_share,
/// Pooled over every full year from year 2 on: quits within the year by members who
/// were in the business on its first day, divided by those members.
annual_quit_share,
/// Kaplan-Meier median months of membership (members still in are censored).
median_tenure_months,
/// Company pay / product revenue (wholesale sales net of buyback refunds).
payout_ratio,
/// Units resold to retail customers / units ordered by members.
retail_share,
/// (max_payout - paid) / max_payout over the run.
breakage_ratio,
/// Share of all pay that rewards recruiting rather than product sold: what the
/// entry-fee (`recruitment`) and `fast_start` bonuses paid, over all pay.
recruiting_pay_share,
/// Units members ordered only to reach a volume requirement (buying to qualify),
/// over all units ordered.
qualify_buying_share,
/// Entry and monthly fees over the company's revenue (product revenue plus fees).
fee_revenue_share,
/// The highest monthly payout ratio (pay / product revenue) of the run, over months
/// with revenue.
worst_month_payout_ratio,
/// Share of months in which `payout_cap` bound (cut everyone's pay).
cap_binding_share,
/// Share of months in which the plan paid more than the company's gross margin
/// (product revenue + fees - cost of goods).
over_margin_share,
/// Members at any time in the disclosure year.
ids_members,
/// Share of the disclosure year's members paid nothing in that year.
ids_share_zero_pay,
/// Share of the disclosure year's members paid under 1,000 in that year.
ids_share_under_1000,
/// Median pay in the disclosure year over its members.
ids_median_gross_pay,
/// Mean pay in the disclosure year over its members.
ids_mean_gross_pay,
/// 25th percentile of the disclosure year's pay over its members.
ids_p25_gross_pay,
/// 75th percentile of the disclosure year's pay.
ids_p75_gross_pay,
/// 90th percentile of the disclosure year's pay.
ids_p90_gross_pay,
/// 99th percentile of the disclosure year's pay.
ids_p99_gross_pay,
/// Share of the disclosure year's pay received by its top 1 % of members.
ids_top1_share,
/// Median net in the disclosure year (that year's pay + retail profit - purchases -
/// fees - expenses, with a buyback refund if they quit that year).
ids_median_net,
/// Mean net in the disclosure year.
ids_mean_net,
/// 10th percentile of the disclosure year's net.
ids_p10_net,
/// 25th percentile of the disclosure year's net.
ids_p25_net,
/// 75th percentile of the disclosure year's net.
ids_p75_net,
/// 90th percentile of the disclosure year's net.
ids_p90_net,
/// Share of the disclosure year's members whose net in that year is negative.
ids_share_net_loss,
/// Mean hours worked in the disclosure year per member of that year.
ids_mean_hours,
/// The disclosure year's pay over the hours its members worked that year.
ids_hourly_gross,
/// The disclosure year's net over the hours its members worked that year.
ids_hourly_net,}

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
}
