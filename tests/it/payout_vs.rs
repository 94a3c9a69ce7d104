//! `downline payout A.toml B.toml NETWORK.csv`: one organisation paid under two plans,
//! worked by hand.
//!
//! The organisation (`vs.csv`), two periods, sponsor tree with depths:
//!
//! ```text
//! R (0) ── S (1) ── T (2) ── U (3) ── W (4, joins in period 2)
//!      └── V (1) ── X (2, joins in period 2, pv 0)
//! ```
//!
//! pv: R 100, S 200, T 100, U 100, V 40 in period 1 (inactive: active_pv is 50) and 100
//! in period 2, W 100, X 0. CV = pv: 540 + 700 = 1240.
//!
//! Plan A (`vs-a.toml`): unilevel 10/5 %, no compression; rank Builder at GV 300.
//!   Period 1: S 200 pays R 20; T 100 pays S 10, R 5; U 100 pays T 10, S 5; V 40 pays
//!   R 4. R 29, S 15, T 10: 54.
//!   Period 2: the same plus V 100 pays R 10 (not 4) and W 100 pays U 10, T 5:
//!   R 35, S 15, T 15, U 10: 75.
//!   Over both: R 64, S 30, T 25, U 10, others 0; paid 129, breakage 0.
//!   Builder in period 2 (GV >= 300): R 700, S 500, T 300.
//! Plan B (`vs-b.toml`): unilevel 8/4/2 %, no compression, and `personal` 2 % of own CV
//! to active members; rank Leader at GV 500.
//!   Period 1 unilevel: S 200 pays R 16; T 100 pays S 8, R 4; U 100 pays T 8, S 4, R 2;
//!   V 40 pays R 3.20: R 25.20, S 12, T 8 (45.20). Personal: R 2, S 4, T 2, U 2; V is
//!   inactive: 0.80 breakage. Period 1: R 27.20, S 16, T 10, U 2 (55.20).
//!   Period 2 unilevel: S pays R 16; T pays S 8, R 4; U pays T 8, S 4, R 2; V pays R 8;
//!   W pays U 8, T 4, S 2: R 30, S 14, T 12, U 8 (64). Personal: 2 each to R, S (4), T,
//!   U, V, W: R 2, S 4, T 2, U 2, V 2, W 2 (14). Period 2: R 32, S 18, T 14, U 10,
//!   V 2, W 2 (78).
//!   Over both: R 59.20, S 34, T 24, U 12, V 2, W 2; paid 133.20, breakage 0.80;
//!   unilevel 109.20 (82.0 % of pay), personal 24 (18.0 %).
//! B - A: R -4.80, S +4, T -1, U +2, V +2, W +2, X 0: 4 gain (10.00), 2 lose (-5.80),
//! 1 unchanged.

use crate::common::payout::DIR;
use crate::common::{downline, temp_dir};

