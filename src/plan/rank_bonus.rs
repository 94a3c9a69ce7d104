//! `rank_bonus`: a fixed amount every period a member is paid as a rank (a car bonus, a
//! lifestyle bonus).
//!
//! Brochures promise "Directors drive a car paid by the company": a member earns the
//! amount of the highest listed rank at or below its paid-as rank, every period it
//! holds that rank and is qualified. Unlike [`super::rank_advancement`] (paid once for
//! first reaching a rank), the amount recurs, and stops in the first period the rank is
//! lost. Car bonuses often ask for the rank "three months in a row" first:
//! `consecutive = k` pays a rank only to a member paid as it (or higher) in this period
//! and the k − 1 periods paid before it, so a member pays at the lowest rank it held
//! over those k periods.
//!
//! ```toml
//! [[plan.bonus]]
//! kind = "rank_bonus"
//! amounts = { Director = 300, Executive = 800 }   # money per period, each >= 0
//! consecutive = 3                                 # periods in a row (default 1)
//! ```
//!
//! State, only with `consecutive` > 1, kept across periods and keyed by the member's
//! stable id: for each listed rank, the number of periods in a row (up to
//! `consecutive`) in which the member has been paid as that rank or higher. A period in
//! which the member is absent, or paid as a lower rank, starts that count again. Only
//! the paid-as rank counts for the run: a member who holds the rank but fails a rule
//! such as `customer_share` keeps its count, and is not paid that period.
//!
//! `max_payout`: the amounts due this period (the rank held for the periods required),
//! qualified or not; the amounts of unqualified members are breakage.
//!
//! Vector: H-rankbonus in `tests/it/payout_rates.rs` (three in a row, a drop that
//! restarts the count, a lower rank's amount while a higher one builds up, an
//! unqualified period).

use super::audit::{Audit, Cause, Step};
use super::bonus::{Bonus, BonusRun, Context, Scope};
use super::check;
use super::types::{BonusTotal, NONE};
use crate::input_error::{ConfigError, KeyPath, decode};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The most periods in a row `consecutive` may ask for (counts are kept in a byte).
const MAX_CONSECUTIVE: u32 = 255;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(rename = "kind")]
    _kind: String,
    #[serde(rename = "name")]
    _name: Option<String>,
    amounts: BTreeMap<String, f64>,
    consecutive: Option<u32>,
}

/// The JSON Schema of this kind's table (`downline schema`).
pub(super) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Raw as schemars::JsonSchema>::json_schema(generator)
}

/// A validated rank bonus.
#[derive(Debug)]
pub struct RankBonus {
    /// Listed rank numbers, ascending, and their amounts.
    listed: Vec<(u8, f64)>,
    /// The amount of each rank number (index 0 = no rank): the highest listed rank's at
    /// or below it, 0 below every listed rank.
    amount: Vec<f64>,
    /// Periods in a row a rank must be held, >= 1.
    consecutive: u8,
}

/// Validates a `kind = "rank_bonus"` table.
pub fn parse(
    value: toml::Value,
    at: &KeyPath,
    scope: &Scope,
) -> Result<Box<dyn Bonus>, ConfigError> {
    let raw: Raw = decode(value, at)?;
    let consecutive = match raw.consecutive {
        None => 1,
        Some(k @ 1..=MAX_CONSECUTIVE) => k as u8,
        Some(k) => {
            return Err(ConfigError::value(
                at.key("consecutive"),
                format!("a whole number of periods from 1 (this period only) to {MAX_CONSECUTIVE}"),
                k,
            ));
        }
    };
    let at = at.key("amounts");
    if raw.amounts.is_empty() {
        return Err(ConfigError::value(
            at,
            "at least one rank with its amount per period",
            "an empty table",
        )
        .with_help("write e.g. `amounts = { Director = 300 }`"));
    }
    let mut listed = Vec::with_capacity(raw.amounts.len());
    for (name, amount) in raw.amounts {
        let rank = scope.rank(&name, at.key(&name))?;
        listed.push((rank, check::non_negative(amount, &at.key(&name))?));
    }
    listed.sort_unstable_by_key(|&(rank, _)| rank);
    let mut amount = vec![0.0; scope.rank_names.len() + 1];
    for &(rank, value) in &listed {
        amount[usize::from(rank)..].fill(value);
    }
    Ok(Box::new(RankBonus {
        listed,
        amount,
        consecutive,
    }))
}

