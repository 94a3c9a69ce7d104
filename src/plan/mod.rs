//! Compensation plans: who gets paid how much, each period, for a given organisation.
//!
//! A plan is a list of independent bonuses, one file per kind: [`personal`],
//! [`unilevel`], [`fast_start`], [`recruitment`] and [`matching`] pay up the sponsor
//! line by level ([`levels`]); [`binary`] and [`matrix`] pay on a placement tree
//! ([`placement`]); [`stairstep`] pays differentials by group-volume bracket with
//! breakaway; [`generation`] pays on generations of leaders; [`pool`] shares a slice of
//! company volume by rank; [`rank_advancement`] pays one-time awards. They read one
//! shared per-period state and write to one ledger, then an optional global cap. Paying
//! a period goes:
//!
//! 1. **State** ([`period`]): qualifying volume (`pv`, or only `retail` when own
//!    purchases do not qualify), who is *active* (present with qualifying volume >=
//!    `active_pv`), group volume, paid-as *ranks* ([`ranks`]), and who is *qualified*:
//!    active and passing the compliance rule `customer_share`.
//! 2. **Bonuses** ([`bonus`]): each pays into its own per-member column and reports what
//!    it paid and its `max_payout`, what it would have paid had every member qualified
//!    for everything on the same trees and volumes.
//! 3. **Ledger** ([`ledger`]): columns are added up per member; if the total exceeds
//!    `payout_cap x CV`, everything is cut by the same factor.
//!
//! `breakage = max_payout - paid` is the money the plan's rules (activity, ranks,
//! compression, caps) keep for the company: what participants were shown in the plan's
//! rates but did not receive.
//!
//! Conventions the whole engine relies on: members are numbered in join order, so
//! `upline[i] < i` or [`NONE`]. All sponsor-tree pay follows `upline`, the *roll-up*
//! line over present members ([`tree::roll_up`]). Members who are not present (quit, or
//! not yet joined) have zero volume, are never paid, and are never anyone's upline.
//! Everything is computed by linear passes over member arrays with buffers reused
//! across periods; no recursion and no per-member allocation.
//!
//! [`versus`] sums what a plan paid over periods and compares two plans paid on one
//! organisation (who gains, who loses), for `downline payout A B NETWORK.csv`.
//!
//! This module is pure: it reads no files and prints nothing. Its input is validated
//! once by [`Plan::from_toml`]; the engine never re-checks it.

pub mod binary;
pub mod bonus;
mod check;
pub mod fast_start;
pub mod generation;
pub mod geometric;
pub mod ledger;
pub mod levels;
pub mod matching;
pub mod matrix;
pub mod period;
pub mod personal;
pub mod placement;
pub mod pool;
pub mod rank_advancement;
pub mod ranks;
pub mod recruitment;
pub mod registry;
pub mod stairstep;
pub mod tree;
pub mod types;
pub mod unilevel;
pub mod versus;
pub mod weighted_levels;

use crate::input_error::{ConfigError, KeyPath, decode};
use bonus::{Bonus, BonusRun, Scope};
use period::{PeriodState, Rules};
use ranks::Rank;
use serde::Deserialize;
pub use types::{BonusTotal, NONE, Payout, PeriodInput, PeriodTotals, Placement, Side};

/// `[plan]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    name: String,
    #[serde(default)]
    active_pv: f64,
    payout_cap: Option<f64>,
    #[serde(default)]
    rank: Vec<toml::Value>,
    #[serde(default)]
    bonus: Vec<toml::Value>,
    rules: Option<RawRules>,
}

/// `[plan.rules]` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    customer_share: f64,
    #[serde(default = "yes")]
    own_purchases_qualify: bool,
}

fn yes() -> bool {
    true
}

/// A validated plan.
#[derive(Debug)]
pub struct Plan {
    /// The plan's name.
    pub name: String,
    /// Qualifying volume needed to be active (paid) in a period.
    pub active_pv: f64,
    /// Total pay is at most this share of the period's CV, in (0, 1].
    pub payout_cap: Option<f64>,
    /// Rank names, lowest first: rank `r` is `rank_names[r - 1]`.
    pub rank_names: Vec<String>,
    /// Bonus names (output columns), in plan order.
    pub bonus_names: Vec<String>,
    /// Bonus kinds (`unilevel`, `fast_start`, ...), in plan order.
    pub bonus_kinds: Vec<String>,
    ranks: Vec<Rank>,
    rules: Rules,
    bonuses: Vec<Box<dyn Bonus>>,
}

impl Plan {
    /// Whether each bonus (in plan order) pays for recruiting rather than for product
    /// volume: entry-fee (`recruitment`) and `fast_start` bonuses.
    pub fn pays_for_recruiting(&self) -> Vec<bool> {
        (self.bonus_kinds.iter())
            .map(|k| k == "recruitment" || k == "fast_start")
            .collect()
    }

