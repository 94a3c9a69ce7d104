//! Prints the pitching load of a scenario: pitches and open pitches per member-month.
use downline::model::simulate;
use downline::scenario::{Overrides, Scenario};
fn main() {
    let path = std::env::args().nth(1).expect("a scenario path");
    let s = Scenario::load(std::path::Path::new(&path), Overrides::default()).unwrap_or_else(|e| panic!("{e}"));
    let (mut mm, mut p, mut o) = (0u64, 0u64, 0u64);
    for run in 0..10 {
        let rec = simulate(&s, run);
        mm += rec.member_months();
        p += rec.months.iter().map(|m| m.pitches).sum::<u64>();
        o += rec.months.iter().map(|m| m.open_pitches).sum::<u64>();
    }
    println!("member-months/run {} pitches/member-month {:.2} open share {:.3}", mm / 10, p as f64 / mm as f64, o as f64 / p as f64);
}
