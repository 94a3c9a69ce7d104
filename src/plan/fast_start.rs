//! `fast_start`: rates on a new member's volume during their first months, up the
//! sponsor line.
//!
//! Fast-start bonuses reward recruiting rather than lasting sales: a member's
//! commissionable volume pays `rates` by level (like a unilevel) only in its first
//! `months` periods, counting the joining period (`joined .. joined + months - 1`).
//! After that window the same volume pays nothing through this bonus. Pay follows the
//! roll-up line with `compression` (default `skip_inactive`, see [`super::levels`]).
//!
//! ```toml
//! [[plan.bonus]]
//! kind = "fast_start"
//! rates = [0.20, 0.10, 0.05]
//! months = 2
//! ```
//!
//! Golden vector: F-1 (`reference/plan-vectors.md`).

use super::BonusTotal;
use super::bonus::{Bonus, BonusRun, Context, Scope};
use super::levels::{Compression, LevelPay, LevelRates, RawLevels};
use crate::scenario::error::{ConfigError, KeyPath, decode};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(rename = "kind")]
    _kind: String,
    #[serde(rename = "name")]
    _name: Option<String>,
    rates: Vec<f64>,
    months: u32,
    compression: Option<Compression>,
}

/// A validated fast-start bonus.
#[derive(Debug)]
pub struct FastStart {
    levels: LevelRates,
    /// Length of the window, in periods (>= 1).
    months: u32,
}

/// Validates a `kind = "fast_start"` table.
pub fn parse(
    value: toml::Value,
    at: &KeyPath,
    scope: &Scope,
) -> Result<Box<dyn Bonus>, ConfigError> {
    let raw: Raw = decode(value, at)?;
    if raw.months == 0 {
        return Err(ConfigError::value(
            at.key("months"),
            "at least 1 month (the joining period counts)",
            0,
        ));
    }
    let levels = LevelRates::from_raw(
        RawLevels {
            rates: raw.rates,
            compression: raw.compression,
            base_levels: None,
            levels_by_rank: None,
        },
        at,
        scope,
    )?;
    Ok(Box::new(FastStart {
        levels,
        months: raw.months,
    }))
}

impl FastStart {
    /// Whether a member who joined in `joined` is in its window in `period`.
    fn in_window(&self, joined: u32, period: u32) -> bool {
        period >= joined && u64::from(period - joined) < u64::from(self.months)
    }
}

impl Bonus for FastStart {
    fn start(&self) -> Box<dyn BonusRun + Send + '_> {
        Box::new(Run {
            config: self,
            walk: self.levels.start(),
        })
    }
}

struct Run<'p> {
    config: &'p FastStart,
    walk: LevelPay<'p>,
}

impl BonusRun for Run<'_> {
    fn pay(&mut self, ctx: &Context, out: &mut [f64]) -> BonusTotal {
        self.walk.prepare(ctx);
        let mut total = BonusTotal::default();
        for (i, &cv) in ctx.cv.iter().enumerate() {
            if cv == 0.0 || !self.config.in_window(ctx.joined[i], ctx.period) {
                continue;
            }
            total.paid += self.walk.pay(ctx, i, cv, out);
            total.max_payout += self.config.levels.max_payout(cv, ctx.depth[i]);
        }
        total
    }
}
