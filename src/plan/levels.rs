//! Paying a volume up the sponsor line by level: the walk shared by every sponsor-tree
//! bonus (unilevel, fast start, recruitment).
//!
//! A member's volume pays `rates[0]` to the first level above them, `rates[1]` to the
//! second, and so on. Who counts as "the l-th level" is the plan's *compression*, and it
//! decides how much of the promised pay reaches anyone:
//!
//! - `none`: levels are the raw roll-up line. If the l-th upline is not qualified (or
//!   its rank does not unlock level l), that share is breakage: kept by the company.
//!   For a participant, an inactive person between them and their downline costs money.
//! - `skip_inactive` (the default): unqualified members are skipped and do not use up a
//!   level, so pay "compresses" past them to the next qualified upline. A qualified
//!   upline whose rank unlocks fewer than l levels still uses up level l, and its share
//!   is breakage.
//! - `dynamic`: level l passes up until a qualified member whose rank unlocks level l
//!   takes it; the next level starts above that member. Almost nothing breaks as long
//!   as qualified, high-ranked uplines exist.
//!
//! `levels_by_rank` limits how deep a member is paid: the levels of the highest listed
//! rank at or below their paid-as rank, `base_levels` (default: all) below every listed
//! rank.
//!
//! Every walk is O(len(rates)) per member, never O(depth): the pointer arrays
//! "nearest strict ancestor that is qualified with at least t levels" are built by one
//! forward pass per distinct threshold t ([`super::tree::nearest_upline`]) and reused
//! from period to period.
//!
//! `max_payout` for a volume is what it would pay if every upline qualified for every
//! level: `volume x (sum of the first min(len(rates), present ancestors) rates)`.
//! Golden vectors U-1 and U-2 pin down `none` and `skip_inactive`; the hand-worked
//! vectors H-1 and H-1b in `tests/payout.rs` pin down `dynamic` against `skip_inactive`
//! with `levels_by_rank`.

use super::BonusTotal;
use super::bonus::{BonusRun, Context, Scope};
use super::{NONE, check, tree};
use crate::scenario::error::{ConfigError, KeyPath};
use serde::Deserialize;
use std::collections::BTreeMap;

/// How pay passes over members who cannot take a level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compression {
    /// Raw line: an unqualified upline's share is breakage.
    None,
    /// Unqualified members do not use up a level.
    #[default]
    SkipInactive,
    /// A level passes up until someone qualified for it takes it.
    Dynamic,
}

/// Validated level rates with per-rank depth limits.
#[derive(Clone, Debug, PartialEq)]
pub struct LevelRates {
    rates: Vec<f64>,
    /// `prefix[k]` = sum of the first `k` rates.
    prefix: Vec<f64>,
    compression: Compression,
    /// Paid levels by rank number (index 0 = no rank).
    levels: Vec<usize>,
    /// The distinct positive values of `levels`, ascending (dynamic compression only).
    thresholds: Vec<usize>,
    /// For level index `l` (0-based), the index in `thresholds` of the smallest
    /// threshold >= l + 1, or `None` if no rank unlocks that level.
    threshold_of_level: Vec<Option<usize>>,
}

/// The level keys of a bonus table, as written.
pub struct RawLevels {
    pub rates: Vec<f64>,
    pub compression: Option<Compression>,
    pub base_levels: Option<u32>,
    pub levels_by_rank: Option<BTreeMap<String, u32>>,
}

impl LevelRates {
    /// Validates rates (each in [0, 1], summing to at most 1) and level limits (each at
    /// most len(rates), naming existing ranks). `at` is the bonus table's path.
    pub fn from_raw(raw: RawLevels, at: &KeyPath, scope: &Scope) -> Result<Self, ConfigError> {
        let rates = check::rates(&raw.rates, &at.key("rates"))?;
        let all = rates.len();
        let within = |levels: u32, path: KeyPath| -> Result<usize, ConfigError> {
            let levels = levels as usize;
            if levels > all {
                Err(ConfigError::value(
                    path,
                    format!("at most {all} levels (the number of rates)"),
                    levels,
                ))
            } else {
                Ok(levels)
            }
        };
        let base = match raw.base_levels {
            Some(levels) => within(levels, at.key("base_levels"))?,
            None => all,
        };
        let mut levels = vec![base; scope.rank_names.len() + 1];
        if let Some(by_rank) = raw.levels_by_rank {
            let at = at.key("levels_by_rank");
            let mut listed: Vec<(u8, usize)> = Vec::with_capacity(by_rank.len());
            for (name, value) in by_rank {
                let rank = scope.rank(&name, at.key(&name))?;
                listed.push((rank, within(value, at.key(&name))?));
            }
            listed.sort_unstable();
            // The highest listed rank at or below each rank sets its levels.
            let mut current = base;
            let mut next = listed.iter().peekable();
            for (rank, slot) in levels.iter_mut().enumerate() {
                while let Some(&&(listed_rank, value)) = next.peek() {
                    if listed_rank as usize > rank {
                        break;
                    }
                    current = value;
                    next.next();
                }
                *slot = current;
            }
        }
        let mut thresholds: Vec<usize> = levels.iter().copied().filter(|&l| l > 0).collect();
        thresholds.sort_unstable();
        thresholds.dedup();
        let threshold_of_level = (1..=all)
            .map(|level| thresholds.iter().position(|&t| t >= level))
            .collect();
        let mut prefix = Vec::with_capacity(all + 1);
        let mut sum = 0.0;
        prefix.push(sum);
        for &rate in &rates {
            sum += rate;
            prefix.push(sum);
        }
        Ok(Self {
            rates,
            prefix,
            compression: raw.compression.unwrap_or_default(),
            levels,
            thresholds,
            threshold_of_level,
        })
    }

