//! `downline payout` on hand-worked vectors for the generation, matching, pool and rank
//! advancement bonuses (H-gen to H-rankadv), run through the real binary. The arithmetic
//! is in the comments; money is compared as printed, to the cent.

use crate::common;

use crate::common::downline;
use crate::common::payout::{DIR, payout};

// ---------------------------------------------------------------- generation

// H-gen tree (a chain): A <- B <- C <- D <- E <- F <- H, pv 300, 100, 1000, 100, 300, 100,
// 500; retail equal to pv except C and D (0). Leader: pv 300 and GV 500, so A, C, E and
// H are leaders (GV 2400, 2000, 900, 500); B, D, F (pv 100) are not.
// Generation groups (own CV + non-leader children's groups):
//   H 500; E 300 + F 100 = 400; C 1000 + D 100 = 1100; A 300 + B 100 = 400.
// Nearest leader above: H -> E -> C -> A.

#[test]
fn h_gen_an_unqualified_leader_uses_up_its_generation() {
    let out = payout("h-gen", "h-gen");
    assert_eq!(out.header, ["period", "id", "paid", "generation", "rank"]);
    // Customer share > 0.5 of own + downline PV: C's organisation has retail
    // 300 + 100 + 500 = 900 of 2000 = 0.45: C is a leader but not qualified.
    // A: 1300 of 2400 = 0.54, E: 900 of 900: qualified.
    // H's 500: gen 1 E 10 % = 50.00; gen 2 C 5 % = 25 (breakage); there is no gen 3,
    //   so A gets nothing from H although C took nothing.
    // E's 400: gen 1 C 40 (breakage); gen 2 A 5 % = 20.00.
    // C's 1100: gen 1 A 10 % = 110.00.   A's own group: nobody above.
    // A = 20 + 110 = 130.00; E = 50.00.
    out.assert_paid(
        "1",
        &[
            ("A", "130.00"),
            ("B", "0.00"),
            ("C", "0.00"),
            ("D", "0.00"),
            ("E", "50.00"),
            ("F", "0.00"),
            ("H", "0.00"),
        ],
    );
    out.assert_column(
        "1",
        "rank",
        &[
            ("A", "Leader"),
            ("B", ""),
            ("C", "Leader"),
            ("E", "Leader"),
            ("H", "Leader"),
        ],
    );
    // max 50 + 25 + 40 + 20 + 110 = 245; breakage 25 + 40 = 65; CV 2400.
    out.assert_totals("total: paid 180.00 on CV 2400.00 (payout ratio 7.50 %), breakage 65.00");
}

#[test]
fn h_gen_all_with_every_leader_qualified_the_whole_max_payout_is_paid() {
    let out = payout("h-gen-all", "h-gen");
    // As H-gen, C now qualified: C = H's 25 + E's 40 = 65.00.
    out.assert_paid(
        "1",
        &[
            ("A", "130.00"),
            ("C", "65.00"),
            ("E", "50.00"),
            ("H", "0.00"),
        ],
    );
    // 245 / 2400 = 10.21 %.
    out.assert_totals("total: paid 245.00 on CV 2400.00 (payout ratio 10.21 %), breakage 0.00");
}

// ---------------------------------------------------------------- matching

// H-match tree (a chain): A <- B <- C <- D <- E <- F, pv 100, 20, 100, 100, 200, 300;
// active_pv 50, so B is inactive. Unilevel 10/5 without compression:
//   F 300: E 30, D 15.   E 200: D 20, C 10.   D 100: C 10, B 5 (breakage).
//   C 100: B 10 (breakage), A 5.   B 20: A 2.
//   Unilevel earned: A 7, C 20, D 35, E 30; paid 92, breakage 15.

#[test]
fn h_match_matching_skips_an_inactive_upline_by_default() {
    let out = payout("h-match", "h-match");
    assert_eq!(
        out.header,
        ["period", "id", "paid", "unilevel", "matching", "rank"]
    );
    out.assert_column(
        "1",
        "unilevel",
        &[
            ("A", "7.00"),
            ("B", "0.00"),
            ("C", "20.00"),
            ("D", "35.00"),
            ("E", "30.00"),
            ("F", "0.00"),
        ],
    );
    // Matching 20/10 % on unilevel earnings, qualified line F, E, D, C, A (B skipped):
    //   E's 30: D 6.00, C 3.00.   D's 35: C 7.00, A 3.50 (B skipped).
    //   C's 20: A 4.00 (B skipped), generation 2: nobody (2.00 breakage).
    //   A's 7: nobody above.
    out.assert_column(
        "1",
        "matching",
        &[
            ("A", "7.50"),
            ("B", "0.00"),
            ("C", "10.00"),
            ("D", "6.00"),
            ("E", "0.00"),
            ("F", "0.00"),
        ],
    );
    out.assert_paid(
        "1",
        &[
            ("A", "14.50"),
            ("B", "0.00"),
            ("C", "30.00"),
            ("D", "41.00"),
            ("E", "30.00"),
            ("F", "0.00"),
        ],
    );
    // Paid 92 + 23.50; max 107 + (30 + 35 + 20) x 0.3 = 132.50; breakage 15 + 2.
    // 115.50 / 820 = 14.09 %.
    out.assert_totals("total: paid 115.50 on CV 820.00 (payout ratio 14.09 %), breakage 17.00");
}

