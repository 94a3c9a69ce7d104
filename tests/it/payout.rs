//! `downline payout` against golden and hand-worked plan vectors.
//!
//! Every vector is a plan TOML and a network CSV under `tests/fixtures/plan-vectors/`,
//! run through the real binary. Golden vectors (U-1, U-2, F-1) come from
//! `reference/plan-vectors.md`; the others (H-*) were worked by hand, with the
//! arithmetic in the comments. Money is compared as printed, to the cent.

use crate::common::downline;
use crate::common::payout::{DIR, payout};

// ---------------------------------------------------------------- golden vectors

#[test]
fn u1_unilevel_without_compression_pays_three_levels() {
    let out = payout("u-1", "u-1");
    assert_eq!(out.header, ["period", "id", "paid", "unilevel", "rank"]);
    // A: L1 B + C = 15.00, L2 D 10.00, L3 E 4.50; F is on A's level 4.
    out.assert_paid(
        "1",
        &[
            ("A", "29.50"),
            ("B", "30.50"),
            ("C", "0.00"),
            ("D", "20.00"),
            ("E", "10.00"),
            ("F", "0.00"),
        ],
    );
    out.assert_totals("total: paid 90.00 on CV 700.00 (payout ratio 12.86 %), breakage 0.00");
}

#[test]
fn u2_an_inactive_upline_without_compression_is_breakage() {
    let out = payout("u-2-none", "u-2");
    out.assert_paid(
        "1",
        &[
            ("A", "20.50"),
            ("B", "12.50"),
            ("C", "0.00"),
            ("D", "0.00"),
            ("E", "10.00"),
            ("F", "0.00"),
        ],
    );
    // max_payout 63.00 (as if D qualified) - paid 43.00 = breakage 20.00.
    out.assert_totals("total: paid 43.00 on CV 520.00 (payout ratio 8.27 %), breakage 20.00");
}

#[test]
fn u2_skip_inactive_compresses_past_the_inactive_member() {
    let out = payout("u-2-skip", "u-2");
    // A: B 10 + C 5 + D 1.00 as L2 + E 7.50 as L2 + F 3.00 as L3;
    // B: D 2 + E 15 + F 5.
    out.assert_paid(
        "1",
        &[
            ("A", "26.50"),
            ("B", "22.00"),
            ("C", "0.00"),
            ("D", "0.00"),
            ("E", "10.00"),
            ("F", "0.00"),
        ],
    );
    // max_payout 63.00 - paid 58.50 = 4.50.
    out.assert_totals("total: paid 58.50 on CV 520.00 (payout ratio 11.25 %), breakage 4.50");
}

#[test]
fn f1_fast_start_counts_only_the_first_two_periods() {
    let out = payout("f-1", "f-1");
    for period in ["1", "2"] {
        out.assert_paid(period, &[("H", "0.00"), ("G", "0.00"), ("E", "0.00")]);
    }
    // Period 3: X, Y, Z join with 132 + 78 + 147 = 357: E 20 % = 71.40, G 10 %, H 5 %.
    out.assert_paid(
        "3",
        &[
            ("E", "71.40"),
            ("G", "35.70"),
            ("H", "17.85"),
            ("X", "0.00"),
            ("Y", "0.00"),
            ("Z", "0.00"),
        ],
    );
    // Period 4: their second period, 300.
    out.assert_paid("4", &[("E", "60.00"), ("G", "30.00"), ("H", "15.00")]);
    // Period 5: past the window.
    out.assert_paid(
        "5",
        &[("E", "0.00"), ("G", "0.00"), ("H", "0.00"), ("X", "0.00")],
    );
    // 71.40 + 35.70 + 17.85 + 60 + 30 + 15 = 229.95 on CV 300 + 357 + 300 + 300.
    out.assert_totals("total: paid 229.95 on CV 1257.00 (payout ratio 18.29 %), breakage 0.00");
}

// ---------------------------------------------------------------- hand-worked vectors

