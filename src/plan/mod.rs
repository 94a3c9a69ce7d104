//! Compensation plans: INTERFACE STUB, to be replaced by the full implementation.

use crate::scenario::error::{ConfigError, KeyPath};

/// "No member": the parent of a root.
pub const NONE: u32 = u32::MAX;

/// Everything a plan reads for one period. Members are numbered in join order, so every
/// upline has a smaller index than its downline. Every slice has one entry per member
/// who has ever joined (length `n`).
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
}

/// One bonus' total for a period.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BonusTotal {
    pub paid: f64,
    pub max_payout: f64,
}

/// Company totals for one period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeriodTotals {
    pub cv: f64,
    pub paid: f64,
    pub max_payout: f64,
    pub breakage: f64,
    pub cap_factor: f64,
    pub by_bonus: Vec<BonusTotal>,
}

/// What a plan pays in one period.
#[derive(Clone, Debug, Default)]
pub struct Payout {
    pub paid: Vec<f64>,
    pub by_bonus: Vec<Vec<f64>>,
    pub rank: Vec<u8>,
    pub qualified: Vec<bool>,
    pub totals: PeriodTotals,
}

/// A validated plan.
#[derive(Debug)]
pub struct Plan {
    pub name: String,
    pub active_pv: f64,
    pub payout_cap: Option<f64>,
    pub rank_names: Vec<String>,
    pub bonus_names: Vec<String>,
}

impl Plan {
    pub fn from_toml(_value: toml::Value, _at: &KeyPath) -> Result<Plan, ConfigError> {
        unimplemented!("plan engine")
    }
    pub fn qualifying_volume(&self, _rank: u8) -> f64 {
        self.active_pv
    }
    pub fn counts_own_purchases(&self) -> bool {
        true
    }
    pub fn start(&self) -> PlanRun<'_> {
        PlanRun {
            plan: self,
            payout: Payout::default(),
        }
    }
}

/// A plan's state through one run.
pub struct PlanRun<'p> {
    plan: &'p Plan,
    payout: Payout,
}

impl PlanRun<'_> {
    pub fn pay(&mut self, input: &PeriodInput) -> &Payout {
        let _ = (self.plan, input);
        &self.payout
    }
}
