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
//!    A bonus with a `cap` pays each member at most that much; a bonus with `period =
//!    "week"` is paid `weeks_per_month` times on a share of the month's volumes
//!    ([`registry::Schedule`]).
//! 3. **Ledger** ([`ledger`]): columns are added up per member; if the total exceeds
//!    `payout_cap x CV`, everything is cut by the same factor. With a
//!    `minimum_cheque`, pay below it is held and carried to the next period.
//!
//! [`PlanRun::pay_audited`] pays the same and explains every cent ([`audit`]).
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

pub mod audit;
pub mod binary;
pub mod binary_legs;
pub mod bonus;
pub mod check;
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
pub mod rank_bonus;
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
use audit::{Audit, Cause, Standing, Step};
use bonus::{Bonus, BonusRun, Context, Scope};
use period::{PeriodState, Rules};
use ranks::{PayOn, Rank, RankRules};
use registry::Schedule;
use serde::Deserialize;
pub use types::{BonusTotal, NONE, Payout, PeriodInput, PeriodTotals, Placement, Side};

/// `[plan]` as written.
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "plan")]
struct RawPlan {
    name: String,
    #[serde(default)]
    active_pv: f64,
    payout_cap: Option<f64>,
    minimum_cheque: Option<f64>,
    weeks_per_month: Option<u32>,
    pay_on: Option<PayOn>,
    #[serde(default)]
    #[schemars(schema_with = "ranks::schema")]
    rank: Vec<toml::Value>,
    #[serde(default)]
    #[schemars(schema_with = "registry::schema")]
    bonus: Vec<toml::Value>,
    rules: Option<RawRules>,
}

/// `[plan.rules]` as written.
#[derive(Deserialize, schemars::JsonSchema)]
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

/// The JSON Schema of the `[plan]` table (`downline schema`).
pub fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    generator.subschema_for::<RawPlan>()
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
    /// Pay below this is held and carried to the next period (`minimum_cheque`).
    pub minimum_cheque: Option<f64>,
    /// Weeks in a month, for bonuses paid weekly (`weeks_per_month`, default 4).
    pub weeks_per_month: u32,
    /// Each bonus' period and cap, in plan order.
    pub schedules: Vec<Schedule>,
    ranks: Vec<Rank>,
    rank_rules: RankRules,
    rules: Rules,
    bonuses: Vec<Box<dyn Bonus>>,
}

/// The most weeks a month may have (`weeks_per_month`).
pub const MAX_WEEKS_PER_MONTH: u32 = 5;

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
                .find(|key| err.path == at.key(key) && err.found == "a table");
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
        let minimum_cheque = match raw.minimum_cheque {
            Some(amount) => Some(check::non_negative(amount, &at.key("minimum_cheque"))?),
            None => None,
        };
        let weeks_per_month = match raw.weeks_per_month {
            None => 4,
            Some(weeks @ 1..=MAX_WEEKS_PER_MONTH) => weeks,
            Some(weeks) => {
                return Err(ConfigError::value(
                    at.key("weeks_per_month"),
                    format!("a whole number of weeks from 1 to {MAX_WEEKS_PER_MONTH}"),
                    weeks,
                ));
            }
        };
        let ranks = ranks::from_toml(raw.rank, &at.key("rank"))?;
        let pay_on = raw.pay_on.unwrap_or_default();
        check_pay_on(pay_on, &ranks, at)?;
        let binary_legs = binary_legs_rule(&ranks, &raw.bonus, at)?;
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
        let mut schedules = Vec::with_capacity(raw.bonus.len());
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
            let (name, bonus, schedule) =
                registry::from_toml(value, &at.key("bonus").index(i), &scope)?;
            bonus_names.push(name);
            bonuses.push(bonus);
            schedules.push(schedule);
        }
        Ok(Plan {
            name: raw.name,
            active_pv,
            payout_cap,
            rank_names,
            bonus_names,
            bonus_kinds,
            minimum_cheque,
            weeks_per_month,
            schedules,
            ranks,
            rank_rules: RankRules {
                pay_on,
                binary_legs,
            },
            rules,
            bonuses,
        })
    }

    /// The volume a member must order to be active and hold `rank` (0 = just active):
    /// the larger of `active_pv` and the rank's `pv`. A rank above the highest is
    /// treated as the highest. With `pay_on = "title"` a title is kept by being active.
    pub fn qualifying_volume(&self, rank: u8) -> f64 {
        let rank_pv = match rank {
            0 => 0.0,
            _ if self.rank_rules.pay_on == PayOn::Title => 0.0,
            r => self
                .ranks
                .get(usize::from(r) - 1)
                .or(self.ranks.last())
                .map_or(0.0, |r| r.pv),
        };
        self.active_pv.max(rank_pv)
    }

    /// Whether ranks carry over from period to period in a way pay depends on: the plan
    /// pays on titles (`pay_on = "title"`) or a rank has `grace_periods`. Outputs show
    /// titles for such plans.
    pub fn keeps_titles(&self) -> bool {
        self.rank_rules.pay_on == PayOn::Title || self.ranks.iter().any(|r| r.grace_periods > 0)
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
            week: Week::default(),
            cheque: Cheque::default(),
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
    week: Week,
    cheque: Cheque,
}

