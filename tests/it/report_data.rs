//! The report's data is read back from what `downline run` writes.

use crate::common::{SMALL, downline, temp_dir, write};
use downline::report::run::data::ReportData;

#[test]
fn an_output_folder_reads_back_with_every_series() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("out");
    downline()
        .args([
            "run",
            scenario.to_str().unwrap(),
            "--runs",
            "6",
            "--no-charts",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let data = ReportData::load(&out).expect("the folder loads");
    assert_eq!(data.meta.runs, 6);
    assert_eq!(data.meta.scenario, "small");
    assert_eq!(data.scenario_text, SMALL);
    let months = data.meta.months as usize;
    assert_eq!(data.months.get("active").len(), months);
    assert_eq!(data.curves.get("survival").len(), months + 1);
    assert_eq!(data.curves.get("survival")[0].median, 1.0);
    assert_eq!(data.curves.get("lorenz_gross_pay").len(), 101);
    assert_eq!(data.curves.get("lorenz_gross_pay")[100].median, 1.0);
    let gross = data
        .histogram("ids_gross_pay")
        .expect("gross pay histogram");
    let counted: u64 = gross.bins.iter().map(|b| b.count).sum();
    let members = data.statistic("ids_members").expect("ids_members").mean * 6.0;
    assert!(
        (counted as f64 - members).abs() < 1e-6,
        "{counted} vs {members}"
    );
    let net: u64 = data
        .histogram("ids_net")
        .unwrap()
        .bins
        .iter()
        .map(|b| b.count)
        .sum();
    assert_eq!(net, counted);
    assert!(data.statistic("recruiting_pay_share").is_some());
}
