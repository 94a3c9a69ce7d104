//! `generation`: rates on whole generations of leaders' groups (a "generational" or
//! "leadership" override).
//!
//! A *leader* is a member whose paid-as rank is at least `leader_rank`. A member's
//! *generation group* is its own CV plus the groups of its sponsor-tree children who
//! are not leaders: a group stops where the next leader's group begins. Generation 1 of
//! a leader L is the groups of the nearest leaders below L, generation 2 the groups of
//! the nearest leaders below those, and so on, however many members sit between them.
//! A participant sees it as "when someone I built becomes a leader, I keep earning on
//! their whole team, and on the teams of the leaders they build". A leader's own group
//! is not paid by this bonus (other bonuses pay on personal-group volume).
//!
//! ```toml
//! [[plan.bonus]]
//! kind = "generation"
//! leader_rank = "Director"     # leaders: paid as Director or higher
//! rates = [0.05, 0.04, 0.03]   # by generation of leaders; each in [0, 1], sum <= 1
//! rates_by_rank = { Executive = [0.06, 0.05, 0.04, 0.03] }   # optional
//! ```
//!
//! With `rates_by_rank` (see [`super::levels::RankRates`]; only ranks at or above
//! `leader_rank`) the leader paid earns the rate of its paid-as rank's list; a leader
//! whose list does not reach a generation still uses it up, and its share is breakage.
//!
//! There is no `compression` key: generations are counted in leaders, so non-leaders
//! never use one up; a leader who is not qualified (a leader is always active, but may
//! fail a compliance rule such as `customer_share`) still uses up its generation, and its
//! share is breakage.
//!
//! Algorithm, O(n x len(rates)):
//! 1. `group[i] = cv[i]`; a reverse pass adds `group[i]` to `group[upline[i]]` when `i`
//!    is not a leader.
//! 2. A forward pass finds each member's nearest leader ancestor on the roll-up line.
//! 3. Each leader j's group pays `rates[g - 1]` to the g-th leader above j (following
//!    nearest-leader-ancestor pointers from j), g = 1 ..= len(rates), if that leader is
//!    qualified; otherwise the share is breakage.
//!
//! `max_payout`: the same pay with every leader qualified (the set of leaders is the one
//! given by this period's ranks): the sum over leaders j of `group[j]` times the sum of
//! the first min(len(rates), leaders above j) rates; with `rates_by_rank`, of the best
//! rate any rank earns at each generation, up to the longest list.
//!
//! Vectors: H-gen and H-gen-all in `tests/it/payout_more.rs` (an unqualified leader
//! between two generations, and the same organisation with everyone qualified);
//! H-rates-gen in `tests/it/payout_rates.rs` (`rates_by_rank`).

use super::audit::{self, Audit, Cause, Step, percent};
use super::bonus::{Bonus, BonusRun, Context, Scope};
use super::levels::{RankRates, RawRates};
use super::tree;
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
    leader_rank: String,
    rates: Vec<f64>,
    rates_by_rank: Option<BTreeMap<String, Vec<f64>>>,
}

/// The JSON Schema of this kind's table (`downline schema`).
pub(super) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Raw as schemars::JsonSchema>::json_schema(generator)
}

/// A validated generation bonus.
#[derive(Debug)]
pub struct Generation {
    /// Lowest rank number (>= 1) that makes a member a leader.
    leader_rank: u8,
    /// Rates by generation (`g - 1` for the g-th leader above), by the paid-as rank
    /// of the leader paid.
    rates: RankRates,
}