// H-1: chain R <- S <- T <- U <- V <- W with pv 100, 300, 20, 100, 200, 100 and
// active_pv 50, so T is inactive. GV: W 100, V 300, U 400, T 420, S 720, R 820; Builder
// needs GV 500: R and S, who are paid 4 levels; U, V, W are paid 1 level.
// rates 10/5/3/2 %.

#[test]
fn h1_dynamic_compression_passes_each_level_up_to_someone_qualified_for_it() {
    let out = payout("h-dynamic", "h-levels");
    // W 100: L1 V 10; L2 skips U (1 level) and T (inactive): S 5; L3 R 3; L4 nobody (2).
    // V 200: L1 U 20; L2 S 10; L3 R 6; L4 nobody (4).
    // U 100: L1 S 10 (T skipped); L2 R 5; L3 nobody (max counts T: 3 levels, 3).
    // T 20:  L1 S 2; L2 R 1.      S 300: L1 R 30.
    // R = 3 + 6 + 5 + 1 + 30 = 45; S = 5 + 10 + 10 + 2 = 27; U = 20; V = 10.
    out.assert_paid(
        "1",
        &[
            ("R", "45.00"),
            ("S", "27.00"),
            ("T", "0.00"),
            ("U", "20.00"),
            ("V", "10.00"),
            ("W", "0.00"),
        ],
    );
    out.assert_column(
        "1",
        "rank",
        &[("R", "Builder"), ("S", "Builder"), ("U", ""), ("T", "")],
    );
    // max: W 20 + V 40 + U 18 + T 3 + S 30 = 111; breakage 111 - 102 = 9.
    out.assert_totals("total: paid 102.00 on CV 820.00 (payout ratio 12.44 %), breakage 9.00");
}

#[test]
fn h1b_skip_inactive_lets_a_low_ranked_upline_use_up_a_level() {
    let out = payout("h-dynamic-skip", "h-levels");
    // The only difference is W's volume: its qualified line is V, U, S, R.
    // L1 V 10; L2 U has 1 level: breakage 5; L3 S 3; L4 R 2.
    // R = 2 + 6 + 5 + 1 + 30 = 44; S = 3 + 10 + 10 + 2 = 25.
    out.assert_paid(
        "1",
        &[
            ("R", "44.00"),
            ("S", "25.00"),
            ("U", "20.00"),
            ("V", "10.00"),
        ],
    );
    out.assert_totals("total: paid 99.00 on CV 820.00 (payout ratio 12.07 %), breakage 12.00");
}

#[test]
fn h2_ranks_need_legs_and_cap_each_leg_at_its_share() {
    let out = payout("h-ranks", "h-ranks");
    // Manager: GV 400. Director: pv 50, GV 1000 with each leg counted for at most
    // 0.5 x 1000 = 500, and 2 legs of at least 300.
    // P: legs Q 600, R 350 (R 200 + R1 150), S 100: two legs >= 300; capped GV
    //    100 + 500 + 350 + 100 = 1050 >= 1000: Director.
    // K: legs 900 and 300; GV 1300, but capped 100 + 500 + 300 = 900 < 1000: Manager.
    // M: three legs of 300: capped GV exactly 1000: Director.
    // N: one leg of 1200: only one leg: Manager.
    // O: GV 1040 but pv 40 < active_pv 50: inactive, so no rank.
    // Q 600, L1 900, N1 1200, O1 1000: Manager on their own volume.
    out.assert_column(
        "1",
        "rank",
        &[
            ("P", "Director"),
            ("Q", "Manager"),
            ("R", ""),
            ("R1", ""),
            ("S", ""),
            ("K", "Manager"),
            ("L1", "Manager"),
            ("L2", ""),
            ("M", "Director"),
            ("M1", ""),
            ("N", "Manager"),
            ("N1", "Manager"),
            ("O", ""),
            ("O1", "Manager"),
        ],
    );
    // One level of 10 %, for ranked members only (base_levels = 0):
    // P 60 + 20 + 10 = 90; K 90 + 30 = 120; M 3 x 30 = 90; N 120.
    // R (no rank) loses R1's 15; O (inactive) loses O1's 100.
    out.assert_paid(
        "1",
        &[
            ("P", "90.00"),
            ("K", "120.00"),
            ("M", "90.00"),
            ("N", "120.00"),
            ("R", "0.00"),
            ("O", "0.00"),
        ],
    );
    // CV 1150 + 1300 + 1000 + 1300 + 1040 = 5790; breakage 15 + 100.
    out.assert_totals("total: paid 420.00 on CV 5790.00 (payout ratio 7.25 %), breakage 115.00");
}

