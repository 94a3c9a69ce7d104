//! The audit ledger of `downline payout` (`--ledger`, `--explain`) and the plan keys it
//! explains: a cap on any bonus, the minimum cheque, weekly bonuses. Each vector's
//! arithmetic is in its fixture's comment (`tests/fixtures/plan-vectors/`).

use crate::common::payout::{DIR, payout};
use crate::common::{downline, temp_dir};
use std::collections::HashMap;

#[test]
fn h_bonus_cap_cuts_each_member_s_pay_from_one_bonus() {
    let out = payout("h-bonus-cap", "h-bonus-cap");
    out.assert_paid("1", &[("A", "50.00"), ("B", "50.00"), ("C", "0.00")]);
    out.assert_totals("total: paid 100.00 on CV 1200.00 (payout ratio 8.33 %), breakage 60.00");
}

#[test]
fn h_cheque_holds_small_pay_releases_it_and_forfeits_a_leaver_s_balance() {
    let out = payout("h-cheque", "h-cheque");
    // The bonus column shows what was earned; `paid` is the cheque.
    out.assert_paid("1", &[("A", "0.00"), ("B", "30.00"), ("C", "0.00")]);
    out.assert_column("1", "personal", &[("A", "10.00"), ("C", "10.00")]);
    out.assert_paid("2", &[("A", "0.00"), ("B", "30.00")]);
    out.assert_paid("3", &[("A", "30.00"), ("B", "30.00")]);
    out.assert_totals("total: paid 120.00 on CV 1300.00 (payout ratio 9.23 %), breakage 10.00");
}

#[test]
fn h_weekly_pays_a_binary_four_times_a_month_under_its_cap() {
    let weekly = payout("h-weekly", "h-weekly");
    weekly.assert_column("1", "binary", &[("M", "40.00")]);
    weekly.assert_column("1", "unilevel", &[("M", "40.00")]);
    weekly.assert_totals("total: paid 80.00 on CV 800.00 (payout ratio 10.00 %), breakage 0.00");
    let monthly = payout("h-monthly", "h-weekly");
    monthly.assert_column("1", "binary", &[("M", "20.00")]);
    monthly.assert_totals("total: paid 60.00 on CV 800.00 (payout ratio 7.50 %), breakage 20.00");
}