/// Validates a `kind = "generation"` table.
pub fn parse(
    value: toml::Value,
    at: &KeyPath,
    scope: &Scope,
) -> Result<Box<dyn Bonus>, ConfigError> {
    let raw: Raw = decode(value, at)?;
    let leader_rank = scope.rank(&raw.leader_rank, at.key("leader_rank"))?;
    if let Some(lists) = &raw.rates_by_rank {
        let at = at.key("rates_by_rank");
        for name in lists.keys() {
            if scope.rank(name, at.key(name))? < leader_rank {
                return Err(ConfigError::value(
                    at.key(name),
                    format!(
                        "a rank at or above `leader_rank` (`{}`): only leaders are paid \
                         generations",
                        raw.leader_rank
                    ),
                    format!("`{name}`, a rank below it"),
                )
                .with_help(format!(
                    "leaders below every listed rank earn `rates`; list only ranks from \
                     `{}` up",
                    raw.leader_rank
                )));
            }
        }
    }
    let rates = RankRates::from_raw(RawRates::by_rank(raw.rates, raw.rates_by_rank), at, scope)?;
    Ok(Box::new(Generation { leader_rank, rates }))
}

impl Bonus for Generation {
    fn start(&self) -> Box<dyn BonusRun + Send + '_> {
        Box::new(Run {
            config: self,
            leader: Vec::new(),
            group: Vec::new(),
            nearest: Vec::new(),
        })
    }
}

/// Buffers reused from period to period.
struct Run<'p> {
    config: &'p Generation,
    leader: Vec<bool>,
    group: Vec<f64>,
    /// Nearest strict ancestor who is a leader, or [`NONE`].
    nearest: Vec<u32>,
}

impl BonusRun for Run<'_> {
    fn pay(&mut self, ctx: &Context, out: &mut [f64]) -> BonusTotal {
        let config = self.config;
        let n = ctx.len();
        self.leader.clear();
        self.leader
            .extend(ctx.rank.iter().map(|&r| r >= config.leader_rank));
        self.group.clear();
        self.group.extend_from_slice(ctx.cv);
        for i in (0..n).rev() {
            let up = ctx.upline[i];
            if up != NONE && !self.leader[i] {
                self.group[up as usize] += self.group[i];
            }
        }
        let leader = &self.leader;
        tree::nearest_upline(ctx.upline, |a| leader[a], &mut self.nearest);

        let mut total = BonusTotal::default();
        let groups = leader.iter().zip(&self.group).zip(&self.nearest);
        for ((&is_leader, &volume), &first) in groups {
            if !is_leader || volume == 0.0 {
                continue;
            }
            let mut up = first;
            for generation in 0..config.rates.depth() {
                if up == NONE {
                    break;
                }
                let member = up as usize;
                total.max_payout += volume * config.rates.best(generation);
                if ctx.qualified[member] {
                    let amount = volume * config.rates.rate_for(ctx.rank[member], generation);
                    out[member] += amount;
                    total.paid += amount;
                }
                up = self.nearest[member];
            }
        }
        total
    }

    fn pay_audited(&mut self, ctx: &Context, out: &mut [f64], audit: &mut Audit) -> BonusTotal {
        let total = self.pay(ctx, out);
        let rates = &self.config.rates;
        for (j, (&is_leader, &volume)) in self.leader.iter().zip(&self.group).enumerate() {
            if !is_leader || volume == 0.0 {
                continue;
            }
            let source = ctx.id_of(j);
            let mut up = self.nearest[j];
            for g in 0..rates.depth() {
                if up == NONE {
                    break;
                }
                let member = up as usize;
                let id = ctx.id_of(member);
                let step = Step::Generation(g as u32 + 1);
                let best = volume * rates.best(g);
                if ctx.qualified[member] {
                    let rate = rates.rate_for(ctx.rank[member], g);
                    if rate > 0.0 {
                        let reason = format!(
                            "generation {}: {} of the {} CV group of the source, a leader",
                            g + 1,
                            percent(rate),
                            audit::amount(volume)
                        );
                        audit.pay(id, source, step, volume, rate, volume * rate, reason);
                    }
                    let short = best - volume * rate;
                    if short > 0.0 {
                        let name = audit.rank_name(ctx.rank[member]);
                        let reason = format!(
                            "generation {}: paid as {name}, below the best rate {}",
                            g + 1,
                            percent(rates.best(g))
                        );
                        audit.broke(id, source, step, short, Cause::Depth, reason);
                    }
                } else {
                    let reason = format!("generation {}: a leader, but not qualified", g + 1);
                    audit.broke(id, source, step, best, Cause::Unqualified, reason);
                }
                up = self.nearest[member];
            }
        }
        total
    }
}

