//! `downline payout` on hand-worked vectors for the rank features of real plans: grace
//! periods and titles (H-grace), paying on titles (H-title), personally sponsored active
//! members (H-sponsored) and binary leg volume (H-binary-rank). The arithmetic is in
//! the comments; money is compared as printed, to the cent.

use crate::common::downline;
use crate::common::payout::{DIR, payout};

// ---------------------------------------------------------------- grace and titles

// H-grace network (active_pv 50): chain A <- B <- C, and X alone.
//   period 1: A 100, B 400, C 600, X 1000.   GV: A 1100, B 1000, C 600, X 1000.
//   periods 2 and 3: A 100, B 100, C 600.    GV: A 800, B 700, C 600.
//   X: 0 in period 2 (inactive), 300 in period 3.
// Leader needs GV 300, Director GV 1000. Unilevel 10/5, base_levels 1, Director 2 levels.

#[test]
fn h_grace_a_missed_rank_is_kept_for_its_grace_period_while_active() {
    let out = payout("h-grace", "h-grace");
    // The plan has grace periods: the output shows titles.
    assert_eq!(
        out.header,
        ["period", "id", "paid", "unilevel", "rank", "title"]
    );
    // Period 1: A, B and X meet Director; C meets Leader.
    //   C's 600: B 10 % = 60, A (Director, level 2) 5 % = 30. B's 400: A 40.
    //   A = 70.00, B = 60.00.
    // Period 2: A and B meet only Leader; Director's one grace period keeps them
    //   Directors. C's 600: B 60, A 30; B's 100: A 10. A = 40.00, B = 60.00.
    //   X is inactive: paid as no rank (the period counts as missed), title Director.
    // Period 3: grace is over: A and B are Leaders (one level). C's 600: B 60, A's
    //   level 2 breaks (30); B's 100: A 10. A = 10.00, B = 60.00. X meets Leader (GV
    //   300); its grace was used up while inactive, so it is a Leader.
    out.assert_paid("1", &[("A", "70.00"), ("B", "60.00"), ("C", "0.00")]);
    out.assert_paid("2", &[("A", "40.00"), ("B", "60.00"), ("C", "0.00")]);
    out.assert_paid("3", &[("A", "10.00"), ("B", "60.00"), ("C", "0.00")]);
    for (period, a, x) in [
        ("1", "Director", "Director"),
        ("2", "Director", ""),
        ("3", "Leader", "Leader"),
    ] {
        out.assert_column(
            period,
            "rank",
            &[("A", a), ("B", a), ("C", "Leader"), ("X", x)],
        );
        // Titles never drop.
        out.assert_column(
            period,
            "title",
            &[
                ("A", "Director"),
                ("B", "Director"),
                ("C", "Leader"),
                ("X", "Director"),
            ],
        );
    }
    // max_payout: B's volume x 10 % + C's x 15 % each period: 40 + 90, 10 + 90, 10 + 90
    // = 330; paid 130 + 100 + 70 = 300; breakage: A's level 2 in period 3, 30.
    // CV 2100 + 800 + 1100 = 4000.
    out.assert_totals("total: paid 300.00 on CV 4000.00 (payout ratio 7.50 %), breakage 30.00");
}

#[test]
fn h_title_paying_on_titles_keeps_an_active_member_at_its_highest_rank() {
    let out = payout("h-title", "h-grace");
    // As H-grace without grace, paid on titles. Periods 1 and 2 pay as H-grace.
    // Period 3: A and B are paid as Directors (their title): A = 10 + 30 = 40.00.
    // X, active again with 300, is paid as its title Director; inactive in period 2, it
    // is paid as no rank.
    out.assert_paid("1", &[("A", "70.00"), ("B", "60.00")]);
    out.assert_paid("2", &[("A", "40.00"), ("B", "60.00")]);
    out.assert_paid("3", &[("A", "40.00"), ("B", "60.00")]);
    out.assert_column("2", "rank", &[("A", "Director"), ("X", "")]);
    out.assert_column("3", "rank", &[("A", "Director"), ("X", "Director")]);
    out.assert_column("3", "title", &[("A", "Director"), ("X", "Director")]);
    // max_payout 330 as in H-grace, all paid.
    out.assert_totals("total: paid 330.00 on CV 4000.00 (payout ratio 8.25 %), breakage 0.00");
}

// ---------------------------------------------------------------- sponsored_active

