//! `matching`: a share of what one's personally sponsored members earned from another
//! bonus, by generation of sponsorship.
//!
//! A matching bonus (a "check match") pays a sponsor a percentage of their recruits'
//! earnings: what member k earned this period from the bonus named by `of` pays
//! `rates[0]` to k's first qualified upline on the sponsor (roll-up) line, `rates[1]` to
//! the second, and so on. A participant sees it as "help the people you sponsor earn,
//! and you earn a share of it", which rewards recruiting people who recruit.
//!
//! ```toml
//! [[plan.bonus]]
//! kind = "matching"
//! of = "unilevel"                   # the name of a bonus listed earlier in the plan
//! rates = [0.10, 0.05]              # by generation of sponsorship
//! compression = "skip_inactive"     # none | skip_inactive (default) | dynamic
//! rates_by_rank = { Director = [0.20, 0.10, 0.05] }   # optional: by the sponsor's rank
//! ```
//!
//! `of` names a bonus listed *before* this one (bonuses are paid in plan order), by its
//! `name` or, without one, its `kind`. The base is that bonus' per-member pay this
//! period *before* the plan's `payout_cap`: the cap is applied afterwards to every bonus,
//! matching included, by the same factor, so capping first and matching afterwards
//! would cut the matched amount twice.
//!
//! Pay walks the roll-up line exactly as a unilevel does on CV ([`super::levels`]): with
//! `compression = "none"` an unqualified upline uses up its generation (its share is
//! breakage); with `skip_inactive` it is passed over. Without `rates_by_rank` there are
//! no rank limits on generations, so `dynamic` pays the same as `skip_inactive`; with it,
//! the sponsor paid earns its paid-as rank's list, and a generation beyond the list is
//! used up unpaid (`skip_inactive`) or passed on (`dynamic`).
//!
//! `max_payout`: what the matched amounts would pay if every upline qualified, i.e.
//! `earned x (sum of the first min(len(rates), present ancestors) rates)` per member
//! (with `rates_by_rank`, the best rate any rank earns at each generation). It
//! is computed on what the matched bonus actually paid, not on its own `max_payout`: the
//! matched bonus' breakage is counted once, in that bonus.
//!
//! Vectors: H-match (`skip_inactive`, an inactive upline between two generations),
//! H-match-none (`none`) and H-match-cap (under a `payout_cap`) in
//! `tests/it/payout_more.rs`; H-rates-match (`rates_by_rank`) in
//! `tests/it/payout_rates.rs`.

use super::bonus::{Bonus, Context, Scope};
use super::levels::{Compression, LevelBonus, LevelRates, RawLevels, RawRates};
use crate::input_error::{ConfigError, KeyPath, decode, did_you_mean, quoted_list};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(rename = "kind")]
    _kind: String,
    name: Option<String>,
    of: String,
    rates: Vec<f64>,
    compression: Option<Compression>,
    rates_by_rank: Option<BTreeMap<String, Vec<f64>>>,
}

/// The JSON Schema of this kind's table (`downline schema`).
pub(super) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Raw as schemars::JsonSchema>::json_schema(generator)
}

/// A validated matching bonus.
#[derive(Debug)]
pub struct Matching {
    /// Index (plan order) of the matched bonus; always an earlier one.
    of: usize,
    levels: LevelRates,
}

/// Validates a `kind = "matching"` table.
pub fn parse(
    value: toml::Value,
    at: &KeyPath,
    scope: &Scope,
) -> Result<Box<dyn Bonus>, ConfigError> {
    let raw: Raw = decode(value, at)?;
    let own_name = raw.name.as_deref().unwrap_or("matching");
    let of = matched(&raw.of, own_name, &at.key("of"), scope)?;
    let levels = LevelRates::from_raw(
        RawLevels {
            rates: RawRates::by_rank(raw.rates, raw.rates_by_rank),
            compression: raw.compression,
        },
        at,
        scope,
    )?;
    Ok(Box::new(Matching { of, levels }))
}

/// The plan-order index of the bonus named `of`, which must be listed earlier.
fn matched(of: &str, own_name: &str, path: &KeyPath, scope: &Scope) -> Result<usize, ConfigError> {
    if let Some(index) = scope.earlier_bonuses.iter().position(|b| b == of) {
        return Ok(index);
    }
    let earlier: Vec<&str> = scope.earlier_bonuses.iter().map(String::as_str).collect();
    let expected = if earlier.is_empty() {
        "the name of a bonus listed before this one (there is none)".to_string()
    } else {
        format!(
            "the name of a bonus listed before this one: {}",
            quoted_list(&earlier)
        )
    };
    let err = |found: String| ConfigError::value(path.clone(), expected.clone(), found);
    if of == own_name {
        return Err(err(format!("`{of}`, this bonus itself"))
            .with_help("a matching bonus pays a share of another bonus; name that bonus"));
    }
    if scope.later_bonuses.iter().any(|b| b == of) {
        return Err(
            err(format!("`{of}`, a bonus listed after this one")).with_help(format!(
                "bonuses are paid in plan order: move this [[plan.bonus]] after `{of}`"
            )),
        );
    }
    let mut error = err(format!("unknown bonus `{of}`"));
    error.help = did_you_mean(of, earlier.iter().copied());
    Err(error)
}

impl LevelBonus for Matching {
    fn levels(&self) -> &LevelRates {
        &self.levels
    }

