//! The default scenario stays calibrated: averaged over 200 runs, every statistic of
//! `../shared/reference/targets.md` lies inside the range real companies report
//! (README's calibration table), and so do the out-of-sample facts it meets (two-year
//! survival, the top 0.1 %'s share, the payout ratio before refunds). Seed 42, as in
//! the scenario file.

use downline::ensemble::run_ensemble;
use downline::scenario::{Overrides, Scenario};
use std::path::Path;

#[test]
fn default_scenario_means_lie_inside_the_published_ranges() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/default.toml");
    let scenario = Scenario::load(
        &path,
        Overrides {
            runs: Some(200),
            ..Overrides::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let runs: Vec<u32> = (0..200).collect();
    let summaries = run_ensemble(&scenario, &runs, 0, &|| {}).summaries();
    let mean = |name: &str| {
        summaries
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, s)| s.mean)
            .expect(name)
    };
    let targets = [
        ("ids_share_zero_pay", 0.60, 0.90),
        ("ids_median_gross_pay", 0.0, 0.0),
        ("ids_mean_gross_pay", 200.0, 2500.0),
        ("ids_top1_share", 0.40, 0.65),
        ("share_net_loss", 0.50, 0.99),
        ("annual_quit_share", 0.40, 0.80),
        ("payout_ratio", 0.30, 0.50),
        ("share_never_recruit", 0.65, 0.85),
        // The out-of-sample facts of targets.md that the default also meets.
        ("survival_24", 0.20, 0.40),
        ("ids_top01_share", 0.20, 0.35),
        ("payout_ratio_gross", 0.30, 0.50),
    ];
    let misses: Vec<String> = targets
        .iter()
        .filter(|(name, low, high)| !(*low..=*high).contains(&mean(name)))
        .map(|(name, low, high)| format!("{name} = {} outside [{low}, {high}]", mean(name)))
        .collect();
    assert!(misses.is_empty(), "{misses:#?}");
}