    /// Per-run state: the pointer buffers.
    pub fn start(&self) -> LevelPay<'_> {
        let arrays = match self.compression {
            Compression::None => 0,
            Compression::SkipInactive => 1,
            Compression::Dynamic => self.thresholds.len(),
        };
        LevelPay {
            config: self,
            pointers: vec![Vec::new(); arrays],
        }
    }

    /// What `volume` would pay from a member with `depth` present ancestors if every
    /// one of them qualified for every level.
    pub fn max_payout(&self, volume: f64, depth: u32) -> f64 {
        let levels = (depth as usize).min(self.rates.len());
        volume * self.prefix[levels]
    }
}

/// The level walk's buffers for one run.
#[derive(Debug)]
pub struct LevelPay<'p> {
    config: &'p LevelRates,
    /// `pointers[k][i]`: nearest strict ancestor of `i` that is qualified with at least
    /// `thresholds[k]` levels (`skip_inactive`: that is qualified).
    pointers: Vec<Vec<u32>>,
}

impl LevelPay<'_> {
    /// Builds this period's pointer arrays. Call once per period before [`Self::pay`].
    pub fn prepare(&mut self, ctx: &Context) {
        let config = self.config;
        match config.compression {
            Compression::None => {}
            Compression::SkipInactive => {
                tree::nearest_upline(ctx.upline, |a| ctx.qualified[a], &mut self.pointers[0]);
            }
            Compression::Dynamic => {
                for (k, &t) in config.thresholds.iter().enumerate() {
                    tree::nearest_upline(
                        ctx.upline,
                        |a| ctx.qualified[a] && config.levels[ctx.rank[a] as usize] >= t,
                        &mut self.pointers[k],
                    );
                }
            }
        }
    }

    /// Pays `volume` of member `from` up the line into `out`; returns the amount paid.
    pub fn pay(&self, ctx: &Context, from: usize, volume: f64, out: &mut [f64]) -> f64 {
        let config = self.config;
        let mut paid = 0.0;
        let mut give = |member: usize, rate: f64| {
            let amount = volume * rate;
            out[member] += amount;
            paid += amount;
        };
        let levels_of = |member: usize| config.levels[ctx.rank[member] as usize];
        match config.compression {
            Compression::None | Compression::SkipInactive => {
                let line = match config.compression {
                    Compression::None => ctx.upline,
                    _ => &self.pointers[0][..],
                };
                let mut up = line[from];
                for (level, &rate) in config.rates.iter().enumerate() {
                    if up == NONE {
                        break;
                    }
                    let member = up as usize;
                    if ctx.qualified[member] && levels_of(member) > level {
                        give(member, rate);
                    }
                    up = line[member];
                }
            }
            Compression::Dynamic => {
                let mut below = from;
                for (level, &rate) in config.rates.iter().enumerate() {
                    let Some(k) = config.threshold_of_level[level] else {
                        break;
                    };
                    let up = self.pointers[k][below];
                    if up == NONE {
                        break;
                    }
                    below = up as usize;
                    give(below, rate);
                }
            }
        }
        paid
    }
}

/// A bonus that pays [`LevelRates`] up the roll-up line on one amount per member: the
/// member's CV (`unilevel`), their CV in their first months (`fast_start`), or their
/// entry fee in the joining period (`recruitment`). Such a kind states its levels and
/// its base amount; [`LevelRun`] does the paying.
pub trait LevelBonus: Sync {
    /// The rates, compression and levels by rank.
    fn levels(&self) -> &LevelRates;
    /// What member `i` generates for its upline this period (0: nothing).
    fn base(&self, ctx: &Context, i: usize) -> f64;
}

/// One run of a [`LevelBonus`]: walks every member's base up the line each period.
pub struct LevelRun<'p, B: LevelBonus> {
    bonus: &'p B,
    walk: LevelPay<'p>,
}

impl<'p, B: LevelBonus> LevelRun<'p, B> {
    pub fn new(bonus: &'p B) -> Self {
        Self {
            bonus,
            walk: bonus.levels().start(),
        }
    }
}