/// Buffers for weekly bonuses: one week's share of the month's volumes.
#[derive(Default)]
struct Week {
    cv: Vec<f64>,
    qv: Vec<f64>,
    gv: Vec<f64>,
    entry_fee: Vec<f64>,
    earlier: Vec<Vec<f64>>,
    out: Vec<f64>,
}

/// The minimum cheque's balances, by stable id.
#[derive(Default)]
struct Cheque {
    /// Pay held below the minimum, carried to the next period.
    held: Vec<f64>,
    /// The ids holding a balance.
    holders: Vec<u32>,
    /// The period count in which each id was last present.
    seen: Vec<u32>,
    /// Periods paid so far.
    periods: u32,
}

impl PlanRun<'_> {
    /// Pays one period. Periods must be paid in order (bonuses may carry state).
    pub fn pay(&mut self, input: &PeriodInput) -> &Payout {
        self.pay_period(input, None);
        &self.payout
    }

    /// The last period's payout.
    pub fn payout(&self) -> &Payout {
        &self.payout
    }

    /// Pays one period exactly as [`PlanRun::pay`] does, and explains it in `audit`
    /// (emptied first): every payment, every broken promise, the placement trees and
    /// each member's standing (see [`audit`]).
    pub fn pay_audited(&mut self, input: &PeriodInput, audit: &mut Audit) -> &Payout {
        audit.clear();
        audit.rank_names.clone_from(&self.plan.rank_names);
        self.pay_period(input, Some(audit));
        &self.payout
    }

    fn pay_period(&mut self, input: &PeriodInput, mut audit: Option<&mut Audit>) {
        let n = input.upline.len();
        let plan = self.plan;
        self.state.compute(
            plan.active_pv,
            &plan.rules,
            &plan.ranks,
            &plan.rank_rules,
            input,
        );
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
            let schedule = plan.schedules[b];
            let total = if schedule.weekly {
                pay_weekly(
                    run.as_mut(),
                    &ctx,
                    plan.weeks_per_month,
                    &mut self.week,
                    out,
                    schedule.cap,
                    audit.as_deref_mut().map(|a| (a, b)),
                )
            } else {
                let mark = audit.as_deref().map(Audit::mark);
                let mut total = match audit.as_deref_mut() {
                    Some(audit) => run.pay_audited(&ctx, out, audit),
                    None => run.pay(&ctx, out),
                };
                if let Some(cap) = schedule.cap {
                    cap_column(&ctx, out, cap, &mut total, audit.as_deref_mut());
                }
                if let (Some(audit), Some(mark)) = (audit.as_deref_mut(), mark) {
                    audit.assign(mark, b, 0);
                }
                total
            };
            self.totals.push(total);
        }
        let cv: f64 = self.state.cv.iter().sum();
        let mark = audit.as_deref().map(Audit::mark);
        ledger::close(payout, &self.totals, cv, self.plan.payout_cap);
        if let (Some(audit), Some(_)) = (audit.as_deref_mut(), mark) {
            ledger::explain_cap(payout, input, audit);
        }
        if let Some(minimum) = plan.minimum_cheque {
            self.cheque
                .apply(minimum, input, payout, audit.as_deref_mut());
        }
        payout.rank.clone_from(&self.state.rank);
        payout.qualified.clone_from(&self.state.qualified);
        payout.title.clone_from(&self.state.title);
        if let Some(audit) = audit {
            self.standing(input, audit);
        }
    }

    /// After [`Self::pay`] with the same `input`: the first requirement of `rank`
    /// (1-based) that the member at position `i` missed this period, as a short line
    /// ("gv 1,240 < 1,500"); `None` when it met them all or `rank` is not a rank.
    pub fn first_failed(&self, input: &PeriodInput, i: usize, rank: u8) -> Option<String> {
        self.state.first_failed(&self.plan.ranks, input, i, rank)
    }

    /// Every member's standing this period, for the audit.
    fn standing(&self, input: &PeriodInput, audit: &mut Audit) {
        let plan = self.plan;
        let state = &self.state;
        let n = input.upline.len();
        for k in 0..n {
            if !input.present[k] {
                continue;
            }
            let id = input.id_of(k);
            let rank = state.rank[k];
            let next_rank = match plan.ranks.get(usize::from(rank)) {
                Some(next) => {
                    let failed = state.first_failed(&plan.ranks, input, k, rank + 1);
                    format!("{}: {}", next.name, failed.unwrap_or_default())
                }
                None => String::new(),
            };
            audit.standing.push(Standing {
                member: id,
                qv: state.qv[k],
                gv: state.gv[k],
                active: state.active[k],
                qualified: state.qualified[k],
                rank,
                not_qualified: state.why_not_qualified(k, plan.active_pv, &plan.rules),
                next_rank,
                held: self.cheque.held_by(id),
            });
        }
    }
}

