//! Linear passes over the sponsor tree.
//!
//! Members are numbered in join order, so a member's upline always has a smaller index
//! than the member. That one fact turns every tree question a plan asks into a single
//! pass over an array, with no recursion and no pointer chasing:
//!
//! - a *forward* pass (`0..n`) sees every upline before its downline, so "the nearest
//!   ancestor that is X" is `if X(up) { up } else { nearest[up] }`;
//! - a *reverse* pass (`n..0`) sees every downline before its upline, so subtree totals
//!   (group volume) are `total[up] += total[i]`.
//!
//! When a member quits, the people they recruited are not orphaned: they *roll up* to
//! the nearest upline still in the organisation ([`roll_up`]). The original sponsor is
//! kept (statistics and contagion use it); pay follows the rolled-up line.

use super::types::NONE;

/// The roll-up line: for every member, the nearest *present* strict ancestor along the
/// original sponsor chain, or [`NONE`]. Computed for absent members too, so that the
/// line passes through them.
pub fn roll_up(sponsor: &[u32], present: &[bool], upline: &mut Vec<u32>) {
    debug_assert_eq!(sponsor.len(), present.len());
    upline.clear();
    upline.reserve(sponsor.len());
    for (i, &s) in sponsor.iter().enumerate() {
        debug_assert!(s == NONE || (s as usize) < i, "sponsor after recruit");
        let up = if s == NONE {
            NONE
        } else if present[s as usize] {
            s
        } else {
            upline[s as usize]
        };
        upline.push(up);
    }
}

/// For every member, how many ancestors it has on the `upline` line (0 for a root).
/// On a roll-up line these are the present ancestors: the number of levels above a
/// member that could be paid on its volume.
pub fn depths(upline: &[u32], depth: &mut Vec<u32>) {
    depth.clear();
    depth.reserve(upline.len());
    for &up in upline {
        let d = if up == NONE {
            0
        } else {
            depth[up as usize] + 1
        };
        depth.push(d);
    }
}

/// Subtree totals: `total[i]` = `value[i]` plus the values of everyone below `i` on
/// the `upline` line. Group volume is `subtree_sums(upline, qv)`.
pub fn subtree_sums(upline: &[u32], value: &[f64], total: &mut Vec<f64>) {
    debug_assert_eq!(upline.len(), value.len());
    total.clear();
    total.extend_from_slice(value);
    for i in (0..upline.len()).rev() {
        let up = upline[i];
        if up != NONE {
            total[up as usize] += total[i];
        }
    }
}

/// For every member, the nearest strict ancestor on the `upline` line for which
/// `is_target` holds, or [`NONE`]. One forward pass.
pub fn nearest_upline(upline: &[u32], is_target: impl Fn(usize) -> bool, nearest: &mut Vec<u32>) {
    nearest.clear();
    nearest.reserve(upline.len());
    for &up in upline {
        let found = if up == NONE {
            NONE
        } else if is_target(up as usize) {
            up
        } else {
            nearest[up as usize]
        };
        nearest.push(found);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A(0) <- B(1) <- C(2) <- D(3), and E(4) under A.
    const SPONSOR: [u32; 5] = [NONE, 0, 1, 2, 0];

    #[test]
    fn a_quitter_s_downline_rolls_up_to_the_nearest_present_upline() {
        let present = [true, false, false, true, true];
        let mut upline = Vec::new();
        roll_up(&SPONSOR, &present, &mut upline);
        assert_eq!(upline, vec![NONE, 0, 0, 0, 0]);
    }

    #[test]
    fn depths_count_ancestors_and_subtree_sums_add_downlines() {
        let mut depth = Vec::new();
        depths(&SPONSOR, &mut depth);
        assert_eq!(depth, vec![0, 1, 2, 3, 1]);
        let mut total = Vec::new();
        subtree_sums(&SPONSOR, &[1.0, 2.0, 3.0, 4.0, 5.0], &mut total);
        assert_eq!(total, vec![15.0, 9.0, 7.0, 4.0, 5.0]);
    }

    #[test]
    fn nearest_upline_skips_non_targets() {
        let mut nearest = Vec::new();
        nearest_upline(&SPONSOR, |i| i != 1 && i != 2, &mut nearest);
        assert_eq!(nearest, vec![NONE, 0, 0, 0, 0]);
    }
}
