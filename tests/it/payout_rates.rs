//! `downline payout` on hand-worked vectors for rates chosen by the paid-as rank
//! (`rates_by_rank` in unilevel, matching, matrix and generation: H-rates to
//! H-rates-gen) and the recurring rank bonus (H-rankbonus), run through the real binary.
//! The arithmetic is in the comments; money is compared as printed, to the cent.

use crate::common;

use crate::common::downline;
use crate::common::payout::{DIR, payout};

// ---------------------------------------------------------------- rates by rank

// H-rates tree (a chain): A <- B <- C <- D <- E, pv 100, 100, 100, 100, 600; active_pv
// 100, so everyone qualifies. Director: GV 1000. GV A 1000 (Director), B 900, C 800,
// D 700, E 600: only A is a Director.
// Rates: members below Director 10 % / 5 % (two levels); Director 12 % / 8 % / 4 %.
// The best rate of each level over both lists: 12 % / 8 % / 4 % = 24 % in all, so
// max_payout = E 600 x 24 % (three levels above) + D 100 x 24 % + C 100 x 20 % (two
// levels) + B 100 x 12 % (one) = 144 + 24 + 20 + 12 = 200.

#[test]
fn h_rates_the_paid_as_rank_chooses_the_rates_and_a_missing_level_is_used_up() {
    let out = payout("h-rates-skip", "h-rates");
    // E's 600: level 1 D 10 % = 60; level 2 C 5 % = 30; level 3 B, whose list has
    //   two levels: B uses it up unpaid (24 breakage); A would be level 4: nothing.
    // D's 100: C 10 % = 10; B 5 % = 5; A (Director, level 3) 4 % = 4.
    // C's 100: B 10 % = 10; A (Director, level 2) 8 % = 8.
    // B's 100: A (Director, level 1) 12 % = 12.
    // A 4 + 8 + 12 = 24.00; B 5 + 10 = 15.00; C 30 + 10 = 40.00; D 60.00.
    out.assert_paid(
        "1",
        &[
            ("A", "24.00"),
            ("B", "15.00"),
            ("C", "40.00"),
            ("D", "60.00"),
            ("E", "0.00"),
        ],
    );
    out.assert_column("1", "rank", &[("A", "Director"), ("B", "")]);
    // Paid 139 of max 200: breakage 61 (E 12 + 18 + 24 below the best rates and at B,
    // D 2 + 3, C 2).
    out.assert_totals("total: paid 139.00 on CV 1000.00 (payout ratio 13.90 %), breakage 61.00");
}

#[test]
fn h_rates_dynamic_a_level_passes_a_member_whose_list_is_too_short() {
    let out = payout("h-rates-dynamic", "h-rates");
    // As H-rates, but E's level 3 passes B (no level 3 in its list) and reaches the
    // Director A: 4 % x 600 = 24. A 24 + 4 + 8 + 12 = 48.00; the others as before.
    out.assert_paid(
        "1",
        &[
            ("A", "48.00"),
            ("B", "15.00"),
            ("C", "40.00"),
            ("D", "60.00"),
        ],
    );
    // Paid 163 of max 200: breakage 37.
    out.assert_totals("total: paid 163.00 on CV 1000.00 (payout ratio 16.30 %), breakage 37.00");
}

#[test]
fn h_rates_match_the_sponsor_s_rank_chooses_the_matching_rates() {
    let out = payout("h-rates-match", "h-rates");
    // Unilevel 10 %, one level: D 60 (E's 600), C 10, B 10, A 10; max 90, no breakage.
    // Matching 10 % below Director, Director 20 % / 10 % (skip_inactive):
    //   D's 60: C 10 % = 6; B has one generation: it uses up the second unpaid.
    //   C's 10: B 10 % = 1; A (Director, generation 2) 10 % = 1.
    //   B's 10: A (Director, generation 1) 20 % = 2.
    // Matching A 3.00, B 1.00, C 6.00 = 10; max at the best rates 20 % / 10 %:
    //   D's 60 x 30 % + C's 10 x 30 % + B's 10 x 20 % = 18 + 3 + 2 = 23.
    out.assert_column(
        "1",
        "matching",
        &[("A", "3.00"), ("B", "1.00"), ("C", "6.00"), ("D", "0.00")],
    );
    out.assert_paid(
        "1",
        &[
            ("A", "13.00"),
            ("B", "11.00"),
            ("C", "16.00"),
            ("D", "60.00"),
        ],
    );
    // Paid 90 + 10 = 100; breakage 23 - 10 = 13.
    out.assert_totals("total: paid 100.00 on CV 1000.00 (payout ratio 10.00 %), breakage 13.00");
}

#[test]
fn h_rates_matrix_the_holder_s_rank_chooses_the_matrix_rates() {
    let out = payout("h-rates-matrix", "h-rates");
    // Each member has one recruit, so the 2-wide matrix is the chain. Rates 10 % / 5 %
    // below Director, Director 10 % / 5 % / 5 %; no compression.
    // E's 600: D 60; C 30; B, third level, not in its list: 30 breakage.
    // D's 100: C 10; B 5; A (Director) 5.   C's 100: B 10; A 5.   B's 100: A 10.
    // A 5 + 5 + 10 = 20.00; B 5 + 10 = 15.00; C 30 + 10 = 40.00; D 60.00.
    out.assert_paid(
        "1",
        &[
            ("A", "20.00"),
            ("B", "15.00"),
            ("C", "40.00"),
            ("D", "60.00"),
        ],
    );
    // max: level 1 (B + C + D + E) 900 x 10 % + level 2 (C + D + E) 800 x 5 % +
    // level 3 (D + E) 700 x 5 % = 90 + 40 + 35 = 165; paid 135, breakage 30.
    out.assert_totals("total: paid 135.00 on CV 1000.00 (payout ratio 13.50 %), breakage 30.00");
}

