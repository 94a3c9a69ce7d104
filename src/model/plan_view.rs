//! What the plan sees each month: the members in the business, and only them.
//!
//! Over a run most people who ever joined have quit (nine in ten by the end of the
//! default scenario), and a plan's passes over everyone ever would mostly skip former
//! members. So each month the world copies the present members, still in join order,
//! into compact arrays with uplines re-indexed to positions in that list. Join order is
//! kept, so every upline still precedes its downline and the plan's one-pass tree
//! aggregates hold; the plan's cost is proportional to the members in the business.

use super::members::Members;
use crate::plan::{NONE, PeriodInput};

/// Reusable compact arrays for the plan.
#[derive(Clone, Debug, Default)]
pub struct PlanView {
    /// Position in the compact list of each member id (valid for present members).
    position: Vec<u32>,
    /// The member id at each position.
    id: Vec<u32>,
    upline: Vec<u32>,
    present: Vec<bool>,
    pv: Vec<f64>,
    cv: Vec<f64>,
    retail: Vec<f64>,
    joined: Vec<u32>,
    entry_fee: Vec<f64>,
}

impl PlanView {
    /// Copies the present members (ids ascending) into the compact arrays.
    pub fn build(&mut self, members: &Members, present: &[u32]) {
        self.position.resize(members.len(), NONE);
        for list in [
            &mut self.pv,
            &mut self.cv,
            &mut self.retail,
            &mut self.entry_fee,
        ] {
            list.clear();
        }
        self.upline.clear();
        self.joined.clear();
        self.id.clear();
        self.id.extend_from_slice(present);
        self.present.clear();
        self.present.resize(present.len(), true);
        for (k, &id) in present.iter().enumerate() {
            let i = id as usize;
            self.position[i] = k as u32;
            let up = members.upline[i];
            // The roll-up upline is present and has a smaller id: already positioned.
            self.upline.push(if up == NONE {
                NONE
            } else {
                self.position[up as usize]
            });
            self.pv.push(members.pv[i]);
            self.cv.push(members.cv[i]);
            self.retail.push(members.retail[i]);
            self.joined.push(members.outcomes.join_month[i]);
            self.entry_fee.push(members.entry_fee[i]);
        }
    }

    /// The plan's input for `period`; position `k` is the `k`-th present member.
    pub fn input(&self, period: u32) -> PeriodInput<'_> {
        PeriodInput {
            period,
            upline: &self.upline,
            present: &self.present,
            pv: &self.pv,
            cv: &self.cv,
            retail: &self.retail,
            joined: &self.joined,
            entry_fee: &self.entry_fee,
            id: &self.id,
            placement: &[],
        }
    }
}
