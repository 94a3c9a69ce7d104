//! One function per subcommand; each returns a [`downline::error::Result`].

/// Prints a line on stdout, like `println!`, and returns from the command with the error
/// when stdout cannot be written: a closed pipe (`downline run ... | head`) then ends the
/// command quietly with exit code 0, a full disk with exit code 1 and the reason.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*).map_err($crate::commands::common::stdout_error)?;
    }};
}

mod calibrate;
mod check;
mod common;
mod compare;
mod completions;
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
        Command::Completions(args) => completions::completions(&args),
        Command::Schema(args) => completions::schema(&args),
        Command::Man(args) => completions::man(&args),
    }
}
