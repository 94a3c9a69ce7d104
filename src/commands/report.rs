//! `downline report DIR`: rebuild the charts and report.html of an output folder.

use crate::cli::ReportArgs;
use downline::error::{Error, Result};
use downline::report::run::build_report;

/// Rebuilds the report of `args.dir`.
pub fn report(args: &ReportArgs) -> Result<()> {
    if !args.dir.is_dir() {
        return Err(Error::BadInput(format!(
            "{}: no such folder; expected an output folder written by `downline run`",
            args.dir.display()
        )));
    }
    build_report(&args.dir)?;
    say!("wrote {}", args.dir.join("report.html").display());
    Ok(())
}
