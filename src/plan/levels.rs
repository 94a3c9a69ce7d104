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
//! rank. `rates_by_rank` instead gives listed ranks their own rates ([`RankRates`], also
//! read by `matrix` and `generation`): a member earns the list of the highest listed rank
//! at or below its paid-as rank, and a level beyond that list is not unlocked for it, so
//! compression treats it as `levels_by_rank` does. The two keys exclude each other.
//!
//! All members' volumes are paid in one reverse pass over join order
//! ([`LevelPay::pay_all`]): each member holds, per level, the volume from its downline
//! for which it is next in line, takes what its qualification and rank allow, and
//! passes the rest to its upline. O(members x levels), never O(depth), with one random
//! memory access per member; a property test checks it against walking each volume up
//! the line by the definition.
//!
//! `max_payout` for a volume is what it would pay if every upline qualified for every
//! level: `volume x (sum of the first min(levels, present ancestors) rates)`, where with
//! `rates_by_rank` the rate of a level is the best any rank earns there (the top rank's,
//! when rates rise with rank). Each level of a volume is paid to one upline at most, at
//! most at that best rate, so breakage is never negative; validation keeps the best
//! rates' sum at most 1. Without `rates_by_rank` the level pass reads one rate per level,
//! as it always did.
//! Golden vectors U-1 and U-2 pin down `none` and `skip_inactive`; the hand-worked
//! vectors H-1 and H-1b in `tests/it/payout.rs` pin down `dynamic` against `skip_inactive`
//! with `levels_by_rank`, and H-rates and H-rates-dynamic in `tests/it/payout_rates.rs`
//! with `rates_by_rank`.

use super::audit::{Audit, Cause, Step, amount, percent};
use super::bonus::{BonusRun, Context, Scope};
use super::check;
use super::types::BonusTotal;
use super::types::NONE;
use crate::input_error::{ConfigError, KeyPath};
use serde::Deserialize;
use std::collections::BTreeMap;

/// How pay passes over members who cannot take a level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
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

/// Rates by level, chosen by the paid-as rank of the member who earns them: the
/// validated `rates`, `base_levels`, `levels_by_rank` and `rates_by_rank` keys. Shared
/// by every kind paid by level (the sponsor-line kinds through [`LevelRates`], and
/// `matrix` and `generation` directly).
///
/// Without `rates_by_rank` every rank earns `rates`, down to the levels its rank
/// unlocks. With it, a member earns the list of the highest listed rank at or below its
/// paid-as rank (`rates` below every listed rank), and a level beyond that list is not
/// unlocked for it.
#[derive(Clone, Debug, PartialEq)]
pub struct RankRates {
    /// `rates` as written: what members below every rank of `rates_by_rank` earn.
    rates: Vec<f64>,
    /// Levels unlocked, by rank number (index 0 = no rank).
    levels: Vec<usize>,
    /// With `rates_by_rank`: each rank number's rate at each level, level-major
    /// (`by_rank[level * stride + rank]`, 0 where the level is not unlocked). Empty
    /// without it: every rank earns `rates`.
    by_rank: Vec<f64>,
    /// The best rate any rank earns at each level (without `rates_by_rank`: `rates`).
    best: Vec<f64>,
    /// `prefix[k]` = the sum of the first `k` best rates.
    prefix: Vec<f64>,
}

/// The rate keys of a bonus table, as written.
pub struct RawRates {
    pub rates: Vec<f64>,
    pub base_levels: Option<u32>,
    pub levels_by_rank: Option<BTreeMap<String, u32>>,
    pub rates_by_rank: Option<BTreeMap<String, Vec<f64>>>,
}

impl RawRates {
    /// Rates by level, the same for every rank.
    pub fn flat(rates: Vec<f64>) -> Self {
        Self::by_rank(rates, None)
    }

    /// Rates by level, and optionally other rates for ranks (no `levels_by_rank`).
    pub fn by_rank(rates: Vec<f64>, rates_by_rank: Option<BTreeMap<String, Vec<f64>>>) -> Self {
        Self {
            rates,
            base_levels: None,
            levels_by_rank: None,
            rates_by_rank,
        }
    }
}

