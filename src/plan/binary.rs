//! `binary`: pay on the weaker of two legs of the placement tree, with carry-over.
//!
//! Every position has two legs, left and right (see [`super::placement`]; a member's own
//! volume is not in its own legs). Each period a member is paid on the volume its legs
//! *match*: `rate` x the weaker leg, or, with `cycle = { big, small, pay }`, `pay` for
//! every cycle of `big` volume from the larger leg and `small` from the other. The
//! stronger leg's unmatched volume is *carried over* to the next period, which makes the
//! plan look generous: the carry is only worth anything if the weak leg ever catches up,
//! and a member who goes inactive with `flush_if_inactive` loses it. So a participant
//! sees a large "banked" volume and is paid on the small leg.
//!
//! ```toml
//! [[plan.bonus]]
//! kind = "binary"
//! rate = 0.10                      # share of matched weak-leg volume, or instead:
//! # cycle = { big = 200, small = 100, pay = 14 }
//! carry = true                     # default true: unmatched volume carries over
//! carry_cap = 5000                 # optional: at most this much carried per leg
//! flush_if_inactive = true         # default false: an unqualified member loses its carry
//! cap = 1000                       # optional: at most this much pay per member per period
//! require_sponsored_legs = true    # default false: paid only with a personally
//!                                  # sponsored active member in each leg
//! placement = "weak_leg"           # weak_leg (default) | left | bfs
//! ```
//!
//! The algorithm, for one period:
//!
//! 1. Members seen for the first time are placed ([`PlacementTree::place_new_members`]).
//! 2. Subtree volume: every present member's CV by stable id, summed in one reverse pass
//!    over ids (a placement parent's id is smaller than its child's). A quitter's
//!    position stays and passes its downline's volume up.
//! 3. For each present member, `L` and `R` = the subtree volume of its left and right
//!    child + its carry on that side. Matching: with `rate`, `matched = min(L, R)`, pay
//!    `rate x matched`, both legs reduced by `matched`. With `cycle`, each cycle takes
//!    `big` from the larger leg (the left on ties) and `small` from the other while the
//!    legs can give them: the number of cycles and what is left are computed in closed
//!    form ([`cycles`]), never one cycle at a time.
//! 4. A *qualified* member (and, with `require_sponsored_legs`, one with an active
//!    member it personally sponsors, roll-up upline = itself, somewhere in each leg) is
//!    paid `min(pay, cap)` and keeps the leftovers; volume matched beyond what the cap
//!    pays is consumed, not carried. A member who is not paid keeps both legs whole,
//!    except that with `flush_if_inactive` an unqualified member's carry becomes 0 on
//!    both legs.
//!    Whether each leg holds such a recruit is found by one depth-first walk of the
//!    placement tree (iterative, O(ids)), which knows at every member which side of
//!    each ancestor the walk went down; only when the key is set.
//! 5. Carry for the next period: the kept legs, each at most `carry_cap`; nothing when
//!    `carry = false`. Members not present (quit, or absent from a `payout` period)
//!    are not paid and their carry is left as it was.
//!
//! `max_payout`: for every present member, what it would be paid this period from its
//! current legs `L` and `R` if it qualified (activity, rules and sponsored legs), without
//! the per-member `cap`. So pay withheld from unqualified members and cut by `cap` is
//! breakage; flushed carry is not counted again (it was never paid on).
//!
//! Golden vectors B-1 (carry and flush over three periods) and B-3 (cycles) in
//! `reference/plan-vectors.md`; hand-worked vectors for every key in
//! `tests/it/payout_tree.rs`.

use super::audit::{self, Audit, Cause, Step, TreeRow};
use super::bonus::{Bonus, BonusRun, Context, Scope};
use super::check;
use super::placement::{PlacementTree, Rule};
use super::types::{BonusTotal, NONE};
use crate::input_error::{ConfigError, KeyPath, decode};
use serde::Deserialize;

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(rename = "kind")]
    _kind: String,
    #[serde(rename = "name")]
    _name: Option<String>,
    rate: Option<f64>,
    cycle: Option<RawCycle>,
    carry: Option<bool>,
    carry_cap: Option<f64>,
    #[serde(default)]
    flush_if_inactive: bool,
    cap: Option<f64>,
    #[serde(default)]
    require_sponsored_legs: bool,
    #[serde(default)]
    placement: RawPlacement,
}

/// The JSON Schema of this kind's table (`downline schema`).
pub(super) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    <Raw as schemars::JsonSchema>::json_schema(generator)
}

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawCycle {
    big: f64,
    small: f64,
    pay: f64,
}

