//! The shared per-period state every bonus reads: qualifying and group volume, who is
//! active and qualified, paid-as ranks, and depths on the roll-up line.
//!
//! - *Qualifying volume* (`qv`) is `pv`, or only the `retail` part of it when the plan's
//!   rule `own_purchases_qualify = false` says that buying for oneself does not count
//!   (a defence against inventory loading).
//! - *Active*: present with `qv >= active_pv`.
//! - *Group volume* (GV): own `qv` plus every downline member's, one reverse pass.
//! - *Qualified* (paid-eligible): active, and, when the rule `customer_share` is set,
//!   with retail volume above that share of the personal volume of self and downline
//!   (the FTC's and the Amway "70 % rule" style test that pay rests on real customers;
//!   no volume at all fails it). Compression treats unqualified members as inactive.
//! - *Paid-as rank*: see [`super::ranks`]; requires being active. Ranks met this
//!   period, then grace periods and titles kept by stable id ([`RankHistory`]). When a
//!   rank requires binary leg volume, the legs are measured first ([`BinaryLegs`]).
//!
//! The buffers live in [`PeriodState`] inside a `PlanRun` and are reused from period to
//! period, so paying a period allocates nothing once the organisation stops growing.

use super::binary_legs::BinaryLegs;
use super::bonus::Context;
use super::ranks::{self, Rank, RankBuffers, RankHistory, RankInput, RankRules};
use super::tree;
use super::types::PeriodInput;

/// Compliance switches of `[plan.rules]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    /// Pay only members whose own + downline retail share of PV exceeds this; 0 = off.
    pub customer_share: f64,
    /// Whether own orders count toward `active_pv` and ranks.
    pub own_purchases_qualify: bool,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            customer_share: 0.0,
            own_purchases_qualify: true,
        }
    }
}

/// Per-member state derived from one period's input.
#[derive(Debug, Default)]
pub struct PeriodState {
    pub cv: Vec<f64>,
    pub qv: Vec<f64>,
    pub gv: Vec<f64>,
    pub active: Vec<bool>,
    pub qualified: Vec<bool>,
    /// The rank the bonuses read: paid-as (met or kept by grace), or the title with
    /// `pay_on = "title"`.
    pub rank: Vec<u8>,
    /// The highest rank each member has ever been paid as.
    pub title: Vec<u8>,
    pub depth: Vec<u32>,
    /// Scratch for `customer_share`: present members' pv and retail, then their
    /// subtree sums.
    pv: Vec<f64>,
    retail: Vec<f64>,
    pv_sum: Vec<f64>,
    retail_sum: Vec<f64>,
    rank_buffers: RankBuffers,
    /// Titles and grace, by stable id.
    rank_history: RankHistory,
    /// The binary legs for `binary_leg_volume` (created in the first period when a
    /// rank needs them), and this period's weaker leg by position.
    binary_legs: Option<BinaryLegs>,
    weak_leg: Vec<f64>,
}

