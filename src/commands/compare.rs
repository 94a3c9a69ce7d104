//! `downline compare DIR_A DIR_B`: every statistic side by side, with the difference
//! and its 95 % interval, on stdout and in compare.csv, compare.html and overlay charts.

use crate::cli::CompareArgs;
use downline::error::{Error, Result};
use downline::output::encode::encoder;
use downline::output::folder::{Staged, refuse_overlap};
use downline::report::compare::write_compare;
use downline::report::compare::{CompareRow, Side, compare_rows};
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
    print_table(&a, &b, &rows);
    say!("wrote {}", out.display());
    Ok(())
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

fn print_table(a: &Side, b: &Side, rows: &[CompareRow]) {
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
}
