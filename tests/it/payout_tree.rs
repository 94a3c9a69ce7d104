//! `downline payout` on placement-tree plans: `binary` and `matrix`.
//!
//! Golden vectors B-1, B-3 and M-1 come from `reference/plan-vectors.md`; the H-binary-*
//! and H-matrix vectors were worked by hand, with the arithmetic (and the placement tree
//! the rule builds) in the comments. Fixtures are under `tests/fixtures/plan-vectors/`;
//! money is compared as printed, to the cent.

use crate::common::downline;
use crate::common::payout::{DIR, payout};

// ---------------------------------------------------------------- golden vectors

#[test]
fn b1_binary_pays_the_weak_leg_carries_the_rest_and_flushes_when_inactive() {
    let out = payout("b-1", "b-1");
    assert_eq!(out.header, ["period", "id", "paid", "binary", "rank"]);
    // Period 1: L 500 / R 300: 10 % x 300 = 30; carry 200 / 0.
    // Period 2: L 100 + 200 = 300 / R 600: 30; carry 0 / 300.
    // Period 3: M has pv 0 < 100: not paid, carry flushed to 0 / 0.
    out.assert_paid("1", &[("M", "30.00"), ("L", "0.00"), ("R", "0.00")]);
    out.assert_paid("2", &[("M", "30.00"), ("L", "0.00"), ("R", "0.00")]);
    out.assert_paid("3", &[("M", "0.00"), ("L", "0.00"), ("R", "0.00")]);
    // Breakage: in period 3 M's legs were L 400 / R 0 + 300: 30.00 had it qualified.
    // CV 900 + 800 + 400.
    out.assert_totals("total: paid 60.00 on CV 2100.00 (payout ratio 2.86 %), breakage 30.00");
}

#[test]
fn b3_binary_cycles_take_big_from_the_larger_leg_and_small_from_the_other() {
    let out = payout("b-3", "b-3");
    // Period 1: L 1000 / R 450: (800, 350), (600, 250), (400, 150), (200, 50): 4 cycles
    // x 14 = 56.00; carry 200 / 50.
    out.assert_paid("1", &[("M", "56.00"), ("L", "0.00"), ("R", "0.00")]);
    // Period 2 (added): L 200 + 0 / R 50 + 50 = 100: one more cycle, 14.00; carry 0 / 0.
    out.assert_paid("2", &[("M", "14.00"), ("L", "0.00"), ("R", "0.00")]);
    // CV 1550 + 150.
    out.assert_totals("total: paid 70.00 on CV 1700.00 (payout ratio 4.12 %), breakage 0.00");
}

#[test]
fn m1_breadth_first_spillover_puts_the_fourth_and_fifth_recruit_under_the_first() {
    let out = payout("m-1-bfs", "m-1");
    assert_eq!(out.header, ["period", "id", "paid", "matrix", "rank"]);
    //        S
    //     /  |  \
    //    1   2   3
    //   / \
    //  4   5
    // S: 3 x 10 % x 100 + 2 x 5 % x 100 = 40; 1: 2 x 10 = 20.
    out.assert_paid(
        "1",
        &[
            ("S", "40.00"),
            ("1", "20.00"),
            ("2", "0.00"),
            ("3", "0.00"),
            ("4", "0.00"),
            ("5", "0.00"),
        ],
    );
    out.assert_totals("total: paid 60.00 on CV 600.00 (payout ratio 10.00 %), breakage 0.00");
}

#[test]
fn m1_weak_leg_spillover_puts_the_fifth_recruit_under_the_second() {
    let out = payout("m-1-weak-leg", "m-1");
    //        S
    //     /  |  \
    //    1   2   3
    //    |   |
    //    4   5
    // 4: frontline sizes 1, 1, 1: the earliest, 1. 5: sizes 2, 1, 1: 2.
    out.assert_paid(
        "1",
        &[
            ("S", "40.00"),
            ("1", "10.00"),
            ("2", "10.00"),
            ("3", "0.00"),
            ("4", "0.00"),
            ("5", "0.00"),
        ],
    );
    out.assert_totals("total: paid 60.00 on CV 600.00 (payout ratio 10.00 %), breakage 0.00");
}