    /// Validates the `[plan]` table `value`, found at key path `at` (`plan`).
    pub fn from_toml(value: toml::Value, at: &KeyPath) -> Result<Plan, ConfigError> {
        let raw: RawPlan = decode(value, at).map_err(|err| {
            // `[plan.bonus]` (one table) instead of `[[plan.bonus]]` (a list of them).
            let list = ["bonus", "rank"]
                .into_iter()
                .find(|key| err.path == at.key(key) && err.found.starts_with("map"));
            match list {
                Some(key) => err.with_help(format!(
                    "write `[[plan.{key}]]` with double brackets: a plan has a list of them"
                )),
                None => err,
            }
        })?;
        let active_pv = check::non_negative(raw.active_pv, &at.key("active_pv"))?;
        let payout_cap = match raw.payout_cap {
            Some(cap) => Some(check::share_above_zero(cap, &at.key("payout_cap"))?),
            None => None,
        };
        let ranks = ranks::from_toml(raw.rank, &at.key("rank"))?;
        let rank_names: Vec<String> = ranks.iter().map(|r| r.name.clone()).collect();
        let rules = match raw.rules {
            Some(rules) => Rules {
                customer_share: check::share_below_one(
                    rules.customer_share,
                    &at.key("rules").key("customer_share"),
                )?,
                own_purchases_qualify: rules.own_purchases_qualify,
            },
            None => Rules::default(),
        };
        // Every bonus' name as written (`name`, else `kind`), for messages about order.
        let written: Vec<String> = (raw.bonus.iter())
            .map(|b| ["name", "kind"].iter().find_map(|k| b.get(k)?.as_str()))
            .map(|name| name.unwrap_or_default().to_string())
            .collect();
        let mut bonus_names: Vec<String> = Vec::with_capacity(raw.bonus.len());
        let mut bonuses = Vec::with_capacity(raw.bonus.len());
        let bonus_kinds: Vec<String> = (raw.bonus.iter())
            .map(|b| {
                b.get("kind")
                    .and_then(|k| k.as_str())
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        for (i, value) in raw.bonus.into_iter().enumerate() {
            let scope = Scope {
                rank_names: &rank_names,
                earlier_bonuses: &bonus_names,
                later_bonuses: &written[i + 1..],
            };
            let (name, bonus) = registry::from_toml(value, &at.key("bonus").index(i), &scope)?;
            bonus_names.push(name);
            bonuses.push(bonus);
        }
        Ok(Plan {
            name: raw.name,
            active_pv,
            payout_cap,
            rank_names,
            bonus_names,
            bonus_kinds,
            ranks,
            rules,
            bonuses,
        })
    }

    /// The volume a member must order to be active and hold `rank` (0 = just active):
    /// the larger of `active_pv` and the rank's `pv`. A rank above the highest is
    /// treated as the highest.
    pub fn qualifying_volume(&self, rank: u8) -> f64 {
        let rank_pv = match rank {
            0 => 0.0,
            r => self
                .ranks
                .get(usize::from(r) - 1)
                .or(self.ranks.last())
                .map_or(0.0, |r| r.pv),
        };
        self.active_pv.max(rank_pv)
    }

    /// Whether own orders count toward `active_pv` and ranks (`rules.own_purchases_qualify`).
    /// When they do not, only retail volume qualifies, and buying to qualify is pointless.
    pub fn counts_own_purchases(&self) -> bool {
        self.rules.own_purchases_qualify
    }

    /// A run of this plan: state carried from period to period and reusable buffers.
    pub fn start(&self) -> PlanRun<'_> {
        PlanRun {
            plan: self,
            state: PeriodState::default(),
            bonuses: self.bonuses.iter().map(|b| b.start()).collect(),
            totals: Vec::with_capacity(self.bonuses.len()),
            payout: Payout::default(),
        }
    }
}

/// A plan's state through one run.
pub struct PlanRun<'p> {
    plan: &'p Plan,
    state: PeriodState,
    bonuses: Vec<Box<dyn BonusRun + Send + 'p>>,
    totals: Vec<BonusTotal>,
    payout: Payout,
}

impl PlanRun<'_> {
    /// Pays one period. Periods must be paid in order (bonuses may carry state).
    pub fn pay(&mut self, input: &PeriodInput) -> &Payout {
        let n = input.upline.len();
        let plan = self.plan;
        self.state
            .compute(plan.active_pv, &plan.rules, &plan.ranks, input);
        let payout = &mut self.payout;
        payout.paid.clear();
        payout.paid.resize(n, 0.0);
        payout.by_bonus.resize_with(self.bonuses.len(), Vec::new);
        self.totals.clear();
        for (b, run) in self.bonuses.iter_mut().enumerate() {
            let (earlier, rest) = payout.by_bonus.split_at_mut(b);
            let out = &mut rest[0];
            out.clear();
            out.resize(n, 0.0);
            let ctx = self.state.context(input, earlier);
            self.totals.push(run.pay(&ctx, out));
        }
        let cv: f64 = self.state.cv.iter().sum();
        ledger::close(payout, &self.totals, cv, self.plan.payout_cap);
        payout.rank.clone_from(&self.state.rank);
        payout.qualified.clone_from(&self.state.qualified);
        &self.payout
    }
}

#[cfg(test)]
pub(crate) mod tests;
