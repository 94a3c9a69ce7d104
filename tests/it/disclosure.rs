//! The income disclosure outputs and the statistics added with them, checked against a
//! small run worked by hand: ten members over three years, disclosure year 2.
//!
//! | member | sponsor | joins | quits | year-2 pay | year-2 net | ordered | rank last / highest |
//! |--------|---------|-------|-------|-----------:|-----------:|---------|---------------------|
//! | 0      | founder | 0     | never | 5,000      | 4,000      | yes     | 2 / 2               |
//! | 1      | 0       | 0     | 30    | 800        | 300        | yes     | 1 / 1               |
//! | 2      | 0       | 5     | 10    | (gone before year 2)                                  |
//! | 3      | 1       | 12    | 13    | 0          | -150       | yes     | 0 / 0               |
//! | 4      | 1       | 14    | never | 200        | -100       | yes     | 1 / 1               |
//! | 5      | 4       | 20    | 22    | 0          | -60        | no      | 0 / 0               |
//! | 6      | 4       | 23    | never | 50         | -400       | yes     | 0 / 0               |
//! | 7      | 6       | 24    | never | (joins after year 2)                                 |
//! | 8      | 0       | 16    | 20    | 120        | -200       | yes     | 0 / 1               |
//! | 9      | 0       | 30    | never | (joins after year 2)                                 |
//!
//! Year 2 (months 12..24) has seven members: 0, 1, 3, 4, 5, 6, 8, whose pay sorted is
//! 0, 0, 50, 120, 200, 800, 5,000 (total 6,170). Quantiles interpolate linearly between
//! order statistics (position (n - 1) q).

use downline::ensemble::curves::{CURVES, RunCurves};
use downline::ensemble::disclosure::{self, Basis};
use downline::ensemble::month_series::QUANTITIES;
use downline::ensemble::run_statistics::RunStatistics;
use downline::model::record::MonthRecord;
use downline::model::{MemberOutcomes, RunRecord};

const NEVER: u32 = u32::MAX;

