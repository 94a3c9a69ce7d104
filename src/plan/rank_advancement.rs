//! `rank_advancement`: one-time amounts for first reaching a rank.
//!
//! Plans advertise rank advancement awards ("reach Director, earn a 500 bonus") as a
//! reward for building: a member is paid `amounts[r]` in the first period in which its
//! paid-as rank is at or above rank r, once in its whole membership. Reaching two listed
//! ranks at once pays both. The award is paid only if the member is qualified in that
//! period; otherwise it is forfeited (breakage) and never paid later, even if the member
//! qualifies at the same rank afterwards. Losing a rank and regaining it pays nothing.
//!
//! ```toml
//! [[plan.bonus]]
//! kind = "rank_advancement"
//! amounts = { Leader = 100, Director = 250, Executive = 500 }   # money, each >= 0
//! ```
//!
//! State, kept across periods and keyed by the member's stable id (positions change when
//! members leave): the highest rank already awarded or forfeited (0: none). Each period,
//! a member whose paid-as rank r exceeds it is due the amounts of every listed rank
//! above it, up to r; then its state becomes r. Ranks are recomputed every period, so a
//! rank is "reached" in the first period in which the member is paid as it (or higher).
//!
//! `max_payout`: the amounts due this period, qualified or not (a forfeited award is
//! breakage in the period it is forfeited).
//!
//! Vector: H-rankadv in `tests/it/payout_more.rs` (Leader, then a jump of two ranks, then the
//! same rank, a drop and a return; a forfeited award).

use super::audit::{Audit, Cause, Step};
use super::bonus::{Bonus, BonusRun, Context, Scope};
use super::check;
use super::types::{BonusTotal, NONE};
use crate::input_error::{ConfigError, KeyPath, decode};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(rename = "kind")]
    _kind: String,
    #[serde(rename = "name")]
    _name: Option<String>,
    amounts: BTreeMap<String, f64>,
}

/// The JSON Schema of this kind's table (`downline schema`).
pub(super) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Raw as schemars::JsonSchema>::json_schema(generator)
}

/// A validated rank advancement bonus.
#[derive(Debug)]
pub struct RankAdvancement {
    /// Award for first reaching each rank number (index 0 = no rank: 0).
    amounts: Vec<f64>,
}

/// Validates a `kind = "rank_advancement"` table.
pub fn parse(
    value: toml::Value,
    at: &KeyPath,
    scope: &Scope,
) -> Result<Box<dyn Bonus>, ConfigError> {
    let raw: Raw = decode(value, at)?;
    let at = at.key("amounts");
    if raw.amounts.is_empty() {
        return Err(
            ConfigError::value(at, "at least one rank with its award", "an empty table")
                .with_help("write e.g. `amounts = { Director = 500 }`"),
        );
    }
    let mut amounts = vec![0.0; scope.rank_names.len() + 1];
    for (name, amount) in raw.amounts {
        let rank = scope.rank(&name, at.key(&name))?;
        amounts[usize::from(rank)] = check::non_negative(amount, &at.key(&name))?;
    }
    Ok(Box::new(RankAdvancement { amounts }))
}

impl Bonus for RankAdvancement {
    fn start(&self) -> Box<dyn BonusRun + Send + '_> {
        Box::new(Run {
            config: self,
            reached: Vec::new(),
        })
    }
}

struct Run<'p> {
    config: &'p RankAdvancement,
    /// By stable id: the highest rank already awarded or forfeited (0: none).
    reached: Vec<u8>,
}