impl RankRates {
    /// Validates `rates` (each in [0, 1], summing to at most 1), the level limits (each
    /// at most len(rates), naming existing ranks) and the rates by rank (each list as
    /// `rates`, naming existing ranks; the best rate of each level, over all lists,
    /// summing to at most 1). `levels_by_rank` and `rates_by_rank` exclude each other:
    /// with rates by rank, a list's length is the levels its rank unlocks. `at` is the
    /// bonus table's path.
    pub fn from_raw(raw: RawRates, at: &KeyPath, scope: &Scope) -> Result<Self, ConfigError> {
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
        if raw.levels_by_rank.is_some() && raw.rates_by_rank.is_some() {
            return Err(ConfigError::value(
                at.key("levels_by_rank"),
                "either `levels_by_rank` or `rates_by_rank`",
                "both",
            )
            .with_help(
                "with `rates_by_rank`, each rank is paid on as many levels as its list of \
                 rates has: drop `levels_by_rank`",
            ));
        }
        let ranks = scope.rank_names.len() + 1;
        // The highest listed rank at or below each rank number sets its value.
        let by_rank = |listed: Vec<(u8, usize)>| -> Vec<usize> {
            let mut chosen = vec![usize::MAX; ranks];
            let mut current = usize::MAX;
            let mut next = listed.iter().peekable();
            for (rank, slot) in chosen.iter_mut().enumerate() {
                while let Some(&&(listed_rank, value)) = next.peek() {
                    if listed_rank as usize > rank {
                        break;
                    }
                    current = value;
                    next.next();
                }
                *slot = current;
            }
            chosen
        };
        let mut levels = vec![base; ranks];
        if let Some(by_rank_levels) = raw.levels_by_rank {
            let at = at.key("levels_by_rank");
            let mut listed: Vec<(u8, usize)> = Vec::with_capacity(by_rank_levels.len());
            for (name, value) in by_rank_levels {
                let rank = scope.rank(&name, at.key(&name))?;
                listed.push((rank, within(value, at.key(&name))?));
            }
            listed.sort_unstable();
            for (slot, chosen) in levels.iter_mut().zip(by_rank(listed)) {
                if chosen != usize::MAX {
                    *slot = chosen;
                }
            }
        }
        let mut table = Vec::new();
        let mut best = rates.clone();
        if let Some(lists) = raw.rates_by_rank {
            let at = at.key("rates_by_rank");
            if lists.is_empty() {
                return Err(ConfigError::value(
                    at,
                    "at least one rank with its rates",
                    "an empty table",
                )
                .with_help("write e.g. `rates_by_rank = { Director = [0.08, 0.06, 0.04] }`"));
            }
            // Rank number -> its list: index 0 is `rates` (cut to `base_levels`).
            let mut lists_by_number: Vec<Vec<f64>> = vec![rates[..base].to_vec()];
            let mut listed: Vec<(u8, usize)> = Vec::with_capacity(lists.len());
            for (name, list) in lists {
                let rank = scope.rank(&name, at.key(&name))?;
                let list = check::rates(&list, &at.key(&name))?;
                listed.push((rank, lists_by_number.len()));
                lists_by_number.push(list);
            }
            listed.sort_unstable();
            let chosen: Vec<&[f64]> = by_rank(listed)
                .into_iter()
                .map(|list| &lists_by_number[if list == usize::MAX { 0 } else { list }][..])
                .collect();
            let depth = lists_by_number.iter().map(Vec::len).max().unwrap_or(0);
            best = (0..depth)
                .map(|level| {
                    let rates_at = lists_by_number.iter().filter_map(|l| l.get(level));
                    rates_at.copied().fold(0.0, f64::max)
                })
                .collect();
            let sum: f64 = best.iter().sum();
            if sum > 1.0 + check::SUM_SLACK {
                return Err(ConfigError::value(
                    at,
                    "rates whose best rate at each level, over all ranks, sums to at most 1",
                    format!("a sum of {sum}"),
                )
                .with_help(
                    "members of different ranks take different levels of one volume, so \
                     the best rates of each level could all be paid on it",
                ));
            }
            table = vec![0.0; depth * ranks];
            for (rank, list) in chosen.iter().enumerate() {
                levels[rank] = list.len();
                for (level, &rate) in list.iter().enumerate() {
                    table[level * ranks + rank] = rate;
                }
            }
        }
        let mut prefix = Vec::with_capacity(best.len() + 1);
        let mut sum = 0.0;
        prefix.push(sum);
        for &rate in &best {
            sum += rate;
            prefix.push(sum);
        }
        Ok(Self {
            rates,
            levels,
            by_rank: table,
            best,
            prefix,
        })
    }

