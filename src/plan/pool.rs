//! `pool`: a share of the company's CV, split among rank holders by shares.
//!
//! Each period the company sets aside `share` x the total CV of the members present
//! (a "leadership" or "global" pool) and splits it among qualified members in
//! proportion to the shares their paid-as rank holds. A participant sees "a cut of
//! everything the company sells", but its size per head depends on how many others hold
//! shares: the more leaders qualify, the smaller each one's slice.
//!
//! ```toml
//! [[plan.bonus]]
//! kind = "pool"
//! share = 0.03                                  # 3 % of the period's CV, in (0, 1]
//! shares_by_rank = { Director = 1, Diamond = 3 } # shares per rank, each > 0
//! ```
//!
//! A member holds the shares of the highest listed rank at or below its paid-as rank,
//! and none below every listed rank. Each qualified member holding shares is paid
//! `pool x own shares / total shares of qualified members`: the shares of holders who
//! are not qualified (a holder is always active, but may fail a compliance rule such as
//! `customer_share`) go to the others. If no holder qualifies, the whole pool is
//! breakage.
//!
//! `max_payout`: the whole pool when at least one member holds shares by rank, qualified
//! or not; 0 when nobody holds shares (no pool was promised to anyone).
//!
//! Vector: H-pool in `tests/it/payout_more.rs` (two listed ranks and one unlisted between
//! them, an unqualified holder, a period where no holder qualifies, and one without
//! holders).

use super::audit::{self, Audit, Cause, Step};
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
    share: f64,
    shares_by_rank: BTreeMap<String, f64>,
}

/// The JSON Schema of this kind's table (`downline schema`).
pub(super) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Raw as schemars::JsonSchema>::json_schema(generator)
}

/// A validated pool bonus.
#[derive(Debug)]
pub struct Pool {
    /// Share of the period's CV that fills the pool, in (0, 1].
    share: f64,
    /// Shares held by rank number (index 0 = no rank: always 0).
    shares: Vec<f64>,
}

/// Validates a `kind = "pool"` table.
pub fn parse(
    value: toml::Value,
    at: &KeyPath,
    scope: &Scope,
) -> Result<Box<dyn Bonus>, ConfigError> {
    let raw: Raw = decode(value, at)?;
    let share = check::share_above_zero(raw.share, &at.key("share"))?;
    let shares = by_rank(raw.shares_by_rank, &at.key("shares_by_rank"), scope)?;
    Ok(Box::new(Pool { share, shares }))
}

/// Shares per rank number: each listed value must be a finite number > 0, and each
/// rank holds the value of the highest listed rank at or below it.
fn by_rank(
    listed: BTreeMap<String, f64>,
    at: &KeyPath,
    scope: &Scope,
) -> Result<Vec<f64>, ConfigError> {
    if listed.is_empty() {
        return Err(ConfigError::value(
            at.clone(),
            "at least one rank with its number of shares",
            "an empty table",
        )
        .with_help("write e.g. `shares_by_rank = { Director = 1 }`"));
    }
    let mut own = vec![None; scope.rank_names.len() + 1];
    for (name, shares) in listed {
        let rank = scope.rank(&name, at.key(&name))?;
        if !(shares.is_finite() && shares > 0.0) {
            return Err(ConfigError::value(
                at.key(&name),
                "a number of shares greater than 0",
                shares,
            ));
        }
        own[usize::from(rank)] = Some(shares);
    }
    let mut current = 0.0;
    Ok(own
        .into_iter()
        .map(|listed| {
            current = listed.unwrap_or(current);
            current
        })
        .collect())
}

impl Bonus for Pool {
    fn start(&self) -> Box<dyn BonusRun + Send + '_> {
        Box::new(Run(self))
    }
}

struct Run<'p>(&'p Pool);

