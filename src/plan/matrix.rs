//! `matrix`: a forced matrix, `width` positions wide and len(`rates`) levels deep.
//!
//! Every position in the placement tree has at most `width` frontline positions; a
//! sponsor whose frontline is full places new recruits deeper in its matrix
//! (*spillover*, see [`super::placement`]), so members are told they will be paid on
//! people their upline recruited. Each member's commissionable volume pays `rates[0]` to
//! its placement parent, `rates[1]` to the parent's parent, and so on for len(`rates`)
//! levels. There is no compression: an upline position whose holder is not qualified
//! (inactive, or quit: positions stay in the tree) loses that share to the company, and
//! volume deeper than the matrix pays nothing, however much of it there is.
//!
//! ```toml
//! [[plan.bonus]]
//! kind = "matrix"
//! width = 3                  # frontline positions per member (>= 1)
//! rates = [0.10, 0.05]       # by placement level, summing to at most 1
//! spillover = "bfs"          # bfs (default) | weak_leg
//! rates_by_rank = { Director = [0.10, 0.05, 0.05] }   # optional: by the holder's rank
//! ```
//!
//! With `rates_by_rank` (see [`super::levels::RankRates`]) a position earns, at each
//! level, the rate of its holder's paid-as rank, and nothing beyond its list; the matrix
//! is as deep as the longest list.
//!
//! The algorithm, for one period: members seen for the first time are placed; then, one
//! level at a time, the CV exactly `l` levels below every position is summed (level 1:
//! each position's children's CV; level l + 1: level l moved up to the parents), and
//! each position earns `rates[l - 1] x (CV l levels below)`; a qualified member is paid
//! what its position earns. Each member's CV thus pays `rates[l - 1]` to its l-th
//! placement ancestor when that one qualifies. O(ids x len(rates)) time over a few
//! member-sized arrays, which stay in cache at a million members.
//!
//! `max_payout`: every present member's CV times the sum of the rates of the levels
//! that have a position above it, as if every ancestor position qualified (including
//! positions of members who quit: their share is breakage); with `rates_by_rank`, at the
//! best rate any rank earns at each level.
//!
//! Golden vector M-1 (`reference/plan-vectors.md`), with both spillover rules;
//! hand-worked vectors in `tests/it/payout_tree.rs`; H-rates-matrix
//! (`rates_by_rank`) in `tests/it/payout_rates.rs`.

use super::audit::{self, Audit, Cause, Step, TreeRow, percent};
use super::bonus::{Bonus, BonusRun, Context, Scope};
use super::levels::{RankRates, RawRates};
use super::placement::{PlacementTree, Rule};
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
    width: u32,
    rates: Vec<f64>,
    rates_by_rank: Option<BTreeMap<String, Vec<f64>>>,
    #[serde(default)]
    spillover: RawSpillover,
}

/// The JSON Schema of this kind's table (`downline schema`).
pub(super) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Raw as schemars::JsonSchema>::json_schema(generator)
}

/// `spillover = "..."`.
#[derive(Clone, Copy, Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
enum RawSpillover {
    #[default]
    Bfs,
    WeakLeg,
}

/// A validated matrix bonus.
#[derive(Debug)]
pub struct Matrix {
    /// Frontline positions per member, >= 1.
    width: u32,
    /// By placement level, and by the paid-as rank of the position's holder.
    rates: RankRates,
    spillover: Rule,
}

/// Validates a `kind = "matrix"` table.
pub fn parse(
    value: toml::Value,
    at: &KeyPath,
    scope: &Scope,
) -> Result<Box<dyn Bonus>, ConfigError> {
    let raw: Raw = decode(value, at)?;
    if raw.width == 0 {
        return Err(ConfigError::value(
            at.key("width"),
            "a width of at least 1 (frontline positions per member)",
            0,
        ));
    }
    let rates = RankRates::from_raw(RawRates::by_rank(raw.rates, raw.rates_by_rank), at, scope)?;
    Ok(Box::new(Matrix {
        width: raw.width,
        rates,
        spillover: match raw.spillover {
            RawSpillover::Bfs => Rule::Bfs,
            RawSpillover::WeakLeg => Rule::FrontlineWeakLeg,
        },
    }))
}

impl Bonus for Matrix {
    fn start(&self) -> Box<dyn BonusRun + Send + '_> {
        Box::new(Run {
            bonus: self,
            tree: PlacementTree::matrix(self.width, self.spillover),
            below: Vec::new(),
            below_next: Vec::new(),
            earned: Vec::new(),
            parent: Vec::new(),
            cv: Vec::new(),
            rank: Vec::new(),
        })
    }
}