/// `placement = "..."`.
#[derive(Clone, Copy, Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
enum RawPlacement {
    #[default]
    WeakLeg,
    Left,
    Bfs,
}

/// A binary cycle: `big` volume from the larger leg and `small` from the other pay
/// `pay`. Validated: `big >= small > 0`, `pay >= 0`, all finite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cycle {
    pub big: f64,
    pub small: f64,
    pub pay: f64,
}

/// How matched leg volume is paid.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Matching {
    /// A share of the weaker leg.
    Rate(f64),
    /// Whole cycles.
    Cycle(Cycle),
}

/// A validated binary bonus.
#[derive(Debug)]
pub struct Binary {
    matching: Matching,
    carry: bool,
    /// Carry per leg at most this (infinite: no cap).
    carry_cap: f64,
    flush_if_inactive: bool,
    /// Pay per member per period at most this (infinite: no cap).
    cap: f64,
    require_sponsored_legs: bool,
    placement: Rule,
}

/// Validates a `kind = "binary"` table.
pub fn parse(value: toml::Value, at: &KeyPath, _: &Scope) -> Result<Box<dyn Bonus>, ConfigError> {
    let raw: Raw = decode(value, at)?;
    let matching = match (raw.rate, raw.cycle) {
        (Some(_), Some(_)) => {
            return Err(ConfigError::value(
                at.key("cycle"),
                "either rate or cycle, not both",
                "both `rate` and `cycle`",
            )
            .with_help(
                "remove `rate` to pay by cycles, or `cycle` to pay a share of the weak leg",
            ));
        }
        (None, None) => {
            return Err(ConfigError::value(
                at.clone(),
                "a key `rate` or `cycle`",
                "neither",
            )
            .with_help(
                "add `rate = 0.10` (a share of the weak leg) or `cycle = { big = 200, small = 100, pay = 14 }`",
            ));
        }
        (Some(rate), None) => Matching::Rate(check::rate(rate, &at.key("rate"))?),
        (None, Some(cycle)) => Matching::Cycle(check_cycle(&cycle, &at.key("cycle"))?),
    };
    let carry = raw.carry.unwrap_or(true);
    let carry_cap = match raw.carry_cap {
        Some(_) if !carry => {
            return Err(ConfigError::value(
                at.key("carry_cap"),
                "no `carry_cap` when `carry = false` (nothing is carried)",
                "a `carry_cap`",
            )
            .with_help("remove `carry_cap`, or set `carry = true`"));
        }
        Some(cap) => check::non_negative(cap, &at.key("carry_cap"))?,
        None => f64::INFINITY,
    };
    let cap = match raw.cap {
        Some(cap) => positive(cap, &at.key("cap"), "an amount of money greater than 0")?,
        None => f64::INFINITY,
    };
    Ok(Box::new(Binary {
        matching,
        carry,
        carry_cap,
        flush_if_inactive: raw.flush_if_inactive,
        cap,
        require_sponsored_legs: raw.require_sponsored_legs,
        placement: raw.placement.into(),
    }))
}

/// The placement rule of a binary table that [`parse`] accepted.
pub fn placement_rule(value: &toml::Value) -> Rule {
    let raw = value
        .get("placement")
        .cloned()
        .map(RawPlacement::deserialize);
    match raw {
        Some(Ok(raw)) => raw.into(),
        _ => RawPlacement::default().into(),
    }
}

impl From<RawPlacement> for Rule {
    fn from(raw: RawPlacement) -> Self {
        match raw {
            RawPlacement::WeakLeg => Rule::WeakLeg,
            RawPlacement::Left => Rule::Left,
            RawPlacement::Bfs => Rule::Bfs,
        }
    }
}

fn positive(x: f64, path: &KeyPath, expected: &str) -> Result<f64, ConfigError> {
    if x.is_finite() && x > 0.0 {
        Ok(x)
    } else {
        Err(ConfigError::value(path.clone(), expected, x))
    }
}

/// The smallest volume a cycle may take from a leg: a hundredth of a point. Below it the
/// count of cycles in a leg is dominated by rounding (a leg that is empty to within
/// 1e-9 would pay cycles).
const MIN_CYCLE_VOLUME: f64 = 0.01;

