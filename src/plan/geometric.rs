//! `geometric`: a share of each member's commissionable volume to every upline, however
//! far up, falling geometrically with distance: the upline `d` levels up is paid
//! `CV x rate x ratio^(d - 1)`.
//!
//! This is the commission of Smart's (2015) published model (a sale pays `0.25^d` of its
//! value to the upline `d` levels up, to the root), and of any "infinite depth" plan.
//! Every present upline is paid (no qualification, no compression; pay follows the
//! roll-up line), so nothing is breakage. One reverse pass over the members computes it:
//! with `A_i = CV_i + ratio x (A of i's children summed)`, member `i` is paid
//! `rate x (A of its children summed)`.
//!
//! ```toml
//! [[plan.bonus]]
//! kind = "geometric"
//! rate = 0.25     # to the sponsor (d = 1)
//! ratio = 0.25    # each further level gets this share of the level below's rate
//! ```
//!
//! Vector G-1 (`tests/it/payout_more.rs`): a chain root <- a <- b, b's CV 100, rate 0.25,
//! ratio 0.25: a is paid 25.00, the root 6.25.

use super::audit::{self, Audit, Step, percent};
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
    rate: f64,
    ratio: f64,
}

/// The JSON Schema of this kind's table (`downline schema`).
pub(super) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Raw as schemars::JsonSchema>::json_schema(generator)
}

/// A validated geometric bonus.
#[derive(Debug)]
pub struct Geometric {
    rate: f64,
    ratio: f64,
}

/// Validates a `kind = "geometric"` table.
pub fn parse(value: toml::Value, at: &KeyPath, _: &Scope) -> Result<Box<dyn Bonus>, ConfigError> {
    let raw: Raw = decode(value, at)?;
    let rate = check::rate(raw.rate, &at.key("rate"))?;
    let ratio = raw.ratio;
    if !(0.0..1.0).contains(&ratio) {
        return Err(ConfigError::value(
            at.key("ratio"),
            "a ratio of at least 0 and below 1 (so that the total over all levels is finite)",
            ratio,
        ));
    }
    if rate / (1.0 - ratio) > 1.0 {
        return Err(ConfigError::value(
            at.key("rate"),
            format!(
                "rates that add up to at most 1 over all levels (rate / (1 - ratio) = {})",
                rate / (1.0 - ratio)
            ),
            rate,
        ));
    }
    Ok(Box::new(Geometric { rate, ratio }))
}

impl Bonus for Geometric {
    fn start(&self) -> Box<dyn BonusRun + Send + '_> {
        Box::new(Run {
            bonus: self,
            below: Vec::new(),
        })
    }
}

struct Run<'p> {
    bonus: &'p Geometric,
    /// Per member: the geometric sum of its children's volume aggregates.
    below: Vec<f64>,
}

impl BonusRun for Run<'_> {
    fn pay(&mut self, ctx: &Context, out: &mut [f64]) -> BonusTotal {
        let (rate, ratio) = (self.bonus.rate, self.bonus.ratio);
        let n = ctx.len();
        self.below.clear();
        self.below.resize(n, 0.0);
        let mut total = BonusTotal::default();
        // Downline before upline: every upline has a smaller position.
        for i in (0..n).rev() {
            if !ctx.present[i] {
                continue;
            }
            let aggregate = ctx.cv[i] + ratio * self.below[i];
            let up = ctx.upline[i];
            if up != NONE {
                self.below[up as usize] += aggregate;
            }
        }
        for ((slot, &below), &present) in out.iter_mut().zip(&self.below).zip(ctx.present) {
            if present {
                let amount = rate * below;
                *slot += amount;
                total.paid += amount;
            }
        }
        total.max_payout = total.paid;
        total
    }

    fn pay_audited(&mut self, ctx: &Context, out: &mut [f64], audit: &mut Audit) -> BonusTotal {
        let total = self.pay(ctx, out);
        let (rate, ratio) = (self.bonus.rate, self.bonus.ratio);
        // Each volume up the whole line: level l pays rate x ratio^(l - 1). Terms
        // below a millionth of a cent are left out (they add up to far less than one).
        for i in 0..ctx.len() {
            let cv = ctx.cv[i];
            if !ctx.present[i] || cv == 0.0 {
                continue;
            }
            let source = ctx.id_of(i);
            let mut level_rate = rate;
            let mut level = 1;
            let mut up = ctx.upline[i];
            while up != NONE && (level_rate * cv).abs() >= 1e-8 {
                let reason = format!(
                    "level {level}: {} x {}^{} of {} CV",
                    percent(rate),
                    ratio,
                    level - 1,
                    audit::amount(cv)
                );
                let payee = ctx.id_of(up as usize);
                audit.pay(
                    payee,
                    source,
                    Step::Level(level),
                    cv,
                    level_rate,
                    cv * level_rate,
                    reason,
                );
                level_rate *= ratio;
                level += 1;
                up = ctx.upline[up as usize];
            }
        }
        total
    }
}
