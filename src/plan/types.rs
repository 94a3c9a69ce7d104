//! The plain data a plan passes around: one period's input ([`PeriodInput`], with given
//! [`Placement`]s), and what a period pays ([`Payout`], [`PeriodTotals`],
//! [`BonusTotal`]). Every other file of `plan/` may use these; this file uses none of
//! them, so the bonus kinds, the registry and the [`super::Plan`] that runs them import
//! it without forming a circle.

/// "No member": the parent of a root.
pub const NONE: u32 = u32::MAX;

/// Everything a plan reads for one period. Members are numbered in join order, so every
/// upline has a smaller index than its downline. Every slice has one entry per member
/// of the organisation as given (length `n`): `downline payout` passes everyone who has
/// joined so far; the simulation passes only the members in the business, in join order
/// (see `model::plan_view`), so a plan's cost follows the live organisation.
pub struct PeriodInput<'a> {
    /// Period number (a month in simulation; the `period` column in `downline payout`).
    pub period: u32,
    /// Roll-up sponsor: the nearest *present* upline in the enroller tree, or [`NONE`].
    pub upline: &'a [u32],
    /// Whether the member is in the organisation this period (joined and not quit).
    pub present: &'a [bool],
    /// Personal volume this period: everything the member ordered, in PV points.
    pub pv: &'a [f64],
    /// Commissionable volume this period.
    pub cv: &'a [f64],
    /// The part of `pv` that was resold to retail customers.
    pub retail: &'a [f64],
    /// The period in which the member joined.
    pub joined: &'a [u32],
    /// Entry fee paid this period (non-zero only in the joining period).
    pub entry_fee: &'a [f64],
    /// Stable member ids, ascending: the member's index in join order over the whole
    /// organisation. Bonuses key state that lasts across periods by it (binary
    /// carry-over, placement trees, one-time rank awards). Empty: every member's id is
    /// its position (the organisation is given in full, as `downline payout` does).
    pub id: &'a [u32],
    /// Placements given from outside (the `placement` and `side` columns of
    /// `downline payout`), by position; `None`, or an empty slice, leaves placement to
    /// the plan's rule.
    pub placement: &'a [Option<Placement>],
}

impl PeriodInput<'_> {
    /// The stable id of the member at `position`.
    pub fn id_of(&self, position: usize) -> u32 {
        self.id.get(position).copied().unwrap_or(position as u32)
    }

    /// The given placement of the member at `position`, if any.
    pub fn placement_of(&self, position: usize) -> Option<Placement> {
        self.placement.get(position).copied().flatten()
    }
}

/// A side under a binary placement parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    Left,
    Right,
}

/// Where a member sits in a placement tree (binary, matrix), when it is given rather
/// than chosen by the plan's placement rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    /// The placement parent's stable id.
    pub parent: u32,
    /// The side under a binary parent; `None` lets the rule choose.
    pub side: Option<Side>,
}

/// One bonus' total for a period.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BonusTotal {
    /// What the bonus paid (after the plan's cap).
    pub paid: f64,
    /// What it would have paid had every member qualified for everything.
    pub max_payout: f64,
}

/// Company totals for one period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeriodTotals {
    /// Total commissionable volume of present members.
    pub cv: f64,
    /// Total paid, after the cap and the minimum cheque.
    pub paid: f64,
    /// Sum of the bonuses' `max_payout` (not capped).
    pub max_payout: f64,
    /// `max_payout - paid`: promised by the rates, kept by the company.
    pub breakage: f64,
    /// The factor the cap multiplied all pay by; 1 when it did not bind.
    pub cap_factor: f64,
    /// Balances held below the minimum cheque at the end of the period (owed, not yet
    /// paid; not in `paid`).
    pub held: f64,
    /// Balances held earlier and paid this period (in `paid`).
    pub released: f64,
    /// Balances of members who left while holding them: counted in `breakage`.
    pub forfeited: f64,
    /// Per bonus, in plan order.
    pub by_bonus: Vec<BonusTotal>,
}

/// What a plan pays in one period. Per-member vectors have one entry per member.
#[derive(Clone, Debug, Default)]
pub struct Payout {
    /// Total pay per member.
    pub paid: Vec<f64>,
    /// Pay per bonus (plan order), then per member.
    pub by_bonus: Vec<Vec<f64>>,
    /// The rank each member was paid on (0 = none; r = `rank_names[r - 1]`): its
    /// paid-as rank (met this period, or kept by grace), or its title when the plan
    /// pays on titles (`pay_on = "title"`; 0 when not active).
    pub rank: Vec<u8>,
    /// Title per member: the highest rank it has ever been paid as (0 = none), kept
    /// across periods by stable id, whether or not the member is active now.
    pub title: Vec<u8>,
    /// Whether the member was qualified to be paid (active and passing the rules).
    pub qualified: Vec<bool>,
    /// Company totals.
    pub totals: PeriodTotals,
}