/// One run: the matrix and a buffer by stable id.
struct Run<'p> {
    bonus: &'p Matrix,
    tree: PlacementTree,
    /// This period's CV by id.
    cv: Vec<f64>,
    /// CV exactly `l` levels below each id, for the level being summed, and the next.
    below: Vec<f64>,
    below_next: Vec<f64>,
    /// What each id's position earns (whether or not its holder qualifies).
    earned: Vec<f64>,
    /// Each id's placement parent, copied once a period for the per-level passes.
    parent: Vec<u32>,
    /// This period's paid-as rank by id (only with rates by rank).
    rank: Vec<u8>,
}

impl BonusRun for Run<'_> {
    fn pay(&mut self, ctx: &Context, out: &mut [f64]) -> BonusTotal {
        self.tree.place_new_members(ctx);
        let n = self.tree.len();
        self.cv.clear();
        self.cv.resize(n, 0.0);
        for k in 0..ctx.len() {
            self.cv[ctx.id_of(k) as usize] = ctx.cv[k];
        }
        self.earned.clear();
        self.earned.resize(n, 0.0);
        // Level by level over member-sized arrays (which stay in cache): `below` starts
        // as the CV one level below each position (its children's), and each further
        // level is the previous one moved up to the parents.
        for buffer in [&mut self.below, &mut self.below_next] {
            buffer.clear();
            buffer.resize(n, 0.0);
        }
        self.parent.clear();
        self.parent
            .extend(self.tree.parents().map(|(parent, _)| parent));
        for (id, &parent) in self.parent.iter().enumerate() {
            if parent != NONE {
                self.below[parent as usize] += self.cv[id];
            }
        }
        let rates = &self.bonus.rates;
        if rates.by_rank() {
            self.rank.clear();
            self.rank.resize(n, 0);
            for k in 0..ctx.len() {
                self.rank[ctx.id_of(k) as usize] = ctx.rank[k];
            }
        }
        let mut max_payout = 0.0;
        let depth = rates.depth();
        for level in 0..depth {
            match rates.row(level) {
                None => {
                    let rate = rates.flat_rate(level);
                    for (earned, &volume) in self.earned.iter_mut().zip(&self.below) {
                        *earned += rate * volume;
                    }
                }
                // Each position earns the rate of its holder's rank, and could have
                // earned the best rate of the level.
                Some(row) => {
                    let mut volume_at_level = 0.0;
                    let by_id = self.earned.iter_mut().zip(&self.below).zip(&self.rank);
                    for ((earned, &volume), &rank) in by_id {
                        *earned += row[usize::from(rank)] * volume;
                        volume_at_level += volume;
                    }
                    max_payout += rates.best(level) * volume_at_level;
                }
            }
            if level + 1 == depth {
                break;
            }
            self.below_next.fill(0.0);
            for (&parent, &volume) in self.parent.iter().zip(&self.below) {
                if parent != NONE && volume != 0.0 {
                    self.below_next[parent as usize] += volume;
                }
            }
            std::mem::swap(&mut self.below, &mut self.below_next);
        }
        if !rates.by_rank() {
            max_payout = self.earned.iter().sum();
        }
        let mut total = BonusTotal {
            paid: 0.0,
            max_payout,
        };
        for (k, out) in out.iter_mut().enumerate() {
            if ctx.qualified[k] {
                let earned = self.earned[ctx.id_of(k) as usize];
                *out += earned;
                total.paid += earned;
            }
        }
        total
    }

    fn pay_audited(&mut self, ctx: &Context, out: &mut [f64], audit: &mut Audit) -> BonusTotal {
        let total = self.pay(ctx, out);
        let n = self.tree.len();
        // Position in this period's input by id (absent: not in the input).
        let mut position = vec![usize::MAX; n];
        for k in 0..ctx.len() {
            position[ctx.id_of(k) as usize] = k;
        }
        let qualified = |id: u32| {
            let k = position[id as usize];
            k != usize::MAX && ctx.qualified[k]
        };
        let rates = &self.bonus.rates;
        for (id, &cv) in self.cv.iter().enumerate() {
            if cv == 0.0 {
                continue;
            }
            let source = id as u32;
            let mut up = self.parent[id];
            for level in 0..rates.depth() {
                if up == NONE {
                    break;
                }
                let step = Step::Level(level as u32 + 1);
                let best = rates.best(level);
                if qualified(up) {
                    let rank = ctx.rank[position[up as usize]];
                    let rate = rates.rate_for(rank, level);
                    if rate > 0.0 {
                        let reason = format!(
                            "matrix level {}: {} of {} CV",
                            level + 1,
                            percent(rate),
                            audit::amount(cv)
                        );
                        audit.pay(up, source, step, cv, rate, cv * rate, reason);
                    }
                    if best > rate {
                        let name = audit.rank_name(rank);
                        let reason = format!(
                            "matrix level {}: paid as {name}, below the best rate {}",
                            level + 1,
                            percent(best)
                        );
                        audit.broke(up, source, step, cv * (best - rate), Cause::Depth, reason);
                    }
                } else {
                    let reason = format!(
                        "matrix level {}: the position's holder is not qualified (or has left); no compression",
                        level + 1
                    );
                    audit.broke(up, source, step, cv * best, Cause::Unqualified, reason);
                }
                up = self.parent[up as usize];
            }
        }
        // The placement tree: each position's parent, its place under it and the CV of
        // its whole placement downline.
        let mut below = self.cv.clone();
        for (id, &parent) in self.parent.iter().enumerate().rev() {
            if parent != NONE {
                below[parent as usize] += below[id];
            }
        }
        for (id, (parent, slot)) in self.tree.parents().enumerate() {
            if position[id] == usize::MAX {
                continue;
            }
            audit.tree.push(TreeRow {
                bonus: 0,
                week: 0,
                member: id as u32,
                parent,
                side: if parent == NONE {
                    String::new()
                } else {
                    (slot + 1).to_string()
                },
                left: below[id] - self.cv[id],
                right: 0.0,
                carry_in: [0.0; 2],
                carry_out: [0.0; 2],
                cycles: 0.0,
            });
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Plan;
    use crate::plan::placement::testing;
    use proptest::prelude::*;

    fn plan(bonus: &str, active_pv: u32) -> Result<Plan, ConfigError> {
        crate::plan::tests::one_bonus(&format!("active_pv = {active_pv}"), "matrix", bonus)
    }

    fn rejected(bonus: &str) -> ConfigError {
        crate::plan::tests::must_reject(plan(bonus, 0))
    }

    #[test]
    fn width_rates_and_spillover_are_checked_at_their_keys() {
        let err = rejected("width = 0\nrates = [0.1]");
        assert_eq!(err.path.to_string(), "plan.bonus[0].width");
        let err = rejected("width = -2\nrates = [0.1]");
        assert_eq!(err.path.to_string(), "plan.bonus[0].width");
        let err = rejected("rates = [0.1]");
        assert_eq!(err.expected, "a key `width`");
        let err = rejected("width = 3\nrates = [0.1, -0.05]");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates[1]");
        let err = rejected("width = 3\nrates = [0.6, 0.6]");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates");
        let err = rejected("width = 3\nrates = []");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates");
        let err = rejected("width = 3\nrates = [0.1]\nspillover = \"weak\"");
        assert_eq!(err.path.to_string(), "plan.bonus[0].spillover");
        let err = rejected("width = 3\nrates = [0.1]\nspilover = \"bfs\"");
        assert_eq!(err.help.as_deref(), Some("did you mean `spillover`?"));
        assert!(plan("width = 1\nrates = [0.1, 0.2]\nspillover = \"weak_leg\"", 0).is_ok());
        let err = rejected("width = 3\nrates = [0.1]\nrates_by_rank = { Gold = [0.2] }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates_by_rank.Gold");
        let err = rejected("width = 3\nrates = [0.1]\nlevels_by_rank = { Gold = 1 }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].levels_by_rank");
    }

    #[test]
    #[cfg_attr(debug_assertions, ignore = "a million members: release builds only")]
    fn a_million_member_organisation_is_placed_and_paid() {
        // The weak-leg rule's placement cost is timed in `placement::tests`.
        let keys = "width = 3\nrates = [0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05]";
        let plan = plan(keys, 100).unwrap();
        testing::pay_two_periods(&plan, 1_000_000);
    }

    proptest! {
        #[test]
        fn pay_is_the_same_whether_quitters_are_listed_absent_or_left_out(
            h in testing::history(),
            width in 1u32..4,
            spillover in prop_oneof![Just("bfs"), Just("weak_leg")],
            active in prop_oneof![Just(0u32), Just(100u32)],
        ) {
            let keys = format!(
                "width = {width}\nrates = [0.1, 0.05, 0.02]\nspillover = \"{spillover}\""
            );
            let plan = plan(&keys, active).unwrap();
            let full = testing::pay(&plan, &h, false);
            let compact = testing::pay(&plan, &h, true);
            for (p, (f, c)) in full.iter().zip(&compact).enumerate() {
                prop_assert_eq!(&f.by_id, &c.by_id);
                prop_assert!((f.totals.max_payout - c.totals.max_payout).abs() < 1e-9);
                prop_assert!(f.totals.paid <= f.totals.max_payout + 1e-9);
                for (id, &paid) in f.by_id.iter().enumerate() {
                    prop_assert!(paid == 0.0 || f.qualified_by_id[id]);
                }
                // With everyone active and no one gone, nothing breaks.
                let nobody_quit = h.quit.iter().all(|&q| q > p as u32);
                if active == 0 && nobody_quit {
                    prop_assert!(f.totals.breakage.abs() < 1e-9);
                }
            }
        }
    }
}
