//! `downline compare DIR_A DIR_B`: every statistic side by side, with the difference
//! and its 95 % interval, on stdout and in compare.csv, compare.html and overlay charts;
//! then each bonus' pay, share of pay and breakage on both sides.

use super::common::Terminal;
use crate::cli::CompareArgs;
use downline::error::{Error, Result};
use downline::output::encode::encoder;
use downline::output::folder::{Staged, refuse_overlap};
use downline::output::records::comparison::ComparisonRow;
use downline::report::compare::bonuses::BonusSide;
use downline::report::compare::write_compare;
use downline::report::compare::{BonusRow, CompareRow, Side, bonus_rows, compare_rows};
use std::path::PathBuf;

/// Compares two output folders.
pub fn compare(args: &CompareArgs) -> Result<()> {
    for dir in [&args.a, &args.b] {
        if !dir.is_dir() {
            return Err(Error::BadInput(format!(
                "{}: no such folder; expected an output folder written by `downline run`",
                dir.display()
            )));
        }
    }
    let encoder =
        encoder(&args.format).map_err(|why| Error::BadInput(format!("--format: {why}")))?;
    let a = Side::load(&args.a)?;
    let b = Side::load(&args.b)?;
    let rows = compare_rows(&a, &b);
    let out = args.out.clone().unwrap_or_else(|| {
        let name = |side: &Side| {
            side.dir
                .file_name()
                .map_or("a".into(), |n| n.to_string_lossy().into_owned())
        };
        PathBuf::from("output")
            .join("compare")
            .join(format!("{}-vs-{}", name(&a), name(&b)))
    });
    refuse_overlap(&out, &[args.a.clone(), args.b.clone()])?;
    let folder = Staged::begin(&out)?;
    write_compare(&a, &b, &rows, folder.path(), encoder)?;
    folder.commit()?;
    let bonuses = bonus_rows(&a, &b);
    let terminal = Terminal::of(&args.terminal);
    terminal.json(&CompareSummary {
        command: "compare",
        a: a.dir.display().to_string(),
        b: b.dir.display().to_string(),
        out: out.display().to_string(),
        statistics: rows.iter().map(ComparisonRow::from).collect(),
        bonuses: bonuses.iter().map(BonusJson::of).collect(),
    })?;
    if !terminal.words() {
        return Ok(());
    }
    print_table(&a, &b, &rows)?;
    print_bonuses(&bonuses)?;
    say!("wrote {}", out.display());
    Ok(())
}

/// The summary `compare --json` prints: every statistic as compare.csv has it, and each
/// bonus on both sides.
#[derive(serde::Serialize)]
struct CompareSummary {
    command: &'static str,
    a: String,
    b: String,
    out: String,
    statistics: Vec<ComparisonRow>,
    bonuses: Vec<BonusJson>,
}

/// One bonus on both sides (null where a plan lacks it): the median run's pay and
/// breakage, the difference of the mean pay per run, and the share of all pay.
#[derive(serde::Serialize)]
struct BonusJson {
    name: String,
    paid_a: Option<f64>,
    paid_b: Option<f64>,
    difference: f64,
    share_a: Option<f64>,
    share_b: Option<f64>,
    breakage_a: Option<f64>,
    breakage_b: Option<f64>,
}

impl BonusJson {
    fn of(row: &BonusRow) -> Self {
        let get = |side: &Option<BonusSide>, f: fn(&BonusSide) -> f64| side.as_ref().map(f);
        Self {
            name: row.name.clone(),
            paid_a: get(&row.a, |s| s.paid),
            paid_b: get(&row.b, |s| s.paid),
            difference: row.difference(),
            share_a: get(&row.a, |s| s.share),
            share_b: get(&row.b, |s| s.share),
            breakage_a: get(&row.a, |s| s.breakage),
            breakage_b: get(&row.b, |s| s.breakage),
        }
    }
}

/// A number in 4 significant digits, compactly.
fn short(x: f64) -> String {
    if x.is_nan() {
        return "-".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 6) as usize;
    format!("{x:.digits$}")
}

fn print_table(a: &Side, b: &Side, rows: &[CompareRow]) -> Result<()> {
    say!(
        "A = {} ({} runs, seed {}), B = {} ({} runs, seed {})",
        a.dir.display(),
        a.data.meta.runs,
        a.data.meta.seed,
        b.dir.display(),
        b.data.meta.runs,
        b.data.meta.seed
    );
    say!(
        "{:<26} {:>12} {:>12} {:>12}  {:<27} ",
        "statistic",
        "median A",
        "median B",
        "B - A (mean)",
        "95 % interval of B - A"
    );
    for row in rows {
        let interval = format!("[{}, {}]", short(row.ci95[0]), short(row.ci95[1]));
        let flag = if row.ci95[0].is_nan() {
            "too few runs"
        } else if row.significant {
            ""
        } else {
            "not significant"
        };
        say!(
            "{:<26} {:>12} {:>12} {:>12}  {:<27} {flag}",
            row.statistic,
            short(row.a.median),
            short(row.b.median),
            short(row.difference),
            interval
        );
    }
    Ok(())
}

/// Pay by bonus, matched by name: the median run's pay, the difference of the means,
/// the share of all pay and the median run's breakage; blank where a plan lacks it.
fn print_bonuses(rows: &[BonusRow]) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    say!(
        "\npay by bonus per run (median run; B - A of the means; share of all pay over the runs):"
    );
    say!(
        "{:<26} {:>12} {:>12} {:>13}  {:>7} {:>7}  {:>12} {:>12}",
        "bonus",
        "paid A",
        "paid B",
        "B - A (mean)",
        "share A",
        "share B",
        "breakage A",
        "breakage B"
    );
    let cell = |side: &Option<_>, get: fn(&BonusSide) -> f64| {
        side.as_ref().map_or(String::new(), |s| short(get(s)))
    };
    let share = |side: &Option<BonusSide>| {
        side.as_ref().map_or(String::new(), |s| {
            if s.share.is_finite() {
                format!("{:.1} %", 100.0 * s.share)
            } else {
                "-".into()
            }
        })
    };
    for row in rows {
        let line = format!(
            "{:<26} {:>12} {:>12} {:>13}  {:>7} {:>7}  {:>12} {:>12}",
            row.name,
            cell(&row.a, |s| s.paid),
            cell(&row.b, |s| s.paid),
            short(row.difference()),
            share(&row.a),
            share(&row.b),
            cell(&row.a, |s| s.breakage),
            cell(&row.b, |s| s.breakage),
        );
        say!("{}", line.trim_end());
    }
    Ok(())
}
