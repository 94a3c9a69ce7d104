//! Paying a volume up the sponsor line by level: shared by every sponsor-tree bonus paid
//! by level (unilevel, fast start, recruitment, matching).
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
//! All members' volumes are paid in one reverse pass over join order
//! ([`LevelPay::pay_all`]): each member holds, per level, the volume from its downline
//! for which it is next in line, takes what its qualification and rank allow, and
//! passes the rest to its upline. O(members x levels), never O(depth), with one random
//! memory access per member; a property test checks it against walking each volume up
//! the line by the definition.
//!
//! `max_payout` for a volume is what it would pay if every upline qualified for every
//! level: `volume x (sum of the first min(len(rates), present ancestors) rates)`.
//! Golden vectors U-1 and U-2 pin down `none` and `skip_inactive`; the hand-worked
//! vectors H-1 and H-1b in `tests/it/payout.rs` pin down `dynamic` against `skip_inactive`
//! with `levels_by_rank`.

use super::audit::{Audit, Cause, Step, amount, percent, who};
use super::bonus::{BonusRun, Context, Scope};
use super::check;
use super::types::BonusTotal;
use super::types::NONE;
use crate::input_error::{ConfigError, KeyPath};
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
}

/// The level keys of a bonus table, as written.
pub struct RawLevels {
    pub rates: Vec<f64>,
    pub compression: Option<Compression>,
    pub base_levels: Option<u32>,
    pub levels_by_rank: Option<BTreeMap<String, u32>>,
}

impl RawLevels {
    /// Rates and compression with no rank limits on levels (every kind but unilevel).
    pub fn without_ranks(rates: Vec<f64>, compression: Option<Compression>) -> Self {
        Self {
            rates,
            compression,
            base_levels: None,
            levels_by_rank: None,
        }
    }
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
        })
    }

    /// Buffers for one run's level pay.
    pub fn start(&self) -> LevelPay<'_> {
        LevelPay {
            config: self,
            arriving: Vec::new(),
            next: Vec::new(),
        }
    }

    /// Whether a member of paid-as `rank` may take 0-based `level`.
    pub fn unlocks(&self, rank: u8, level: usize) -> bool {
        self.levels[usize::from(rank)] > level
    }

    /// The rate a member of paid-as `rank` earns at 0-based `level` (0 when that level
    /// is not unlocked for the rank).
    pub fn rate_for(&self, rank: u8, level: usize) -> f64 {
        if self.unlocks(rank, level) {
            self.rates[level]
        } else {
            0.0
        }
    }

    /// The rate `max_payout` counts at 0-based `level`: what the plan shows for it.
    pub fn promised(&self, level: usize) -> f64 {
        self.rates[level]
    }

    /// The number of levels the rates pay.
    pub fn len(&self) -> usize {
        self.rates.len()
    }

    /// Whether there are no rates at all.
    pub fn is_empty(&self) -> bool {
        self.rates.is_empty()
    }

    /// What `volume` would pay from a member with `depth` present ancestors if every
    /// one of them qualified for every level.
    pub fn max_payout(&self, volume: f64, depth: u32) -> f64 {
        let levels = (depth as usize).min(self.rates.len());
        volume * self.prefix[levels]
    }
}

/// The level pay's buffers for one run.
#[derive(Debug)]
pub struct LevelPay<'p> {
    config: &'p LevelRates,
    /// Volume arriving at each member at the level being paid (all zero between uses).
    arriving: Vec<f64>,
    /// Volume arriving at each member at the next level (all zero between uses).
    next: Vec<f64>,
}

