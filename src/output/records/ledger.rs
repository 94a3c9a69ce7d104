//! The audit ledger (`downline payout --ledger FILE`, `downline run --ledger K`): four
//! files, one record each, made from the plan's [`Audit`] of every period:
//!
//! | file | record | one row per |
//! |---|---|---|
//! | `ledger.csv` | [`LedgerRow`] | payment line |
//! | `ledger.breakage.csv` | [`BreakageRow`] | amount promised by the rates and not paid |
//! | `ledger.standing.csv` | [`StandingRow`] | member and period |
//! | `ledger.placement.csv` | [`PlacementRow`] | member, period and placement bonus |
//!
//! (The names follow the `--ledger` file's: `--ledger out/audit.csv` writes
//! `out/audit.csv`, `out/audit.breakage.csv`, ...) Members are named by the network's
//! ids in `payout`, by member number (`members.csv`'s `id`) in a simulated run, where
//! `run` says which run. A member's ledger lines add up to its pay in the period; a
//! bonus' lines to the bonus' total; lines plus breakage to the bonus' `max_payout`.
//! Amounts are written with 6 decimals so that thousands of lines still add up to the
//! cent.

use crate::output::encode::record::serialize_fixed;
use crate::plan::NONE;
use crate::plan::audit::{Audit, Step};
use serde::{Deserialize, Serialize};

/// An amount written with 6 decimals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Exact(pub f64);

impl Serialize for Exact {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_fixed(self.0 + 0.0, 6, serializer)
    }
}

/// One payment line.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LedgerRow {
    /// Run index (simulated runs only; 0 in `payout`).
    pub run: u32,
    /// The period (`payout`) or month (0-based, a simulated run).
    pub period: u32,
    /// The week of the month for a weekly bonus (1-based); empty for a monthly one.
    pub week: Option<u32>,
    /// Who is paid.
    pub payee: String,
    /// The bonus' name; `minimum_cheque` for amounts held and released.
    pub bonus: String,
    /// Whose volume it is (empty: none, as for a pool share, an award or a cap).
    pub source: String,
    /// The level (`2`), generation (`gen 2`) or `legs` (binary); empty when not on a
    /// tree.
    pub level: String,
    /// What the rate applies to: CV, an entry fee, a group's CV, matched leg volume or
    /// cycles.
    pub volume: Exact,
    pub rate: Exact,
    /// The amount paid; negative for a cap's cut or an amount held.
    pub amount: Exact,
    /// Why, in words.
    pub reason: String,
}

/// One amount promised and not paid.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BreakageRow {
    pub run: u32,
    pub period: u32,
    pub week: Option<u32>,
    /// Who would have been paid (empty: nobody was in line).
    pub member: String,
    pub bonus: String,
    pub source: String,
    pub level: String,
    pub amount: Exact,
    /// `unqualified`, `compression`, `cap`, `depth` or `forfeited`.
    pub cause: String,
    pub reason: String,
}

/// One member's standing in one period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StandingRow {
    pub run: u32,
    pub period: u32,
    pub member: String,
    /// Qualifying and group volume.
    pub qv: Exact,
    pub gv: Exact,
    pub active: bool,
    pub qualified: bool,
    /// Why the member is not qualified (empty when it is).
    pub not_qualified: String,
    /// The paid-as rank (empty: none).
    pub rank: String,
    /// The next rank and the first of its requirements that failed (`Director: gv
    /// 1,240 < 1,500`); empty at the top rank.
    pub next_rank: String,
    /// Balance held below the minimum cheque after the period.
    pub held: Exact,
}

/// One member's place in a placement tree in one period.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlacementRow {
    pub run: u32,
    pub period: u32,
    pub week: Option<u32>,
    pub bonus: String,
    pub member: String,
    /// Placement parent (empty: the root).
    pub parent: String,
    /// `left`/`right` (binary) or the position under the parent, 1-based (matrix).
    pub side: String,
    /// Binary: this period's volume in each leg (carry not included). Matrix: the CV of
    /// the whole placement downline in `left`.
    pub left: Exact,
    pub right: Exact,
    pub carry_in_left: Exact,
    pub carry_in_right: Exact,
    pub carry_out_left: Exact,
    pub carry_out_right: Exact,
    /// Binary: cycles paid on (`cycle`), or the matched volume (`rate`).
    pub cycles: Exact,
}

/// The four tables of a ledger, in memory.
#[derive(Debug, Default)]
pub struct Ledger {
    pub lines: Vec<LedgerRow>,
    pub breakage: Vec<BreakageRow>,
    pub standing: Vec<StandingRow>,
    pub placement: Vec<PlacementRow>,
}

impl Ledger {
    /// Adds one period's audit: `name(id)` names a member, `bonuses` are the plan's
    /// bonus names.
    pub fn add(
        &mut self,
        run: u32,
        period: u32,
        audit: &Audit,
        bonuses: &[String],
        name: &dyn Fn(u32) -> String,
    ) {
        let named = |id: u32| if id == NONE { String::new() } else { name(id) };
        let bonus = |b: Option<usize>| match b {
            Some(b) => bonuses.get(b).cloned().unwrap_or_default(),
            None => "minimum_cheque".to_string(),
        };
        let week = |w: u32| (w > 0).then_some(w);
        let level = |step: Step| step.to_string();
        self.lines.extend(audit.lines.iter().map(|l| LedgerRow {
            run,
            period,
            week: week(l.week),
            payee: named(l.payee),
            bonus: bonus(l.bonus),
            source: named(l.source),
            level: level(l.step),
            volume: Exact(l.volume),
            rate: Exact(l.rate),
            amount: Exact(l.amount),
            reason: l.reason.clone(),
        }));
        self.breakage
            .extend(audit.broken.iter().map(|b| BreakageRow {
                run,
                period,
                week: week(b.week),
                member: named(b.member),
                bonus: bonus(b.bonus),
                source: named(b.source),
                level: level(b.step),
                amount: Exact(b.amount),
                cause: b.cause.word().to_string(),
                reason: b.reason.clone(),
            }));
        self.standing
            .extend(audit.standing.iter().map(|s| StandingRow {
                run,
                period,
                member: named(s.member),
                qv: Exact(s.qv),
                gv: Exact(s.gv),
                active: s.active,
                qualified: s.qualified,
                not_qualified: s.not_qualified.clone(),
                rank: match s.rank {
                    0 => String::new(),
                    r => audit.rank_name(r),
                },
                next_rank: s.next_rank.clone(),
                held: Exact(s.held),
            }));
        self.placement
            .extend(audit.tree.iter().map(|t| PlacementRow {
                run,
                period,
                week: week(t.week),
                bonus: bonus(Some(t.bonus)),
                member: named(t.member),
                parent: named(t.parent),
                side: t.side.clone(),
                left: Exact(t.left),
                right: Exact(t.right),
                carry_in_left: Exact(t.carry_in[0]),
                carry_in_right: Exact(t.carry_in[1]),
                carry_out_left: Exact(t.carry_out[0]),
                carry_out_right: Exact(t.carry_out[1]),
                cycles: Exact(t.cycles),
            }));
    }
}
