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
    Sorted, gini_sorted, kaplan_meier, kaplan_meier_median, mean, quantile_sorted, share,
    top_share_sorted,
};
use crate::model::{MemberOutcomes, RunRecord};

/// Pay below this (half a cent: it rounds to 0.00) counts as nothing.
const NOTHING: f64 = 0.005;

/// Defines [`RunStatistics`] (one `f64` field per statistic, documented with its
/// definition), [`NAMES`] (their output order), [`COUNT`], the conversions to and from
/// an array in that order, and [`YearStatistics`] (the `year` statistics of one group
/// of the disclosure year's members), all from one list, so they cannot disagree.
///
/// The order is: the `lifetime` statistics, the `year` ones over all of the year's
/// members, the `added` ones, then the `year` ones again over each [`Group`] but the
/// first, named with its suffix (`ids_mean_gross_pay_active`, ...).
macro_rules! run_statistics {
    (
        lifetime { $($(#[$ldoc:meta])* $l:ident,)* }
        year { $($(#[$ydoc:meta])* $y:ident,)* }
        added { $($(#[$adoc:meta])* $a:ident,)* }
    ) => { paste::paste! {
        /// Names of the per-run statistics, in output order. The doc of each field of
        /// [`RunStatistics`] is its definition.
        pub const NAMES: [&str; COUNT] = [
            $(stringify!($l),)*
            $(stringify!($y),)*
            $(stringify!($a),)*
            $(concat!(stringify!($y), "_active"),)*
            $(concat!(stringify!($y), "_paid"),)*
            $(concat!(stringify!($y), "_recruiters"),)*
        ];

        /// How many statistics a run has.
        pub const COUNT: usize = [$(stringify!($l),)* $(stringify!($a),)*].len()
            + 4 * [$(stringify!($y),)*].len();

        /// One run's statistics. As a row of `runs.csv`, one column per field; an
        /// undefined statistic (`NaN`) is written as nothing and read back as `NaN`, as
        /// is a statistic that a table written by another version lacks.
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct RunStatistics {
            $($(#[$ldoc])*
            #[serde(default = "super::statistics::nan", deserialize_with = "super::statistics::nan_if_null")]
            pub $l: f64,)*
            $($(#[$ydoc])*
            #[serde(default = "super::statistics::nan", deserialize_with = "super::statistics::nan_if_null")]
            pub $y: f64,)*
            $($(#[$adoc])*
            #[serde(default = "super::statistics::nan", deserialize_with = "super::statistics::nan_if_null")]
            pub $a: f64,)*
            $(#[doc = concat!("`", stringify!($y), "` over the disclosure year's active members (who ordered that year).")]
            #[serde(default = "super::statistics::nan", deserialize_with = "super::statistics::nan_if_null")]
            pub [<$y _active>]: f64,)*
            $(#[doc = concat!("`", stringify!($y), "` over the disclosure year's members paid that year.")]
            #[serde(default = "super::statistics::nan", deserialize_with = "super::statistics::nan_if_null")]
            pub [<$y _paid>]: f64,)*
            $(#[doc = concat!("`", stringify!($y), "` over the disclosure year's members who had recruited someone by its end.")]
            #[serde(default = "super::statistics::nan", deserialize_with = "super::statistics::nan_if_null")]
            pub [<$y _recruiters>]: f64,)*
        }

        /// The income disclosure statistics of one group of the disclosure year's
        /// members (see [`Group`]).
        #[derive(Clone, Debug, PartialEq)]
        pub struct YearStatistics {
            $($(#[$ydoc])* pub $y: f64,)*
        }

        impl RunStatistics {
            /// The values in the order of [`NAMES`].
            pub fn values(&self) -> [f64; COUNT] {
                [
                    $(self.$l,)* $(self.$y,)* $(self.$a,)*
                    $(self.[<$y _active>],)* $(self.[<$y _paid>],)* $(self.[<$y _recruiters>],)*
                ]
            }

            /// The statistics from their values in the order of [`NAMES`] (the inverse
            /// of [`RunStatistics::values`]), as read back from a shard.
            pub fn from_values(values: [f64; COUNT]) -> Self {
                let [
                    $($l,)* $($y,)* $($a,)*
                    $([<$y _active>],)* $([<$y _paid>],)* $([<$y _recruiters>],)*
                ] = values;
                Self {
                    $($l,)* $($y,)* $($a,)*
                    $([<$y _active>],)* $([<$y _paid>],)* $([<$y _recruiters>],)*
                }
            }

            /// Sets the statistics of one group of the disclosure year's members.
            fn set_year(&mut self, group: Group, year: YearStatistics) {
                match group {
                    Group::All => { $(self.$y = year.$y;)* }
                    Group::Active => { $(self.[<$y _active>] = year.$y;)* }
                    Group::Paid => { $(self.[<$y _paid>] = year.$y;)* }
                    Group::Recruiters => { $(self.[<$y _recruiters>] = year.$y;)* }
                }
            }
        }
    }};
}

/// The groups of the disclosure year's members that income disclosures report on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// Everyone who was a member at any time in the year.
    All,
    /// Those who ordered anything in the year ("active": bought in the last 12 months).
    Active,
    /// Those paid anything in the year.
    Paid,
    /// Those who had personally enrolled at least one member by the year's end.
    Recruiters,
}

impl Group {
    /// Every group, in output order.
    pub const ALL: [Group; 4] = [Group::All, Group::Active, Group::Paid, Group::Recruiters];
}

run_statistics! {
lifetime {
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
}
year {
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
ids_hourly_net,
/// Share of the disclosure year's pay received by its top 0.1 % of members (at least
/// one member).
ids_top01_share,
/// Share of the disclosure year's members paid under 100 in that year.
ids_share_under_100,
/// Share of the disclosure year's members paid under 250 in that year.
ids_share_under_250,
}
added {
/// Company pay / product revenue before buyback refunds (wholesale sales to members).
payout_ratio_gross,
/// Buyback refunds / product revenue before refunds.
refund_share,
/// 1 if the run never took off: active members never reached twice the founders;
/// else 0 (so its mean across runs is the share of runs that fizzled).
fizzled,
/// Share of members still members 12 months after joining, over those who joined at
/// least 12 months before the run's end.
survival_12,
/// As `survival_12`, 24 months after joining.
survival_24,
/// As `survival_12`, 36 months after joining.
survival_36,
/// Of the members who joined at least 12 months before the end, the share whose
/// lifetime net is not negative (they made money or broke even).
cohort_made_money,
/// Of the same members, the share who quit within their first 12 months and lost money
/// (lifetime net below 0). The rest (1 - this - `cohort_made_money`) lost money and
/// stayed longer: the three parts of the "100 people who joined" picture.
cohort_quit_first_year_lost,
}
}

impl RunStatistics {
    /// Computes every statistic of a run.
    ///
    /// `pays_for_recruiting` tells, per bonus in plan order, whether it rewards
    /// recruiting ([`crate::plan::Plan::pays_for_recruiting`]); `founders` is the
    /// number of founding members (a run that never reaches twice as many fizzled).
    pub fn of(
        record: &RunRecord,
        population: u32,
        founders: u32,
        disclosure_year: Option<u32>,
        pays_for_recruiting: &[bool],
    ) -> Self {
        let m = &record.members;
        let sorted = Sorted::of(&m.gross_pay, &m.net);
        Self::of_sorted(
            record,
            &sorted,
            population,
            founders,
            disclosure_year,
            pays_for_recruiting,
        )
    }

    /// [`RunStatistics::of`], given the run's pay and net already sorted.
    pub fn of_sorted(
        record: &RunRecord,
        sorted: &Sorted,
        population: u32,
        founders: u32,
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
        // Still a member `k` months after joining, over members observed that long.
        let survival = |k: u32| {
            let observed: Vec<usize> = (0..n).filter(|&i| m.join_month[i] + k <= months).collect();
            share(&observed, |&i| m.quit_month[i] >= m.join_month[i] + k)
        };

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
        let refunds = total(|x| x.refunds);
        let paid = total(|x| x.payout);
        let max_payout = total(|x| x.max_payout);
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { f64::NAN };
        let recruiting_paid: f64 = (record.pay_by_bonus.iter().zip(pays_for_recruiting))
            .filter(|(_, recruiting)| **recruiting)
            .map(|((paid, _), _)| paid)
            .sum();
        let fees = total(|x| x.fee_revenue);

        let mut statistics = Self::from_values([f64::NAN; COUNT]);
        let s = &mut statistics;
        s.members_ever = n as f64;
        s.peak_active = f64::from(peak_active);
        s.peak_month = peak_month as f64;
        s.collapse_month = (record.months.iter().enumerate())
            .skip(peak_month + 1)
            .find(|(_, month)| 2 * month.active <= peak_active)
            .map_or(f64::NAN, |(i, _)| i as f64);
        s.final_active = still_in as f64;
        s.saturation = n as f64 / f64::from(population);
        s.share_zero_pay = share(pay, |&x| x < NOTHING);
        s.median_gross_pay = quantile_sorted(&sorted.pay, 0.5);
        s.mean_gross_pay = mean(pay);
        s.median_net = quantile_sorted(&sorted.net, 0.5);
        s.mean_net = mean(net);
        s.share_net_loss = share(net, |&x| x < 0.0);
        s.gini_gross_pay = gini_sorted(&sorted.pay);
        s.top1_share_gross_pay = top_share_sorted(pay, &sorted.pay, 0.01);
        s.share_never_recruit = share(&m.recruits, |&r| r == 0);
        s.first_year_quit_share = first_year_quit_share;
        s.annual_quit_share = annual_quit_share;
        s.median_tenure_months = median_tenure_months;
        s.payout_ratio = ratio(paid, revenue);
        s.retail_share = ratio(total(|x| x.retail_units), total(|x| x.units_ordered));
        s.breakage_ratio = ratio(max_payout - paid, max_payout);
        s.recruiting_pay_share = ratio(recruiting_paid, paid);
        s.qualify_buying_share = ratio(total(|x| x.qualify_units), total(|x| x.units_ordered));
        s.fee_revenue_share = ratio(fees, revenue + fees);
        s.worst_month_payout_ratio = (record.months.iter())
            .filter(|x| x.revenue > 0.0)
            .map(|x| x.payout / x.revenue)
            .fold(f64::NAN, f64::max);
        s.cap_binding_share = share(&record.months, |x| x.cap_factor < 1.0);
        s.over_margin_share = share(&record.months, |x| x.over_margin());
        s.payout_ratio_gross = ratio(paid, revenue + refunds);
        s.refund_share = ratio(refunds, revenue + refunds);
        s.fizzled = f64::from(u8::from(peak_active < 2 * founders));
        s.survival_12 = survival(12);
        s.survival_24 = survival(24);
        s.survival_36 = survival(36);
        s.cohort_made_money = share(&observed, |&i| net[i] >= 0.0);
        s.cohort_quit_first_year_lost = share(&observed, |&i| {
            m.quit_month[i] < m.join_month[i] + 12 && net[i] < 0.0
        });
        if let Some(year) = disclosure_year {
            let (start, end) = (12 * (year - 1), 12 * year);
            let members: Vec<usize> = (0..n).filter(|&i| m.member_during(i, start, end)).collect();
            let mut recruited = vec![false; n];
            for j in 0..n {
                let sponsor = m.sponsor[j];
                if sponsor != u32::MAX && m.join_month[j] < end {
                    recruited[sponsor as usize] = true;
                }
            }
            // Sorted once by pay and once by net; each group keeps that order.
            let sorted_by = |column: &[f64]| {
                let mut order = members.clone();
                // Ties in member order (as a stable sort would leave them).
                order.sort_unstable_by(|&a, &b| column[a].total_cmp(&column[b]).then(a.cmp(&b)));
                order
            };
            let (by_pay, by_net) = (sorted_by(&m.disclosure_pay), sorted_by(&m.disclosure_net));
            for group in Group::ALL {
                let in_group = |&i: &usize| match group {
                    Group::All => true,
                    Group::Active => m.disclosure_bought[i],
                    Group::Paid => m.disclosure_pay[i] >= NOTHING,
                    Group::Recruiters => recruited[i],
                };
                let chosen: Vec<usize> = members.iter().copied().filter(in_group).collect();
                let pay: Vec<usize> = by_pay.iter().copied().filter(in_group).collect();
                let net: Vec<usize> = by_net.iter().copied().filter(in_group).collect();
                statistics.set_year(group, year_statistics(m, &chosen, &pay, &net));
            }
        }
        statistics
    }
}

/// The income disclosure statistics of a group of the disclosure year's members, given
/// as their ids in member order (`members`: sums run in that order), in order of pay
/// (`by_pay`) and in order of net (`by_net`).
fn year_statistics(
    m: &MemberOutcomes,
    members: &[usize],
    by_pay: &[usize],
    by_net: &[usize],
) -> YearStatistics {
    let pay: Vec<f64> = by_pay.iter().map(|&i| m.disclosure_pay[i]).collect();
    let net: Vec<f64> = by_net.iter().map(|&i| m.disclosure_net[i]).collect();
    let hours: f64 = members.iter().map(|&i| m.disclosure_hours[i]).sum();
    let per_hour = |column: &[f64]| {
        let total: f64 = members.iter().map(|&i| column[i]).sum();
        if hours > 0.0 { total / hours } else { f64::NAN }
    };
    YearStatistics {
        ids_members: members.len() as f64,
        ids_share_zero_pay: share(&pay, |&x| x < NOTHING),
        ids_share_under_1000: share(&pay, |&x| x < 1000.0),
        ids_median_gross_pay: quantile_sorted(&pay, 0.5),
        ids_mean_gross_pay: mean(&pay),
        ids_p25_gross_pay: quantile_sorted(&pay, 0.25),
        ids_p75_gross_pay: quantile_sorted(&pay, 0.75),
        ids_p90_gross_pay: quantile_sorted(&pay, 0.90),
        ids_p99_gross_pay: quantile_sorted(&pay, 0.99),
        ids_top1_share: top_share_sorted(&pay, &pay, 0.01),
        ids_median_net: quantile_sorted(&net, 0.5),
        ids_mean_net: mean(&net),
        ids_p10_net: quantile_sorted(&net, 0.10),
        ids_p25_net: quantile_sorted(&net, 0.25),
        ids_p75_net: quantile_sorted(&net, 0.75),
        ids_p90_net: quantile_sorted(&net, 0.90),
        ids_share_net_loss: share(&net, |&x| x < 0.0),
        ids_mean_hours: if members.is_empty() {
            f64::NAN
        } else {
            hours / members.len() as f64
        },
        ids_hourly_gross: per_hour(&m.disclosure_pay),
        ids_hourly_net: per_hour(&m.disclosure_net),
        ids_top01_share: top_share_sorted(&pay, &pay, 0.001),
        ids_share_under_100: share(&pay, |&x| x < 100.0),
        ids_share_under_250: share(&pay, |&x| x < 250.0),
    }
}
