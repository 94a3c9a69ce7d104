//! `weighted_levels`: a fixed share of each member's commissionable volume divided among
//! the uplines present, by weights per level, renormalised over the uplines there are.
//!
//! For a member with volume `CV` and `k` uplines within `weights.len()` levels, the pool
//! `share x CV` is split: the upline `d` levels up gets `share x CV x w_d / (w_1 + ... +
//! w_k)`. With `round_to`, each upline's amount is floored to a multiple of it and what
//! the floors leave goes to the first upline, so the pool is paid in full. A member with
//! no upline pays nothing from the pool (it is breakage). Every present upline is paid
//! (no qualification). This is MagRelo's referralTree reward: 20 % of a purchase up to
//! ten uplines with weights 10000, 6000, ... (ratio 0.6), floored to whole dollars, the
//! remainder to the first upline.
//!
//! ```toml
//! [[plan.bonus]]
//! kind = "weighted_levels"
//! share = 0.20
//! weights = [10000, 6000, 3600, 2160, 1296, 777, 466, 279, 167, 100]
//! round_to = 1.0     # optional: floor each amount to whole currency units
//! ```
//!
//! Vector W-1 (`tests/it/payout_more.rs`): a chain root <- a <- b, b's CV 50, share
//! 0.20, weights [3, 1], whole units: the pool 10.00 splits 7.50 / 2.50, floored 7 / 2,
//! the remainder 1 to a: a is paid 8.00, the root 2.00.

use super::audit::{self, Audit, Cause, Step, percent};
use super::bonus::{Bonus, BonusRun, Context, Scope};
use super::check;
use super::types::{BonusTotal, NONE};
use crate::input_error::{ConfigError, KeyPath, decode};
use serde::Deserialize;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(rename = "kind")]
    _kind: String,
    #[serde(rename = "name")]
    _name: Option<String>,
    share: f64,
    weights: Vec<f64>,
    round_to: Option<f64>,
}

/// The JSON Schema of this kind's table (`downline schema`).
pub(super) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Raw as schemars::JsonSchema>::json_schema(generator)
}

/// A validated weighted-levels bonus.
#[derive(Debug)]
pub struct WeightedLevels {
    share: f64,
    weights: Vec<f64>,
    round_to: Option<f64>,
}

/// Validates a `kind = "weighted_levels"` table.
pub fn parse(value: toml::Value, at: &KeyPath, _: &Scope) -> Result<Box<dyn Bonus>, ConfigError> {
    let raw: Raw = decode(value, at)?;
    let share = check::rate(raw.share, &at.key("share"))?;
    if raw.weights.is_empty() {
        return Err(ConfigError::value(
            at.key("weights"),
            "a weight for each level paid (at least one)",
            "an empty list",
        ));
    }
    for (k, &w) in raw.weights.iter().enumerate() {
        if !(w.is_finite() && w > 0.0) {
            return Err(ConfigError::value(
                at.key("weights").index(k),
                "a weight greater than 0",
                w,
            ));
        }
    }
    if let Some(unit) = raw.round_to {
        if !(unit.is_finite() && unit > 0.0) {
            return Err(ConfigError::value(
                at.key("round_to"),
                "an amount greater than 0 (the unit amounts are floored to)",
                unit,
            ));
        }
    }
    Ok(Box::new(WeightedLevels {
        share,
        weights: raw.weights,
        round_to: raw.round_to,
    }))
}

impl Bonus for WeightedLevels {
    fn start(&self) -> Box<dyn BonusRun + Send + '_> {
        Box::new(Run {
            bonus: self,
            uplines: Vec::new(),
            amounts: Vec::new(),
        })
    }
}

struct Run<'p> {
    bonus: &'p WeightedLevels,
    /// One member's uplines, nearest first.
    uplines: Vec<usize>,
    /// What each of them is given (rounded down to `round_to`).
    amounts: Vec<f64>,
}

impl Run<'_> {
    /// Member `i`'s uplines (at most one per weight) and what each is given of `pool`
    /// before the rounding remainder, into `uplines` and `amounts`.
    fn split(&mut self, ctx: &Context, i: usize, pool: f64) {
        let WeightedLevels {
            weights, round_to, ..
        } = self.bonus;
        self.uplines.clear();
        let mut up = ctx.upline[i];
        while up != NONE && self.uplines.len() < weights.len() {
            self.uplines.push(up as usize);
            up = ctx.upline[up as usize];
        }
        let sum: f64 = weights[..self.uplines.len()].iter().sum();
        self.amounts.clear();
        self.amounts
            .extend(weights.iter().take(self.uplines.len()).map(|w| {
                let exact = pool * w / sum;
                match round_to {
                    Some(unit) => (exact / unit).floor() * unit,
                    None => exact,
                }
            }));
    }
}

impl BonusRun for Run<'_> {
    fn pay(&mut self, ctx: &Context, out: &mut [f64]) -> BonusTotal {
        let share = self.bonus.share;
        let mut total = BonusTotal::default();
        for i in 0..ctx.len() {
            if !ctx.present[i] || ctx.cv[i] <= 0.0 {
                continue;
            }
            let pool = share * ctx.cv[i];
            total.max_payout += pool;
            self.split(ctx, i, pool);
            if self.uplines.is_empty() {
                continue;
            }
            let mut given = 0.0;
            for (&u, &amount) in self.uplines.iter().zip(&self.amounts) {
                out[u] += amount;
                given += amount;
            }
            // What the floors left goes to the first upline; the pool is paid in full.
            let first = self.uplines[0];
            out[first] += pool - given;
            total.paid += pool;
        }
        total
    }

    fn pay_audited(&mut self, ctx: &Context, out: &mut [f64], audit: &mut Audit) -> BonusTotal {
        let total = self.pay(ctx, out);
        let WeightedLevels { share, weights, .. } = self.bonus;
        for i in 0..ctx.len() {
            if !ctx.present[i] || ctx.cv[i] <= 0.0 {
                continue;
            }
            let source = ctx.id_of(i);
            let cv = ctx.cv[i];
            let pool = share * cv;
            self.split(ctx, i, pool);
            if self.uplines.is_empty() {
                let reason = format!(
                    "{} of {} CV with no upline to share it",
                    percent(*share),
                    audit::amount(cv)
                );
                audit.broke(NONE, source, Step::Own, pool, Cause::Depth, reason);
                continue;
            }
            let sum: f64 = weights[..self.uplines.len()].iter().sum();
            let mut given = 0.0;
            for (d, (&u, &amount)) in self.uplines.iter().zip(&self.amounts).enumerate() {
                given += amount;
                let reason = format!(
                    "weight {} of {} on {} levels of a {} pool ({} of {} CV)",
                    weights[d],
                    sum,
                    self.uplines.len(),
                    audit::amount(pool),
                    percent(*share),
                    audit::amount(cv)
                );
                let step = Step::Level(d as u32 + 1);
                audit.pay(ctx.id_of(u), source, step, cv, amount / cv, amount, reason);
            }
            let rest = pool - given;
            if rest != 0.0 {
                let reason = "what rounding left of the pool goes to the first upline".to_string();
                audit.pay(
                    ctx.id_of(self.uplines[0]),
                    source,
                    Step::Level(1),
                    cv,
                    rest / cv,
                    rest,
                    reason,
                );
            }
        }
        total
    }
}