// ---------------------------------------------------------------- binary, hand-worked

#[test]
fn h_binary_an_inactive_member_keeps_its_carry_without_flush() {
    // B-1's network plus a period 4 (L 0, R 100), flush_if_inactive off.
    let out = payout("h-binary-keep", "h-binary-inactive");
    // Periods 1 and 2 as B-1: 30, 30; carry 0 / 300.
    // Period 3: M inactive: L 400 / R 300 kept whole (max_payout 30, breakage).
    // Period 4: L 400 + 0 / R 300 + 100: 10 % x 400 = 40.
    out.assert_paid("1", &[("M", "30.00")]);
    out.assert_paid("2", &[("M", "30.00")]);
    out.assert_paid("3", &[("M", "0.00")]);
    out.assert_paid("4", &[("M", "40.00"), ("L", "0.00"), ("R", "0.00")]);
    // CV 900 + 800 + 400 + 200.
    out.assert_totals("total: paid 100.00 on CV 2300.00 (payout ratio 4.35 %), breakage 30.00");
}

#[test]
fn h_binary_without_carry_unmatched_volume_is_lost_every_period() {
    let out = payout("h-binary-no-carry", "h-binary-inactive");
    // Period 1: 500 / 300: 30. Period 2: 100 / 600 (nothing carried): 10.
    // Period 3: inactive, and 400 / 0 matches nothing anyway. Period 4: 0 / 100: 0.
    out.assert_paid("1", &[("M", "30.00")]);
    out.assert_paid("2", &[("M", "10.00")]);
    out.assert_paid("3", &[("M", "0.00")]);
    out.assert_paid("4", &[("M", "0.00")]);
    out.assert_totals("total: paid 40.00 on CV 2300.00 (payout ratio 1.74 %), breakage 0.00");
}

#[test]
fn h_binary_carry_cap_limits_what_each_leg_carries() {
    let out = payout("h-binary-carry-cap", "h-binary-carry-cap");
    // Period 1: 500 / 300: 30; left over 200 / 0, carried 100 / 0 (carry_cap 100).
    // Period 2: L 0 + 100 / R 300: 10 (20 without the cap); carried 0 / 100.
    out.assert_paid("1", &[("M", "30.00")]);
    out.assert_paid("2", &[("M", "10.00")]);
    // Volume lost to the carry cap was never promised: no breakage. CV 900 + 400.
    out.assert_totals("total: paid 40.00 on CV 1300.00 (payout ratio 3.08 %), breakage 0.00");
}

#[test]
fn h_binary_cap_cuts_the_money_and_consumes_the_matched_volume() {
    let out = payout("h-binary-cap", "h-binary-cap");
    // Period 1: 500 / 300: 30, capped at 20; all 300 matched is consumed: carry 200 / 0.
    // Period 2: L 0 + 200 / R 150: 15. (Had the unpaid 100 / 100 been carried, the legs
    // would be 300 / 250: 25, capped 20.)
    out.assert_paid("1", &[("M", "20.00")]);
    out.assert_paid("2", &[("M", "15.00")]);
    // Breakage: the 10 cut by the cap. CV 900 + 250.
    out.assert_totals("total: paid 35.00 on CV 1150.00 (payout ratio 3.04 %), breakage 10.00");
}