fn fixture(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// Runs `downline payout ARGS` and returns (stdout, stderr), asserting success.
fn payout(args: &[&str]) -> (String, String) {
    let output = downline().arg("payout").args(args).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "payout failed: {stderr}");
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

const MEMBERS: &str = "\
id,depth,rank_a,rank_b,paid_a,paid_b,difference
R,0,Builder,Leader,64.00,59.20,-4.80
S,1,Builder,Leader,30.00,34.00,4.00
T,2,Builder,,25.00,24.00,-1.00
U,3,,,10.00,12.00,2.00
V,1,,,0.00,2.00,2.00
W,4,,,0.00,2.00,2.00
X,2,,,0.00,0.00,0.00
";

#[test]
fn two_plans_pay_each_member_as_worked_by_hand() {
    let (stdout, _) = payout(&[
        &fixture("vs-a.toml"),
        &fixture("vs-b.toml"),
        &fixture("vs.csv"),
    ]);
    assert_eq!(stdout, MEMBERS);
}

#[test]
fn the_comparison_gives_totals_bonuses_and_who_gains_by_rank_and_depth() {
    let (_, stderr) = payout(&[
        &fixture("vs-a.toml"),
        &fixture("vs-b.toml"),
        &fixture("vs.csv"),
    ]);
    let expected = format!(
        "\
A: {DIR}/vs-a.toml (plan \"VS-A unilevel 10/5\")
B: {DIR}/vs-b.toml (plan \"VS-B unilevel 8/4/2, personal 2 %\")
7 members, 2 periods

                    A        B         B - A
paid           129.00   133.20         +4.20
CV            1240.00  1240.00          0.00
payout ratio  10.40 %  10.74 %  +0.34 points
breakage         0.00     0.80         +0.80

bonus         paid  share of pay  breakage
A unilevel  129.00       100.0 %      0.00
B unilevel  109.20        82.0 %      0.00
B personal   24.00        18.0 %      0.80

who gains and who loses under B (pay over all periods, B - A):
group             members  gain  lose  same  gained   lost  largest gain  largest loss
all                     7     4     2     1  +10.00  -5.80     +4.00 (S)     -4.80 (R)
by rank under A:
  no rank               4     3     0     1   +6.00   0.00     +2.00 (U)
  Builder               3     1     2     0   +4.00  -5.80     +4.00 (S)     -4.80 (R)
by depth:
  0                     1     0     1     0    0.00  -4.80                   -4.80 (R)
  1                     2     2     0     0   +6.00   0.00     +4.00 (S)
  2                     2     0     1     1    0.00  -1.00                   -1.00 (T)
  3-5                   2     2     0     0   +4.00   0.00     +2.00 (U)
"
    );
    assert_eq!(stderr, expected);
}

#[test]
fn vs_and_out_give_the_same_rows_as_the_positional_form() {
    let dir = temp_dir();
    let out = dir.path().join("members.csv");
    let (stdout, stderr) = payout(&[
        &fixture("vs-a.toml"),
        &fixture("vs.csv"),
        "--vs",
        &fixture("vs-b.toml"),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(stdout, "", "--out takes the rows off stdout");
    assert!(
        stderr.contains("all                     7     4     2     1"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), MEMBERS);
    // Nothing but the file itself is left in the folder.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn one_plan_prints_what_it_always_printed() {
    // Plan A alone: every row of both periods, and the totals line.
    let (stdout, stderr) = payout(&[&fixture("vs-a.toml"), &fixture("vs.csv")]);
    assert_eq!(
        stdout,
        "\
period,id,paid,unilevel,rank
1,R,29.00,29.00,Builder
1,S,15.00,15.00,Builder
1,T,10.00,10.00,
1,U,0.00,0.00,
1,V,0.00,0.00,
2,R,35.00,35.00,Builder
2,S,15.00,15.00,Builder
2,T,15.00,15.00,Builder
2,U,10.00,10.00,
2,V,0.00,0.00,
2,W,0.00,0.00,
2,X,0.00,0.00,
"
    );
    assert_eq!(
        stderr,
        "total: paid 129.00 on CV 1240.00 (payout ratio 10.40 %), breakage 0.00\n"
    );
}

#[test]
fn bad_arguments_are_refused_with_status_2() {
    let (a, b, network) = (
        fixture("vs-a.toml"),
        fixture("vs-b.toml"),
        fixture("vs.csv"),
    );
    let cases: [(&[&str], &str); 6] = [
        (&[&a, &b, &network, &network], "unexpected value"),
        (&[&a], "2 values required"),
        (&[&a, "no-such-plan.toml", &network], "no-such-plan.toml"),
        (&[&a, &b, "no-such-network.csv"], "no-such-network.csv"),
        (&[&a, &b, &network, "--vs", &b], "--vs"),
        (&[&a, &network, "--out", "members.csv"], "--out"),
    ];
    for (args, says) in cases {
        let output = downline().arg("payout").args(args).output().unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}