fn check_cycle(raw: &RawCycle, at: &KeyPath) -> Result<Cycle, ConfigError> {
    let volume = |x: f64, key: &str| {
        if (MIN_CYCLE_VOLUME..=check::MAX_VALUE).contains(&x) {
            Ok(x)
        } else {
            Err(ConfigError::value(
                at.key(key),
                "a volume from 0.01 to 1,000,000,000,000",
                x,
            ))
        }
    };
    let big = volume(raw.big, "big")?;
    let small = volume(raw.small, "small")?;
    if small > big {
        return Err(ConfigError::value(
            at.key("small"),
            format!("at most `big` ({big}): `small` is taken from the smaller leg"),
            small,
        ));
    }
    let pay = check::non_negative(raw.pay, &at.key("pay"))?;
    Ok(Cycle { big, small, pay })
}

impl Binary {
    /// Pay before the cap, and the legs left after matching.
    fn matched(&self, left: f64, right: f64) -> (f64, f64, f64) {
        match self.matching {
            Matching::Rate(rate) => {
                let m = left.min(right);
                (rate * m, left - m, right - m)
            }
            Matching::Cycle(cycle) => {
                let (n, left, right) = cycles(cycle, left, right);
                (n as f64 * cycle.pay, left, right)
            }
        }
    }

    /// What is carried of a kept leg.
    fn carried(&self, leg: f64) -> f64 {
        if self.carry {
            leg.min(self.carry_cap)
        } else {
            0.0
        }
    }
}

impl Bonus for Binary {
    fn start(&self) -> Box<dyn BonusRun + Send + '_> {
        Box::new(Run {
            bonus: self,
            tree: PlacementTree::binary(self.placement),
            carry: [Vec::new(), Vec::new()],
            volume: Vec::new(),
            legs: Vec::new(),
            walk: Vec::new(),
            recruit_legs: Vec::new(),
            side_under_upline: Vec::new(),
        })
    }
}

/// One run: the placement tree, carry by stable id, and buffers.
struct Run<'p> {
    bonus: &'p Binary,
    tree: PlacementTree,
    /// Carried volume by id: left, right.
    carry: [Vec<f64>; 2],
    /// Scratch by id: subtree volume, and this period's volume in each leg.
    volume: Vec<f64>,
    legs: Vec<[f64; 2]>,
    /// Scratch by id for the depth-first walk of `require_sponsored_legs`.
    walk: Vec<Walk>,
    /// By id: bit 0, an active personal recruit in the left leg; bit 1, in the right.
    recruit_legs: Vec<u8>,
    /// By id, for `require_sponsored_legs`: (an upline, the side of that upline's
    /// placement tree the member sits on, or [`NOT_BELOW`]). Positions are permanent, so
    /// an entry stays right for as long as the member's upline is the same.
    side_under_upline: Vec<(u32, u8)>,
}

/// "The upline is not a placement ancestor": no leg of it holds the member.
const NOT_BELOW: u8 = u8::MAX;

/// Climbing steps allowed per member and period before `require_sponsored_legs` falls
/// back to one depth-first walk. Tests set it to 0 to compare the two ways.
#[cfg(test)]
static CLIMB_BUDGET_PER_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(4);

fn climb_budget_per_id() -> usize {
    #[cfg(test)]
    {
        CLIMB_BUDGET_PER_ID.load(std::sync::atomic::Ordering::Relaxed)
    }
    #[cfg(not(test))]
    {
        4
    }
}

