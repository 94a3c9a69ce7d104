//! One function per subcommand; each returns a [`downline::error::Result`].

/// Prints a line on stdout, like `println!`, except that a closed stdout (`downline run
/// ... | head`) is not an error: what stdout carries here is a summary of results that
/// are already written to files.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

mod calibrate;
mod check;
mod common;
mod compare;
mod merge;
mod org;
mod payout;
mod payout_audit;
mod payout_csv;
mod payout_vs;
mod report;
mod run;
mod serve;
mod sweep;

use crate::cli::{Cli, Command};
use downline::error::Result;

/// Runs the chosen subcommand.
pub fn dispatch(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Compare(args) => compare::compare(&args),
        Command::Sweep(args) => sweep::sweep(&args),
        Command::Calibrate(args) => calibrate::calibrate(&args),
        Command::Merge(args) => merge::merge(&args),
        Command::Report(args) => report::report(&args),
        Command::Check(args) => check::check(&args),
        Command::Payout(args) => payout::payout(&args),
        Command::Org(args) => org::org(&args),
        Command::Serve(args) => serve::serve(&args),
    }
}