impl Bonus for RankBonus {
    fn start(&self) -> Box<dyn BonusRun + Send + '_> {
        Box::new(Run {
            config: self,
            held: Vec::new(),
        })
    }
}

struct Run<'p> {
    config: &'p RankBonus,
    /// With `consecutive` > 1, by stable id and then by listed rank: the periods in a
    /// row, up to `consecutive`, the member has been paid as that rank or higher.
    held: Vec<u8>,
}

impl Run<'_> {
    /// The amount due to the member at position `k` this period, after counting this
    /// period into its state.
    fn due(&mut self, ctx: &Context, k: usize) -> f64 {
        let config = self.config;
        if config.consecutive > 1 {
            let rank = ctx.rank[k];
            let stride = config.listed.len();
            let at = ctx.id_of(k) as usize * stride;
            let counts = &mut self.held[at..at + stride];
            for (count, &(listed, _)) in counts.iter_mut().zip(&config.listed) {
                *count = if rank >= listed {
                    (*count + 1).min(config.consecutive)
                } else {
                    0
                };
            }
        }
        self.due_now(ctx, k)
    }

    /// The amount due to the member at position `k` this period, read after
    /// [`Self::due`] has counted the period in.
    fn due_now(&self, ctx: &Context, k: usize) -> f64 {
        let config = self.config;
        let rank = ctx.rank[k];
        if config.consecutive == 1 {
            return config.amount[usize::from(rank)];
        }
        let stride = config.listed.len();
        let at = ctx.id_of(k) as usize * stride;
        let counts = &self.held[at..at + stride];
        // Listed ranks ascend and their counts never increase with the rank: the last
        // one held long enough sets the amount.
        (counts.iter().zip(&config.listed))
            .filter(|(count, _)| **count == config.consecutive)
            .map(|(_, &(_, amount))| amount)
            .next_back()
            .unwrap_or(0.0)
    }
}