/// Pays a weekly bonus: `weeks` times, each on a 1/`weeks` share of the month's
/// volumes, entry fees and earlier bonuses' pay, with ranks and qualification as of
/// the month; a `cap` applies to each week's pay.
fn pay_weekly(
    run: &mut (dyn BonusRun + Send + '_),
    ctx: &Context,
    weeks: u32,
    week: &mut Week,
    out: &mut [f64],
    cap: Option<f64>,
    mut audit: Option<(&mut Audit, usize)>,
) -> BonusTotal {
    let share = 1.0 / f64::from(weeks);
    let scaled = |from: &[f64], to: &mut Vec<f64>| {
        to.clear();
        to.extend(from.iter().map(|&x| x * share));
    };
    scaled(ctx.cv, &mut week.cv);
    scaled(ctx.qv, &mut week.qv);
    scaled(ctx.gv, &mut week.gv);
    scaled(ctx.entry_fee, &mut week.entry_fee);
    week.earlier.resize_with(ctx.earlier.len(), Vec::new);
    for (to, from) in week.earlier.iter_mut().zip(ctx.earlier) {
        scaled(from, to);
    }
    let week_ctx = Context {
        cv: &week.cv,
        qv: &week.qv,
        gv: &week.gv,
        entry_fee: &week.entry_fee,
        earlier: &week.earlier,
        ..*ctx
    };
    let mut total = BonusTotal::default();
    for w in 1..=weeks {
        week.out.clear();
        week.out.resize(out.len(), 0.0);
        let mark = audit.as_ref().map(|(a, _)| a.mark());
        let mut paid = match audit.as_mut() {
            Some((audit, _)) => run.pay_audited(&week_ctx, &mut week.out, audit),
            None => run.pay(&week_ctx, &mut week.out),
        };
        if let Some(cap) = cap {
            cap_column(
                &week_ctx,
                &mut week.out,
                cap,
                &mut paid,
                audit.as_mut().map(|(a, _)| &mut **a),
            );
        }
        if let (Some((audit, b)), Some(mark)) = (audit.as_mut(), mark) {
            audit.assign(mark, *b, w);
        }
        for (o, &x) in out.iter_mut().zip(&week.out) {
            *o += x;
        }
        total.paid += paid.paid;
        total.max_payout += paid.max_payout;
    }
    total
}

/// A bonus' `cap`: each member's pay from it is at most `cap`; the excess is breakage.
fn cap_column(
    ctx: &Context,
    out: &mut [f64],
    cap: f64,
    total: &mut BonusTotal,
    mut audit: Option<&mut Audit>,
) {
    for (k, slot) in out.iter_mut().enumerate() {
        if *slot > cap {
            let excess = *slot - cap;
            total.paid -= excess;
            if let Some(audit) = audit.as_deref_mut() {
                let id = ctx.id_of(k);
                let what = format!(
                    "capped at {} per member per period (earned {})",
                    audit::amount(cap),
                    audit::amount(*slot)
                );
                audit.pay(id, NONE, Step::Own, 0.0, 0.0, -excess, what.clone());
                audit.broke(id, NONE, Step::Own, excess, Cause::Cap, what);
            }
            *slot = cap;
        }
    }
}

impl Cheque {
    /// The balance `id` holds.
    fn held_by(&self, id: u32) -> f64 {
        self.held.get(id as usize).copied().unwrap_or(0.0)
    }

    /// Holds pay below `minimum` (with what was held before) and releases it once the
    /// sum reaches the minimum; a member no longer present forfeits its balance.
    fn apply(
        &mut self,
        minimum: f64,
        input: &PeriodInput,
        payout: &mut Payout,
        mut audit: Option<&mut Audit>,
    ) {
        self.periods += 1;
        let n = input.upline.len();
        if let Some(last) = n.checked_sub(1) {
            let needed = input.id_of(last) as usize + 1;
            if self.held.len() < needed {
                self.held.resize(needed, 0.0);
                self.seen.resize(needed, 0);
            }
        }
        let before = std::mem::take(&mut self.holders);
        let (mut held_total, mut released) = (0.0, 0.0);
        for k in 0..n {
            if !input.present[k] {
                continue;
            }
            let id = input.id_of(k);
            let i = id as usize;
            self.seen[i] = self.periods;
            let owed = self.held[i];
            let earned = payout.paid[k];
            let sum = earned + owed;
            if sum > 0.0 && sum < minimum {
                self.held[i] = sum;
                self.holders.push(id);
                held_total += sum;
                payout.paid[k] = 0.0;
                if let Some(audit) = audit.as_deref_mut() {
                    if earned > 0.0 {
                        let what = format!(
                            "held: {} owed is below the minimum cheque of {}; carried to the next period",
                            audit::amount(sum),
                            audit::amount(minimum)
                        );
                        audit.pay(id, NONE, Step::Own, 0.0, 0.0, -earned, what);
                    }
                }
            } else if owed > 0.0 {
                self.held[i] = 0.0;
                released += owed;
                payout.paid[k] = sum;
                if let Some(audit) = audit.as_deref_mut() {
                    let what = format!(
                        "released: {} held from earlier periods (the minimum cheque of {} is reached)",
                        audit::amount(owed),
                        audit::amount(minimum)
                    );
                    audit.pay(id, NONE, Step::Own, 0.0, 0.0, owed, what);
                }
            }
        }
        let mut forfeited = 0.0;
        for id in before {
            let i = id as usize;
            if self.seen[i] != self.periods && self.held[i] > 0.0 {
                let amount = std::mem::take(&mut self.held[i]);
                forfeited += amount;
                if let Some(audit) = audit.as_deref_mut() {
                    let what = format!(
                        "left holding {} below the minimum cheque: forfeited",
                        audit::amount(amount)
                    );
                    audit.broke(id, NONE, Step::Own, amount, Cause::Forfeited, what);
                }
            }
        }
        let totals = &mut payout.totals;
        totals.paid = payout.paid.iter().sum();
        totals.held = self.holders.iter().map(|&id| self.held[id as usize]).sum();
        totals.released = released;
        totals.forfeited = forfeited;
        totals.breakage += forfeited;
        debug_assert!((totals.held - held_total).abs() <= 1e-6 * (1.0 + held_total));
    }
}

/// `pay_on = "title"` needs ranks, and makes grace periods pointless (a title is never
/// lost), so both are errors.
fn check_pay_on(pay_on: PayOn, ranks: &[Rank], at: &KeyPath) -> Result<(), ConfigError> {
    if pay_on != PayOn::Title {
        return Ok(());
    }
    if ranks.is_empty() {
        return Err(ConfigError::value(
            at.key("pay_on"),
            "a plan with ranks ([[plan.rank]]) when paying on titles",
            "`pay_on = \"title\"` in a plan without ranks",
        )
        .with_help("remove `pay_on`, or add [[plan.rank]] tables"));
    }
    match ranks.iter().position(|r| r.grace_periods > 0) {
        Some(i) => Err(ConfigError::value(
            at.key("rank").index(i).key("grace_periods"),
            "no grace periods when `pay_on = \"title\"` (a title is never lost)",
            "`grace_periods`",
        )
        .with_help("remove `grace_periods`, or pay on the paid-as rank (`pay_on = \"paid_as\"`)")),
        None => Ok(()),
    }
}

/// The placement rule of the plan's first binary bonus, when a rank requires binary leg
/// volume; an error at the first such rank when the plan has no binary bonus.
fn binary_legs_rule(
    ranks: &[Rank],
    bonuses: &[toml::Value],
    at: &KeyPath,
) -> Result<Option<placement::Rule>, ConfigError> {
    let Some(i) = ranks.iter().position(|r| r.binary_leg_volume.is_some()) else {
        return Ok(None);
    };
    match bonuses.iter().find_map(registry::binary_placement) {
        Some(rule) => Ok(Some(rule)),
        None => Err(ConfigError::value(
            at.key("rank").index(i).key("binary_leg_volume"),
            "a plan with a `binary` bonus (binary legs are those of its placement tree)",
            "no `binary` bonus in the plan",
        )
        .with_help("add a [[plan.bonus]] with `kind = \"binary\"`, or remove `binary_leg_volume`")),
    }
}

#[cfg(test)]
pub(crate) mod tests;
