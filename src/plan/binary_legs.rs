//! Binary leg volumes for rank requirements (`binary_leg_volume` on a `[[plan.rank]]`).
//!
//! Ranks are assigned before any bonus pays, but the binary placement tree belongs to
//! the `binary` bonus. Placement is deterministic and keyed by stable id, so the period
//! state keeps a second copy of the same tree (same rule, same members in the same
//! order: the same positions) and measures, before ranks, each member's legs this
//! period exactly as the binary bonus does: every present member's CV summed up the
//! placement tree, without carry-over. Only plans with a rank that requires binary leg
//! volume build it; others pay nothing for it.

use super::placement::{PlacementTree, Rule};
use super::types::{NONE, PeriodInput};

/// The placement tree and per-id buffers.
#[derive(Debug)]
pub struct BinaryLegs {
    tree: PlacementTree,
    /// Scratch by id: subtree volume, and this period's volume in each leg.
    volume: Vec<f64>,
    legs: Vec<[f64; 2]>,
}

impl BinaryLegs {
    /// An empty tree placing by `rule` (the plan's binary bonus' rule).
    pub fn new(rule: Rule) -> Self {
        Self {
            tree: PlacementTree::binary(rule),
            volume: Vec::new(),
            legs: Vec::new(),
        }
    }

    /// Places the period's new members and writes, by position, the CV of each
    /// member's weaker leg this period into `weak` (`cv` by position, zero for absent
    /// members).
    pub fn weaker_legs(&mut self, input: &PeriodInput, cv: &[f64], weak: &mut Vec<f64>) {
        self.tree.place_new_members_of(input);
        let len = self.tree.len();
        self.volume.clear();
        self.volume.resize(len, 0.0);
        self.legs.clear();
        self.legs.resize(len, [0.0; 2]);
        for (k, &cv) in cv.iter().enumerate() {
            self.volume[input.id_of(k) as usize] = cv;
        }
        for (id, (parent, slot)) in self.tree.parents().enumerate().rev() {
            if parent != NONE {
                let below = self.volume[id];
                self.volume[parent as usize] += below;
                self.legs[parent as usize][slot as usize] += below;
            }
        }
        weak.clear();
        weak.extend((0..cv.len()).map(|k| {
            let [left, right] = self.legs[input.id_of(k) as usize];
            left.min(right)
        }));
    }
}