// H-sponsored (active_pv 100): A <- B, C, D; B <- E, F; D <- G.
//   period 1: A 100, B 100, C 100, D 40, E 100, F 50, G 100.
//   period 2: D is gone (G rolls up to A), C orders 0.
// Leader needs 2 active members on the roll-up frontline. Unilevel 10/5, skip_inactive,
// base_levels 1, Leader 2 levels.

#[test]
fn h_sponsored_leader_counts_active_frontline_members_rolled_up_included() {
    let out = payout("h-sponsored", "h-sponsored");
    // No grace, no titles: no title column.
    assert_eq!(out.header, ["period", "id", "paid", "unilevel", "rank"]);
    // Period 1: A's active frontline is B and C (D has 40 < 100): Leader. B's is E only
    //   (F has 50): no rank.
    //   B's 100, C's 100, D's 40: A 10 + 10 + 4. E's 100: B 10, A 5. F's 50: B 5,
    //   A 2.50. G's 100: D is inactive and skipped, A 10 at level 1, nobody at level 2
    //   (5 breaks). A = 41.50, B = 15.00.
    // Period 2: A's active frontline is B and G (rolled up from D; C has 0): Leader.
    //   B's 100: A 10. E's 100: B 10, A 5. F's 50: B 5, A 2.50. G's 100: A 10.
    //   A = 27.50, B = 15.00.
    out.assert_paid("1", &[("A", "41.50"), ("B", "15.00"), ("G", "0.00")]);
    out.assert_paid("2", &[("A", "27.50"), ("B", "15.00"), ("G", "0.00")]);
    for period in ["1", "2"] {
        out.assert_column(period, "rank", &[("A", "Leader"), ("B", ""), ("C", "")]);
    }
    // max_payout: period 1 10 + 10 + 4 + 15 + 7.50 + 15 = 61.50 (paid 56.50); period 2
    // 10 + 0 + 15 + 7.50 + 10 = 42.50 (all paid). Breakage 5; CV 590 + 450 = 1040.
    out.assert_totals("total: paid 99.00 on CV 1040.00 (payout ratio 9.52 %), breakage 5.00");
}

// ---------------------------------------------------------------- binary_leg_volume

// H-binary-rank: placement given. A's left: B (L), with D below B (L); A's right: C (R),
// with E below C (R). CV = pv.
//   period 1: A 100, B 300, C 100, D 200, E 150.
//   period 2: A 100, B 0, C 100, D 150, E 150.
// Star needs 200 in the weaker leg this period. Binary 10 %; pool 10 % of CV to Stars.

#[test]
fn h_binary_rank_star_needs_this_periods_weaker_leg_carry_aside() {
    let out = payout("h-binary-rank", "h-binary-rank");
    // Period 1: A's legs L 300 + 200 = 500, R 100 + 150 = 250: weaker 250 >= 200: Star.
    //   B's legs 200 / 0 and C's 0 / 150: weaker 0, no rank.
    //   Binary: A 10 % x 250 = 25.00, carry L 250. Pool 10 % x 850 = 85.00, all to A.
    // Period 2: A's legs this period L 0 + 150 = 150, R 250: weaker 150 < 200, not a
    //   Star, although with the carry (L 400) both legs would hold 250.
    //   Binary: L 150 + 250 = 400, R 250: 25.00. Pool: no Star, nothing promised.
    out.assert_column(
        "1",
        "binary",
        &[("A", "25.00"), ("B", "0.00"), ("C", "0.00")],
    );
    out.assert_column("1", "pool", &[("A", "85.00")]);
    out.assert_column("1", "rank", &[("A", "Star"), ("B", ""), ("C", "")]);
    out.assert_paid("2", &[("A", "25.00")]);
    out.assert_column("2", "rank", &[("A", "")]);
    // max_payout = paid: 110 + 25 = 135 on CV 850 + 500 = 1350.
    out.assert_totals("total: paid 135.00 on CV 1350.00 (payout ratio 10.00 %), breakage 0.00");
}

#[test]
fn binary_leg_volume_without_a_binary_bonus_is_bad_input() {
    downline()
        .args([
            "payout",
            &format!("{DIR}/h-binary-rank-bad.toml"),
            &format!("{DIR}/h-binary-rank.csv"),
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("plan.rank[0].binary_leg_volume"))
        .stderr(predicates::str::contains("no `binary` bonus in the plan"));
}
