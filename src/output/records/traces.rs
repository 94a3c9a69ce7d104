//! `traces.csv`: a few sampled members of each run that kept member detail
//! (`--members K`: runs 0 to K - 1), followed month by month from the month they
//! joined, so that one ordinary member's story can be told. Who is traced and what a
//! month holds is [`crate::model::trace`]'s documentation: the [`TRACED`] members with
//! the smallest trace priorities (a uniform sample of everyone who ever joined, fixed by
//! the seed and the run index); rows from the join month to the month at whose end the
//! member quit (or to the run's end). In run order, then member order, then month order.
//!
//! [`TRACED`]: crate::model::trace::TRACED

use crate::ensemble::Ensemble;
use crate::model::TraceStatus;
use crate::output::encode::Money;
use serde::{Deserialize, Serialize};

/// One month of one traced member.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TraceRow {
    /// Run index.
    pub run: u32,
    /// Member number within the run (the `id` of `members.csv`).
    pub member: u32,
    /// Month of the run (0-based).
    pub month: u32,
    /// Months since joining: 0 in the join month.
    pub month_in_business: u32,
    /// `active` (in the business at the month's end), `quit` (quit at the month's end:
    /// the member's last row unless quitters keep their place) or `former` (quit earlier
    /// but kept their place in the tree, `quit.keep_position`: may still be paid on
    /// their downline).
    pub status: TraceStatus,
    /// The paid-as rank this month (its name); empty if none (and for a former member).
    pub rank: String,
    /// Members personally enrolled who joined this month; the member's last row also
    /// counts those who joined after it (recruited in the month they quit, joining the
    /// month after), so the rows add up to `recruits` in `members.csv`.
    pub recruits: u32,
    /// Commissions and bonuses from the company this month, in currency.
    pub pay: Money,
    /// Units sold to customers this month x (retail price - wholesale price).
    pub retail_profit: Money,
    /// Wholesale cost of product bought this month and not resold, less the buyback
    /// refund in the quit month (so it can be negative, as it can in a month in which
    /// customers were served from stock bought earlier).
    pub purchases: Money,
    /// The buyback refund for stock handed back on quitting, already taken from
    /// `purchases`: 0 but in the quit month.
    pub refund: Money,
    /// The monthly fee, plus the entry fee in the join month.
    pub fees: Money,
    /// Out-of-pocket expenses this month.
    pub expenses: Money,
    /// pay + retail_profit - purchases - fees - expenses.
    pub net: Money,
    /// Lifetime net at the month's end: the last row's is the member's `net` in
    /// `members.csv`.
    pub cumulative_net: Money,
}

/// Every traced month of every run that kept its members; `ranks` are the plan's rank
/// names.
pub fn rows<'a>(
    ensemble: &'a Ensemble,
    ranks: &'a [String],
) -> impl Iterator<Item = TraceRow> + 'a {
    ensemble.runs.iter().flat_map(move |run| {
        run.traces.iter().map(move |t| TraceRow {
            run: run.run,
            member: t.member,
            month: t.month,
            month_in_business: t.month_in_business,
            status: t.status,
            rank: match t.rank {
                0 => String::new(),
                r => ranks.get(usize::from(r) - 1).cloned().unwrap_or_default(),
            },
            recruits: t.recruits,
            pay: Money(t.pay),
            retail_profit: Money(t.retail_profit),
            purchases: Money(t.purchases),
            refund: Money(t.refund),
            fees: Money(t.fees),
            expenses: Money(t.expenses),
            net: Money(t.net),
            cumulative_net: Money(t.cumulative_net),
        })
    })
}
