//! The `downline` command: parse, dispatch, map errors to exit codes.

// Input errors are rich (file, position, key path, suggestion) and built once on a
// cold path; their size does not matter.
#![allow(clippy::result_large_err)]

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