#[test]
fn h_match_none_without_compression_the_inactive_upline_uses_up_a_generation() {
    let out = payout("h-match-none", "h-match");
    // Raw line: E's 30: D 6, C 3.   D's 35: C 7, B 3.50 (breakage).
    // C's 20: B 4 (breakage), A 2.   Matching paid 18, breakage 7.50.
    out.assert_column(
        "1",
        "matching",
        &[("A", "2.00"), ("B", "0.00"), ("C", "10.00"), ("D", "6.00")],
    );
    out.assert_paid("1", &[("A", "9.00"), ("C", "30.00"), ("D", "41.00")]);
    // Paid 92 + 18 = 110 (13.41 % of 820); breakage 15 + 7.50.
    out.assert_totals("total: paid 110.00 on CV 820.00 (payout ratio 13.41 %), breakage 22.50");
}

#[test]
fn h_match_cap_matching_is_computed_before_the_cap_and_then_capped_like_everything_else() {
    let out = payout("h-match-cap", "h-match");
    assert_eq!(
        out.header,
        ["period", "id", "paid", "team", "check_match", "rank"]
    );
    // Uncapped as H-match: 115.50. Cap 10 % of 820 = 82: factor f = 82 / 115.5 = 0.70996.
    // team: A 7f = 4.97, C 20f = 14.20, D 35f = 24.85, E 30f = 21.30.
    // check_match on the uncapped team pay: A 7.5f = 5.32, C 10f = 7.10, D 6f = 4.26.
    // (Matching the capped pay would give A 7.5 f^2 = 3.78 and cut it twice.)
    out.assert_column(
        "1",
        "team",
        &[
            ("A", "4.97"),
            ("C", "14.20"),
            ("D", "24.85"),
            ("E", "21.30"),
        ],
    );
    out.assert_column(
        "1",
        "check_match",
        &[("A", "5.32"), ("C", "7.10"), ("D", "4.26"), ("E", "0.00")],
    );
    // A 14.5f = 10.29, C 30f = 21.30, D 41f = 29.11, E 30f = 21.30.
    out.assert_paid(
        "1",
        &[
            ("A", "10.29"),
            ("C", "21.30"),
            ("D", "29.11"),
            ("E", "21.30"),
        ],
    );
    // max 132.50 - paid 82.00 = 50.50.
    out.assert_totals("total: paid 82.00 on CV 820.00 (payout ratio 10.00 %), breakage 50.50");
}

// ---------------------------------------------------------------- pool

#[test]
fn h_pool_a_pool_is_split_by_rank_shares_among_qualified_holders() {
    let out = payout("h-pool", "h-pool");
    // Period 1: A sponsors B..F. GV: A 2100 (Gold), B 1000 (Gold), C 500 (Silver),
    // D 200 and E 200 (Bronze), F 100 (no rank). Shares: Gold 3, Silver holds Bronze's
    // 1, Bronze 1. D (retail 0 of 200) fails customer_share 0.5: its share drops out.
    // Pool 4 % of CV 2100 = 84.00 over qualified shares 3 + 3 + 1 + 1 = 8: 10.50 each.
    out.assert_column(
        "1",
        "rank",
        &[
            ("A", "Gold"),
            ("B", "Gold"),
            ("C", "Silver"),
            ("D", "Bronze"),
            ("E", "Bronze"),
            ("F", ""),
        ],
    );
    out.assert_paid(
        "1",
        &[
            ("A", "31.50"),
            ("B", "31.50"),
            ("C", "10.50"),
            ("D", "0.00"),
            ("E", "10.50"),
            ("F", "0.00"),
        ],
    );
    // Period 2: same ranks, no retail at all: no holder qualifies; the pool of 84.00 is
    // breakage.
    out.assert_column("2", "rank", &[("A", "Gold"), ("D", "Bronze")]);
    out.assert_paid("2", &[("A", "0.00"), ("B", "0.00"), ("C", "0.00")]);
    // Period 3: everyone below active_pv 100: no ranks, no shares, no pool promised:
    // max_payout 0 and no breakage although 4 % of CV 300 = 12 was "in the pool".
    out.assert_paid("3", &[("A", "0.00"), ("B", "0.00")]);
    // Paid 84 on CV 2100 + 2100 + 300 = 4500 (1.87 %); breakage 0 + 84 + 0.
    out.assert_totals("total: paid 84.00 on CV 4500.00 (payout ratio 1.87 %), breakage 84.00");
}