    /// The number of levels any rank is paid on (the passes a period needs).
    pub fn depth(&self) -> usize {
        self.best.len()
    }

    /// Whether members of `rank` are paid at 0-based `level`.
    pub fn unlocks(&self, rank: u8, level: usize) -> bool {
        self.levels[usize::from(rank)] > level
    }

    /// The rate a member of `rank` earns at 0-based `level`: 0 when that level is not
    /// unlocked for `rank`.
    pub fn rate_for(&self, rank: u8, level: usize) -> f64 {
        if !self.unlocks(rank, level) {
            0.0
        } else if self.by_rank.is_empty() {
            self.rates[level]
        } else {
            self.by_rank[level * self.levels.len() + usize::from(rank)]
        }
    }

    /// The rate of every rank number at 0-based `level` (`row[rank]`, 0 where it is not
    /// unlocked), or `None` when every rank earns `rates` (then read [`Self::flat_rate`]).
    pub fn row(&self, level: usize) -> Option<&[f64]> {
        let stride = self.levels.len();
        if self.by_rank.is_empty() {
            None
        } else {
            Some(&self.by_rank[level * stride..(level + 1) * stride])
        }
    }

    /// `rates[level]` (0 beyond `rates`): the rate of every rank that unlocks `level`
    /// when there are no rates by rank.
    pub fn flat_rate(&self, level: usize) -> f64 {
        self.rates.get(level).copied().unwrap_or(0.0)
    }

    /// Whether the rates depend on the rank (`rates_by_rank` was given).
    pub fn by_rank(&self) -> bool {
        !self.by_rank.is_empty()
    }

    /// The best rate any rank earns at 0-based `level` (0 beyond [`Self::depth`]).
    pub fn best(&self, level: usize) -> f64 {
        self.best.get(level).copied().unwrap_or(0.0)
    }

    /// The sum of the best rates of the first `levels` levels (at most [`Self::depth`]).
    pub fn best_sum(&self, levels: usize) -> f64 {
        self.prefix[levels.min(self.depth())]
    }
}

/// Validated level rates, by rank, and how pay passes over members who cannot take a
/// level (the sponsor-line kinds).
#[derive(Clone, Debug, PartialEq)]
pub struct LevelRates {
    rates: RankRates,
    compression: Compression,
}

/// The level keys of a bonus table, as written.
pub struct RawLevels {
    pub rates: RawRates,
    pub compression: Option<Compression>,
}

impl RawLevels {
    /// Rates and compression with no rank limits on levels (fast start, recruitment).
    pub fn without_ranks(rates: Vec<f64>, compression: Option<Compression>) -> Self {
        Self {
            rates: RawRates::flat(rates),
            compression,
        }
    }
}

impl LevelRates {
    /// Validates the rates (see [`RankRates::from_raw`]) and the compression. `at` is
    /// the bonus table's path.
    pub fn from_raw(raw: RawLevels, at: &KeyPath, scope: &Scope) -> Result<Self, ConfigError> {
        Ok(Self {
            rates: RankRates::from_raw(raw.rates, at, scope)?,
            compression: raw.compression.unwrap_or_default(),
        })
    }

    /// The rate a member of `rank` earns at 0-based `level`: 0 when that level is not
    /// unlocked for `rank`.
    pub fn rate_for(&self, rank: u8, level: usize) -> f64 {
        self.rates.rate_for(rank, level)
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
        self.rates.unlocks(rank, level)
    }

    /// The rate `max_payout` counts at 0-based `level`: the best any rank earns there.
    pub fn promised(&self, level: usize) -> f64 {
        self.rates.best(level)
    }

    /// The number of levels the rates pay.
    pub fn len(&self) -> usize {
        self.rates.depth()
    }