impl PeriodState {
    /// Derives this period's state from the input, under the plan's `active_pv`, rules
    /// and ranks.
    pub fn compute(
        &mut self,
        active_pv: f64,
        rules: &Rules,
        rank_table: &[Rank],
        rank_rules: &RankRules,
        input: &PeriodInput,
    ) {
        let n = input.upline.len();
        debug_assert!(
            [
                input.present.len(),
                input.pv.len(),
                input.cv.len(),
                input.retail.len(),
                input.joined.len(),
                input.entry_fee.len(),
            ]
            .iter()
            .all(|&len| len == n),
            "PeriodInput slices of different lengths"
        );
        let present = input.present;
        let masked = |values: &[f64], out: &mut Vec<f64>| {
            out.clear();
            out.extend(
                values
                    .iter()
                    .zip(present)
                    .map(|(&v, &here)| if here { v } else { 0.0 }),
            );
        };
        masked(input.cv, &mut self.cv);
        masked(
            if rules.own_purchases_qualify {
                input.pv
            } else {
                input.retail
            },
            &mut self.qv,
        );
        self.active.clear();
        self.active
            .extend((0..n).map(|i| present[i] && self.qv[i] >= active_pv));
        ranks::group_volume(input.upline, &self.qv, &mut self.gv);
        tree::depths(input.upline, &mut self.depth);

        self.qualified.clear();
        self.qualified.extend_from_slice(&self.active);
        let share = rules.customer_share;
        if share > 0.0 {
            masked(input.pv, &mut self.pv);
            masked(input.retail, &mut self.retail);
            tree::subtree_sums(input.upline, &self.pv, &mut self.pv_sum);
            tree::subtree_sums(input.upline, &self.retail, &mut self.retail_sum);
            for i in 0..n {
                let pv = self.pv_sum[i];
                self.qualified[i] &= pv > 0.0 && self.retail_sum[i] / pv > share;
            }
        }

        if let Some(rule) = rank_rules.binary_legs {
            (self
                .binary_legs
                .get_or_insert_with(|| BinaryLegs::new(rule)))
            .weaker_legs(input, &self.cv, &mut self.weak_leg);
        }
        let rank_input = RankInput {
            upline: input.upline,
            present,
            active: &self.active,
            qv: &self.qv,
            gv: &self.gv,
            weak_leg: &self.weak_leg,
        };
        ranks::assign(
            rank_table,
            &rank_input,
            &mut self.rank_buffers,
            &mut self.rank,
        );
        self.rank_history.advance(
            rank_table,
            rank_rules.pay_on,
            input,
            &self.active,
            &mut self.rank,
            &mut self.title,
        );
    }

    /// The first requirement of rank `rank` that the member at position `i` missed this
    /// period (see [`ranks::first_failed`]); call after [`Self::compute`] with the same
    /// input.
    pub fn first_failed(
        &self,
        rank_table: &[Rank],
        input: &PeriodInput,
        i: usize,
        rank: u8,
    ) -> Option<String> {
        let rank_input = RankInput {
            upline: input.upline,
            present: input.present,
            active: &self.active,
            qv: &self.qv,
            gv: &self.gv,
            weak_leg: &self.weak_leg,
        };
        ranks::first_failed(rank_table, &rank_input, &self.rank_buffers, i, rank)
    }

    /// Why member `i` is not qualified to be paid this period, in words; empty when it
    /// is.
    pub fn why_not_qualified(&self, i: usize, active_pv: f64, rules: &Rules) -> String {
        use super::audit::{amount, percent};
        if self.qualified[i] {
            return String::new();
        }
        if !self.active[i] {
            let which = if rules.own_purchases_qualify {
                "qv"
            } else {
                "retail qv"
            };
            return format!(
                "{which} {} < active_pv {}",
                amount(self.qv[i]),
                amount(active_pv)
            );
        }
        let pv = self.pv_sum.get(i).copied().unwrap_or(0.0);
        let retail = self.retail_sum.get(i).copied().unwrap_or(0.0);
        let share = if pv > 0.0 { retail / pv } else { 0.0 };
        format!(
            "customer share {} <= {} (retail of own and downline PV)",
            percent(share),
            percent(rules.customer_share)
        )
    }

    /// What a bonus reads: this state, the input, and the earlier bonuses' pay.
    pub fn context<'a>(&'a self, input: &'a PeriodInput, earlier: &'a [Vec<f64>]) -> Context<'a> {
        Context {
            period: input.period,
            upline: input.upline,
            present: input.present,
            cv: &self.cv,
            qv: &self.qv,
            gv: &self.gv,
            joined: input.joined,
            entry_fee: input.entry_fee,
            active: &self.active,
            qualified: &self.qualified,
            rank: &self.rank,
            depth: &self.depth,
            earlier,
            id: input.id,
            placement: input.placement,
        }
    }
}
