//! The interface every bonus kind implements.
//!
//! A compensation plan is a list of independent bonuses. Each reads the same per-period
//! [`Context`] (volumes, who is qualified, paid-as ranks, tree helpers) and writes what
//! it pays into its own per-member column; the plan then adds the columns up and applies
//! the global cap. A bonus kind is therefore one file with three things:
//!
//! 1. a raw `#[serde(deny_unknown_fields)]` struct mirroring its `[[plan.bonus]]` table
//!    (including `kind` and `name`), and a `parse` function that validates it once into a
//!    config that cannot be invalid ([`Parse`]);
//! 2. that config implements [`Bonus`], whose `start` creates the kind's state for one
//!    run (buffers, and in later kinds carry-over such as binary leg volume);
//! 3. the state implements [`BonusRun::pay`], which pays one period and returns
//!    [`BonusTotal`]: what it paid and what it would have paid had every member
//!    qualified for everything (`max_payout`; the difference is breakage, the money the
//!    plan's rules keep for the company), and [`BonusRun::pay_audited`], which pays the
//!    same and explains every cent of it ([`super::audit`]).
//!
//! Adding a kind means writing that file and listing its parser in
//! [`super::registry::KINDS`]. The kinds import this file; only the registry imports
//! the kinds.

use super::audit::Audit;
use super::types::{BonusTotal, Placement};
use crate::input_error::{Anchor, ConfigError, KeyPath, did_you_mean, quoted_list};
use std::fmt;

/// Everything a bonus may read for one period. Every slice has one entry per member who
/// has ever joined; absent members have zero volume, are not qualified and hold no rank.
pub struct Context<'a> {
    /// The period being paid.
    pub period: u32,
    /// Roll-up line: nearest present upline, or [`super::types::NONE`].
    pub upline: &'a [u32],
    /// Whether the member is in the organisation this period.
    pub present: &'a [bool],
    /// Commissionable volume (zero for absent members).
    pub cv: &'a [f64],
    /// Qualifying volume: `pv`, or `retail` when own purchases do not qualify.
    pub qv: &'a [f64],
    /// Group volume: own `qv` plus the whole downline's.
    pub gv: &'a [f64],
    /// The period in which each member joined.
    pub joined: &'a [u32],
    /// Entry fee paid this period.
    pub entry_fee: &'a [f64],
    /// Active: present with `qv >= active_pv`.
    pub active: &'a [bool],
    /// Qualified to be paid: active and passing the compliance rules.
    pub qualified: &'a [bool],
    /// Paid-as rank (0 = none).
    pub rank: &'a [u8],
    /// Number of present ancestors (the levels above a member that could be paid).
    pub depth: &'a [u32],
    /// What the bonuses listed before this one paid this period, per member (for
    /// bonuses paid on other bonuses, such as a matching bonus).
    pub earlier: &'a [Vec<f64>],
    /// Stable member ids (see [`super::types::PeriodInput::id`]; empty: id = position).
    pub id: &'a [u32],
    /// Given placements (see [`super::types::PeriodInput::placement`]; empty: all automatic).
    pub placement: &'a [Option<Placement>],
}

impl Context<'_> {
    /// Number of members (present or not).
    pub fn len(&self) -> usize {
        self.upline.len()
    }

    /// Whether there are no members at all.
    pub fn is_empty(&self) -> bool {
        self.upline.is_empty()
    }

    /// The stable id of the member at `position`.
    pub fn id_of(&self, position: usize) -> u32 {
        self.id.get(position).copied().unwrap_or(position as u32)
    }

    /// The given placement of the member at `position`, if any.
    pub fn placement_of(&self, position: usize) -> Option<Placement> {
        self.placement.get(position).copied().flatten()
    }
}

/// A validated bonus of some kind.
pub trait Bonus: fmt::Debug + Send + Sync {
    /// The bonus' state for one run.
    fn start(&self) -> Box<dyn BonusRun + Send + '_>;
}

/// A bonus' state through one run.
pub trait BonusRun {
    /// Pays one period: adds each member's pay to `out` (zeroed, one entry per member)
    /// and returns the total paid and the most it could have paid.
    fn pay(&mut self, ctx: &Context, out: &mut [f64]) -> BonusTotal;

    /// Pays one period exactly as [`BonusRun::pay`] does, and writes to `audit` one line
    /// per payment and one broken amount per promise not paid (see [`super::audit`]):
    /// the lines add up to the total paid, and lines plus broken amounts to
    /// `max_payout`.
    fn pay_audited(&mut self, ctx: &Context, out: &mut [f64], audit: &mut Audit) -> BonusTotal;
}

/// What a bonus' validation may look at besides its own table.
pub struct Scope<'a> {
    /// Rank names, lowest first (index + 1 = rank number).
    pub rank_names: &'a [String],
    /// Names of the bonuses listed before this one.
    pub earlier_bonuses: &'a [String],
    /// Names of the bonuses listed after this one (for error messages only: a bonus may
    /// read only earlier bonuses' pay).
    pub later_bonuses: &'a [String],
}

impl Scope<'_> {
    /// The rank number (1-based) of a rank name, or an error at `path` suggesting the
    /// closest rank name.
    pub fn rank(&self, name: &str, path: KeyPath) -> Result<u8, ConfigError> {
        match self.rank_names.iter().position(|r| r == name) {
            // At most MAX_RANKS (255) ranks, so position + 1 fits in a u8.
            Some(index) => Ok((index + 1) as u8),
            None if self.rank_names.is_empty() => {
                let mut err = ConfigError::value(
                    path,
                    "a rank defined with [[plan.rank]]",
                    format!("rank `{name}`, but the plan defines no ranks"),
                );
                err.anchor = Anchor::Key;
                Err(err.with_help("add a [[plan.rank]] table with this name"))
            }
            None => {
                let names: Vec<&str> = self.rank_names.iter().map(String::as_str).collect();
                let mut err = ConfigError::value(
                    path,
                    format!("a rank defined with [[plan.rank]]: {}", quoted_list(&names)),
                    format!("unknown rank `{name}`"),
                );
                err.anchor = Anchor::Key;
                err.help = did_you_mean(name, names.iter().copied());
                Err(err)
            }
        }
    }
}

/// A kind's validation: the whole `[[plan.bonus]]` table (with `kind` and `name`), its
/// key path, and the rest of the plan.
pub type Parse = fn(toml::Value, &KeyPath, &Scope) -> Result<Box<dyn Bonus>, ConfigError>;
