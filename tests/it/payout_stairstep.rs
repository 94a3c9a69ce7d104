//! `downline payout` against the stairstep vectors.
//!
//! Golden vector S-1 comes from `reference/plan-vectors.md`; the H-stair-* vectors were
//! worked by hand, with the arithmetic in the comments. Unless a vector says otherwise
//! the schedule is 5 % from 100 PV of personal group volume (PGV), 10 % from 500, 15 %
//! from 1,000 and 20 % from 2,000 (the top bracket), and `cv` = `pv`. Money is compared
//! as printed, to the cent.

use crate::common::downline;
use crate::common::payout::{DIR, payout};

// ---------------------------------------------------------------- golden vector

#[test]
fn s1_the_upline_earns_nothing_on_a_frontline_member_at_its_own_rate() {
    let out = payout("s-1", "s-1");
    assert_eq!(out.header, ["period", "id", "paid", "stairstep", "rank"]);
    // PGV: D1 2,400 (12 %), D2 1,000 (6 %), U 400 + 2,400 + 1,000 = 3,800 (12 %).
    // U: 12 % x 3,800 = 456, minus D1's 288 (12 % x 2,400) and D2's 60 (6 % x 1,000).
    out.assert_paid("1", &[("U", "108.00"), ("D1", "288.00"), ("D2", "60.00")]);
    // 456 = 12 % of 3,800.
    out.assert_totals("total: paid 456.00 on CV 3800.00 (payout ratio 12.00 %), breakage 0.00");
}

// ---------------------------------------------------------------- hand-worked vectors

#[test]
fn h_stair_a_each_upline_earns_only_the_difference_to_the_rate_below() {
    let out = payout("h-stair-chain", "h-stair-chain");
    // Chain A <- B <- C <- D (pv 200, 100, 400, 300), and E (pv 50) under A.
    // PGV: D 300 (5 %), C 700 (10 %), B 800 (10 %), E 50 (below 100: 0 %),
    //      A 200 + 800 + 50 = 1,050 (15 %).
    // D's 300: D 5 % = 15; C 10 - 5 = 5 % = 15; B 10 - 10 = 0 (flat spot); A 15 - 10 = 5 % = 15.
    // C's 400: C 10 % = 40; B 0; A 5 % = 20.
    // B's 100: B 10 % = 10; A 5 % = 5.
    // E's 50: E 0 %; A 15 % = 7.50.   A's 200: A 15 % = 30.
    // A = 15 + 20 + 5 + 7.50 + 30 = 77.50; B = 10; C = 15 + 40 = 55; D = 15.
    out.assert_paid(
        "1",
        &[
            ("A", "77.50"),
            ("B", "10.00"),
            ("C", "55.00"),
            ("D", "15.00"),
            ("E", "0.00"),
        ],
    );
    // Every unit ends at A's 15 %: 15 % x 1,050 = 157.50.
    out.assert_totals("total: paid 157.50 on CV 1050.00 (payout ratio 15.00 %), breakage 0.00");
}

#[test]
fn h_stair_b_a_breakaway_group_pays_its_upline_leader_only_the_leadership_rate() {
    let out = payout("h-stair-breakaway", "h-stair-breakaway");
    // T (100) <- R (300); under R: L (500) with L1 (900) and L2 (700), M (400) with
    // M1 (1,400). Breakaway at 2,000, leadership 4 %, one generation.
    // PGV: L1 900 (10 %), L2 700 (10 %), L 500 + 900 + 700 = 2,100: top, breaks away.
    //      M1 1,400 (15 %), M 400 + 1,400 = 1,800 (15 %),
    //      R 300 + 1,800 = 2,100 (L excluded): top, breaks away. T 100 (5 %).
    // L's group: L1 10 % x 900 = 90, L2 10 % x 700 = 70, L on both 20 - 10 = 10 %:
    //      90 + 70, and 20 % x 500 = 100: L = 260.
    // R's group: M1 15 % x 1,400 = 210; M 15 - 15 = 0 on it, 15 % x 400 = 60;
    //      R 20 - 15 = 5 % x 1,800 = 90, and 20 % x 300 = 60: 150.
    // Leadership: L's group CV 2,100 x 4 % = 84 to R, the nearest breakaway leader.
    //      R's group finds no breakaway leader above it (T is not one): nothing.
    // T: 5 % x 100 = 5; nothing on R's group, which broke away.
    out.assert_paid(
        "1",
        &[
            ("T", "5.00"),
            ("R", "234.00"),
            ("L", "260.00"),
            ("L1", "90.00"),
            ("L2", "70.00"),
            ("M", "60.00"),
            ("M1", "210.00"),
        ],
    );
    // Differential 20 % x 2,100 twice = 840, T 5, leadership 84: 929 on CV 4,300.
    out.assert_totals("total: paid 929.00 on CV 4300.00 (payout ratio 21.60 %), breakage 0.00");
}