#[test]
fn h_binary_require_sponsored_legs_pays_only_with_a_personal_recruit_in_each_leg() {
    let out = payout("h-binary-sponsored", "h-binary-sponsored");
    //      A
    //     / \
    //    B   C        B sponsored by A; C sponsored by B but placed in A's right leg;
    //       /         D sponsored by A, joins in period 2 under C.
    //      D
    // active_pv 50. Period 1: A's legs 300 / 200, but no recruit of A in the right leg:
    // not paid (max 20); A is active, so it keeps 300 / 200.
    // Period 2: L 300 + 100 / R 200 + 100 + 20 = 320, D (pv 20) is not active: not paid
    // (max 32); keeps 400 / 320. C: legs 20 / 0, no recruit of its own: keeps 20 / 0.
    // Period 3: D active: L 400 + 100 = 500 / R 320 + 200 = 520: 10 % x 500 = 50.
    out.assert_paid("1", &[("A", "0.00"), ("B", "0.00"), ("C", "0.00")]);
    out.assert_paid(
        "2",
        &[("A", "0.00"), ("B", "0.00"), ("C", "0.00"), ("D", "0.00")],
    );
    out.assert_paid(
        "3",
        &[("A", "50.00"), ("B", "0.00"), ("C", "0.00"), ("D", "0.00")],
    );
    // Breakage 20 + 32 (C's legs never match). CV 600 + 320 + 400.
    out.assert_totals("total: paid 50.00 on CV 1320.00 (payout ratio 3.79 %), breakage 52.00");
}

// S sponsors 1, 2, 3, 4; 1 sponsors 5 and 6 (joining in that order, after 4).
// pv: S 100, 1 100, 2 200, 3 300, 4 400, 5 500, 6 600; rate 10 %.

#[test]
fn h_binary_weak_leg_placement_fills_the_smaller_leg_down_its_outside_edge() {
    let out = payout("h-binary-weak-leg", "h-binary-placement");
    //          S
    //        /   \
    //       1     2        2: S's right leg is empty. 3: legs 1 / 1, left: under 1.
    //      / \     \       4: legs 2 / 1: right edge, under 2. 5 (sponsor 1): 1's right
    //     3   5     4      is free. 6: 1's legs 1 / 1: left edge, under 3.
    //    /
    //   6
    // S: L 1 + 3 + 5 + 6 = 1500 / R 2 + 4 = 600: 60. 1: L 3 + 6 = 900 / R 500: 50.
    out.assert_paid(
        "1",
        &[
            ("S", "60.00"),
            ("1", "50.00"),
            ("2", "0.00"),
            ("3", "0.00"),
            ("4", "0.00"),
            ("5", "0.00"),
            ("6", "0.00"),
        ],
    );
    out.assert_totals("total: paid 110.00 on CV 2200.00 (payout ratio 5.00 %), breakage 0.00");
}

#[test]
fn h_binary_left_placement_fills_the_sponsor_s_sides_then_builds_the_left_leg() {
    let out = payout("h-binary-left", "h-binary-placement");
    //          S
    //        /   \
    //       1     2        1, 2: S's free sides, left first. 3, 4: S is full, so the
    //      / \             bottom of S's left outside edge: under 1, then under 3.
    //     3   5            5 (sponsor 1): 1's right side is free. 6 (sponsor 1): 1 is
    //    /                 full, so the bottom of 1's left edge: under 4.
    //   4
    //  /
    // 6
    // S: L 1 + 3 + 4 + 6 + 5 = 1900 / R 2 = 200: 10 % x 200 = 20.00.
    // 1: L 3 + 4 + 6 = 1300 / R 5 = 500: 50.00. 3, 4: no right leg; 2, 5, 6: no legs.
    // Total 70.00 on CV 2200 (3.18 %).
    out.assert_paid(
        "1",
        &[
            ("S", "20.00"),
            ("1", "50.00"),
            ("2", "0.00"),
            ("3", "0.00"),
            ("4", "0.00"),
            ("5", "0.00"),
            ("6", "0.00"),
        ],
    );
    out.assert_totals("total: paid 70.00 on CV 2200.00 (payout ratio 3.18 %), breakage 0.00");
}