/// A large organisation for the plan kinds' linear-time checks (test builds only).
#[cfg(test)]
pub(crate) mod testing {
    use crate::plan::{NONE, PeriodInput, Plan};

    /// One period's arrays for `n` members: a random-looking but fixed sponsor tree
    /// (each member's sponsor among the previous 1,000 or the root), volumes 0..300.
    pub struct Org {
        pub upline: Vec<u32>,
        pub present: Vec<bool>,
        pub pv: Vec<f64>,
        pub retail: Vec<f64>,
        pub joined: Vec<u32>,
        pub zeros: Vec<f64>,
    }

    impl Org {
        pub fn new(n: usize) -> Org {
            let mut hash: u64 = 0x9E37_79B9_7F4A_7C15;
            let mut next = move || {
                hash ^= hash << 13;
                hash ^= hash >> 7;
                hash ^= hash << 17;
                hash
            };
            let upline = (0..n)
                .map(|i| match i {
                    0 => NONE,
                    _ => (i - 1 - (next() as usize % i.min(1000))) as u32,
                })
                .collect();
            let pv: Vec<f64> = (0..n).map(|_| (next() % 300) as f64).collect();
            Org {
                upline,
                present: vec![true; n],
                retail: pv.iter().map(|v| v * 0.5).collect(),
                pv,
                joined: vec![1; n],
                zeros: vec![0.0; n],
            }
        }