impl BonusRun for Run<'_> {
    fn pay(&mut self, ctx: &Context, out: &mut [f64]) -> BonusTotal {
        let shares = &self.0.shares;
        let cv: f64 = ctx.cv.iter().sum();
        let pool = self.0.share * cv;
        let mut held = 0.0;
        let mut qualified_shares = 0.0;
        for (&rank, &qualified) in ctx.rank.iter().zip(ctx.qualified) {
            let own = shares[usize::from(rank)];
            held += own;
            if qualified {
                qualified_shares += own;
            }
        }
        let mut total = BonusTotal::default();
        if held == 0.0 {
            return total;
        }
        total.max_payout = pool;
        if qualified_shares == 0.0 {
            return total;
        }
        let per_share = pool / qualified_shares;
        for (k, slot) in out.iter_mut().enumerate() {
            let own = shares[usize::from(ctx.rank[k])];
            if ctx.qualified[k] && own > 0.0 {
                let amount = per_share * own;
                *slot += amount;
                total.paid += amount;
            }
        }
        total
    }
    fn pay_audited(&mut self, ctx: &Context, out: &mut [f64], audit: &mut Audit) -> BonusTotal {
        let total = self.pay(ctx, out);
        if total.max_payout == 0.0 {
            return total;
        }
        let shares = &self.0.shares;
        let pool = total.max_payout;
        let own_of = |k: usize| shares[usize::from(ctx.rank[k])];
        let qualified: f64 = (0..ctx.len())
            .filter(|&k| ctx.qualified[k])
            .map(own_of)
            .sum();
        let held: f64 = (0..ctx.len()).map(own_of).sum();
        for k in 0..ctx.len() {
            let own = own_of(k);
            if own == 0.0 {
                continue;
            }
            let id = ctx.id_of(k);
            let name = audit.rank_name(ctx.rank[k]);
            if qualified > 0.0 && ctx.qualified[k] {
                let rate = own / qualified;
                let reason = format!(
                    "{} shares as {name} of {} qualified shares in a pool of {}",
                    audit::amount(own),
                    audit::amount(qualified),
                    audit::amount(pool)
                );
                audit.pay(id, NONE, Step::Own, pool, rate, pool * rate, reason);
            } else if qualified == 0.0 {
                let reason = format!(
                    "{} shares as {name}, but no holder of shares qualified",
                    audit::amount(own)
                );
                audit.broke(
                    id,
                    NONE,
                    Step::Own,
                    pool * own / held,
                    Cause::Unqualified,
                    reason,
                );
            }
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use crate::input_error::{ConfigError, KeyPath};
    use crate::plan::Plan;
    use crate::plan::generation::testing::{Org, plan};

    const RANKS: &str = "[[plan.rank]]\nname = \"Bronze\"\ngv = 100\n\
        [[plan.rank]]\nname = \"Silver\"\ngv = 500\n\
        [[plan.rank]]\nname = \"Gold\"\ngv = 1000";

    fn parsed(keys: &str) -> Result<Plan, ConfigError> {
        crate::plan::tests::one_bonus(RANKS, "pool", keys)
    }

    fn rejected(keys: &str) -> ConfigError {
        crate::plan::tests::must_reject(parsed(keys))
    }

    #[test]
    fn ranks_hold_the_shares_of_the_highest_listed_rank_at_or_below() {
        let names: Vec<String> = ["Bronze", "Silver", "Gold"].map(String::from).to_vec();
        let scope = crate::plan::bonus::Scope {
            rank_names: &names,
            earlier_bonuses: &[],
            later_bonuses: &[],
        };
        let listed = [("Silver".to_string(), 1.0), ("Gold".to_string(), 2.5)].into();
        let shares = super::by_rank(listed, &KeyPath::root(), &scope).unwrap();
        // No rank and Bronze hold none; Silver 1; Gold 2.5.
        assert_eq!(shares, [0.0, 0.0, 1.0, 2.5]);
    }

    #[test]
    fn a_valid_pool_is_accepted() {
        let plan = parsed("share = 0.03\nshares_by_rank = { Silver = 1, Gold = 3 }").unwrap();
        assert_eq!(plan.bonus_names, ["pool"]);
        assert!(parsed("share = 1.0\nshares_by_rank = { Bronze = 0.5 }").is_ok());
    }

    #[test]
    fn the_share_is_in_zero_to_one() {
        for share in ["0", "-0.1", "1.5", "nan"] {
            let err = rejected(&format!("share = {share}\nshares_by_rank = {{ Gold = 1 }}"));
            assert_eq!(err.path.to_string(), "plan.bonus[0].share", "{share}");
        }
    }

    #[test]
    fn shares_name_existing_ranks_and_are_positive() {
        let err = rejected("share = 0.03\nshares_by_rank = { Gld = 1 }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].shares_by_rank.Gld");
        assert_eq!(err.found, "unknown rank `Gld`");
        assert_eq!(err.help.as_deref(), Some("did you mean `Gold`?"));

        for shares in ["0", "-1", "inf"] {
            let err = rejected(&format!(
                "share = 0.03\nshares_by_rank = {{ Gold = {shares} }}"
            ));
            assert_eq!(
                err.path.to_string(),
                "plan.bonus[0].shares_by_rank.Gold",
                "{shares}"
            );
        }
        let err = rejected("share = 0.03\nshares_by_rank = {}");
        assert_eq!(err.path.to_string(), "plan.bonus[0].shares_by_rank");
        let err = rejected("share = 0.03\nshares_by_rank = { Gold = \"many\" }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].shares_by_rank.Gold");
        let err = rejected("share = 0.03\nshare_by_rank = { Gold = 1 }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].share_by_rank");
        assert_eq!(err.help.as_deref(), Some("did you mean `shares_by_rank`?"));
    }

    /// One period of a 1,000,000-member organisation (linear passes only).
    #[test]
    fn a_million_members_are_paid_in_linear_passes() {
        let org = Org::new(1_000_000);
        let plan = plan(
            "[[plan.bonus]]\nkind = \"pool\"\nshare = 0.03\n\
             shares_by_rank = { Bronze = 1, Gold = 4 }\n",
        );
        let mut run = plan.start();
        let totals = &run.pay(&org.input(1)).totals;
        assert!(totals.paid > 0.0);
        assert!((totals.paid - 0.03 * totals.cv).abs() < 1e-6 * totals.cv);
    }
}
