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
        self.id.clear();
        self.id.extend_from_slice(present);
        self.present.clear();
        self.present.resize(present.len(), true);
        self.upline.clear();
        self.upline.reserve(present.len());
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
        }
        // One column at a time: each is a gather the compiler keeps tight.
        let gather = |column: &[f64], out: &mut Vec<f64>| {
            out.clear();
            out.extend(present.iter().map(|&id| column[id as usize]));
        };
        gather(&members.pv, &mut self.pv);
        gather(&members.cv, &mut self.cv);
        gather(&members.retail, &mut self.retail);
        gather(&members.entry_fee, &mut self.entry_fee);
        self.joined.clear();
        let joined = &members.outcomes.join_month;
        self.joined
            .extend(present.iter().map(|&id| joined[id as usize]));
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