        pub fn input(&self, period: u32) -> PeriodInput<'_> {
            PeriodInput {
                period,
                upline: &self.upline,
                present: &self.present,
                pv: &self.pv,
                cv: &self.pv,
                retail: &self.retail,
                joined: &self.joined,
                entry_fee: &self.zeros,
                id: &[],
                placement: &[],
            }
        }
    }

    /// A plan with three ranks (Bronze, Silver, Gold) and the given bonus tables.
    pub fn plan(bonuses: &str) -> Plan {
        let text = format!(
            "[plan]\nname = \"big\"\nactive_pv = 100\n\
             [[plan.rank]]\nname = \"Bronze\"\ngv = 1000\n\
             [[plan.rank]]\nname = \"Silver\"\ngv = 10000\nlegs = 2\nleg_gv = 2000\n\
             [[plan.rank]]\nname = \"Gold\"\ngv = 100000\nlegs = 3\nleg_gv = 10000\n\
             {bonuses}"
        );
        crate::plan::tests::plan(&text).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{Org, plan};
    use super::*;
    use crate::input_error::{ConfigError, KeyPath};
    use crate::plan::Plan;
    use proptest::prelude::*;

    const RANKS: &str = "[[plan.rank]]\nname = \"Leader\"\ngv = 100\n\
        [[plan.rank]]\nname = \"Director\"\ngv = 500";

    fn parsed(keys: &str) -> Result<Plan, ConfigError> {
        crate::plan::tests::one_bonus(RANKS, "generation", keys)
    }

    fn rejected(keys: &str) -> ConfigError {
        crate::plan::tests::must_reject(parsed(keys))
    }

    #[test]
    fn a_valid_generation_bonus_is_accepted() {
        let plan = parsed("leader_rank = \"Director\"\nrates = [0.05, 0.04]").unwrap();
        assert_eq!(plan.bonus_names, ["generation"]);
    }

    #[test]
    fn the_leader_rank_must_exist_and_gets_a_suggestion() {
        let err = rejected("leader_rank = \"Directr\"\nrates = [0.05]");
        assert_eq!(err.path.to_string(), "plan.bonus[0].leader_rank");
        assert_eq!(err.found, "unknown rank `Directr`");
        assert_eq!(err.help.as_deref(), Some("did you mean `Director`?"));

        let err = rejected("rates = [0.05]");
        assert_eq!(err.path.to_string(), "plan.bonus[0]");
        assert_eq!(err.expected, "a key `leader_rank`");
    }

    #[test]
    fn generation_rates_are_checked_one_at_a_time_and_in_sum() {
        let err = rejected("leader_rank = \"Leader\"\nrates = [0.05, -0.1]");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates[1]");
        let err = rejected("leader_rank = \"Leader\"\nrates = [0.6, 0.5]");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates");
        assert!(err.expected.contains("sum is at most 1"));
        let err = rejected("leader_rank = \"Leader\"\nrates = []");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates");
    }

    #[test]
    fn rates_by_rank_name_leader_ranks() {
        let ok =
            "leader_rank = \"Leader\"\nrates = [0.05]\nrates_by_rank = { Director = [0.1, 0.05] }";
        assert!(parsed(ok).is_ok());
        let err = rejected(
            "leader_rank = \"Director\"\nrates = [0.05]\nrates_by_rank = { Leader = [0.1] }",
        );
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates_by_rank.Leader");
        assert_eq!(err.found, "`Leader`, a rank below it");
        let err = rejected(
            "leader_rank = \"Leader\"\nrates = [0.05]\nrates_by_rank = { Directr = [0.1] }",
        );
        assert_eq!(err.help.as_deref(), Some("did you mean `Director`?"));
        let err = rejected(
            "leader_rank = \"Leader\"\nrates = [0.05]\nrates_by_rank = { Director = [0.7, 0.7] }",
        );
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates_by_rank.Director");
    }

    #[test]
    fn compression_is_not_a_generation_key() {
        let err = rejected("leader_rank = \"Leader\"\nrates = [0.05]\ncompression = \"none\"");
        assert_eq!(err.path.to_string(), "plan.bonus[0].compression");
    }

    #[test]
    fn a_plan_without_ranks_has_no_leaders_to_name() {
        let text = "[plan]\nname = \"t\"\n[[plan.bonus]]\nkind = \"generation\"\n\
                    leader_rank = \"Leader\"\nrates = [0.05]\n";
        let mut table: toml::Table = toml::from_str(text).unwrap();
        let err = Plan::from_toml(table.remove("plan").unwrap(), &KeyPath::root().key("plan"))
            .unwrap_err();
        assert_eq!(err.path.to_string(), "plan.bonus[0].leader_rank");
        assert!(err.found.contains("defines no ranks"), "{}", err.found);
    }

    /// The definition, computed naively: each member's group by walking every member
    /// up to its nearest leader-or-self, and each leader's generations by walking the
    /// whole line above it, counting leaders. Ranks 1 (`rates`) and 2 (`director`, if
    /// given: its own rates) are leaders.
    fn reference(
        rates: &[f64],
        director: Option<&[f64]>,
        upline: &[u32],
        cv: &[f64],
        rank: &[u8],
        qualified: &[bool],
    ) -> (Vec<f64>, f64) {
        let n = upline.len();
        let leader: Vec<bool> = rank.iter().map(|&r| r >= 1).collect();
        let list = |r: u8| match director {
            Some(director) if r == 2 => director,
            _ => rates,
        };
        let generations = rates.len().max(director.map_or(0, <[f64]>::len));
        let at = |r: u8, g: usize| list(r).get(g).copied().unwrap_or(0.0);
        let best = |g: usize| at(1, g).max(at(2, g));
        let mut group = vec![0.0; n];
        for (i, &volume) in cv.iter().enumerate() {
            // i's volume belongs to the group of the nearest member at or above i that
            // is a leader, or to the top of the line if there is none.
            let mut m = i;
            while !leader[m] && upline[m] != NONE {
                m = upline[m] as usize;
            }
            group[m] += volume;
        }
        let mut out = vec![0.0; n];
        let mut max = 0.0;
        for j in (0..n).filter(|&j| leader[j]) {
            let mut generation = 0;
            let mut up = upline[j];
            while up != NONE && generation < generations {
                let m = up as usize;
                if leader[m] {
                    max += group[j] * best(generation);
                    if qualified[m] {
                        out[m] += group[j] * at(rank[m], generation);
                    }
                    generation += 1;
                }
                up = upline[m];
            }
        }
        (out, max)
    }

    proptest! {
        #[test]
        fn the_linear_passes_pay_what_the_definition_pays(
            (upline, rank, qualified) in (1usize..40).prop_flat_map(|n| (
                proptest::collection::vec(any::<prop::sample::Index>(), n),
                proptest::collection::vec(0u8..3, n),
                proptest::collection::vec(any::<bool>(), n),
            ))
            .prop_map(|(parents, rank, qualified)| {
                let upline: Vec<u32> = parents
                    .iter()
                    .enumerate()
                    .map(|(i, p)| match p.index(i + 1) {
                        k if k == i => NONE,
                        k => k as u32,
                    })
                    .collect();
                (upline, rank, qualified)
            }),
            rates in proptest::collection::vec(0.0f64..0.2, 1..4),
            director in proptest::option::of(proptest::collection::vec(0.0f64..0.2, 1..5)),
        ) {
            let n = upline.len();
            // Volumes 1, 2, 4, ... (exact sums); ranks 1 and 2 are leaders.
            let cv: Vec<f64> = (0..n).map(|i| f64::from(1u32 << (i % 20))).collect();
            let present = vec![true; n];
            let zeros = vec![0.0; n];
            let mut depth = Vec::new();
            tree::depths(&upline, &mut depth);
            let ctx = Context {
                period: 1,
                upline: &upline,
                present: &present,
                cv: &cv,
                qv: &cv,
                gv: &zeros,
                joined: &vec![1; n],
                entry_fee: &zeros,
                active: &present,
                qualified: &qualified,
                rank: &rank,
                depth: &depth,
                earlier: &[],
                id: &[],
                placement: &[],
            };
            let names = ["Leader".to_string(), "Director".to_string()];
            let scope = Scope { rank_names: &names, earlier_bonuses: &[], later_bonuses: &[] };
            let by_rank = director.clone().map(|d| [("Director".to_string(), d)].into());
            let raw = RawRates::by_rank(rates.clone(), by_rank);
            let rates_by_rank = RankRates::from_raw(raw, &KeyPath::root(), &scope).unwrap();
            let config = Generation { leader_rank: 1, rates: rates_by_rank };
            let mut run = config.start();
            let mut out = vec![0.0; n];
            let total = run.pay(&ctx, &mut out);
            let (expected, max) =
                reference(&rates, director.as_deref(), &upline, &cv, &rank, &qualified);
            for (fast, slow) in out.iter().zip(&expected) {
                prop_assert!((fast - slow).abs() <= 1e-9 * slow.abs().max(1.0));
            }
            prop_assert!((total.max_payout - max).abs() <= 1e-9 * max.max(1.0));
            prop_assert!(total.paid <= total.max_payout + 1e-9);
        }
    }

    /// One period of a 1,000,000-member organisation (linear passes only).
    #[test]
    fn a_million_members_are_paid_in_linear_passes() {
        let org = Org::new(1_000_000);
        let plan = plan(
            "[[plan.bonus]]\nkind = \"generation\"\nleader_rank = \"Bronze\"\n\
             rates = [0.05, 0.04, 0.03, 0.02]\n",
        );
        let mut run = plan.start();
        let totals = &run.pay(&org.input(1)).totals;
        assert!(totals.paid > 0.0 && totals.paid <= totals.max_payout);
    }
}
