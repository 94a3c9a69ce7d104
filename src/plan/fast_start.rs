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

use super::bonus::{Bonus, Context, Scope};
use super::levels::{Compression, LevelBonus, LevelRates, RawLevels};
use crate::input_error::{ConfigError, KeyPath, decode};
use serde::Deserialize;

#[derive(Deserialize, schemars::JsonSchema)]
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

/// The JSON Schema of this kind's table (`downline schema`).
pub(super) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Raw as schemars::JsonSchema>::json_schema(generator)
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
        RawLevels::without_ranks(raw.rates, raw.compression),
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

impl LevelBonus for FastStart {
    fn levels(&self) -> &LevelRates {
        &self.levels
    }

    fn word(&self) -> &'static str {
        "fast-start CV"
    }

    /// A member's CV pays up the line only in their first `months` periods.
    fn base(&self, ctx: &Context, i: usize) -> f64 {
        if self.in_window(ctx.joined[i], ctx.period) {
            ctx.cv[i]
        } else {
            0.0
        }
    }
}
