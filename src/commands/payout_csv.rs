//! The one-plan payout CSV of `downline payout` (a row per member and period: `period`,
//! `id`, `paid`, a column per bonus, `rank`, and `title` for plans whose ranks carry
//! over periods) and its totals line, shared by the plain payout and the audited one.

use downline::network_csv::{Network, Period};
use downline::plan::versus::PaidOver;
use downline::plan::{Payout, Plan};
use std::io::Write;

/// The totals over all periods, in one line.
pub fn totals_line(totals: &PaidOver) -> String {
    let ratio = totals.payout_ratio();
    let ratio = if ratio.is_nan() {
        "n/a".to_string()
    } else {
        format!("{:.2} %", 100.0 * ratio)
    };
    format!(
        "total: paid {} on CV {} (payout ratio {ratio}), breakage {}",
        money(totals.paid),
        money(totals.cv),
        money(totals.breakage)
    )
}

/// The payout CSV's header for `plan`.
pub fn header(plan: &Plan) -> Vec<&str> {
    let mut header = vec!["period", "id", "paid"];
    header.extend(plan.bonus_names.iter().map(String::as_str));
    header.push("rank");
    if plan.keeps_titles() {
        header.push("title");
    }
    header
}

/// One period's rows of the payout CSV.
pub fn write_period(
    plan: &Plan,
    network: &Network,
    period: &Period,
    payout: &Payout,
    out: &mut csv::Writer<impl Write>,
) -> std::result::Result<(), csv::Error> {
    let mut record: Vec<String> = Vec::new();
    for row in &period.rows {
        let m = row.member as usize;
        record.clear();
        record.push(period.number.to_string());
        record.push(network.ids[m].clone());
        record.push(money(payout.paid[m]));
        record.extend(payout.by_bonus.iter().map(|column| money(column[m])));
        record.push(rank_name(plan, payout.rank[m]));
        if plan.keeps_titles() {
            record.push(rank_name(plan, payout.title[m]));
        }
        out.write_record(&record)?;
    }
    Ok(())
}

/// A rank's name, empty for none.
pub fn rank_name(plan: &Plan, rank: u8) -> String {
    match rank {
        0 => String::new(),
        r => plan.rank_names[usize::from(r) - 1].clone(),
    }
}

/// Money with exactly two decimals (never `-0.00`).
pub fn money(amount: f64) -> String {
    format!("{:.2}", amount + 0.0)
}