#[test]
fn h_binary_bfs_placement_fills_the_sponsor_s_subtree_level_by_level() {
    let out = payout("h-binary-bfs", "h-binary-placement");
    //          S
    //        /   \
    //       1     2        1..4 fill S's first two levels; 5 and 6 (sponsor 1) take
    //      / \             the first free slots in 1's subtree: under 3.
    //     3   4
    //    / \
    //   5   6
    // S: L 1 + 3 + 4 + 5 + 6 = 1900 / R 200: 20. 1: L 3 + 5 + 6 = 1400 / R 400: 40.
    // 3: L 500 / R 600: 50.
    out.assert_paid(
        "1",
        &[
            ("S", "20.00"),
            ("1", "40.00"),
            ("2", "0.00"),
            ("3", "50.00"),
            ("4", "0.00"),
            ("5", "0.00"),
            ("6", "0.00"),
        ],
    );
    out.assert_totals("total: paid 110.00 on CV 2200.00 (payout ratio 5.00 %), breakage 0.00");
}

#[test]
fn h_binary_a_quitter_s_position_still_passes_its_downline_s_volume_up() {
    let out = payout("h-binary-quit", "h-binary-quit");
    //     S          A and B sponsored by S (left, right); C sponsored by A, under A.
    //    / \         Period 1 (all 100): S 200 / 100: 10; carry 100 / 0.
    //   A   B        Period 2: A has quit; C's 300 still reaches S through A's position:
    //   |            S: L 300 + 100 / R 300: 30.
    //   C
    out.assert_paid(
        "1",
        &[("S", "10.00"), ("A", "0.00"), ("B", "0.00"), ("C", "0.00")],
    );
    out.assert_paid("2", &[("S", "30.00"), ("B", "0.00"), ("C", "0.00")]);
    // CV 400 + 700.
    out.assert_totals("total: paid 40.00 on CV 1100.00 (payout ratio 3.64 %), breakage 0.00");
}

// ---------------------------------------------------------------- matrix, hand-worked

#[test]
fn h_matrix_an_unqualified_or_vacated_position_breaks_and_deep_volume_pays_nothing() {
    let out = payout("h-matrix", "h-matrix");
    //        S           width 2, rates 10 % / 5 %, active_pv 50.
    //       / \          S sponsors A, B; A sponsors C, D; C sponsors E.
    //      A   B         A has pv 30 in period 1 (inactive) and quits in period 2.
    //     / \
    //    C   D
    //    |
    //    E
    // Period 1: A 30 -> S 3; B 100 -> S 10; C 200 -> A 20 (breakage), S 10;
    // D 100 -> A 10 (breakage), S 5; E 400 -> C 40, A 20 (breakage), S nothing (level 3).
    // S = 3 + 10 + 10 + 5 = 28; C = 40; breakage 50.
    out.assert_paid(
        "1",
        &[
            ("S", "28.00"),
            ("A", "0.00"),
            ("B", "0.00"),
            ("C", "40.00"),
            ("D", "0.00"),
            ("E", "0.00"),
        ],
    );
    // Period 2: A's position stays, vacant: its shares (20 + 10 + 20) are breakage and
    // nothing compresses up to S: S = 10 + 10 + 5 = 25; C = 40.
    out.assert_paid(
        "2",
        &[
            ("S", "25.00"),
            ("B", "0.00"),
            ("C", "40.00"),
            ("D", "0.00"),
            ("E", "0.00"),
        ],
    );
    // CV 930 + 900; breakage 50 + 50.
    out.assert_totals("total: paid 133.00 on CV 1830.00 (payout ratio 7.27 %), breakage 100.00");
}

// ---------------------------------------------------------------- bad input

#[test]
fn a_binary_with_both_rate_and_cycle_is_bad_input_at_the_cycle_key() {
    downline()
        .args([
            "payout",
            &format!("{DIR}/h-binary-bad.toml"),
            &format!("{DIR}/b-1.csv"),
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("plan.bonus[0].cycle"))
        .stderr(predicates::str::contains(
            "expected: either rate or cycle, not both",
        ));
}