impl Run<'_> {
    /// Leg volume by id: one reverse pass over ids adds each subtree's CV to its
    /// parent's total and to the parent's leg on its side.
    fn leg_volume(&mut self, ctx: &Context) {
        let len = self.tree.len();
        self.volume.clear();
        self.volume.resize(len, 0.0);
        self.legs.clear();
        self.legs.resize(len, [0.0; 2]);
        for k in 0..ctx.len() {
            self.volume[ctx.id_of(k) as usize] = ctx.cv[k];
        }
        for (id, (parent, slot)) in self.tree.parents().enumerate().rev() {
            if parent != NONE {
                let below = self.volume[id];
                self.volume[parent as usize] += below;
                self.legs[parent as usize][slot as usize] += below;
            }
        }
    }

    /// For every present member, which legs hold an active member it personally
    /// sponsors (`walk[id].recruit_legs`). Each active member's side under its upline
    /// is remembered from earlier periods, or found by climbing the placement tree from
    /// the member to its upline; climbing is usually short (recruits are placed under
    /// their sponsor), but if a period's climbs add up to more than a few steps per
    /// member (a very lopsided tree), the whole answer comes from one depth-first walk
    /// instead, so a period never costs more than linear time.
    fn sponsored_legs(&mut self, ctx: &Context) {
        let len = self.tree.len();
        self.side_under_upline.resize(len, (NONE, NOT_BELOW));
        self.recruit_legs.clear();
        self.recruit_legs.resize(len, 0);
        let budget = climb_budget_per_id() * (len + 16);
        let mut climbed = 0;
        for k in 0..ctx.len() {
            if !ctx.active[k] || ctx.upline[k] == NONE {
                continue;
            }
            let (member, upline) = (ctx.id_of(k), ctx.id_of(ctx.upline[k] as usize));
            let cached = self.side_under_upline[member as usize];
            let side = if cached.0 == upline {
                cached.1
            } else {
                let mut side = NOT_BELOW;
                let mut v = member;
                loop {
                    let parent = self.tree.parent(v);
                    climbed += 1;
                    if climbed > budget {
                        return self.sponsored_legs_by_walk(ctx);
                    }
                    if parent == NONE {
                        break;
                    }
                    if parent == upline {
                        side = self.tree.slot(v) as u8;
                        break;
                    }
                    v = parent;
                }
                self.side_under_upline[member as usize] = (upline, side);
                side
            };
            if side != NOT_BELOW {
                self.recruit_legs[upline as usize] |= 1 << side;
            }
        }
    }

    /// The same answer as [`Self::sponsored_legs`] from one depth-first walk of the
    /// tree, which knows at every member which side of each ancestor the walk went
    /// down: O(ids) whatever the tree's shape.
    fn sponsored_legs_by_walk(&mut self, ctx: &Context) {
        let len = self.tree.len();
        self.walk.resize(len, Walk::default());
        for k in 0..ctx.len() {
            let entry = &mut self.walk[ctx.id_of(k) as usize];
            entry.recruit_legs = 0;
            if ctx.active[k] && ctx.upline[k] != NONE {
                entry.sponsor = ctx.id_of(ctx.upline[k] as usize);
            }
        }
        let Self { tree, walk, .. } = self;
        tree.depth_first(|v, enter| {
            if !enter {
                walk[v as usize].on_path = false;
                return;
            }
            let parent = tree.parent(v);
            if parent != NONE {
                walk[parent as usize].side_below = tree.slot(v) as u8;
            }
            walk[v as usize].on_path = true;
            let sponsor = walk[v as usize].sponsor;
            if sponsor != NONE {
                let s = &mut walk[sponsor as usize];
                if s.on_path {
                    s.recruit_legs |= 1 << s.side_below;
                }
            }
        });
        for k in 0..ctx.len() {
            self.walk[ctx.id_of(k) as usize].sponsor = NONE;
        }
        self.recruit_legs.clear();
        self.recruit_legs
            .extend(self.walk.iter().map(|entry| entry.recruit_legs));
    }
}

/// What the depth-first walk for `require_sponsored_legs` keeps per member.
#[derive(Clone, Copy, Debug)]
struct Walk {
    /// For an active member this period: its roll-up upline's id; otherwise [`NONE`].
    sponsor: u32,
    /// Whether the member is on the current path from the root.
    on_path: bool,
    /// The slot of the path's child below the member.
    side_below: u8,
    /// Bit 0: an active personal recruit in the left leg; bit 1: in the right leg.
    recruit_legs: u8,
}

impl Default for Walk {
    fn default() -> Self {
        Self {
            sponsor: NONE,
            on_path: false,
            side_below: 0,
            recruit_legs: 0,
        }
    }
}