impl<B: LevelBonus> BonusRun for LevelRun<'_, B> {
    fn pay(&mut self, ctx: &Context, out: &mut [f64]) -> BonusTotal {
        self.walk.prepare(ctx);
        let mut total = BonusTotal::default();
        for i in 0..ctx.len() {
            let base = self.bonus.base(ctx, i);
            if base == 0.0 {
                continue;
            }
            total.paid += self.walk.pay(ctx, i, base, out);
            total.max_payout += self.bonus.levels().max_payout(base, ctx.depth[i]);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The definition, walked naively up the whole line: the fast walk must agree.
    fn reference(
        config: &LevelRates,
        upline: &[u32],
        qualified: &[bool],
        rank: &[u8],
        from: usize,
        out: &mut [f64],
    ) {
        let levels_of = |m: usize| config.levels[rank[m] as usize];
        let mut level = 0;
        let mut up = upline[from];
        while up != NONE && level < config.rates.len() {
            let m = up as usize;
            match config.compression {
                Compression::None => {
                    if qualified[m] && levels_of(m) > level {
                        out[m] += config.rates[level];
                    }
                    level += 1;
                }
                Compression::SkipInactive => {
                    if qualified[m] {
                        if levels_of(m) > level {
                            out[m] += config.rates[level];
                        }
                        level += 1;
                    }
                }
                Compression::Dynamic => {
                    if qualified[m] && levels_of(m) > level {
                        out[m] += config.rates[level];
                        level += 1;
                    }
                }
            }
            up = upline[m];
        }
    }

    fn config(compression: Compression, by_rank: &[(&str, u32)], base: Option<u32>) -> LevelRates {
        let rank_names = vec![
            "Bronze".to_string(),
            "Silver".to_string(),
            "Gold".to_string(),
        ];
        let scope = Scope {
            rank_names: &rank_names,
            earlier_bonuses: &[],
            later_bonuses: &[],
        };
        let raw = RawLevels {
            rates: vec![0.1, 0.07, 0.05, 0.03, 0.02],
            compression: Some(compression),
            base_levels: base,
            levels_by_rank: Some(by_rank.iter().map(|(n, l)| (n.to_string(), *l)).collect()),
        };
        LevelRates::from_raw(raw, &KeyPath::root(), &scope).unwrap()
    }

    #[test]
    fn levels_come_from_the_highest_listed_rank_at_or_below() {
        let c = config(Compression::Dynamic, &[("Silver", 4)], Some(1));
        assert_eq!(c.levels, vec![1, 1, 4, 4]);
        assert_eq!(c.thresholds, vec![1, 4]);
        assert_eq!(
            c.threshold_of_level,
            vec![Some(0), Some(1), Some(1), Some(1), None]
        );
    }

    fn tree_strategy() -> impl Strategy<Value = (Vec<u32>, Vec<bool>, Vec<u8>)> {
        (1usize..40).prop_flat_map(|n| {
            (
                proptest::collection::vec(any::<prop::sample::Index>(), n),
                proptest::collection::vec(any::<bool>(), n),
                proptest::collection::vec(0u8..4, n),
            )
                .prop_map(|(parents, qualified, rank)| {
                    let upline = parents
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            // A parent before i, or i itself meaning "a root".
                            let k = p.index(i + 1);
                            if k == i { NONE } else { k as u32 }
                        })
                        .collect();
                    (upline, qualified, rank)
                })
        })
    }

    proptest! {
        #[test]
        fn the_pointer_walk_pays_what_the_naive_walk_pays(
            (upline, qualified, rank) in tree_strategy(),
            mode in prop_oneof![
                Just(Compression::None),
                Just(Compression::SkipInactive),
                Just(Compression::Dynamic)
            ],
            base in 0u32..=5,
        ) {
            let c = config(mode, &[("Bronze", 2), ("Gold", 5)], Some(base));
            let n = upline.len();
            let present = vec![true; n];
            let zeros = vec![0.0; n];
            let mut depth = Vec::new();
            tree::depths(&upline, &mut depth);
            let ctx = Context {
                period: 1,
                upline: &upline,
                present: &present,
                cv: &zeros,
                qv: &zeros,
                gv: &zeros,
                joined: &vec![1; n],
                entry_fee: &zeros,
                active: &qualified,
                qualified: &qualified,
                rank: &rank,
                depth: &depth,
                earlier: &[],
                id: &[],
                placement: &[],
            };
            let mut walk = c.start();
            walk.prepare(&ctx);
            for (from, &d) in depth.iter().enumerate() {
                let mut fast = vec![0.0; n];
                let mut slow = vec![0.0; n];
                let paid = walk.pay(&ctx, from, 1.0, &mut fast);
                reference(&c, &upline, &qualified, &rank, from, &mut slow);
                prop_assert_eq!(&fast, &slow);
                prop_assert!(paid <= c.max_payout(1.0, d) + 1e-12);
            }
        }
    }
}
