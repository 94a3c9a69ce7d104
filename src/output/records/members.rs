//! `members.csv`: one row per member who ever joined, for the runs that kept member
//! detail (`--members K`: runs 0 to K - 1), in run order and then join order.

use crate::ensemble::Ensemble;
use crate::output::encode::{Money, Tenths};
use serde::{Deserialize, Serialize};

/// One member's lifetime in one run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    /// Run index.
    pub run: u32,
    /// Member number within the run, in join order from 0.
    pub id: u32,
    /// The enroller's `id`; none for a founder.
    pub sponsor: Option<u32>,
    /// Month of joining.
    pub join_month: u32,
    /// Month of quitting; none if still a member at the end.
    pub quit_month: Option<u32>,
    /// Members personally enrolled (counted when they join).
    pub recruits: u32,
    /// Lifetime commissions and bonuses from the company, in currency.
    pub gross_pay: Money,
    /// Lifetime units sold to customers x (retail price - wholesale price).
    pub retail_profit: Money,
    /// Lifetime wholesale cost of product bought and not resold, less the buyback refund.
    pub purchases: Money,
    /// Entry fee plus monthly fees.
    pub fees: Money,
    /// Out-of-pocket expenses.
    pub expenses: Money,
    /// gross_pay + retail_profit - purchases - fees - expenses.
    pub net: Money,
    /// Hours worked.
    pub hours: Tenths,
    /// The highest paid-as rank reached in any month (its name); empty if none.
    pub rank: String,
    /// The member's kind (`[[behaviour.kind]]`); the column is there only when the
    /// scenario has kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Lifetime cost of product used oneself as consumption (`consumption = true`, for
    /// all members or a kind), not in `purchases` or `net`; the column is there only
    /// when some member's own use is consumption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumption: Option<Money>,
}

/// Every member of every run that kept its members; `ranks` are the plan's rank names,
/// `kinds` the member kinds' (empty: no kinds); `consumption` whether any member's own
/// use is consumption (the column is written only then).
pub fn rows<'a>(
    ensemble: &'a Ensemble,
    ranks: &'a [String],
    kinds: &'a [String],
    consumption: bool,
) -> impl Iterator<Item = MemberRow> + 'a {
    // u32::MAX marks "none" in the member arrays.
    let optional = |v: u32| (v != u32::MAX).then_some(v);
    ensemble.runs.iter().flat_map(move |run| {
        let members = run.members.as_ref();
        (0..members.map_or(0, |m| m.len())).filter_map(move |i| {
            let m = members?;
            let rank = match m.highest_rank[i] {
                0 => "",
                r => ranks.get(usize::from(r) - 1).map_or("", String::as_str),
            };
            Some(MemberRow {
                run: run.run,
                id: i as u32,
                sponsor: optional(m.sponsor[i]),
                join_month: m.join_month[i],
                quit_month: optional(m.quit_month[i]),
                recruits: m.recruits[i],
                gross_pay: Money(m.gross_pay[i]),
                retail_profit: Money(m.retail_profit[i]),
                purchases: Money(m.purchases[i]),
                fees: Money(m.fees[i]),
                expenses: Money(m.expenses[i]),
                net: Money(m.net[i]),
                hours: Tenths(m.hours[i]),
                rank: rank.to_string(),
                kind: (!kinds.is_empty()).then(|| {
                    kinds
                        .get(usize::from(m.kind[i]))
                        .cloned()
                        .unwrap_or_default()
                }),
                consumption: consumption.then_some(Money(m.consumption[i])),
            })
        })
    })
}
