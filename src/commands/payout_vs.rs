//! The text `downline payout A.toml B.toml NETWORK.csv` prints on stderr: the two
//! plans' totals side by side, each plan's bonuses (paid, share of pay, breakage), and
//! who gains and who loses under B, for everyone, by paid-as rank under A and by depth
//! in the sponsor tree. Pure formatting of [`PaidOver`] and [`Versus`]: it returns the
//! text and prints nothing.

use super::payout_csv::money;
use downline::plan::versus::{PaidOver, Shift, Versus};
use std::fmt::Write as _;
use std::path::Path;

/// What the tables name: the two plan files, the members' ids and the periods paid.
pub struct Names<'a> {
    pub file_a: &'a Path,
    pub file_b: &'a Path,
    pub ids: &'a [String],
    pub periods: usize,
}

/// Every table, with a blank line between them.
pub fn tables(names: &Names, a: &PaidOver, b: &PaidOver, versus: &Versus) -> String {
    let mut text = String::new();
    for (side, file, over) in [("A", names.file_a, a), ("B", names.file_b, b)] {
        let _ = writeln!(text, "{side}: {} (plan \"{}\")", file.display(), over.plan);
    }
    let _ = writeln!(
        text,
        "{} members, {} {}\n",
        versus.members.len(),
        names.periods,
        if names.periods == 1 {
            "period"
        } else {
            "periods"
        }
    );
    text.push_str(&totals(a, b));
    text.push('\n');
    text.push_str(&bonuses(a, b));
    text.push('\n');
    let _ = writeln!(
        text,
        "who gains and who loses under B (pay over all periods, B - A):"
    );
    text.push_str(&shifts(names.ids, versus));
    text
}

/// Paid, CV, payout ratio and breakage under A and B, and B - A.
fn totals(a: &PaidOver, b: &PaidOver) -> String {
    let ratio = |over: &PaidOver| match over.payout_ratio() {
        r if r.is_finite() => format!("{:.2} %", 100.0 * r),
        _ => "n/a".to_string(),
    };
    let points = {
        let d = 100.0 * (b.payout_ratio() - a.payout_ratio());
        if d.is_finite() {
            format!("{} points", signed(&format!("{:.2}", d + 0.0)))
        } else {
            "n/a".to_string()
        }
    };
    let row = |name: &str, x: f64, y: f64| {
        vec![name.to_string(), money(x), money(y), signed(&money(y - x))]
    };
    grid(
        &["", "A", "B", "B - A"],
        &[
            row("paid", a.paid, b.paid),
            row("CV", a.cv, b.cv),
            vec!["payout ratio".into(), ratio(a), ratio(b), points],
            row("breakage", a.breakage, b.breakage),
        ],
    )
}

/// Each plan's bonuses: what each paid, its share of the plan's pay and its breakage.
fn bonuses(a: &PaidOver, b: &PaidOver) -> String {
    let mut rows = Vec::new();
    for (side, over) in [("A", a), ("B", b)] {
        for (name, bonus) in over.bonus_names.iter().zip(&over.by_bonus) {
            let share = if over.paid > 0.0 {
                bonus.paid / over.paid
            } else {
                f64::NAN
            };
            rows.push(vec![
                format!("{side} {name}"),
                money(bonus.paid),
                percent(share),
                money(bonus.max_payout - bonus.paid),
            ]);
        }
    }
    grid(&["bonus", "paid", "share of pay", "breakage"], &rows)
}

/// Gainers and losers: everyone, by rank under A, by depth.
fn shifts(ids: &[String], versus: &Versus) -> String {
    let largest = |extreme: Option<(i64, usize)>| {
        extreme.map_or(String::new(), |(cents, m)| {
            format!("{} ({})", signed(&cent_money(cents)), ids[m])
        })
    };
    let row = |indent: &str, shift: &Shift| {
        vec![
            format!("{indent}{}", shift.group),
            shift.members.to_string(),
            shift.gain.to_string(),
            shift.lose.to_string(),
            shift.unchanged.to_string(),
            signed(&cent_money(shift.gained)),
            signed(&cent_money(shift.lost)),
            largest(shift.largest_gain),
            largest(shift.largest_loss),
        ]
    };
    let heading = |words: &str| {
        let mut cells = vec![String::new(); 9];
        cells[0] = words.to_string();
        cells
    };
    let mut rows = vec![row("", &versus.all), heading("by rank under A:")];
    rows.extend(versus.by_rank.iter().map(|s| row("  ", s)));
    rows.push(heading("by depth:"));
    rows.extend(versus.by_depth.iter().map(|s| row("  ", s)));
    grid(
        &[
            "group",
            "members",
            "gain",
            "lose",
            "same",
            "gained",
            "lost",
            "largest gain",
            "largest loss",
        ],
        &rows,
    )
}

/// A table: the first column left-aligned, the others right-aligned, each as wide as
/// its widest cell, two spaces apart, no trailing spaces.
fn grid(header: &[&str], rows: &[Vec<String>]) -> String {
    let all = std::iter::once(header.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        .chain(rows.iter().cloned())
        .collect::<Vec<_>>();
    let widths: Vec<usize> = (0..header.len())
        .map(|c| all.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut text = String::new();
    for row in &all {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c == 0 {
                let _ = write!(line, "{cell:<width$}", width = widths[0]);
            } else {
                let _ = write!(line, "  {cell:>width$}", width = widths[c]);
            }
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// A share as a percentage with one decimal, "n/a" when undefined.
fn percent(share: f64) -> String {
    if share.is_finite() {
        format!("{:.1} %", 100.0 * share)
    } else {
        "n/a".to_string()
    }
}

/// Whole cents as money with two decimals.
fn cent_money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100)
}

/// A written amount with a `+` before it when positive (zero and negatives unchanged).
fn signed(written: &str) -> String {
    if written.starts_with('-') || written.chars().all(|c| c == '0' || c == '.') {
        written.to_string()
    } else {
        format!("+{written}")
    }
}
