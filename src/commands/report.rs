//! `downline report DIR`: rebuild the charts and report.html of an output folder (or,
//! for a calibration's folder, its charts and calibrate.html).

use crate::cli::ReportArgs;
use downline::error::{Error, Result};
use downline::output::encode::find_table;
use downline::report::calibrate::build_calibration_page;
use downline::report::run::build_report;

/// Rebuilds the report of `args.dir`.
pub fn report(args: &ReportArgs) -> Result<()> {
    if !args.dir.is_dir() {
        return Err(Error::BadInput(format!(
            "{}: no such folder; expected an output folder written by `downline run`",
            args.dir.display()
        )));
    }
    if find_table(&args.dir, "posterior").is_some() && find_table(&args.dir, "predictive").is_some()
    {
        build_calibration_page(&args.dir)?;
        say!("wrote {}", args.dir.join("calibrate.html").display());
        return Ok(());
    }
    build_report(&args.dir)?;
    say!("wrote {}", args.dir.join("report.html").display());
    Ok(())
}