/// Reads a ledger CSV into rows of named cells.
fn rows(path: &std::path::Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn number(row: &HashMap<String, String>, column: &str) -> f64 {
    row[column].parse().unwrap()
}

/// The ledger of every kind of plan adds up to the payout it explains: per member and
/// period to its `paid`, and lines plus breakage to the totals line.
#[test]
fn the_ledger_adds_up_to_the_payout_to_the_cent() {
    let pairs = [
        ("b-1", "b-1"),
        ("b-3", "b-3"),
        ("h-matrix", "h-matrix"),
        ("h-stair-breakaway", "h-stair-breakaway"),
        ("h-gen", "h-gen"),
        ("h-match", "h-match"),
        ("h-pool", "h-pool"),
        ("h-rankadv", "h-rankadv"),
        ("h-rates-gen", "h-rates-gen"),
        ("h-rankbonus", "h-rankbonus"),
        ("h-cap", "h-levels"),
        ("h-bonus-cap", "h-bonus-cap"),
        ("h-cheque", "h-cheque"),
        ("h-weekly", "h-weekly"),
        ("h-grace", "h-grace"),
    ];
    let dir = temp_dir();
    for (plan, network) in pairs {
        let expected = payout(plan, network);
        let ledger = dir.path().join(format!("{plan}.csv"));
        let output = downline()
            .args([
                "payout",
                &format!("{DIR}/{plan}.toml"),
                &format!("{DIR}/{network}.csv"),
            ])
            .arg("--ledger")
            .arg(&ledger)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{plan}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        // The CSV on stdout is unchanged by --ledger.
        let plain = downline()
            .args([
                "payout",
                &format!("{DIR}/{plan}.toml"),
                &format!("{DIR}/{network}.csv"),
            ])
            .output()
            .unwrap();
        assert_eq!(output.stdout, plain.stdout, "{plan}");
        let mut by_member: HashMap<(String, String), f64> = HashMap::new();
        let mut total = 0.0;
        for row in rows(&ledger) {
            *by_member
                .entry((row["period"].clone(), row["payee"].clone()))
                .or_default() += number(&row, "amount");
            total += number(&row, "amount");
        }
        for ((period, id), row) in &expected.rows {
            let paid: f64 = row["paid"].parse().unwrap();
            let lines = by_member
                .get(&(period.clone(), id.clone()))
                .copied()
                .unwrap_or(0.0);
            assert!(
                (lines - paid).abs() < 0.005,
                "{plan}: {id} in period {period}: {lines} vs {paid}"
            );
        }
        let breakage: f64 = rows(&dir.path().join(format!("{plan}.breakage.csv")))
            .iter()
            .map(|row| number(row, "amount"))
            .sum::<f64>()
            + 0.0;
        let line = format!("paid {:.2} on CV", total);
        assert!(
            expected.stderr.contains(&line),
            "{plan}: {line} in {}",
            expected.stderr
        );
        assert!(
            expected
                .stderr
                .trim_end()
                .ends_with(&format!("breakage {breakage:.2}")),
            "{plan}: breakage {breakage:.2} in {}",
            expected.stderr
        );
        let standing = rows(&dir.path().join(format!("{plan}.standing.csv")));
        // One standing row per member listed in a period (listed: in the organisation).
        assert_eq!(standing.len(), expected.rows.len(), "{plan}");
    }
}

#[test]
fn the_ledger_names_each_payment_s_source_level_rate_and_reason() {
    let dir = temp_dir();
    let ledger = dir.path().join("audit.csv");
    downline()
        .args([
            "payout",
            &format!("{DIR}/h-bonus-cap.toml"),
            &format!("{DIR}/h-bonus-cap.csv"),
        ])
        .arg("--ledger")
        .arg(&ledger)
        .assert()
        .success();
    let text = std::fs::read_to_string(&ledger).unwrap();
    assert_eq!(
        text,
        "run,period,week,payee,bonus,source,level,volume,rate,amount,reason\n\
         0,1,,A,unilevel,B,1,100.000000,0.100000,10.000000,level 1: 10 % of 100 CV\n\
         0,1,,B,unilevel,C,1,1000.000000,0.100000,100.000000,\"level 1: 10 % of 1,000 CV\"\n\
         0,1,,A,unilevel,C,2,1000.000000,0.050000,50.000000,\"level 2: 5 % of 1,000 CV\"\n\
         0,1,,A,unilevel,,,0.000000,0.000000,-10.000000,capped at 50 per member per period (earned 60)\n\
         0,1,,B,unilevel,,,0.000000,0.000000,-50.000000,capped at 50 per member per period (earned 100)\n"
    );
    let breakage = std::fs::read_to_string(dir.path().join("audit.breakage.csv")).unwrap();
    assert!(
        breakage.contains(",A,unilevel,,,10.000000,cap,"),
        "{breakage}"
    );
    assert!(
        breakage.contains(",B,unilevel,,,50.000000,cap,"),
        "{breakage}"
    );
}

#[test]
fn the_standing_names_the_first_requirement_of_the_next_rank_missed() {
    let dir = temp_dir();
    let ledger = dir.path().join("l.csv");
    downline()
        .args([
            "payout",
            &format!("{DIR}/h-dynamic.toml"),
            &format!("{DIR}/h-levels.csv"),
        ])
        .arg("--ledger")
        .arg(&ledger)
        .assert()
        .success();
    let standing = rows(&dir.path().join("l.standing.csv"));
    let of = |id: &str| standing.iter().find(|r| r["member"] == id).unwrap();
    // U: GV 100 + V 200 + W 100 = 400 < Builder's 500.
    assert_eq!(of("U")["next_rank"], "Builder: gv 400 < 500");
    assert_eq!(of("S")["rank"], "Builder");
    assert_eq!(of("S")["next_rank"], "");
    // T buys 20 PV, below active_pv 50.
    assert_eq!(of("T")["qualified"], "false");
    assert_eq!(of("T")["not_qualified"], "qv 20 < active_pv 50");
}

#[test]
fn explain_tells_one_member_s_periods_line_by_line() {
    let out = downline()
        .args([
            "payout",
            &format!("{DIR}/h-cheque.toml"),
            &format!("{DIR}/h-cheque.csv"),
        ])
        .args(["--explain", "C"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "member C under plan \"H-cheque\"\n\
         \n\
         period 1: paid 0.00; no rank; qv 100, gv 100; qualified\n  \
         held below the minimum cheque: 10.00\n       \
         10.00  personal: 10 % of own 100 CV\n      \
         -10.00  minimum_cheque: held: 10 owed is below the minimum cheque of 25; carried to the next period\n\
         \n\
         period 2: not in the organisation\n  \
         not paid:\n       \
         10.00  minimum_cheque [forfeited]: left holding 10 below the minimum cheque: forfeited\n\
         \n\
         period 3: not in the organisation\n"
    );
}

#[test]
fn bad_audit_requests_are_bad_input() {
    let dir = temp_dir();
    let plan = format!("{DIR}/h-cheque.toml");
    let network = format!("{DIR}/h-cheque.csv");
    let bad = |args: &[&str], message: &str| {
        let out = downline().arg("payout").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    };
    bad(&[&plan, &network, "--explain", "c"], "did you mean `C`?");
    bad(
        &[&plan, &plan, &network, "--explain", "C"],
        "audit one plan",
    );
    let text = dir.path().join("ledger.txt");
    bad(
        &[&plan, &network, "--ledger", text.to_str().unwrap()],
        ".csv or .jsonl",
    );
    bad(
        &[&plan, &network, "--ledger", "/no/such/folder/l.csv"],
        "no such folder",
    );
}

/// `run --ledger K` audits the first K runs: each member's lines add up to its
/// lifetime pay in `members.csv`, the same at any thread count, and the rest of the
/// folder is as without it.
#[test]
fn a_simulated_run_s_ledger_adds_up_to_each_member_s_pay() {
    let dir = temp_dir();
    let scenario = crate::common::write(dir.path(), "small.toml", crate::common::SMALL);
    let one = dir.path().join("one");
    let two = dir.path().join("two");
    let plain = dir.path().join("plain");
    let run = |out: &std::path::Path, extra: &[&str]| {
        downline()
            .args([
                "run",
                scenario.to_str().unwrap(),
                "--runs",
                "3",
                "--members",
                "2",
                "--no-charts",
            ])
            .arg("--out")
            .arg(out)
            .args(extra)
            .assert()
            .success();
    };
    run(&one, &["--ledger", "2", "--threads", "1"]);
    run(&two, &["--ledger", "2", "--threads", "2"]);
    run(&plain, &[]);
    for file in [
        "ledger.csv",
        "ledger.breakage.csv",
        "ledger.standing.csv",
        "ledger.placement.csv",
    ] {
        let a = std::fs::read(one.join(file)).unwrap();
        assert_eq!(a, std::fs::read(two.join(file)).unwrap(), "{file}");
    }
    for file in ["members.csv", "runs.csv", "months.csv", "summary.json"] {
        let a = std::fs::read(one.join(file)).unwrap();
        assert_eq!(a, std::fs::read(plain.join(file)).unwrap(), "{file}");
    }
    let mut by_member: HashMap<(String, String), f64> = HashMap::new();
    let lines = rows(&one.join("ledger.csv"));
    assert!(lines.len() > 100);
    for row in &lines {
        *by_member
            .entry((row["run"].clone(), row["payee"].clone()))
            .or_default() += number(row, "amount");
    }
    let runs: std::collections::BTreeSet<&str> = lines.iter().map(|r| r["run"].as_str()).collect();
    assert_eq!(runs.into_iter().collect::<Vec<_>>(), ["0", "1"]);
    let mut paid_members = 0;
    for member in rows(&one.join("members.csv")) {
        let pay = number(&member, "gross_pay");
        let lines = by_member
            .get(&(member["run"].clone(), member["id"].clone()))
            .copied();
        assert!(
            (lines.unwrap_or(0.0) - pay).abs() < 0.01,
            "{member:?}: ledger {lines:?}"
        );
        paid_members += usize::from(pay > 0.0);
    }
    assert!(paid_members > 10);
}

/// The keys every bonus takes (`period`, `cap`) and the plan's `minimum_cheque` and
/// `weeks_per_month` are validated at their key, with file:line:col.
#[test]
fn bad_schedule_keys_are_bad_input_at_their_key() {
    let dir = temp_dir();
    let cases = [
        (
            "weeks_per_month = 9\n",
            "",
            ":3:19: plan.weeks_per_month",
            "from 1 to 5",
        ),
        (
            "minimum_cheque = -5\n",
            "",
            ":3:18: plan.minimum_cheque",
            "found:    -5",
        ),
        (
            "",
            "period = \"weekly\"\n",
            ":5:10: plan.bonus[0].period",
            "did you mean `week`?",
        ),
        (
            "",
            "period = 7\n",
            ":5:10: plan.bonus[0].period",
            "\"month\" or \"week\"",
        ),
        ("", "cap = 0\n", ":5:7: plan.bonus[0].cap", "greater than 0"),
        (
            "",
            "cap = \"lots\"\n",
            ":5:7: plan.bonus[0].cap",
            "greater than 0",
        ),
    ];
    for (plan_key, bonus_key, place, message) in cases {
        let text = format!(
            "[plan]\nname = \"x\"\n{plan_key}[[plan.bonus]]\nkind = \"personal\"\n{bonus_key}rate = 0.1\n"
        );
        let file = crate::common::write(dir.path(), "plan.toml", &text);
        let out = downline().arg("check").arg(&file).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(place), "{place} in {stderr}");
        assert!(stderr.contains(message), "{message} in {stderr}");
    }
}