impl BonusRun for Run<'_> {
    fn pay(&mut self, ctx: &Context, out: &mut [f64]) -> BonusTotal {
        let n = ctx.len();
        // Ids ascend with position: the last member has the largest id.
        if let Some(last) = n.checked_sub(1).filter(|_| self.config.consecutive > 1) {
            let needed = (ctx.id_of(last) as usize + 1) * self.config.listed.len();
            if self.held.len() < needed {
                self.held.resize(needed, 0);
            }
        }
        let mut total = BonusTotal::default();
        for (k, slot) in out.iter_mut().enumerate().take(n) {
            let due = self.due(ctx, k);
            if due == 0.0 {
                continue;
            }
            total.max_payout += due;
            if ctx.qualified[k] {
                *slot += due;
                total.paid += due;
            }
        }
        total
    }

    fn pay_audited(&mut self, ctx: &Context, out: &mut [f64], audit: &mut Audit) -> BonusTotal {
        let total = self.pay(ctx, out);
        // `pay` moved the consecutive counts on; the amounts due are what it paid to
        // the qualified and, for the others, what it would have (`out` holds only the
        // qualified members' amounts, so the others' are read from the counts now).
        for (k, &paid) in out.iter().enumerate().take(ctx.len()) {
            let id = ctx.id_of(k);
            let name = audit.rank_name(ctx.rank[k]);
            if ctx.qualified[k] {
                if paid > 0.0 {
                    let reason = format!("paid as {name}: the recurring amount of its rank");
                    audit.pay(id, NONE, Step::Own, 0.0, 0.0, paid, reason);
                }
            } else {
                let due = self.due_now(ctx, k);
                if due > 0.0 {
                    let reason = format!("held {name}, but not qualified");
                    audit.broke(id, NONE, Step::Own, due, Cause::Unqualified, reason);
                }
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use crate::input_error::ConfigError;
    use crate::plan::generation::testing::{Org, plan};
    use crate::plan::{NONE, PeriodInput, Plan};

    fn parsed(keys: &str) -> Result<Plan, ConfigError> {
        let ranks = "[[plan.rank]]\nname = \"Leader\"\ngv = 100\n\
            [[plan.rank]]\nname = \"Director\"\ngv = 500";
        crate::plan::tests::one_bonus(ranks, "rank_bonus", keys)
    }

    #[test]
    fn amounts_and_consecutive_are_checked_at_their_keys() {
        assert!(parsed("amounts = { Director = 300 }").is_ok());
        assert!(parsed("amounts = { Leader = 0, Director = 300 }\nconsecutive = 255").is_ok());
        let err = parsed("amounts = { Directr = 300 }").unwrap_err();
        assert_eq!(err.path.to_string(), "plan.bonus[0].amounts.Directr");
        assert_eq!(err.help.as_deref(), Some("did you mean `Director`?"));
        for amount in ["-1", "nan", "inf"] {
            let err = parsed(&format!("amounts = {{ Leader = {amount} }}")).unwrap_err();
            assert_eq!(err.path.to_string(), "plan.bonus[0].amounts.Leader");
        }
        let err = parsed("amounts = {}").unwrap_err();
        assert_eq!(err.path.to_string(), "plan.bonus[0].amounts");
        for k in ["0", "256", "-1", "1.5"] {
            let err =
                parsed(&format!("amounts = {{ Leader = 1 }}\nconsecutive = {k}")).unwrap_err();
            assert_eq!(err.path.to_string(), "plan.bonus[0].consecutive", "{k}");
        }
        let err = parsed("amounts = { Leader = 1 }\nconsecutiv = 3").unwrap_err();
        assert_eq!(err.help.as_deref(), Some("did you mean `consecutive`?"));
        let no_ranks = crate::plan::tests::one_bonus("", "rank_bonus", "amounts = { A = 1 }");
        let err = no_ranks.unwrap_err();
        assert!(err.found.contains("defines no ranks"), "{}", err.found);
    }

    /// In the simulation, leavers vanish from the arrays and positions shift: the
    /// counts must follow stable ids, not positions.
    #[test]
    fn counts_follow_stable_ids_when_positions_change() {
        let plan = parsed("amounts = { Leader = 100, Director = 400 }\nconsecutive = 2").unwrap();
        let mut run = plan.start();
        let mut pay = |id: &[u32], pv: &[f64]| {
            let n = id.len();
            let present = vec![true; n];
            let zeros = vec![0.0; n];
            let joined = vec![1; n];
            let upline = vec![NONE; n];
            let input = PeriodInput {
                period: 1,
                upline: &upline,
                present: &present,
                pv,
                cv: pv,
                retail: &zeros,
                joined: &joined,
                entry_fee: &zeros,
                id,
                placement: &[],
            };
            run.pay(&input).by_bonus[0].clone()
        };
        // Period 1: id 1 Leader, id 2 Director: one period only, nothing yet.
        assert_eq!(pay(&[0, 1, 2], &[10.0, 200.0, 600.0]), [0.0, 0.0, 0.0]);
        // Period 2: id 0 left; id 1 Leader again (100), id 2 Director again (400), new
        // id 3 Director for the first time (0). By position, position 1 (Leader last
        // period) would be paid Leader's 100 only.
        assert_eq!(pay(&[1, 2, 3], &[200.0, 600.0, 600.0]), [100.0, 400.0, 0.0]);
        // Period 3: id 1 Director once after Leader: Leader's 100; id 3: 400.
        assert_eq!(pay(&[1, 2, 3], &[600.0, 10.0, 600.0]), [100.0, 0.0, 400.0]);
    }

    /// Two periods of a 1,000,000-member organisation (linear passes only).
    #[test]
    fn a_million_members_are_paid_in_linear_passes() {
        let org = Org::new(1_000_000);
        let plan = plan(
            "[[plan.bonus]]\nkind = \"rank_bonus\"\n\
             amounts = { Bronze = 50, Silver = 200, Gold = 1000 }\nconsecutive = 2\n",
        );
        let mut run = plan.start();
        let first = run.pay(&org.input(1)).totals.clone();
        assert_eq!(first.max_payout, 0.0, "one period is not two in a row");
        let second = &run.pay(&org.input(2)).totals;
        assert!(second.paid > 0.0 && second.paid <= second.max_payout);
    }
}
