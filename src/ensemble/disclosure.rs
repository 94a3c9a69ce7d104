//! The income disclosure rank table of one run: what `disclosure.csv` summarises
//! across runs.
//!
//! Real income disclosure statements group the year's participants by rank and give
//! each group's share of participants and its mean, median and high pay for the year.
//! For the disclosure year (everyone who was a member at any time in it, with the pay
//! received in it), each group here has those four figures: members by the paid-as rank
//! they held in the year's last month (none for those gone by then), members by the
//! highest paid-as rank they held in the year, and members paid nothing or something
//! (pay that rounds to 0.00 counts as nothing).

use super::statistics::{mean, quantile_sorted};
use crate::model::RunRecord;

/// Pay below this (half a cent) counts as nothing.
const NOTHING: f64 = 0.005;

/// What groups the members of a row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// The paid-as rank held in the year's last month.
    RankLast,
    /// The highest paid-as rank held in the year.
    RankHighest,
    /// Whether the member was paid anything in the year.
    Pay,
}

impl Basis {
    /// The basis as `disclosure.csv` names it.
    pub fn name(self) -> &'static str {
        match self {
            Basis::RankLast => "rank_in_last_month",
            Basis::RankHighest => "highest_rank_in_year",
            Basis::Pay => "pay",
        }
    }
}

/// The groups of the table, in row order: (basis, rank or pay group). For the rank
/// bases the group is the rank (0 = none); for pay, 0 is "paid nothing", 1 "paid
/// something".
pub fn groups(ranks: usize) -> Vec<(Basis, usize)> {
    let mut groups = Vec::with_capacity(2 * (ranks + 1) + 2);
    for basis in [Basis::RankLast, Basis::RankHighest] {
        groups.extend((0..=ranks).map(|r| (basis, r)));
    }
    groups.push((Basis::Pay, 0));
    groups.push((Basis::Pay, 1));
    groups
}

/// One group's figures in one run: share of the year's members, and mean, median and
/// 90th percentile of their pay that year (`NaN` where the group is empty or the run
/// has no disclosure year).
pub type Figures = [f64; 4];

/// The figures of every group of [`groups`], in that order.
pub fn table(record: &RunRecord, ranks: usize, disclosure_year: Option<u32>) -> Vec<Figures> {
    let groups = groups(ranks);
    let Some(year) = disclosure_year else {
        return vec![[f64::NAN; 4]; groups.len()];
    };
    let m = &record.members;
    let members: Vec<usize> = (0..m.len())
        .filter(|&i| m.member_during(i, 12 * (year - 1), 12 * year))
        .collect();
    let total = members.len() as f64;
    groups
        .iter()
        .map(|&(basis, group)| {
            let mut pay: Vec<f64> = members
                .iter()
                .filter(|&&i| match basis {
                    Basis::RankLast => usize::from(m.disclosure_rank_last[i]).min(ranks) == group,
                    Basis::RankHighest => usize::from(m.disclosure_rank_max[i]).min(ranks) == group,
                    Basis::Pay => usize::from(m.disclosure_pay[i] >= NOTHING) == group,
                })
                .map(|&i| m.disclosure_pay[i])
                .collect();
            pay.sort_unstable_by(f64::total_cmp);
            let share = if total > 0.0 {
                pay.len() as f64 / total
            } else {
                f64::NAN
            };
            [
                share,
                mean(&pay),
                quantile_sorted(&pay, 0.5),
                quantile_sorted(&pay, 0.9),
            ]
        })
        .collect()
}
