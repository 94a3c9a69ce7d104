//! `unilevel`: rates by level of the sponsor tree.
//!
//! Every member's commissionable volume pays `rates[0]` to the first qualified level
//! above them, `rates[1]` to the second, and so on; there is no limit on how many people
//! a member may sponsor (hence "uni"-level: one wide level). A `linear` plan is a
//! unilevel with equal rates. How unqualified uplines are passed over is the
//! `compression` (see [`super::levels`]); `levels_by_rank` and `base_levels` make deeper
//! levels a reward for rank, so most of the deep pay flows to the few who hold high
//! ranks. `rates_by_rank` goes further: each listed rank earns its own list of rates
//! (higher and deeper, in every brochure), and its length is the levels it unlocks.
//!
//! ```toml
//! [[plan.bonus]]
//! kind = "unilevel"
//! rates = [0.10, 0.05, 0.03]        # by level
//! compression = "skip_inactive"     # none | skip_inactive (default) | dynamic
//! base_levels = 2                   # levels for members below every listed rank
//! levels_by_rank = { Director = 3 }
//! # or, instead of levels_by_rank, rates by paid-as rank (the levels are the lengths):
//! # rates_by_rank = { Director = [0.12, 0.06, 0.04, 0.02] }
//! ```
//!
//! Golden vectors: U-1 and U-2 (`reference/plan-vectors.md`).

use super::bonus::{Bonus, Context, Scope};
use super::levels::{Compression, LevelBonus, LevelRates, RawLevels, RawRates};
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
    rates: Vec<f64>,
    compression: Option<Compression>,
    base_levels: Option<u32>,
    levels_by_rank: Option<BTreeMap<String, u32>>,
    rates_by_rank: Option<BTreeMap<String, Vec<f64>>>,
}

/// The JSON Schema of this kind's table (`downline schema`).
pub(super) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Raw as schemars::JsonSchema>::json_schema(generator)
}

/// A validated unilevel bonus.
#[derive(Debug)]
pub struct Unilevel {
    levels: LevelRates,
}

/// Validates a `kind = "unilevel"` table.
pub fn parse(
    value: toml::Value,
    at: &KeyPath,
    scope: &Scope,
) -> Result<Box<dyn Bonus>, ConfigError> {
    let raw: Raw = decode(value, at)?;
    let levels = LevelRates::from_raw(
        RawLevels {
            rates: RawRates {
                rates: raw.rates,
                base_levels: raw.base_levels,
                levels_by_rank: raw.levels_by_rank,
                rates_by_rank: raw.rates_by_rank,
            },
            compression: raw.compression,
        },
        at,
        scope,
    )?;
    Ok(Box::new(Unilevel { levels }))
}

impl LevelBonus for Unilevel {
    fn levels(&self) -> &LevelRates {
        &self.levels
    }

    /// Every member's CV pays up the line, every period.
    fn base(&self, ctx: &Context, i: usize) -> f64 {
        ctx.cv[i]
    }
}
