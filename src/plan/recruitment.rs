//! `recruitment`: shares of each new member's entry fee, up the sponsor line.
//!
//! This is the defining mechanism of a pyramid scheme: money flows up because people
//! join, not because anyone buys a product. In its joining period, a new member's
//! `entry_fee` pays `rates` by level up the roll-up line, with `compression` (default
//! `skip_inactive`, see [`super::levels`]). Fees paid in later periods (a monthly fee)
//! do not count. Note that a `payout_cap` is a share of CV, not of fees: a plan that
//! pays only on fees and has no product volume pays nothing under a cap.
//!
//! ```toml
//! [[plan.bonus]]
//! kind = "recruitment"
//! rates = [0.40, 0.10]
//! ```

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
    compression: Option<Compression>,
}

/// The JSON Schema of this kind's table (`downline schema`).
pub(super) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Raw as schemars::JsonSchema>::json_schema(generator)
}

/// A validated recruitment bonus.
#[derive(Debug)]
pub struct Recruitment {
    levels: LevelRates,
}

/// Validates a `kind = "recruitment"` table.
pub fn parse(
    value: toml::Value,
    at: &KeyPath,
    scope: &Scope,
) -> Result<Box<dyn Bonus>, ConfigError> {
    let raw: Raw = decode(value, at)?;
    let levels = LevelRates::from_raw(
        RawLevels::without_ranks(raw.rates, raw.compression),
        at,
        scope,
    )?;
    Ok(Box::new(Recruitment { levels }))
}

impl LevelBonus for Recruitment {
    fn levels(&self) -> &LevelRates {
        &self.levels
    }

    fn word(&self) -> &'static str {
        "entry fee"
    }

    /// A new member's entry fee pays up the line in their joining period.
    fn base(&self, ctx: &Context, i: usize) -> f64 {
        if ctx.present[i] && ctx.joined[i] == ctx.period {
            ctx.entry_fee[i]
        } else {
            0.0
        }
    }
}