fn record() -> RunRecord {
    let n = 10;
    let year_pay = [5000.0, 800.0, 0.0, 0.0, 200.0, 0.0, 50.0, 0.0, 120.0, 0.0];
    let year_net = [
        4000.0, 300.0, 0.0, -150.0, -100.0, -60.0, -400.0, 0.0, -200.0, 0.0,
    ];
    let members = MemberOutcomes {
        sponsor: vec![NEVER, 0, 0, 1, 1, 4, 4, 6, 0, 0],
        join_month: vec![0, 0, 5, 12, 14, 20, 23, 24, 16, 30],
        quit_month: vec![NEVER, 30, 10, 13, NEVER, 22, NEVER, NEVER, 20, NEVER],
        recruits: vec![4, 2, 0, 0, 2, 0, 1, 0, 0, 0],
        gross_pay: year_pay.to_vec(),
        retail_profit: vec![0.0; n],
        purchases: vec![0.0; n],
        fees: vec![0.0; n],
        expenses: vec![0.0; n],
        net: year_net.to_vec(),
        hours: vec![10.0; n],
        highest_rank: vec![2, 1, 0, 0, 1, 0, 0, 0, 1, 0],
        disclosure_pay: year_pay.to_vec(),
        disclosure_net: year_net.to_vec(),
        disclosure_hours: vec![10.0, 10.0, 0.0, 10.0, 10.0, 10.0, 10.0, 0.0, 10.0, 0.0],
        consumption: vec![0.0; n],
        kind: vec![1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
        disclosure_bought: vec![
            true, true, false, true, true, false, true, false, true, false,
        ],
        disclosure_rank_last: vec![2, 1, 0, 0, 1, 0, 0, 0, 0, 0],
        disclosure_rank_max: vec![2, 1, 0, 0, 1, 0, 0, 0, 1, 0],
    };
    let mut months = vec![MonthRecord::default(); 36];
    for (month, active) in months.iter_mut().zip([1, 2, 3, 4, 3, 2]) {
        month.active = active;
    }
    months[0].revenue = 900.0;
    months[0].refunds = 100.0;
    months[0].payout = 250.0;
    months[1].revenue = 1000.0;
    months[1].payout = 200.0;
    RunRecord {
        run: 0,
        seed: 1,
        members,
        months,
        pay_by_bonus: vec![(450.0, 450.0)],
        months_to_rank: vec![vec![3, 1, 7], vec![10]],
        rank_month_pay: vec![(0.0, 10), (300.0, 4), (2000.0, 2)],
        traces: Vec::new(),
        audits: Vec::new(),
    }
}

fn statistics(founders: u32) -> RunStatistics {
    RunStatistics::of(&record(), 100, founders, Some(2), &[false])
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

macro_rules! assert_close {
    ($a:expr, $b:expr) => {
        assert!(close($a, $b), "{} = {} not {}", stringify!($a), $a, $b)
    };
}

#[test]
fn the_income_disclosure_statistics_of_all_the_years_members() {
    let s = statistics(1);
    assert_close!(s.ids_members, 7.0);
    assert_close!(s.ids_share_zero_pay, 2.0 / 7.0);
    // Exact thresholds: under 100 are 0, 0, 50; under 250 also 120 and 200.
    assert_close!(s.ids_share_under_100, 3.0 / 7.0);
    assert_close!(s.ids_share_under_250, 5.0 / 7.0);
    assert_close!(s.ids_share_under_1000, 6.0 / 7.0);
    assert_close!(s.ids_mean_gross_pay, 6170.0 / 7.0);
    assert_close!(s.ids_median_gross_pay, 120.0);
    // p90 at position 5.4: 800 + 0.4 x 4,200.
    assert_close!(s.ids_p90_gross_pay, 2480.0);
    // The top 0.1 % of seven members is at least one member: the 5,000.
    assert_close!(s.ids_top01_share, 5000.0 / 6170.0);
    assert_close!(s.ids_top1_share, 5000.0 / 6170.0);
    assert_close!(s.ids_mean_net, 3390.0 / 7.0);
    assert_close!(s.ids_share_net_loss, 5.0 / 7.0);
    assert_close!(s.ids_mean_hours, 10.0);
    assert_close!(s.ids_hourly_gross, 6170.0 / 70.0);
}

#[test]
fn the_population_filters_choose_the_members_disclosures_count() {
    let s = statistics(1);
    // Active: ordered in the year (all but member 5).
    assert_close!(s.ids_members_active, 6.0);
    assert_close!(s.ids_share_zero_pay_active, 1.0 / 6.0);
    assert_close!(s.ids_mean_gross_pay_active, 6170.0 / 6.0);
    // Paid: 0, 1, 4, 6, 8.
    assert_close!(s.ids_members_paid, 5.0);
    assert_close!(s.ids_share_zero_pay_paid, 0.0);
    assert_close!(s.ids_mean_gross_pay_paid, 1234.0);
    assert_close!(s.ids_median_gross_pay_paid, 200.0);
    assert_close!(s.ids_share_under_100_paid, 1.0 / 5.0);
    // Recruiters by the year's end: 0, 1 and 4 (member 6's recruit joins in month 24,
    // after the year).
    assert_close!(s.ids_members_recruiters, 3.0);
    assert_close!(s.ids_mean_gross_pay_recruiters, 2000.0);
    assert_close!(s.ids_median_gross_pay_recruiters, 800.0);
    assert_close!(s.ids_top01_share_recruiters, 5000.0 / 6000.0);
}

#[test]
fn survival_counts_the_cohorts_observed_that_long() {
    let s = statistics(1);
    // 12 months: members who joined by month 24 (0 to 8); 0, 1, 4, 6, 7 stayed.
    assert_close!(s.survival_12, 5.0 / 9.0);
    assert_close!(s.survival_12, 1.0 - s.first_year_quit_share);
    // 24 months: joined by month 12 (0 to 3); 0 and 1 stayed (1 quits in month 30).
    assert_close!(s.survival_24, 0.5);
    // 36 months: joined in month 0 (0 and 1); only 0 stayed.
    assert_close!(s.survival_36, 0.5);
}

#[test]
fn refunds_gross_payout_ratio_and_fizzling() {
    let s = statistics(1);
    assert_close!(s.payout_ratio, 450.0 / 1900.0);
    assert_close!(s.payout_ratio_gross, 450.0 / 2000.0);
    assert_close!(s.refund_share, 100.0 / 2000.0);
    // Peak 4 active: twice one founder, so it took off; with three founders it did not.
    assert_close!(s.fizzled, 0.0);
    assert_close!(statistics(2).fizzled, 0.0);
    assert_close!(statistics(3).fizzled, 1.0);
}

#[test]
fn the_rank_table_gives_share_mean_median_and_p90_per_group() {
    let table = disclosure::table(&record(), 2, Some(2));
    let groups = disclosure::groups(2);
    assert_eq!(groups.len(), table.len());
    let row = |basis: Basis, group: usize| {
        let at = groups.iter().position(|&g| g == (basis, group)).unwrap();
        table[at]
    };
    let expect = |got: [f64; 4], want: [f64; 4]| {
        for (g, w) in got.iter().zip(want) {
            assert!(close(*g, w), "{got:?} not {want:?}");
        }
    };
    // By the rank held in the year's last month: none for 3, 5, 6, 8 (5 and 8 gone).
    expect(row(Basis::RankLast, 0), [4.0 / 7.0, 42.5, 25.0, 99.0]);
    expect(row(Basis::RankLast, 1), [2.0 / 7.0, 500.0, 500.0, 740.0]);
    expect(row(Basis::RankLast, 2), [1.0 / 7.0, 5000.0, 5000.0, 5000.0]);
    // By the highest rank held in the year: member 8 reached rank 1 before leaving.
    expect(
        row(Basis::RankHighest, 0),
        [3.0 / 7.0, 50.0 / 3.0, 0.0, 40.0],
    );
    expect(
        row(Basis::RankHighest, 1),
        [3.0 / 7.0, 1120.0 / 3.0, 200.0, 680.0],
    );
    expect(
        row(Basis::RankHighest, 2),
        [1.0 / 7.0, 5000.0, 5000.0, 5000.0],
    );
    expect(row(Basis::Pay, 0), [2.0 / 7.0, 0.0, 0.0, 0.0]);
    expect(row(Basis::Pay, 1), [5.0 / 7.0, 1234.0, 200.0, 3320.0]);
    // Without a disclosure year every figure is undefined.
    let none = disclosure::table(&record(), 2, None);
    assert!(none.iter().flatten().all(|x| x.is_nan()));
}

#[test]
fn months_to_rank_pay_by_rank_and_kinds_are_curves() {
    let curves = RunCurves::of(&record(), 2, 2, Some(2));
    let curve = |name: &str| &curves.curves[CURVES.iter().position(|&c| c == name).unwrap()];
    let months_to_rank = curve("months_to_rank");
    assert!(months_to_rank[0].is_nan());
    assert_eq!(months_to_rank[1..], [3.0, 10.0]);
    assert_eq!(curve("rank_mean_month_pay"), &vec![0.0, 75.0, 1000.0]);
    // Kind 1 is members 0 and 1: 2 of 10 ever, 2 of the year's 7.
    assert_eq!(curve("kind_share"), &vec![0.8, 0.2]);
    let ids = curve("kind_share_ids");
    assert_close!(ids[1], 2.0 / 7.0);
}

#[test]
fn the_monthly_quantities_of_member_results() {
    let month = MonthRecord {
        active: 4,
        revenue: 180.0,
        refunds: 20.0,
        payout: 50.0,
        profitable: 1,
        paid_members: 2,
        month_net_total: -100.0,
        median_month_net: -30.0,
        ..MonthRecord::default()
    };
    let read = |name: &str| {
        let (_, reader) = QUANTITIES.iter().find(|(n, _)| *n == name).unwrap();
        reader(&month, 100)
    };
    assert_close!(read("refunds"), 20.0);
    assert_close!(read("payout_ratio"), 50.0 / 180.0);
    assert_close!(read("payout_ratio_gross"), 0.25);
    assert_close!(read("paid_share"), 0.5);
    assert_close!(read("profitable_share"), 0.25);
    assert_close!(read("mean_month_net"), -25.0);
    assert_close!(read("median_month_net"), -30.0);
    let empty = MonthRecord::default();
    let (_, reader) = QUANTITIES
        .iter()
        .find(|(n, _)| *n == "profitable_share")
        .unwrap();
    assert!(reader(&empty, 100).is_nan());
}