impl LevelPay<'_> {
    /// Pays every member's `base` amount up the line into `out` (one entry per member)
    /// and returns the total paid.
    ///
    /// One reverse pass in join order per level. In the pass for level l, when member i
    /// is reached, all of its downline (larger indices) has been, so `arriving[i]` holds
    /// the volume for which i is next in line at level l. Member i takes level l if its
    /// qualification and rank allow; volume that used up level l at i moves to i's
    /// upline at level l + 1 (`next`), volume passed over stays at level l and moves to
    /// i's upline in the same pass (the compression decides which is which). Members
    /// with nothing arriving are skipped. O(members x levels) with two member-sized
    /// arrays, which stay in cache far better than one row of levels per member; a
    /// property test checks it against walking each volume up the line.
    pub fn pay_all(&mut self, ctx: &Context, base: &[f64], out: &mut [f64]) -> f64 {
        let config = self.config;
        let n = ctx.len();
        if config.rates.is_empty() {
            return 0.0;
        }
        for buffer in [&mut self.arriving, &mut self.next] {
            if buffer.len() < n {
                buffer.resize(n, 0.0);
            }
        }
        // Level 1: every member's base arrives at its upline.
        for (i, &amount) in base.iter().enumerate().take(n) {
            let up = ctx.upline[i];
            if up != NONE && ctx.present[i] && amount != 0.0 {
                self.arriving[up as usize] += amount;
            }
        }
        let mut paid = 0.0;
        for (level, &rate) in config.rates.iter().enumerate() {
            let last = level + 1 == config.rates.len();
            for i in (0..n).rev() {
                let volume = std::mem::take(&mut self.arriving[i]);
                if volume == 0.0 {
                    continue;
                }
                let qualified = ctx.qualified[i];
                let takes = qualified && config.levels[ctx.rank[i] as usize] > level;
                if takes {
                    let amount = volume * rate;
                    out[i] += amount;
                    paid += amount;
                }
                let uses_up_level = match config.compression {
                    Compression::None => true,
                    Compression::SkipInactive => qualified,
                    Compression::Dynamic => takes,
                };
                let up = ctx.upline[i];
                if up == NONE {
                    continue;
                }
                if !uses_up_level {
                    self.arriving[up as usize] += volume;
                } else if !last {
                    self.next[up as usize] += volume;
                }
            }
            std::mem::swap(&mut self.arriving, &mut self.next);
        }
        // The last level's `next` was never written; `arriving` (the old `next`) holds
        // nothing after a full pass. Both are all zero again.
        paid
    }
}

/// Explains level pay: walks each member's `base` up the line by the definition of the
/// compression (as the property test's reference does) and writes a line for every
/// level paid and a broken amount for every level of `max_payout` not paid. `word`
/// names the base in reasons (`CV`, `entry fee`, ...). Linear in members x depth, for
/// audits only.
pub fn explain(config: &LevelRates, ctx: &Context, base: &[f64], word: &str, audit: &mut Audit) {
    let mode = match config.compression {
        Compression::None => "none",
        Compression::SkipInactive => "skip_inactive",
        Compression::Dynamic => "dynamic",
    };
    for (from, &volume) in base.iter().enumerate() {
        if volume == 0.0 || !ctx.present[from] {
            continue;
        }
        let source = ctx.id_of(from);
        let promised = (ctx.depth[from] as usize).min(config.len());
        let mut level = 0;
        let mut skipped = 0;
        let mut up = ctx.upline[from];
        while up != NONE && level < promised {
            let m = up as usize;
            let member = ctx.id_of(m);
            let qualified = ctx.qualified[m];
            let unlocked = config.unlocks(ctx.rank[m], level);
            let step = Step::Level(level as u32 + 1);
            let rate = config.promised(level);
            let due = volume * rate;
            let takes = qualified && unlocked;
            if takes {
                let paid_rate = config.rate_for(ctx.rank[m], level);
                let mut reason = format!(
                    "level {}: {} of {} {word} from {}",
                    level + 1,
                    percent(paid_rate),
                    amount(volume),
                    who(source)
                );
                if skipped > 0 {
                    reason.push_str(&format!(" ({mode} passed over {skipped} member(s))"));
                }
                audit.pay(
                    member,
                    source,
                    step,
                    volume,
                    paid_rate,
                    volume * paid_rate,
                    reason,
                );
            }
            let uses_up = match config.compression {
                Compression::None => true,
                Compression::SkipInactive => qualified,
                Compression::Dynamic => takes,
            };
            if uses_up {
                if !takes {
                    let (cause, why) = if !qualified {
                        (
                            Cause::Unqualified,
                            "not qualified, and compression none keeps its level",
                        )
                    } else {
                        (
                            Cause::Depth,
                            "qualified, but its rank does not unlock this level",
                        )
                    };
                    let reason = format!("level {}: {} {why}", level + 1, who(member));
                    audit.broke(member, source, step, due, cause, reason);
                }
                level += 1;
                skipped = 0;
            } else {
                skipped += 1;
            }
            up = ctx.upline[m];
        }
        for rest in level..promised {
            let reason = format!(
                "level {}: passed up the line ({mode}) and nobody above was qualified for it",
                rest + 1
            );
            let step = Step::Level(rest as u32 + 1);
            let due = volume * config.promised(rest);
            audit.broke(NONE, source, step, due, Cause::Compression, reason);
        }
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
    /// What the base is, in the audit's reasons.
    fn word(&self) -> &'static str {
        "CV"
    }
}