#[test]
fn h3_a_payout_cap_cuts_every_payment_by_the_same_factor() {
    let out = payout("h-cap", "u-1");
    // Uncapped: unilevel as U-1 (90.00) + personal 5 % of 700 (35.00) = 125.00.
    // Cap 10 % of CV 700 = 70.00: factor 70 / 125 = 0.56 on every payment.
    // A: unilevel 29.50 x 0.56 = 16.52, personal 5.00 x 0.56 = 2.80, paid 19.32.
    out.assert_column(
        "1",
        "unilevel",
        &[
            ("A", "16.52"),
            ("B", "17.08"),
            ("C", "0.00"),
            ("D", "11.20"),
            ("E", "5.60"),
            ("F", "0.00"),
        ],
    );
    out.assert_column(
        "1",
        "personal",
        &[
            ("A", "2.80"),
            ("B", "2.80"),
            ("C", "1.40"),
            ("D", "5.60"),
            ("E", "4.20"),
            ("F", "2.80"),
        ],
    );
    out.assert_paid(
        "1",
        &[
            ("A", "19.32"),
            ("B", "19.88"),
            ("C", "1.40"),
            ("D", "16.80"),
            ("E", "9.80"),
            ("F", "2.80"),
        ],
    );
    // The cut counts as breakage: 125.00 - 70.00.
    out.assert_totals("total: paid 70.00 on CV 700.00 (payout ratio 10.00 %), breakage 55.00");
}

#[test]
fn h4_the_customer_share_rule_pays_only_retail_backed_organisations() {
    let out = payout("h-customers", "h-customers");
    // Retail / pv over self + downline, must exceed 0.5:
    // C 90/100 yes; B (20 + 90)/200 = 0.55 yes; D 0/100 no;
    // A (80 + 20 + 90 + 0)/400 = 0.475 no; F1 50/100 and F 100/200 = 0.5: not above.
    // Unilevel 10/5 with skip_inactive: C's 100 pays B 10, level 2 finds nobody (5);
    // B's and D's 100 find no qualified upline (10 + 10); F1's 100 (10).
    out.assert_paid(
        "1",
        &[
            ("A", "0.00"),
            ("B", "10.00"),
            ("C", "0.00"),
            ("D", "0.00"),
            ("F", "0.00"),
            ("F1", "0.00"),
        ],
    );
    // max: B 10 + C 15 + D 10 + F1 10 = 45.
    out.assert_totals("total: paid 10.00 on CV 600.00 (payout ratio 1.67 %), breakage 35.00");
}

#[test]
fn h5_when_own_purchases_do_not_qualify_only_retail_makes_a_member_active() {
    let out = payout("h-retail-qualifies", "h-retail-qualifies");
    // active_pv 50 on retail: A (pv 200, retail 10) inactive, B (retail 60) active,
    // C (retail 0) inactive. B's 100 pays nothing (A inactive, breakage 10); C's 100
    // pays B 10. Star needs GV 60 of retail: B (60 + 0); A's 70 does not count, A is
    // inactive.
    out.assert_paid("1", &[("A", "0.00"), ("B", "10.00"), ("C", "0.00")]);
    out.assert_column("1", "rank", &[("A", ""), ("B", "Star"), ("C", "")]);
    out.assert_totals("total: paid 10.00 on CV 400.00 (payout ratio 2.50 %), breakage 10.00");
}