#[test]
fn h_stair_c_leadership_reaches_two_breakaway_generations_and_no_further() {
    let out = payout("h-stair-gen2", "h-stair-gen2");
    // A (2,000) <- B (2,000) <- C (1,500) <- D (2,500); C1 (600) under C.
    // Leadership 3 %, two generations.
    // PGV: D 2,500: top, breaks away. C1 600 (10 %). C 1,500 + 600 = 2,100: breaks away.
    //      B 2,000 and A 2,000 on their own: both break away.
    // Differential: D 20 % x 2,500 = 500; C1 10 % x 600 = 60;
    //      C 20 % x 1,500 + (20 - 10) % x 600 = 300 + 60 = 360; B 400; A 400.
    // Leadership: D's group 2,500 x 3 % = 75 to C (gen. 1) and B (gen. 2), not A (gen. 3).
    //      C's group 2,100 x 3 % = 63 to B and A.  B's group 2,000 x 3 % = 60 to A.
    // A = 400 + 63 + 60 = 523; B = 400 + 75 + 63 = 538; C = 360 + 75 = 435.
    out.assert_paid(
        "1",
        &[
            ("A", "523.00"),
            ("B", "538.00"),
            ("C", "435.00"),
            ("C1", "60.00"),
            ("D", "500.00"),
        ],
    );
    // 20 % x 8,600 = 1,720 + leadership 150 + 126 + 60 = 2,056.
    out.assert_totals("total: paid 2056.00 on CV 8600.00 (payout ratio 23.91 %), breakage 0.00");
}

#[test]
fn h_stair_c2_an_unqualified_leader_still_breaks_away_and_its_pay_is_breakage() {
    let out = payout("h-stair-gen2-active", "h-stair-gen2");
    // H-stair-c with active_pv 1,600: C (1,500) and C1 (600) are not qualified.
    // C still breaks away on volume: B and A keep their differential and the
    // leadership on C's group (B 63, A 63) and on D's (B 75); C's 360 + 75 and C1's 60
    // are breakage; nobody above takes them.
    out.assert_paid(
        "1",
        &[
            ("A", "523.00"),
            ("B", "538.00"),
            ("C", "0.00"),
            ("C1", "0.00"),
            ("D", "500.00"),
        ],
    );
    // 2,056 - 495 = 1,561.
    out.assert_totals("total: paid 1561.00 on CV 8600.00 (payout ratio 18.15 %), breakage 495.00");
}

#[test]
fn h_stair_d_an_unqualified_member_still_blocks_its_rate_and_its_share_is_breakage() {
    let out = payout("h-stair-unqualified", "h-stair-unqualified");
    // A (pv 500) <- B (pv 50) <- C (pv 460, cv 400); active_pv 100, so B is unqualified.
    // Brackets on PV: C 460 (5 %), B 510 (10 %), A 1,010 (15 %). Pay on CV:
    // C's 400: C 5 % = 20; B 10 - 5 = 5 % = 20 (breakage); A 15 - 10 = 5 % = 20
    //      (B's 10 % still blocks A).
    // B's 50: B 10 % = 5 (breakage); A 5 % = 2.50.   A's 500: 15 % = 75.
    // A = 20 + 2.50 + 75 = 97.50.
    out.assert_paid("1", &[("A", "97.50"), ("B", "0.00"), ("C", "20.00")]);
    // max 15 % x 950 = 142.50; breakage 20 + 5 = 25.
    out.assert_totals("total: paid 117.50 on CV 950.00 (payout ratio 12.37 %), breakage 25.00");
}

#[test]
fn h_stair_e_brackets_and_breakaway_are_recomputed_every_period() {
    let out = payout("h-stair-periods", "h-stair-periods");
    // Period 1: A 300 <- B 300. PGV B 300 (5 %), A 600 (10 %).
    // B 5 % x 300 = 15; A 10 % x 300 + (10 - 5) % x 300 = 30 + 15 = 45.
    out.assert_paid("1", &[("A", "45.00"), ("B", "15.00")]);
    // Period 2: B 2,000 reaches the top and breaks away: B 20 % x 2,000 = 400.
    // A's PGV is its own 300 (5 %): 15, nothing on B's group (no leadership in this plan).
    out.assert_paid("2", &[("A", "15.00"), ("B", "400.00")]);
    // Period 3: B 800 (10 %) is back in A's group: A 1,100 (15 %).
    // B 10 % x 800 = 80; A 15 % x 300 + (15 - 10) % x 800 = 45 + 40 = 85.
    out.assert_paid("3", &[("A", "85.00"), ("B", "80.00")]);
    // 60 + 415 + 165 = 640 on CV 600 + 2,300 + 1,100 = 4,000.
    out.assert_totals("total: paid 640.00 on CV 4000.00 (payout ratio 16.00 %), breakage 0.00");
}

// ---------------------------------------------------------------- bad input

#[test]
fn a_schedule_out_of_order_is_bad_input_at_its_bracket() {
    downline()
        .args([
            "payout",
            &format!("{DIR}/h-stair-bad.toml"),
            &format!("{DIR}/s-1.csv"),
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "h-stair-bad.toml:7:39: plan.bonus[0].schedule[2]",
        ))
        .stderr(predicates::str::contains(
            "expected: a bracket whose volume is above the previous bracket's (600)",
        ))
        .stderr(predicates::str::contains("found:    volume 500"));
}
