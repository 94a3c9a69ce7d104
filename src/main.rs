//! The `downline` command: parse, dispatch, map errors to exit codes.

mod cli;
mod commands;

use std::process::ExitCode;

fn main() -> ExitCode {
    match commands::dispatch(cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