#[test]
fn h6_recruitment_passes_entry_fees_up_in_the_joining_period_only() {
    let out = payout("h-recruitment", "h-recruitment");
    // Period 1: B's fee 100 pays A 40 (A's own fee has nobody above it).
    out.assert_paid("1", &[("A", "40.00"), ("B", "0.00")]);
    // Period 2: C's and D's fees pay B 2 x 40 and A 2 x 10.
    out.assert_paid("2", &[("A", "20.00"), ("B", "80.00"), ("C", "0.00")]);
    // Period 3: B's fee is not a joining fee: nothing.
    out.assert_paid("3", &[("A", "0.00"), ("B", "0.00")]);
    // No product volume at all: the payout ratio is undefined.
    out.assert_totals("total: paid 140.00 on CV 0.00 (payout ratio n/a), breakage 0.00");
}

#[test]
fn h7_personal_pays_a_rate_on_own_cv_to_active_members() {
    let out = payout("h-personal", "h-personal");
    assert_eq!(
        out.header,
        ["period", "id", "paid", "retail_commission", "rank"]
    );
    // 25 % of CV: A 80 -> 20.00; B 150 (cv defaults to pv) -> 37.50;
    // C pv 60 < active_pv 100: its 15.00 is breakage.
    out.assert_paid("1", &[("A", "20.00"), ("B", "37.50"), ("C", "0.00")]);
    out.assert_totals("total: paid 57.50 on CV 290.00 (payout ratio 19.83 %), breakage 15.00");
}

#[test]
fn h8_a_leaver_s_downline_rolls_up_to_the_nearest_present_upline() {
    let out = payout("h-roll-up", "h-roll-up");
    // Period 1: A <- B <- C, 10/5: A 10 + 5, B 10.
    out.assert_paid("1", &[("A", "15.00"), ("B", "10.00"), ("C", "0.00")]);
    // Period 2: B is gone; C rolls up to A, now its level 1.
    out.assert_paid("2", &[("A", "10.00"), ("C", "0.00")]);
    assert!(!out.rows.contains_key(&("2".into(), "B".into())));
    out.assert_totals("total: paid 35.00 on CV 500.00 (payout ratio 7.00 %), breakage 0.00");
}

// ---------------------------------------------------------------- bad input

#[test]
fn a_network_with_an_unknown_sponsor_is_bad_input() {
    downline()
        .args([
            "payout",
            &format!("{DIR}/u-1.toml"),
            &format!("{DIR}/bad-sponsor.csv"),
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "bad-sponsor.csv:3: column `sponsor`: expected the id of a member listed on an earlier row",
        ))
        .stderr(predicates::str::contains("found unknown id `Z`"));
}

#[test]
fn a_misspelt_bonus_kind_is_bad_input_with_a_suggestion() {
    downline()
        .args([
            "payout",
            &format!("{DIR}/bad-plan.toml"),
            &format!("{DIR}/u-1.csv"),
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "bad-plan.toml:5:8: plan.bonus[0].kind",
        ))
        .stderr(predicates::str::contains("did you mean `unilevel`?"));
}

#[test]
fn a_file_without_a_plan_is_bad_input() {
    downline()
        .args([
            "payout",
            &format!("{DIR}/u-1.csv"),
            &format!("{DIR}/u-1.csv"),
        ])
        .assert()
        .code(2);
    let dir = std::env::temp_dir().join(format!("downline-payout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plan = dir.join("empty.toml");
    std::fs::write(&plan, "[market]\npopulation = 10\n").unwrap();
    downline()
        .args([
            "payout".as_ref(),
            plan.as_os_str(),
            format!("{DIR}/u-1.csv").as_ref(),
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("expected: a key `plan`"));
    std::fs::remove_dir_all(&dir).unwrap();
}