impl BonusRun for Run<'_> {
    fn pay(&mut self, ctx: &Context, out: &mut [f64]) -> BonusTotal {
        self.tree.place_new_members(ctx);
        let len = self.tree.len();
        for carry in &mut self.carry {
            carry.resize(len, 0.0);
        }
        self.leg_volume(ctx);
        if self.bonus.require_sponsored_legs {
            self.sponsored_legs(ctx);
        }
        let bonus = self.bonus;
        let mut total = BonusTotal::default();
        for (k, out) in out.iter_mut().enumerate() {
            if !ctx.present[k] {
                continue;
            }
            let id = ctx.id_of(k);
            let i = id as usize;
            let [left, right] = self.legs[i];
            let left = left + self.carry[0][i];
            let right = right + self.carry[1][i];
            let (pay, left_after, right_after) = bonus.matched(left, right);
            total.max_payout += pay;
            let legs_ok = !bonus.require_sponsored_legs || self.recruit_legs[i] == 0b11;
            let (keep_left, keep_right) = if ctx.qualified[k] && legs_ok {
                let paid = pay.min(bonus.cap);
                *out += paid;
                total.paid += paid;
                (left_after, right_after)
            } else if bonus.flush_if_inactive && !ctx.qualified[k] {
                (0.0, 0.0)
            } else {
                (left, right)
            };
            self.carry[0][i] = bonus.carried(keep_left);
            self.carry[1][i] = bonus.carried(keep_right);
        }
        total
    }

    fn pay_audited(&mut self, ctx: &Context, out: &mut [f64], audit: &mut Audit) -> BonusTotal {
        let carry_in: Vec<[f64; 2]> = (0..ctx.len())
            .map(|k| {
                let i = ctx.id_of(k) as usize;
                let side = |s: usize| self.carry[s].get(i).copied().unwrap_or(0.0);
                [side(0), side(1)]
            })
            .collect();
        let total = self.pay(ctx, out);
        let bonus = self.bonus;
        for (k, &[carry_left, carry_right]) in carry_in.iter().enumerate() {
            if !ctx.present[k] {
                continue;
            }
            let id = ctx.id_of(k);
            let i = id as usize;
            let [leg_left, leg_right] = self.legs[i];
            let (left, right) = (leg_left + carry_left, leg_right + carry_right);
            let (pay, left_after, _) = bonus.matched(left, right);
            let (volume, rate, cycles, what) = match bonus.matching {
                Matching::Rate(rate) => {
                    let matched = left - left_after;
                    let what = format!(
                        "{} of the weaker leg: left {} and right {} (carry included)",
                        audit::percent(rate),
                        audit::amount(left),
                        audit::amount(right)
                    );
                    (matched, rate, matched, what)
                }
                Matching::Cycle(cycle) => {
                    let n = (pay / cycle.pay.max(f64::MIN_POSITIVE)).round();
                    let n = if cycle.pay == 0.0 {
                        cycles(cycle, left, right).0 as f64
                    } else {
                        n
                    };
                    let what = format!(
                        "{n} cycle(s) of {} + {} at {} each: left {} and right {} (carry included)",
                        audit::amount(cycle.big),
                        audit::amount(cycle.small),
                        audit::amount(cycle.pay),
                        audit::amount(left),
                        audit::amount(right)
                    );
                    (n, cycle.pay, n, what)
                }
            };
            let legs_ok = !bonus.require_sponsored_legs || self.recruit_legs[i] == 0b11;
            if pay > 0.0 {
                if ctx.qualified[k] && legs_ok {
                    let paid = pay.min(bonus.cap);
                    audit.pay(id, id, Step::Legs, volume, rate, paid, what.clone());
                    if paid < pay {
                        let reason =
                            format!("{what}: cut to the cap of {}", audit::amount(bonus.cap));
                        audit.broke(id, id, Step::Legs, pay - paid, Cause::Cap, reason);
                    }
                } else {
                    let why = if ctx.qualified[k] {
                        "no active member it sponsored in each leg (require_sponsored_legs)"
                    } else {
                        "not qualified"
                    };
                    let reason = format!("{what}: {why}");
                    audit.broke(id, id, Step::Legs, pay, Cause::Unqualified, reason);
                }
            }
            let parent = self.tree.parent(id);
            audit.tree.push(TreeRow {
                bonus: 0,
                week: 0,
                member: id,
                parent,
                side: if parent == NONE {
                    String::new()
                } else if self.tree.slot(id) == 0 {
                    "left".to_string()
                } else {
                    "right".to_string()
                },
                left: leg_left,
                right: leg_right,
                carry_in: [carry_left, carry_right],
                carry_out: [self.carry[0][i], self.carry[1][i]],
                cycles,
            });
        }
        total
    }
}

/// Slack for comparing decimal volumes (0.1 + 0.2 is not exactly 0.3 in binary).
const SLACK: f64 = 1e-9;

/// Whether a leg holding `have` can give `need`.
fn fits(have: f64, need: f64) -> bool {
    have + SLACK >= need
}

