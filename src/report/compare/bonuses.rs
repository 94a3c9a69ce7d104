//! Where the money moved: each bonus of A and of B, matched by name, with what it paid
//! per run and its breakage per run (each side's median run, as its own report's table
//! "Pay by bonus" gives them), the difference of the means B − A, and its share of
//! pay. Read from each side's `summary.json` (`bonuses`); a bonus only one side has
//! leaves the other side's cells empty.
//!
//! A bonus' share of pay is its part of everything its plan paid over all the runs:
//! its mean pay per run over the sum of its plan's bonuses' means, so the shares of a
//! plan add up to 100 %. (Medians do not add up; a share of the median run's pay
//! would need per-run values the summary does not keep.)

use super::side::Side;
use crate::output::records::summary::BonusSummary;

/// One bonus on one side.
#[derive(Clone, Debug, PartialEq)]
pub struct BonusSide {
    /// The bonus' kind (`unilevel`, `binary`, ...).
    pub kind: String,
    /// What it paid over a run: the median run's value.
    pub paid: f64,
    /// What it paid over a run: the mean across runs.
    pub paid_mean: f64,
    /// Its share of all pay over all runs (mean pay per run over the plan's total).
    pub share: f64,
    /// Its breakage over a run (`max_payout - paid`): the median run's value.
    pub breakage: f64,
}

/// One bonus name compared.
#[derive(Clone, Debug, PartialEq)]
pub struct BonusRow {
    /// The bonus' name (its column in `downline payout`).
    pub name: String,
    /// The bonus in A, if A's plan has it.
    pub a: Option<BonusSide>,
    /// The bonus in B, if B's plan has it.
    pub b: Option<BonusSide>,
}

impl BonusRow {
    /// Mean pay per run in B minus in A (a missing bonus pays 0); `NaN` when either
    /// side's mean is undefined.
    pub fn difference(&self) -> f64 {
        let mean = |side: &Option<BonusSide>| side.as_ref().map_or(0.0, |s| s.paid_mean);
        mean(&self.b) - mean(&self.a)
    }

    /// The bonus' kind, from A, else from B.
    pub fn kind(&self) -> &str {
        (self.a.as_ref().or(self.b.as_ref())).map_or("", |s| s.kind.as_str())
    }
}

/// Every bonus of A in A's order, then B's bonuses that A does not have, in B's order.
pub fn bonus_rows(a: &Side, b: &Side) -> Vec<BonusRow> {
    let (sides_a, sides_b) = (sides(&a.data.bonuses), sides(&b.data.bonuses));
    let find = |sides: &[(String, BonusSide)], name: &str| {
        (sides.iter())
            .find(|(n, _)| n == name)
            .map(|(_, s)| s.clone())
    };
    let mut rows: Vec<BonusRow> = (sides_a.iter())
        .map(|(name, side)| BonusRow {
            name: name.clone(),
            a: Some(side.clone()),
            b: find(&sides_b, name),
        })
        .collect();
    rows.extend(
        (sides_b.iter())
            .filter(|(name, _)| find(&sides_a, name).is_none())
            .map(|(name, side)| BonusRow {
                name: name.clone(),
                a: None,
                b: Some(side.clone()),
            }),
    );
    rows
}

/// One side's bonuses with their shares of its pay.
fn sides(bonuses: &[BonusSummary]) -> Vec<(String, BonusSide)> {
    let total: f64 = bonuses.iter().map(|b| b.paid_per_run.mean).sum();
    (bonuses.iter())
        .map(|bonus| {
            let share = if total > 0.0 {
                bonus.paid_per_run.mean / total
            } else {
                f64::NAN
            };
            let side = BonusSide {
                kind: bonus.kind.clone(),
                paid: bonus.paid_per_run.median,
                paid_mean: bonus.paid_per_run.mean,
                share,
                breakage: bonus.breakage_per_run.median,
            };
            (bonus.name.clone(), side)
        })
        .collect()
}