impl BonusRun for Run<'_> {
    fn pay(&mut self, ctx: &Context, out: &mut [f64]) -> BonusTotal {
        let n = ctx.len();
        // Ids ascend with position: the last member has the largest id.
        if let Some(last) = n.checked_sub(1) {
            let needed = ctx.id_of(last) as usize + 1;
            if self.reached.len() < needed {
                self.reached.resize(needed, 0);
            }
        }
        let amounts = &self.config.amounts;
        let mut total = BonusTotal::default();
        for (k, slot) in out.iter_mut().enumerate() {
            let rank = ctx.rank[k];
            let reached = &mut self.reached[ctx.id_of(k) as usize];
            if rank <= *reached {
                continue;
            }
            let due: f64 = amounts[usize::from(*reached) + 1..=usize::from(rank)]
                .iter()
                .sum();
            *reached = rank;
            total.max_payout += due;
            if ctx.qualified[k] {
                *slot += due;
                total.paid += due;
            }
        }
        total
    }
    fn pay_audited(&mut self, ctx: &Context, out: &mut [f64], audit: &mut Audit) -> BonusTotal {
        let before: Vec<u8> = (0..ctx.len())
            .map(|k| {
                self.reached
                    .get(ctx.id_of(k) as usize)
                    .copied()
                    .unwrap_or(0)
            })
            .collect();
        let total = self.pay(ctx, out);
        let amounts = &self.config.amounts;
        for (k, &reached) in before.iter().enumerate() {
            let rank = ctx.rank[k];
            if rank <= reached {
                continue;
            }
            let id = ctx.id_of(k);
            let steps = usize::from(reached) + 1..=usize::from(rank);
            for (step, &due) in steps.clone().zip(&amounts[steps]) {
                if due == 0.0 {
                    continue;
                }
                if ctx.qualified[k] {
                    let name = audit.rank_name(step as u8);
                    let reason = format!("first time paid as {name}: one-time award");
                    audit.pay(id, NONE, Step::Own, 0.0, 0.0, due, reason);
                } else {
                    let name = audit.rank_name(step as u8);
                    let reason =
                        format!("{name} reached for the first time, but not qualified: forfeited");
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
        crate::plan::tests::one_bonus(ranks, "rank_advancement", keys)
    }

    #[test]
    fn amounts_name_existing_ranks_and_are_not_negative() {
        assert!(parsed("amounts = { Leader = 100, Director = 0 }").is_ok());
        let err = parsed("amounts = { Leadr = 100 }").unwrap_err();
        assert_eq!(err.path.to_string(), "plan.bonus[0].amounts.Leadr");
        assert_eq!(err.help.as_deref(), Some("did you mean `Leader`?"));
        for amount in ["-1", "nan", "inf"] {
            let err = parsed(&format!("amounts = {{ Director = {amount} }}")).unwrap_err();
            assert_eq!(
                err.path.to_string(),
                "plan.bonus[0].amounts.Director",
                "{amount}"
            );
        }
        let err = parsed("amounts = {}").unwrap_err();
        assert_eq!(err.path.to_string(), "plan.bonus[0].amounts");
        let err = parsed("amount = { Leader = 1 }").unwrap_err();
        assert_eq!(err.path.to_string(), "plan.bonus[0].amount");
        assert_eq!(err.help.as_deref(), Some("did you mean `amounts`?"));
    }

    /// In the simulation, leavers vanish from the arrays and positions shift: the award
    /// state must follow stable ids, not positions.
    #[test]
    fn awards_follow_stable_ids_when_positions_change() {
        let plan = parsed("amounts = { Leader = 100, Director = 400 }").unwrap();
        let mut run = plan.start();
        let pay = |run: &mut crate::plan::PlanRun, id: &[u32], upline: &[u32], pv: &[f64]| {
            let n = id.len();
            let present = vec![true; n];
            let zeros = vec![0.0; n];
            let joined = vec![1; n];
            let input = PeriodInput {
                period: 1,
                upline,
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
        // Period 1: ids 0, 1, 2 (three roots); id 1 reaches Leader (GV 200), id 2
        // Director (GV 600).
        let paid = pay(&mut run, &[0, 1, 2], &[NONE; 3], &[10.0, 200.0, 600.0]);
        assert_eq!(paid, [0.0, 100.0, 500.0]);
        // Period 2: id 0 left; id 2 is at position 1 and still Director: nothing. New
        // id 3 at position 2 reaches Leader: 100. Had the state been kept by position,
        // position 1 (Leader paid) would pay Director 400, and position 2 nothing.
        let paid = pay(&mut run, &[1, 2, 3], &[NONE; 3], &[200.0, 600.0, 150.0]);
        assert_eq!(paid, [0.0, 0.0, 100.0]);
        // Period 3: id 1 reaches Director: 400 only.
        let paid = pay(&mut run, &[1, 2, 3], &[NONE; 3], &[600.0, 600.0, 150.0]);
        assert_eq!(paid, [400.0, 0.0, 0.0]);
    }

    /// Two periods of a 1,000,000-member organisation (linear passes only).
    #[test]
    fn a_million_members_are_paid_in_linear_passes() {
        let org = Org::new(1_000_000);
        let plan = plan(
            "[[plan.bonus]]\nkind = \"rank_advancement\"\n\
             amounts = { Bronze = 50, Silver = 200, Gold = 1000 }\n",
        );
        let mut run = plan.start();
        let first = run.pay(&org.input(1)).totals.clone();
        assert!(first.paid > 0.0);
        let second = &run.pay(&org.input(2)).totals;
        assert_eq!(
            second.max_payout, 0.0,
            "the same ranks are not awarded twice"
        );
    }
}