// ---------------------------------------------------------------- rank advancement

#[test]
fn h_rankadv_rank_advancement_pays_each_rank_once_and_a_forfeited_award_never() {
    let out = payout("h-rankadv", "h-rankadv");
    // Ranks by GV: Leader 300, Director 600, Executive 1000. Awards 100 / 250 / 500.
    // A sponsors B (pv 100 every period, no rank); X is a separate root.
    // Period 1: A GV 200 + 100 = 300: Leader, first time: 100.00.
    //           X GV 300: Leader, but retail 0: fails customer_share 0.5, so the
    //           100 is forfeited (breakage).
    out.assert_column("1", "rank", &[("A", "Leader"), ("B", ""), ("X", "Leader")]);
    out.assert_paid("1", &[("A", "100.00"), ("B", "0.00"), ("X", "0.00")]);
    // Period 2: A GV 1000: Executive, jumping Director: 250 + 500 = 750.00.
    //           X qualifies now, still Leader: already forfeited, nothing.
    out.assert_column("2", "rank", &[("A", "Executive"), ("X", "Leader")]);
    out.assert_paid("2", &[("A", "750.00"), ("X", "0.00")]);
    // Period 3: A stays Executive: nothing. X reaches Director: 250.00.
    out.assert_column("3", "rank", &[("A", "Executive"), ("X", "Director")]);
    out.assert_paid("3", &[("A", "0.00"), ("X", "250.00")]);
    // Period 4: A drops to Leader; period 5: back to Executive. Never paid again.
    out.assert_column("4", "rank", &[("A", "Leader")]);
    out.assert_column("5", "rank", &[("A", "Executive")]);
    for period in ["4", "5"] {
        out.assert_paid(period, &[("A", "0.00"), ("B", "0.00"), ("X", "0.00")]);
    }
    // Paid 100 + 750 + 250 = 1100; breakage X's 100.
    // CV 600 + 1300 + 1600 + 900 + 1600 = 6000: 18.33 %.
    out.assert_totals("total: paid 1100.00 on CV 6000.00 (payout ratio 18.33 %), breakage 100.00");
}

// ---------------------------------------------------------------- bad input

#[test]
fn a_matching_bonus_on_a_later_bonus_is_bad_input_at_its_key() {
    let dir = common::temp_dir();
    let plan = common::write(
        dir.path(),
        "plan.toml",
        "[plan]\nname = \"t\"\n\n\
         [[plan.bonus]]\nkind = \"matching\"\nof = \"unilevel\"\nrates = [0.1]\n\n\
         [[plan.bonus]]\nkind = \"unilevel\"\nrates = [0.1]\n",
    );
    downline()
        .args([
            "payout".as_ref(),
            plan.as_os_str(),
            format!("{DIR}/h-match.csv").as_ref(),
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains("plan.bonus[0].of"))
        .stderr(predicates::str::contains(
            "`unilevel`, a bonus listed after this one",
        ));
}

#[test]
fn a_misspelt_leader_rank_is_bad_input_with_a_suggestion() {
    let dir = common::temp_dir();
    let text = std::fs::read_to_string(format!("{DIR}/h-gen.toml"))
        .unwrap()
        .replace("leader_rank = \"Leader\"", "leader_rank = \"Leadr\"");
    let plan = common::write(dir.path(), "plan.toml", &text);
    downline()
        .args([
            "payout".as_ref(),
            plan.as_os_str(),
            format!("{DIR}/h-gen.csv").as_ref(),
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("plan.bonus[0].leader_rank"))
        .stderr(predicates::str::contains("did you mean `Leader`?"));
}

#[test]
fn g1_geometric_pays_every_upline_a_falling_share() {
    let out = payout("g-1", "g-1");
    // A: 25 % of its children's volume, B 100 + C 20 -> 30.00.
    // R: 25 % of A's 40, plus 25 % x 25 % of A's children's 120 -> 10.00 + 7.50.
    out.assert_paid(
        "1",
        &[("R", "17.50"), ("A", "30.00"), ("B", "0.00"), ("C", "0.00")],
    );
    out.assert_totals("total: paid 47.50 on CV 160.00 (payout ratio 29.69 %), breakage 0.00");
}

#[test]
fn w1_weighted_levels_split_by_weight_floor_and_give_the_remainder_to_the_first() {
    let out = payout("w-1", "w-1");
    // B's pool 20 % x 50 = 10 over A and R, weights 3 : 1 -> 7.50 / 2.50, floored 7 / 2,
    // the remainder 1 to A. A's pool 6 goes to R alone (weights renormalised). R's pool
    // 2 has no upline: breakage.
    out.assert_paid("1", &[("R", "8.00"), ("A", "8.00"), ("B", "0.00")]);
    out.assert_totals("total: paid 16.00 on CV 90.00 (payout ratio 17.78 %), breakage 2.00");
}