// H-rates-gen tree (a chain): A <- B <- C <- D <- E, pv 500, 300, 500, 300, 100. Leader:
// pv 300; Director: pv 500. A and C Directors, B and D Leaders, E no rank.
// Generation groups: D 300 + E 100 = 400; C 500; B 300; A 500. Rates: Leaders 10 % (one
// generation); Directors 10 % / 5 % / 3 %.

#[test]
fn h_rates_gen_a_leader_between_directors_uses_up_a_generation_unpaid() {
    let out = payout("h-rates-gen", "h-rates-gen");
    // D's 400: gen 1 C (Director) 10 % = 40; gen 2 B (a Leader: one generation)
    //   unpaid, 20 breakage; gen 3 A (Director) 3 % = 12.
    // C's 500: gen 1 B 10 % = 50; gen 2 A 5 % = 25.
    // B's 300: gen 1 A 10 % = 30.
    // A 12 + 25 + 30 = 67.00; B 50.00; C 40.00.
    out.assert_paid(
        "1",
        &[
            ("A", "67.00"),
            ("B", "50.00"),
            ("C", "40.00"),
            ("D", "0.00"),
            ("E", "0.00"),
        ],
    );
    out.assert_column(
        "1",
        "rank",
        &[
            ("A", "Director"),
            ("B", "Leader"),
            ("C", "Director"),
            ("E", ""),
        ],
    );
    // max at the best rates 10 / 5 / 3: D's 400 x 18 % + C's 500 x 15 % + B's 300 x 10 %
    // = 72 + 75 + 30 = 177; paid 157, breakage 20; CV 1700.
    out.assert_totals("total: paid 157.00 on CV 1700.00 (payout ratio 9.24 %), breakage 20.00");
}

#[test]
fn rates_by_rank_with_levels_by_rank_is_bad_input_at_its_key() {
    let dir = common::temp_dir();
    let text = std::fs::read_to_string(format!("{DIR}/h-rates-skip.toml"))
        .unwrap()
        .replace(
            "compression = \"skip_inactive\"",
            "levels_by_rank = { Director = 2 }",
        );
    let plan = common::write(dir.path(), "plan.toml", &text);
    downline()
        .args([
            "payout".as_ref(),
            plan.as_os_str(),
            format!("{DIR}/h-rates.csv").as_ref(),
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("plan.bonus[0].levels_by_rank"))
        .stderr(predicates::str::contains("drop `levels_by_rank`"));
}

// ---------------------------------------------------------------- rank bonus

// H-rankbonus: two roots alone, so GV = pv. Director GV 500, Executive GV 1000;
// active_pv 100; customer_share 0.5. Amounts: Director 300, Executive 800 a period.
// A pv 600, 1200, 1200, 1200, 600, 1200 (all retail): D, E, E, E, D, E.
// X pv 600, 600, 600 (retail 0: fails the customer rule), 600, 100, 600: D, D, D
//   (unqualified), D, none, D.
// CV: A 6000 + X 3100 = 9100.

#[test]
fn h_rankbonus_pays_the_rank_s_amount_every_period_it_is_held_and_qualified() {
    let out = payout("h-rankbonus", "h-rankbonus");
    // A: 300, 800, 800, 800, 300, 800 = 3800.
    // X: 300, 300, 0 (300 due, unqualified: breakage), 300, 0 (no rank), 300 = 1200.
    let expected = [
        ("1", "300.00", "300.00"),
        ("2", "800.00", "300.00"),
        ("3", "800.00", "0.00"),
        ("4", "800.00", "300.00"),
        ("5", "300.00", "0.00"),
        ("6", "800.00", "300.00"),
    ];
    for (period, a, x) in expected {
        out.assert_paid(period, &[("A", a), ("X", x)]);
    }
    out.assert_column("3", "rank", &[("A", "Executive"), ("X", "Director")]);
    out.assert_column("5", "rank", &[("A", "Director"), ("X", "")]);
    // Paid 3800 + 1200 = 5000 of 9100 (54.95 %); breakage X's 300 in period 3.
    out.assert_totals("total: paid 5000.00 on CV 9100.00 (payout ratio 54.95 %), breakage 300.00");
}

#[test]
fn h_rankbonus_3_pays_only_a_rank_held_three_periods_in_a_row() {
    let out = payout("h-rankbonus-3", "h-rankbonus");
    // consecutive = 3: the amount of the highest listed rank held (or bettered) in this
    // period and the two before it. Periods in a row at Director / at Executive:
    // A: 1/0, 2/1, 3/2 -> Director 300, 3/3 -> Executive 800, 3/0 -> Director 300,
    //    3/1 -> Director 300.   A = 1700.
    // X: 1, 2, 3 -> 300 due but unqualified (breakage), 3 -> 300, 0 (no rank: the
    //    count starts again), 1 -> nothing.   X = 300.
    let expected = [
        ("1", "0.00", "0.00"),
        ("2", "0.00", "0.00"),
        ("3", "300.00", "0.00"),
        ("4", "800.00", "300.00"),
        ("5", "300.00", "0.00"),
        ("6", "300.00", "0.00"),
    ];
    for (period, a, x) in expected {
        out.assert_paid(period, &[("A", a), ("X", x)]);
    }
    // Paid 1700 + 300 = 2000 (21.98 %); breakage X's 300 in period 3.
    out.assert_totals("total: paid 2000.00 on CV 9100.00 (payout ratio 21.98 %), breakage 300.00");
}
