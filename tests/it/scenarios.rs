//! Every shipped scenario is valid and runs.

use crate::common::{downline, repo, temp_dir};

/// Every scenario under `scenarios/` and its subfolders (`published/`, `companies/`),
/// sorted: every `.toml` but the targets files (`*.targets.toml`, `*.check.toml`).
fn shipped() -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("a scenario folder") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, files);
            } else if path.extension().is_some_and(|e| e == "toml") {
                // Targets files for `calibrate` sit beside their scenarios.
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                if !name.is_some_and(|n| n.ends_with(".targets.toml") || n.ends_with(".check.toml"))
                {
                    files.push(path);
                }
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo().join("scenarios"), &mut files);
    files.sort();
    files
}

#[test]
fn downline_check_accepts_every_shipped_scenario() {
    let files = shipped();
    for name in ["default", "affiliate", "linear", "party-plan", "pyramid"] {
        assert!(
            files
                .iter()
                .any(|f| f.file_stem().is_some_and(|s| s == name)),
            "scenarios/{name}.toml"
        );
    }
    for file in files {
        downline().arg("check").arg(&file).assert().success();
    }
}

#[test]
fn every_shipped_scenario_runs_and_writes_its_tables_charts_and_report() {
    for file in shipped() {
        let dir = temp_dir();
        downline()
            .arg("run")
            .arg(&file)
            .args(["--runs", "2", "--months", "24"])
            .arg("--out")
            .arg(dir.path())
            .assert()
            .success();
        let charts = downline::report::run::charts::NAMES.map(|name| format!("charts/{name}.png"));
        let tables = [
            "summary.json",
            "runs.csv",
            "months.csv",
            "curves.csv",
            "disclosure.csv",
            "histograms.csv",
            "members.csv",
            "traces.csv",
            "scenario.toml",
            "report.html",
        ];
        for output in tables
            .iter()
            .copied()
            .chain(charts.iter().map(String::as_str))
        {
            let len = std::fs::metadata(dir.path().join(output))
                .map(|m| m.len())
                .unwrap_or(0);
            assert!(len > 0, "{}: {output} missing or empty", file.display());
        }
    }
}

/// One run of a shipped scenario, shortened to `months`.
fn one_run(name: &str, months: u32) -> downline::ensemble::RunOutcome {
    let scenario = shipped_scenario(name, months);
    downline::ensemble::run_one(&scenario, 0, false)
}

fn shipped_scenario(name: &str, months: u32) -> downline::scenario::Scenario {
    let overrides = downline::scenario::Overrides {
        months: Some(months),
        ..Default::default()
    };
    let path = repo().join("scenarios").join(format!("{name}.toml"));
    downline::scenario::Scenario::load(&path, overrides).expect("it loads")
}

#[test]
fn pay_traceable_to_recruiting_is_all_of_a_pyramids_and_none_of_an_affiliate_plans() {
    let pyramid = one_run("pyramid", 24).statistics;
    assert_eq!(pyramid.recruiting_pay_share, 1.0);
    let affiliate = one_run("affiliate", 24).statistics;
    assert_eq!(affiliate.recruiting_pay_share, 0.0);
    // The default plan pays a fast-start bonus beside its unilevel: some, not most.
    let default = one_run("default", 24).statistics;
    assert!(
        (0.02..0.5).contains(&default.recruiting_pay_share),
        "{}",
        default.recruiting_pay_share
    );
    // The pyramid's company lives on fees; the affiliate programme charges none.
    assert!(
        pyramid.fee_revenue_share > 0.5,
        "{}",
        pyramid.fee_revenue_share
    );
    for stats in [&pyramid, &affiliate, &default] {
        assert!((0.0..=1.0).contains(&stats.qualify_buying_share));
        assert!(stats.ids_share_zero_pay <= stats.ids_share_under_1000);
        assert!(stats.ids_p10_net <= stats.ids_median_net);
        assert!(stats.ids_median_net <= stats.ids_p90_net);
        assert!(stats.ids_p25_gross_pay <= stats.ids_p99_gross_pay);
    }
}

#[test]
fn the_published_models_follow_their_rules() {
    // Smart (2015): one founder; all sales are one-off retail at $10 profit, so every
    // unit is resold and the company has no product revenue; a member whose month
    // nets at most -40 is gone.
    let scenario = shipped_scenario("published/smart-2015", 12);
    let smart = downline::model::simulate(&scenario, 0);
    let outcome = downline::ensemble::run_one(&scenario, 0, false);
    let months = &smart.months;
    assert_eq!(months[0].active, 1);
    assert!(
        months
            .iter()
            .all(|m| m.revenue == 0.0 && m.fee_revenue > 0.0)
    );
    assert_eq!(outcome.statistics.retail_share, 1.0);
    assert!(outcome.statistics.payout_ratio.is_nan());
    let m = &smart.members;
    assert!(m.len() > 1, "the launch took off in this run");
    // A member's month costs 40 (fee 10 + 30 draws), so a month without income nets
    // -40 and ends membership: whoever never earned left after its first month.
    let mut never_earned = 0;
    for i in 0..m.len() {
        if m.gross_pay[i] == 0.0 && m.retail_profit[i] == 0.0 {
            never_earned += 1;
            assert_eq!(m.quit_month[i], m.join_month[i], "member {i}");
            assert_eq!(m.net[i], -40.0, "member {i}");
        }
    }
    assert!(never_earned > 0);

    // referralTree: ten founders who first refer in month 5 (step 6); never more than
    // 1,000 members; the 80 % rebate is paid on every purchase and the uplines' 20 % on
    // all but the roots', floored.
    let scenario = shipped_scenario("published/referraltree-moderate", 50);
    let tree = downline::model::simulate(&scenario, 0);
    let months = &tree.months;
    assert_eq!(months[0].joins, 10);
    assert!(months[1..5].iter().all(|m| m.joins == 0));
    assert!(months.iter().all(|m| m.members_ever <= 1000));
    for month in months {
        assert!(month.payout >= 0.8 * month.revenue - 1e-9);
        assert!(month.payout <= month.revenue + 1e-9);
    }
    // Purchases are consumption, with no fees or costs: net is exactly gross pay.
    assert_eq!(tree.members.net, tree.members.gross_pay);
}
