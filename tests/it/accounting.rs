//! Accounting identities that hold in every month of every run.

use crate::common;

use crate::common::scenario as build;

use downline::model::World;

#[test]
fn money_adds_up_for_every_member_and_the_company() {
    let scenario = build::scenario(common::SMALL);
    let cap = scenario.plan.payout_cap.expect("SMALL has a payout cap");
    for run in 0..6 {
        let mut world = World::new(&scenario, run);
        let mut paid_before: Vec<f64> = Vec::new();
        for month in 0..scenario.simulation.months {
            world.step();
            let o = world.outcomes();
            // Nobody is paid in a month after quitting.
            for (i, &before) in paid_before.iter().enumerate() {
                if o.quit_month[i] < month {
                    assert_eq!(
                        o.gross_pay[i], before,
                        "run {run}: member {i} paid after quitting"
                    );
                }
            }
            paid_before = o.gross_pay.clone();
            // Pay never exceeds the cap.
            let m = world.months()[month as usize];
            assert!(
                m.payout <= cap * m.cv + 1e-9,
                "run {run} month {month}: {} > {cap} x {}",
                m.payout,
                m.cv
            );
            assert!(m.payout <= m.max_payout + 1e-9);
        }
        let o = world.outcomes();
        assert!(o.len() > 50, "run {run}: the organisation grew");
        // Each member's net is the sum of its parts.
        for i in 0..o.len() {
            let parts =
                o.gross_pay[i] + o.retail_profit[i] - o.purchases[i] - o.fees[i] - o.expenses[i];
            assert!(
                (o.net[i] - parts).abs() < 1e-6,
                "run {run}: member {i}: net {} vs {parts}",
                o.net[i]
            );
            assert!(o.gross_pay[i] >= 0.0);
        }
        // The company pays out exactly what members receive.
        let member_pay: f64 = o.gross_pay.iter().sum();
        let company_pay: f64 = world.months().iter().map(|m| m.payout).sum();
        assert!(member_pay > 0.0);
        assert!(
            (member_pay - company_pay).abs() < 1e-6 * company_pay,
            "{member_pay} vs {company_pay}"
        );
    }
}

#[test]
fn the_disclosure_year_books_exactly_that_years_money_and_hours() {
    let scenario = build::scenario(common::SMALL);
    let year = scenario.simulation.disclosure_year.expect("SMALL has one");
    let (start, end) = (12 * (year - 1), 12 * year);
    for run in 0..4 {
        let mut world = World::new(&scenario, run);
        let mut at_start = None;
        for month in 0..scenario.simulation.months {
            if month == start {
                at_start = Some(world.outcomes().clone());
            }
            world.step();
            if month + 1 == end {
                let before = at_start.clone().expect("the year started");
                let after = world.outcomes();
                let earlier = |column: &[f64], i: usize| column.get(i).copied().unwrap_or(0.0);
                for i in 0..after.len() {
                    let close = |a: f64, b: f64| (a - b).abs() < 1e-6 * (1.0 + b.abs());
                    let pay = after.gross_pay[i] - earlier(&before.gross_pay, i);
                    let net = after.net[i] - earlier(&before.net, i);
                    let hours = after.hours[i] - earlier(&before.hours, i);
                    assert!(
                        close(after.disclosure_pay[i], pay),
                        "run {run} member {i}: pay"
                    );
                    assert!(
                        close(after.disclosure_net[i], net),
                        "run {run} member {i}: net"
                    );
                    assert!(
                        close(after.disclosure_hours[i], hours),
                        "run {run} {i}: hours"
                    );
                }
                let year_payout: f64 = world.months()[start as usize..end as usize]
                    .iter()
                    .map(|m| m.payout)
                    .sum();
                let booked: f64 = after.disclosure_pay.iter().sum();
                assert!((year_payout - booked).abs() < 1e-6 * year_payout.max(1.0));
                assert!(booked > 0.0, "run {run}: somebody was paid in the year");
            }
        }
        // Nothing is booked after the year.
        let final_pay: f64 = world.outcomes().disclosure_pay.iter().sum();
        let year_payout: f64 = world.months()[start as usize..end as usize]
            .iter()
            .map(|m| m.payout)
            .sum();
        assert!((final_pay - year_payout).abs() < 1e-6 * year_payout.max(1.0));
    }
}