    fn word(&self) -> &'static str {
        "matched pay"
    }

    /// What the member earned from the matched bonus this period, before the cap.
    fn base(&self, ctx: &Context, i: usize) -> f64 {
        ctx.earlier[self.of][i]
    }
}

#[cfg(test)]
mod tests {
    use crate::input_error::ConfigError;
    use crate::plan::Plan;
    use crate::plan::generation::testing::{Org, plan};

    const UNILEVEL: &str = "[[plan.bonus]]\nkind = \"unilevel\"\nrates = [0.1, 0.05]\n";

    fn parsed(bonuses: &str) -> Result<Plan, ConfigError> {
        let text = format!("[plan]\nname = \"t\"\n{bonuses}");
        crate::plan::tests::plan(&text)
    }

    fn matching(keys: &str) -> String {
        format!("[[plan.bonus]]\nkind = \"matching\"\n{keys}\n")
    }

    #[test]
    fn matching_names_an_earlier_bonus_by_name_or_kind() {
        let plan = parsed(&format!(
            "{UNILEVEL}{}",
            matching("of = \"unilevel\"\nrates = [0.1, 0.05]")
        ))
        .unwrap();
        assert_eq!(plan.bonus_names, ["unilevel", "matching"]);
        let named = UNILEVEL.replace("kind", "name = \"team\"\nkind");
        let plan = parsed(&format!(
            "{named}{}",
            matching("of = \"team\"\nrates = [0.1]\ncompression = \"none\"")
        ))
        .unwrap();
        assert_eq!(plan.bonus_names, ["team", "matching"]);
    }

    #[test]
    fn a_misspelt_bonus_name_gets_a_suggestion_among_earlier_bonuses() {
        let err = parsed(&format!(
            "{UNILEVEL}{}",
            matching("of = \"unilevl\"\nrates = [0.1]")
        ))
        .unwrap_err();
        assert_eq!(err.path.to_string(), "plan.bonus[1].of");
        assert_eq!(err.found, "unknown bonus `unilevl`");
        assert!(err.expected.contains("`unilevel`"), "{}", err.expected);
        assert_eq!(err.help.as_deref(), Some("did you mean `unilevel`?"));
    }

    #[test]
    fn matching_a_later_bonus_or_itself_is_explained() {
        let err = parsed(&format!(
            "{}{UNILEVEL}",
            matching("of = \"unilevel\"\nrates = [0.1]")
        ))
        .unwrap_err();
        assert_eq!(err.path.to_string(), "plan.bonus[0].of");
        assert_eq!(err.found, "`unilevel`, a bonus listed after this one");
        assert!(err.expected.contains("(there is none)"), "{}", err.expected);
        assert!(err.help.unwrap().contains("move this [[plan.bonus]] after"));

        let later_named = UNILEVEL.replace("kind", "name = \"team\"\nkind");
        let err = parsed(&format!(
            "{UNILEVEL}{}{later_named}",
            matching("of = \"team\"\nrates = [0.1]")
        ))
        .unwrap_err();
        assert_eq!(err.found, "`team`, a bonus listed after this one");

        let err = parsed(&format!(
            "{UNILEVEL}{}",
            matching("of = \"matching\"\nrates = [0.1]")
        ))
        .unwrap_err();
        assert_eq!(err.found, "`matching`, this bonus itself");
        let err = parsed(&format!(
            "{UNILEVEL}{}",
            matching("name = \"check_match\"\nof = \"check_match\"\nrates = [0.1]")
        ))
        .unwrap_err();
        assert_eq!(err.path.to_string(), "plan.bonus[1].of");
        assert_eq!(err.found, "`check_match`, this bonus itself");
    }

    #[test]
    fn matching_rates_and_keys_are_checked() {
        let bad = |keys: &str| parsed(&format!("{UNILEVEL}{}", matching(keys))).unwrap_err();
        let err = bad("of = \"unilevel\"\nrates = [1.2]");
        assert_eq!(err.path.to_string(), "plan.bonus[1].rates[0]");
        let err = bad("of = \"unilevel\"\nrates = [0.7, 0.7]");
        assert_eq!(err.path.to_string(), "plan.bonus[1].rates");
        let err = bad("of = \"unilevel\"\nrates = [0.1]\ncompression = \"dynamc\"");
        assert_eq!(err.path.to_string(), "plan.bonus[1].compression");
        let err = bad("of = \"unilevel\"\nrates = [0.1]\nlevels_by_rank = {}");
        assert_eq!(err.path.to_string(), "plan.bonus[1].levels_by_rank");
        let err = bad("rates = [0.1]");
        assert_eq!(err.expected, "a key `of`");
        let err = bad("of = \"unilevel\"\nrates = [0.1]\nrates_by_rank = { Gold = [0.2] }");
        assert_eq!(err.path.to_string(), "plan.bonus[1].rates_by_rank.Gold");
        assert!(err.found.contains("defines no ranks"), "{}", err.found);
    }

    /// One period of a 1,000,000-member organisation (linear passes only).
    #[test]
    fn a_million_members_are_paid_in_linear_passes() {
        let org = Org::new(1_000_000);
        let plan = plan(&format!(
            "{UNILEVEL}{}",
            matching("of = \"unilevel\"\nrates = [0.1, 0.05, 0.02]")
        ));
        let mut run = plan.start();
        let totals = &run.pay(&org.input(1)).totals;
        let matched = totals.by_bonus[1];
        assert!(matched.paid > 0.0 && matched.paid <= matched.max_payout);
    }
}
