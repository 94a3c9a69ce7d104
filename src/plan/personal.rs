//! `personal`: a rate on the member's own commissionable volume.
//!
//! This is single-level network marketing (affiliate or referral pay): a member earns
//! only on what they order or sell themselves, nothing on anyone they recruit. It is
//! paid to qualified members; an unqualified member's share is breakage.
//!
//! ```toml
//! [[plan.bonus]]
//! kind = "personal"
//! rate = 0.25
//! ```

use super::audit::{self, Audit, Cause, Step, percent};
use super::bonus::{Bonus, BonusRun, Context, Scope};
use super::check;
use super::types::BonusTotal;
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
}

/// The JSON Schema of this kind's table (`downline schema`).
pub(super) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Raw as schemars::JsonSchema>::json_schema(generator)
}

/// A validated personal bonus.
#[derive(Debug)]
pub struct Personal {
    rate: f64,
}

/// Validates a `kind = "personal"` table.
pub fn parse(value: toml::Value, at: &KeyPath, _: &Scope) -> Result<Box<dyn Bonus>, ConfigError> {
    let raw: Raw = decode(value, at)?;
    let rate = check::rate(raw.rate, &at.key("rate"))?;
    Ok(Box::new(Personal { rate }))
}

impl Bonus for Personal {
    fn start(&self) -> Box<dyn BonusRun + Send + '_> {
        Box::new(Run(self))
    }
}

struct Run<'p>(&'p Personal);

impl BonusRun for Run<'_> {
    fn pay(&mut self, ctx: &Context, out: &mut [f64]) -> BonusTotal {
        let mut total = BonusTotal::default();
        for (i, slot) in out.iter_mut().enumerate() {
            let amount = ctx.cv[i] * self.0.rate;
            total.max_payout += amount;
            if ctx.qualified[i] {
                *slot += amount;
                total.paid += amount;
            }
        }
        total
    }

    fn pay_audited(&mut self, ctx: &Context, out: &mut [f64], audit: &mut Audit) -> BonusTotal {
        let total = self.pay(ctx, out);
        let rate = self.0.rate;
        for (i, &cv) in ctx.cv.iter().enumerate() {
            let amount = cv * rate;
            if amount == 0.0 {
                continue;
            }
            let id = ctx.id_of(i);
            if ctx.qualified[i] {
                let reason = format!("{} of own {} CV", percent(rate), audit::amount(cv));
                audit.pay(id, id, Step::Own, cv, rate, amount, reason);
            } else {
                let reason = format!("own {} CV, but not qualified", audit::amount(cv));
                audit.broke(id, id, Step::Own, amount, Cause::Unqualified, reason);
            }
        }
        total
    }
}