/// Every level bonus is a bonus: its run is a [`LevelRun`].
impl<B: LevelBonus + std::fmt::Debug + Send> super::bonus::Bonus for B {
    fn start(&self) -> Box<dyn BonusRun + Send + '_> {
        Box::new(LevelRun::new(self))
    }
}

/// One run of a [`LevelBonus`]: pays every member's base up the line each period.
pub struct LevelRun<'p, B: LevelBonus> {
    bonus: &'p B,
    pay: LevelPay<'p>,
    base: Vec<f64>,
}

impl<'p, B: LevelBonus> LevelRun<'p, B> {
    pub fn new(bonus: &'p B) -> Self {
        Self {
            bonus,
            pay: bonus.levels().start(),
            base: Vec::new(),
        }
    }
}

impl<B: LevelBonus> BonusRun for LevelRun<'_, B> {
    fn pay(&mut self, ctx: &Context, out: &mut [f64]) -> BonusTotal {
        let levels = self.bonus.levels();
        self.base.clear();
        self.base
            .extend((0..ctx.len()).map(|i| self.bonus.base(ctx, i)));
        let max_payout = self
            .base
            .iter()
            .zip(ctx.depth)
            .filter(|(base, _)| **base != 0.0)
            .map(|(&base, &depth)| levels.max_payout(base, depth))
            .sum();
        BonusTotal {
            paid: self.pay.pay_all(ctx, &self.base, out),
            max_payout,
        }
    }

    fn pay_audited(&mut self, ctx: &Context, out: &mut [f64], audit: &mut Audit) -> BonusTotal {
        let total = self.pay(ctx, out);
        explain(
            self.bonus.levels(),
            ctx,
            &self.base,
            self.bonus.word(),
            audit,
        );
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tree;
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
        fn the_one_pass_level_pay_equals_the_naive_walk_up_the_line(
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
            // One member's unit volume at a time, through the same buffers (which must
            // be left all zero after every pass).
            let mut pay = c.start();
            for (from, &d) in depth.iter().enumerate() {
                let mut base = vec![0.0; n];
                base[from] = 1.0;
                let mut fast = vec![0.0; n];
                let mut slow = vec![0.0; n];
                let paid = pay.pay_all(&ctx, &base, &mut fast);
                reference(&c, &upline, &qualified, &rank, from, &mut slow);
                prop_assert_eq!(&fast, &slow);
                prop_assert!(paid <= c.max_payout(1.0, d) + 1e-12);
            }
            // Everyone's volume at once equals the sum of the single walks.
            let base: Vec<f64> = (0..n).map(|i| 1.0 + i as f64).collect();
            let mut all = vec![0.0; n];
            pay.pay_all(&ctx, &base, &mut all);
            let mut sum = vec![0.0; n];
            for (from, &b) in base.iter().enumerate() {
                let mut one = vec![0.0; n];
                reference(&c, &upline, &qualified, &rank, from, &mut one);
                for (s, o) in sum.iter_mut().zip(&one) {
                    *s += b * o;
                }
            }
            for (a, s) in all.iter().zip(&sum) {
                prop_assert!((a - s).abs() <= 1e-9 * (1.0 + s.abs()), "{} vs {}", a, s);
            }
        }
    }
}