/// The number of whole cycles legs `left` and `right` pay, and the legs left over.
///
/// Each cycle takes `big` from the larger leg (the left one on ties) and `small` from
/// the other, as long as the larger holds `big` and the other `small`. Computed in two
/// phases instead of one cycle at a time: first the leg that starts larger gives `big`
/// until it stops being the larger (`big - small` less of a lead per cycle); from then
/// on the legs take turns, so every pair of cycles takes `big + small` from each leg.
/// Each phase's length is the number of steps for which a monotone condition holds,
/// found from its arithmetic estimate and checked exactly (`count_while`).
pub fn cycles(cycle: Cycle, left: f64, right: f64) -> (u64, f64, f64) {
    let Cycle { big, small, .. } = cycle;
    let left_first = left >= right;
    let (x, y) = if left_first {
        (left, right)
    } else {
        (right, left)
    };
    // Phase 1: x is the larger leg and gives `big`.
    let larger = |j: f64| {
        let (a, b) = (x - j * big, y - j * small);
        if left_first { a >= b } else { a > b }
    };
    let can = |j: f64| fits(x - j * big, big) && fits(y - j * small, small);
    let lead = big - small;
    let mut guess = (x / big).min(y / small);
    if lead > 0.0 {
        guess = guess.min((x - y) / lead + 1.0);
    }
    let first = count_while(|j| larger(j) && can(j), guess);
    let f1 = first as f64;
    let (x1, y1) = (x - f1 * big, y - f1 * small);
    let (n, x_left, y_left) = if larger(f1) {
        // Stopped because a leg ran short while x was still the larger.
        (first, x1, y1)
    } else {
        // Phase 2: pairs of cycles, y giving `big` first, then x.
        let both = big + small;
        let a = |m: f64| fits(y1 - m * both, big) && fits(x1 - m * both, small);
        let b = |m: f64| fits(x1 - m * both - small, big) && fits(y1 - m * both - big, small);
        let pairs = count_while(|m| a(m) && b(m), x1.min(y1) / both);
        let p = pairs as f64;
        let (x2, y2) = (x1 - p * both, y1 - p * both);
        if a(p) {
            (first + 2 * pairs + 1, x2 - small, y2 - big)
        } else {
            (first + 2 * pairs, x2, y2)
        }
    };
    let (x_left, y_left) = (x_left.max(0.0), y_left.max(0.0));
    if left_first {
        (n, x_left, y_left)
    } else {
        (n, y_left, x_left)
    }
}