    /// Whether there are no rates at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What `volume` would pay from a member with `depth` present ancestors if every
    /// one of them qualified for every level, at the best rate any rank earns there.
    pub fn max_payout(&self, volume: f64, depth: u32) -> f64 {
        volume * self.rates.best_sum(depth as usize)
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
        let config = &self.config.rates;
        let compression = self.config.compression;
        let n = ctx.len();
        let depth = config.depth();
        if depth == 0 {
            return 0.0;
        }
        for buffer in [&mut self.arriving, &mut self.next] {
            if buffer.len() < n {
                buffer.resize(n, 0.0);
            }
        }
        // Every per-member slice cut to `n`: one check of an index covers them all.
        let (upline, present, qualified, rank) = (
            &ctx.upline[..n],
            &ctx.present[..n],
            &ctx.qualified[..n],
            &ctx.rank[..n],
        );
        let out = &mut out[..n];
        // Level 1: every member's base arrives at its upline.
        let arriving = &mut self.arriving[..n];
        for ((&up, &here), &amount) in upline.iter().zip(present).zip(base) {
            if up != NONE && here && amount != 0.0 {
                arriving[up as usize] += amount;
            }
        }
        let mut paid = 0.0;
        for level in 0..depth {
            let last = level + 1 == depth;
            // Without rates by rank every rank that unlocks the level earns one rate.
            let flat = config.flat_rate(level);
            let row = config.row(level);
            let (arriving, next) = (&mut self.arriving[..n], &mut self.next[..n]);
            for i in (0..n).rev() {
                // Read first: most members have nothing arriving, and a store of zero
                // there would cost a write per member and level.
                let volume = arriving[i];
                if volume == 0.0 {
                    continue;
                }
                arriving[i] = 0.0;
                let qualified = qualified[i];
                let rank = rank[i];
                let takes = qualified && config.unlocks(rank, level);
                if takes {
                    let rate = match row {
                        None => flat,
                        Some(row) => row[usize::from(rank)],
                    };
                    let amount = volume * rate;
                    out[i] += amount;
                    paid += amount;
                }
                let uses_up_level = match compression {
                    Compression::None => true,
                    Compression::SkipInactive => qualified,
                    Compression::Dynamic => takes,
                };
                let up = upline[i];
                if up == NONE {
                    continue;
                }
                if !uses_up_level {
                    arriving[up as usize] += volume;
                } else if !last {
                    next[up as usize] += volume;
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
                    "level {}: {} of {} {word}",
                    level + 1,
                    percent(paid_rate),
                    amount(volume)
                );
                if skipped > 0 {
                    reason.push_str(&format!(" ({mode} passed over {skipped} member(s))"));
                }
                if paid_rate > 0.0 {
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
                if rate > paid_rate {
                    let reason = format!(
                        "level {}: paid as {}, below the best rate {}",
                        level + 1,
                        audit.rank_name(ctx.rank[m]),
                        percent(rate)
                    );
                    let short = volume * (rate - paid_rate);
                    audit.broke(member, source, step, short, Cause::Depth, reason);
                }
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
                    let reason = format!("level {}: {why}", level + 1);
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

    /// The level keys of a test plan over ranks Bronze, Silver and Gold (1 to 3).
    #[derive(Clone, Debug)]
    struct Keys {
        rates: Vec<f64>,
        base: Option<u32>,
        levels_by_rank: Vec<(u8, u32)>,
        rates_by_rank: Vec<(u8, Vec<f64>)>,
    }

    const RANK_NAMES: [&str; 3] = ["Bronze", "Silver", "Gold"];

    impl Keys {
        fn config(&self, compression: Compression) -> LevelRates {
            let rank_names: Vec<String> = RANK_NAMES.iter().map(|r| r.to_string()).collect();
            let scope = Scope {
                rank_names: &rank_names,
                earlier_bonuses: &[],
                later_bonuses: &[],
            };
            let name = |rank: u8| RANK_NAMES[usize::from(rank) - 1].to_string();
            let raw = RawLevels {
                rates: RawRates {
                    rates: self.rates.clone(),
                    base_levels: self.base,
                    levels_by_rank: Some(self.levels_by_rank.iter())
                        .filter(|l| l.len() > 0)
                        .map(|l| l.map(|(r, n)| (name(*r), *n)).collect()),
                    rates_by_rank: Some(self.rates_by_rank.iter())
                        .filter(|l| l.len() > 0)
                        .map(|l| l.map(|(r, v)| (name(*r), v.clone())).collect()),
                },
                compression: Some(compression),
            };
            LevelRates::from_raw(raw, &KeyPath::root(), &scope).unwrap()
        }

        /// The rate a member of `rank` earns at 0-based `level` by the definition, or
        /// `None` if the level is not unlocked for it: the list (or the levels) of the
        /// highest listed rank at or below `rank`.
        fn rate(&self, rank: u8, level: usize) -> Option<f64> {
            let base = self.base.map_or(self.rates.len(), |b| b as usize);
            let highest = |listed: &[(u8, usize)]| {
                listed
                    .iter()
                    .filter(|(r, _)| *r <= rank)
                    .max_by_key(|(r, _)| *r)
                    .map(|(_, i)| *i)
            };
            if self.rates_by_rank.is_empty() {
                let listed: Vec<(u8, usize)> = self
                    .levels_by_rank
                    .iter()
                    .map(|&(r, n)| (r, n as usize))
                    .collect();
                let levels = highest(&listed).unwrap_or(base);
                (level < levels).then(|| self.rates[level])
            } else {
                let listed: Vec<(u8, usize)> = (0..self.rates_by_rank.len())
                    .map(|i| (self.rates_by_rank[i].0, i))
                    .collect();
                match highest(&listed) {
                    Some(i) => self.rates_by_rank[i].1.get(level).copied(),
                    None => self.rates[..base].get(level).copied(),
                }
            }
        }

        /// The number of levels of the longest list.
        fn depth(&self) -> usize {
            let lists = self.rates_by_rank.iter().map(|(_, l)| l.len());
            lists.chain([self.rates.len()]).max().unwrap()
        }
    }

    /// The definition, walked naively up the whole line: the fast walk must agree.
    fn reference(
        keys: &Keys,
        compression: Compression,
        upline: &[u32],
        qualified: &[bool],
        rank: &[u8],
        from: usize,
        out: &mut [f64],
    ) {
        let mut level = 0;
        let mut up = upline[from];
        while up != NONE && level < keys.depth() {
            let m = up as usize;
            let rate = keys.rate(rank[m], level);
            match compression {
                Compression::None => {
                    if let Some(rate) = rate.filter(|_| qualified[m]) {
                        out[m] += rate;
                    }
                    level += 1;
                }
                Compression::SkipInactive => {
                    if qualified[m] {
                        if let Some(rate) = rate {
                            out[m] += rate;
                        }
                        level += 1;
                    }
                }
                Compression::Dynamic => {
                    if let Some(rate) = rate.filter(|_| qualified[m]) {
                        out[m] += rate;
                        level += 1;
                    }
                }
            }
            up = upline[m];
        }
    }

    /// `levels_by_rank = { Bronze = 2, Gold = 5 }` with `base_levels`.
    fn levels_keys(base: u32) -> Keys {
        Keys {
            rates: vec![0.1, 0.07, 0.05, 0.03, 0.02],
            base: Some(base),
            levels_by_rank: vec![(1, 2), (3, 5)],
            rates_by_rank: Vec::new(),
        }
    }

    /// `rates_by_rank` for Bronze and Gold (Silver earns Bronze's), longer and shorter
    /// than `rates`, and a Bronze level-1 rate above Gold's: the best rates by level are
    /// nobody's list.
    fn rates_keys(base: u32) -> Keys {
        Keys {
            rates: vec![0.05, 0.04, 0.03],
            base: Some(base.min(3)),
            levels_by_rank: Vec::new(),
            rates_by_rank: vec![(1, vec![0.12, 0.0]), (3, vec![0.1, 0.08, 0.05, 0.03, 0.02])],
        }
    }

    #[test]
    fn levels_come_from_the_highest_listed_rank_at_or_below() {
        let keys = Keys {
            levels_by_rank: vec![(2, 4)],
            ..levels_keys(1)
        };
        let c = keys.config(Compression::Dynamic);
        assert_eq!(c.rates.levels, vec![1, 1, 4, 4]);
        assert_eq!(c.rate_for(0, 0), 0.1);
        assert_eq!(c.rate_for(1, 1), 0.0);
        assert_eq!(c.rate_for(3, 3), 0.03);
        assert_eq!(c.rate_for(3, 4), 0.0);
    }

    #[test]
    fn rates_come_from_the_list_of_the_highest_listed_rank_at_or_below() {
        let c = rates_keys(3).config(Compression::SkipInactive);
        assert_eq!(c.rates.levels, vec![3, 2, 2, 5]);
        let rows: Vec<Vec<f64>> = (0..4)
            .map(|rank| (0..6).map(|level| c.rate_for(rank, level)).collect())
            .collect();
        assert_eq!(rows[0], [0.05, 0.04, 0.03, 0.0, 0.0, 0.0]);
        assert_eq!(rows[1], [0.12, 0.0, 0.0, 0.0, 0.0, 0.0]);
        assert_eq!(rows[2], rows[1]);
        assert_eq!(rows[3], [0.1, 0.08, 0.05, 0.03, 0.02, 0.0]);
        // The best rate of each level, over all lists: 0.12 + 0.08 + 0.05 + 0.03 + 0.02.
        assert!((c.max_payout(100.0, 9) - 30.0).abs() < 1e-9);
        assert!((c.max_payout(100.0, 2) - 20.0).abs() < 1e-9);
        // `base_levels` cuts `rates` for the members below every listed rank.
        let c = rates_keys(1).config(Compression::SkipInactive);
        assert_eq!(c.rates.levels, vec![1, 2, 2, 5]);
        assert_eq!(c.rate_for(0, 1), 0.0);
    }

    /// A unilevel under ranks Leader and Director, with `keys`.
    fn unilevel(keys: &str) -> Result<crate::plan::Plan, ConfigError> {
        let ranks = "[[plan.rank]]\nname = \"Leader\"\ngv = 100\n\
                     [[plan.rank]]\nname = \"Director\"\ngv = 500";
        crate::plan::tests::one_bonus(ranks, "unilevel", keys)
    }

    fn rejected(keys: &str) -> ConfigError {
        crate::plan::tests::must_reject(unilevel(keys))
    }

    #[test]
    fn rates_by_rank_are_checked_at_their_keys() {
        let ok = "rates = [0.05, 0.05]\nrates_by_rank = { Director = [0.08, 0.06, 0.04] }";
        assert!(unilevel(ok).is_ok());
        assert!(unilevel(&format!("{ok}\nbase_levels = 0")).is_ok());
        let err = rejected("rates = [0.05]\nrates_by_rank = { Directr = [0.1] }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates_by_rank.Directr");
        assert_eq!(err.help.as_deref(), Some("did you mean `Director`?"));
        let err = rejected("rates = [0.05]\nrates_by_rank = { Leader = [0.1, -0.1] }");
        assert_eq!(
            err.path.to_string(),
            "plan.bonus[0].rates_by_rank.Leader[1]"
        );
        let err = rejected("rates = [0.05]\nrates_by_rank = { Leader = [0.6, 0.5] }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates_by_rank.Leader");
        assert!(
            err.expected.contains("sum is at most 1"),
            "{}",
            err.expected
        );
        let err = rejected("rates = [0.05]\nrates_by_rank = { Leader = [] }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates_by_rank.Leader");
        let err = rejected("rates = [0.05]\nrates_by_rank = {}");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates_by_rank");
        assert_eq!(err.found, "an empty table");
        let err = rejected("rates = [0.05]\nrates_by_rank = { Leader = 0.1 }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates_by_rank.Leader");
    }

    #[test]
    fn the_best_rates_of_all_ranks_may_not_promise_more_than_the_volume() {
        // Each list sums to at most 1, but a Leader at level 1 and a Director at level
        // 2 could take 0.6 + 0.6 of one volume.
        let err =
            rejected("rates = [0.05]\nrates_by_rank = { Leader = [0.6], Director = [0.1, 0.6] }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates_by_rank");
        assert!(err.found.contains("1.2"), "{}", err.found);
    }

    #[test]
    fn levels_by_rank_and_rates_by_rank_exclude_each_other() {
        let err = rejected(
            "rates = [0.05, 0.05]\nlevels_by_rank = { Leader = 1 }\n\
             rates_by_rank = { Director = [0.1, 0.1, 0.1] }",
        );
        assert_eq!(err.path.to_string(), "plan.bonus[0].levels_by_rank");
        assert!(err.help.unwrap().contains("drop `levels_by_rank`"));
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
            by_rank in any::<bool>(),
        ) {
            let keys = if by_rank { rates_keys(base) } else { levels_keys(base) };
            let c = keys.config(mode);
            for rank in 0..4 {
                for level in 0..6 {
                    prop_assert_eq!(c.rate_for(rank, level), keys.rate(rank, level).unwrap_or(0.0));
                }
            }
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
                reference(&keys, mode, &upline, &qualified, &rank, from, &mut slow);
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
                reference(&keys, mode, &upline, &qualified, &rank, from, &mut one);
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
