//! The ledger: adding the bonuses' columns into each member's pay, the global
//! `payout_cap`, and the period's totals.
//!
//! A `payout_cap` promises that total pay never exceeds a share of the period's CV.
//! When the bonuses together would pay more, every member's pay and every bonus' total
//! is multiplied by the same factor (`cap_factor`, 1 when the cap does not bind): the
//! cut is shared pro rata, and it counts as breakage, because `max_payout` (what the
//! plan would pay if everyone qualified for everything) is not capped.

use super::audit::{self, Audit, Cause, Step};
use super::types::{BonusTotal, NONE, Payout, PeriodInput};

/// Fills `payout.paid` and `payout.totals` from the per-bonus columns and totals
/// (`by_bonus` already set), applying `cap` (a share of `cv`).
pub fn close(payout: &mut Payout, by_bonus: &[BonusTotal], cv: f64, cap: Option<f64>) {
    let n = payout.paid.len();
    payout.paid.iter_mut().for_each(|p| *p = 0.0);
    for column in &payout.by_bonus {
        for (total, &amount) in payout.paid.iter_mut().zip(column) {
            *total += amount;
        }
    }
    let mut paid: f64 = payout.paid.iter().sum();
    let max_payout: f64 = by_bonus.iter().map(|b| b.max_payout).sum();
    let mut factor = 1.0;
    if let Some(cap) = cap {
        let limit = cap * cv;
        if paid > limit {
            factor = if paid > 0.0 { limit / paid } else { 1.0 };
        }
    }
    let totals = &mut payout.totals;
    totals.by_bonus.clear();
    totals.by_bonus.extend_from_slice(by_bonus);
    if factor < 1.0 {
        payout.paid.iter_mut().for_each(|p| *p *= factor);
        for column in &mut payout.by_bonus {
            column.iter_mut().for_each(|p| *p *= factor);
        }
        for bonus in &mut totals.by_bonus {
            bonus.paid *= factor;
        }
        paid = payout.paid.iter().sum();
    }
    debug_assert_eq!(payout.paid.len(), n);
    totals.cv = cv;
    totals.paid = paid;
    totals.max_payout = max_payout;
    totals.breakage = (max_payout - paid).max(0.0);
    totals.cap_factor = factor;
    totals.held = 0.0;
    totals.released = 0.0;
    totals.forfeited = 0.0;
}

/// The `payout_cap`'s cut, in the audit: for every member and bonus it cut, a negative
/// line and a broken amount (cause `cap`). Call after [`close`].
pub fn explain_cap(payout: &Payout, input: &PeriodInput, audit: &mut Audit) {
    let factor = payout.totals.cap_factor;
    if factor >= 1.0 {
        return;
    }
    for (b, column) in payout.by_bonus.iter().enumerate() {
        for (k, &after) in column.iter().enumerate() {
            if after == 0.0 {
                continue;
            }
            let before = after / factor;
            let cut = before - after;
            let what = format!(
                "payout_cap: every payment cut by the same factor {factor:.6} (earned {})",
                audit::amount(before)
            );
            let id = input.id_of(k);
            let start = audit.lines.len();
            audit.pay(id, NONE, Step::Own, 0.0, 0.0, -cut, what.clone());
            audit.broke(id, NONE, Step::Own, cut, Cause::Cap, what);
            if let (Some(line), Some(broken)) =
                (audit.lines.get_mut(start), audit.broken.last_mut())
            {
                line.bonus = Some(b);
                broken.bonus = Some(b);
            }
        }
    }
}