/// The number of `j = 0, 1, 2, ...` for which `holds(j)` is true, for a condition that
/// is true up to some point and false after it; `estimate` is a guess of that number.
/// Gallops from the estimate, then bisects: a few evaluations when the estimate is
/// right, O(log) when rounding made it wrong.
fn count_while(holds: impl Fn(f64) -> bool, estimate: f64) -> u64 {
    let at = |j: u64| holds(j as f64);
    if !at(0) {
        return 0;
    }
    // Invariant: at(lo) is true, at(hi) is false.
    let guess = if estimate.is_finite() && estimate >= 1.0 {
        (estimate as u64).max(1)
    } else {
        1
    };
    let (mut lo, mut hi);
    if at(guess) {
        lo = guess;
        let mut step = 1u64;
        loop {
            let next = lo.saturating_add(step);
            if !at(next) {
                hi = next;
                break;
            }
            if next == u64::MAX {
                return u64::MAX;
            }
            lo = next;
            step = step.saturating_mul(2);
        }
    } else {
        hi = guess;
        let mut step = 1u64;
        loop {
            let next = hi.saturating_sub(step);
            if next == 0 || at(next) {
                lo = next;
                break;
            }
            hi = next;
            step = step.saturating_mul(2);
        }
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if at(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Plan;
    use crate::plan::placement::testing;
    use proptest::prelude::*;

    /// The definition: one cycle at a time.
    fn cycles_one_by_one(cycle: Cycle, mut left: f64, mut right: f64) -> (u64, f64, f64) {
        let mut n = 0;
        loop {
            let (larger, other) = if left >= right {
                (&mut left, &mut right)
            } else {
                (&mut right, &mut left)
            };
            if !(fits(*larger, cycle.big) && fits(*other, cycle.small)) {
                return (n, left.max(0.0), right.max(0.0));
            }
            *larger -= cycle.big;
            *other -= cycle.small;
            n += 1;
        }
    }

    fn cycle(big: f64, small: f64) -> Cycle {
        Cycle {
            big,
            small,
            pay: 1.0,
        }
    }

    #[test]
    fn b3_four_cycles_leave_200_and_50() {
        let b3 = Cycle {
            big: 200.0,
            small: 100.0,
            pay: 14.0,
        };
        assert_eq!(cycles(b3, 1000.0, 450.0), (4, 200.0, 50.0));
        assert_eq!(cycles(b3, 450.0, 1000.0), (4, 50.0, 200.0));
    }

    #[test]
    fn balanced_legs_take_turns_giving_the_big_side() {
        // 1000 / 1000 with 200:100: L gives 200 (800/900), R gives 200 (700/700),
        // L (500/600), R (400/400), L (200/300), R (100/100): 6 cycles, 100 / 100 left.
        assert_eq!(
            cycles(cycle(200.0, 100.0), 1000.0, 1000.0),
            (6, 100.0, 100.0)
        );
        // Equal big and small: plain matching in blocks.
        assert_eq!(cycles(cycle(100.0, 100.0), 1000.0, 350.0), (3, 700.0, 50.0));
    }

    #[test]
    fn huge_legs_are_counted_without_looping() {
        let (n, left, right) = cycles(cycle(3.0, 1.0), 4.0e12, 4.0e12);
        assert_eq!(n, 2_000_000_000_000);
        assert_eq!((left, right), (0.0, 0.0));
    }

    #[test]
    fn count_while_recovers_from_a_wrong_estimate() {
        for estimate in [0.0, 1.0, 5.0, 99.0, 100.0, 101.0, 1e9, f64::NAN] {
            assert_eq!(count_while(|j| j < 100.0, estimate), 100);
        }
        assert_eq!(count_while(|_| false, 10.0), 0);
    }

    fn plan(bonus: &str, active_pv: u32) -> Result<Plan, ConfigError> {
        crate::plan::tests::one_bonus(&format!("active_pv = {active_pv}"), "binary", bonus)
    }

    fn rejected(bonus: &str) -> ConfigError {
        crate::plan::tests::must_reject(plan(bonus, 0))
    }

    #[test]
    fn rate_and_cycle_are_exclusive_and_one_is_required() {
        let err = rejected("rate = 0.1\ncycle = { big = 2, small = 1, pay = 1 }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].cycle");
        assert_eq!(err.expected, "either rate or cycle, not both");
        let err = rejected("carry = true");
        assert_eq!(err.path.to_string(), "plan.bonus[0]");
        assert_eq!(err.expected, "a key `rate` or `cycle`");
        let err = rejected("rate = 1.5");
        assert_eq!(err.path.to_string(), "plan.bonus[0].rate");
    }

    #[test]
    fn cycles_need_a_big_side_at_least_the_small_side_and_both_positive() {
        let err = rejected("cycle = { big = 100, small = 200, pay = 14 }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].cycle.small");
        assert!(
            err.expected.contains("at most `big` (100)"),
            "{}",
            err.expected
        );
        let err = rejected("cycle = { big = 0, small = 0, pay = 14 }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].cycle.big");
        let err = rejected("cycle = { big = 200, small = 100, pay = -1 }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].cycle.pay");
        let err = rejected("cycle = { big = 200, small = 100 }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].cycle");
        assert_eq!(err.expected, "a key `pay`");
        let err = rejected("cycle = { big = 200, smal = 100, pay = 1 }");
        assert_eq!(err.path.to_string(), "plan.bonus[0].cycle.smal");
        assert_eq!(err.help.as_deref(), Some("did you mean `small`?"));
    }

    #[test]
    fn carry_cap_and_cap_are_checked_against_their_meaning() {
        let err = rejected("rate = 0.1\ncarry = false\ncarry_cap = 100");
        assert_eq!(err.path.to_string(), "plan.bonus[0].carry_cap");
        assert!(err.expected.contains("carry = false"), "{}", err.expected);
        let err = rejected("rate = 0.1\ncarry_cap = -5");
        assert_eq!(err.path.to_string(), "plan.bonus[0].carry_cap");
        let err = rejected("rate = 0.1\ncap = 0");
        assert_eq!(err.path.to_string(), "plan.bonus[0].cap");
        let err = rejected("rate = 0.1\nrequire_sponsored_legs = \"yes\"");
        assert_eq!(err.path.to_string(), "plan.bonus[0].require_sponsored_legs");
        let err = rejected("rate = 0.1\nflush_if_inactiv = true");
        assert_eq!(err.path.to_string(), "plan.bonus[0].flush_if_inactiv");
        assert_eq!(
            err.help.as_deref(),
            Some("did you mean `flush_if_inactive`?")
        );
        let err = rejected("rate = 0.1\nplacement = \"weakleg\"");
        assert_eq!(err.path.to_string(), "plan.bonus[0].placement");
        assert_eq!(err.help.as_deref(), Some("did you mean `weak_leg`?"));
        assert!(
            plan(
                "rate = 0.1\ncarry_cap = 0\ncap = 500\nplacement = \"bfs\"",
                0
            )
            .is_ok()
        );
    }

    /// A million members placed breadth first, then two periods paid. (The weak-leg
    /// rule's O(log n) Euler-tour sizes cost about 3 microseconds per join, once in a
    /// member's life; `placement::tests` checks them on a lopsided tree.)
    #[test]
    #[cfg_attr(debug_assertions, ignore = "a million members: release builds only")]
    fn a_million_member_organisation_is_placed_and_paid() {
        for keys in [
            "rate = 0.1\nrequire_sponsored_legs = true\nplacement = \"bfs\"",
            "cycle = { big = 300, small = 150, pay = 30 }\ncarry_cap = 1000\nplacement = \"bfs\"",
        ] {
            let plan = plan(keys, 100).unwrap();
            testing::pay_two_periods(&plan, 1_000_000);
        }
    }

    /// Plans exercising every key, for the properties.
    fn any_binary() -> impl Strategy<Value = (String, u32)> {
        (
            prop_oneof![
                Just("rate = 0.1"),
                Just("cycle = { big = 200, small = 100, pay = 14 }"),
                Just("cycle = { big = 150, small = 150, pay = 10 }"),
            ],
            prop_oneof![Just(""), Just("carry = false"), Just("carry_cap = 150")],
            any::<bool>(),
            prop_oneof![Just(""), Just("cap = 25")],
            any::<bool>(),
            prop_oneof![Just("weak_leg"), Just("left"), Just("bfs")],
            prop_oneof![Just(0u32), Just(100u32)],
        )
            .prop_map(
                |(matching, carry, flush, cap, sponsored, placement, active)| {
                    (
                        format!(
                            "{matching}\n{carry}\nflush_if_inactive = {flush}\n{cap}\n\
                         require_sponsored_legs = {sponsored}\nplacement = \"{placement}\""
                        ),
                        active,
                    )
                },
            )
    }

    proptest! {
        #[test]
        fn sponsored_legs_by_climbing_equal_the_depth_first_walk(
            h in testing::history(),
            active in prop_oneof![Just(0u32), Just(100u32)],
            placement in prop_oneof![Just("weak_leg"), Just("bfs"), Just("left")],
        ) {
            use std::sync::atomic::Ordering::Relaxed;
            let keys = format!("rate = 0.1\nrequire_sponsored_legs = true\nplacement = \"{placement}\"");
            let plan = plan(&keys, active).unwrap();
            let climbing = testing::pay(&plan, &h, true);
            CLIMB_BUDGET_PER_ID.store(0, Relaxed);
            let walking = testing::pay(&plan, &h, true);
            CLIMB_BUDGET_PER_ID.store(4, Relaxed);
            for (c, w) in climbing.iter().zip(&walking) {
                prop_assert_eq!(&c.by_id, &w.by_id);
            }
        }

        #[test]
        fn pay_is_the_same_whether_quitters_are_listed_absent_or_left_out(
            h in testing::history(),
            (keys, active) in any_binary(),
        ) {
            let plan = plan(&keys, active).unwrap();
            let full = testing::pay(&plan, &h, false);
            let compact = testing::pay(&plan, &h, true);
            for (f, c) in full.iter().zip(&compact) {
                prop_assert_eq!(&f.by_id, &c.by_id);
                prop_assert!((f.totals.max_payout - c.totals.max_payout).abs() < 1e-9);
                prop_assert!(f.totals.paid <= f.totals.max_payout + 1e-9);
                for (id, &paid) in f.by_id.iter().enumerate() {
                    prop_assert!(paid >= 0.0);
                    prop_assert!(paid == 0.0 || f.qualified_by_id[id]);
                }
                let everyone_qualifies = active == 0
                    && !keys.contains("cap = ")
                    && keys.contains("require_sponsored_legs = false");
                if everyone_qualifies {
                    prop_assert!(f.totals.breakage.abs() < 1e-9);
                }
            }
        }

        #[test]
        fn closed_form_cycles_agree_with_one_cycle_at_a_time(
            left in 0u32..6000,
            right in 0u32..6000,
            big in 1u32..400,
            small_share in 0.0f64..=1.0,
            halves in any::<bool>(),
        ) {
            let unit = if halves { 0.5 } else { 1.0 };
            let big_f = f64::from(big) * unit;
            let small_f = (f64::from(big) * small_share).round().max(1.0) * unit;
            let c = cycle(big_f, small_f);
            let (l, r) = (f64::from(left) * unit, f64::from(right) * unit);
            prop_assert_eq!(cycles(c, l, r), cycles_one_by_one(c, l, r));
        }
    }
}
