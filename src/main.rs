//! The `downline` command: parse, dispatch, map errors to exit codes.

// Input errors are rich (file, position, key path, suggestion) and built once on a
// cold path; their size does not matter.
#![allow(clippy::result_large_err)]

mod cli;
mod commands;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::parse();
    // A panic is a bug in downline, never bad input: exit code 1 after the panic message.
    match std::panic::catch_unwind(|| commands::dispatch(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        // The reader of a pipe has gone (`| head`): it has what it wanted; end quietly.
        Ok(Err(err)) if err.is_closed_pipe() => ExitCode::SUCCESS,
        Ok(Err(err)) => {
            // `{:#}`: an internal error with its causes ("cannot write X: No space left").
            eprintln!("error: {err:#}");
            ExitCode::from(err.exit_code())
        }
        Err(_) => {
            eprintln!(
                "error: internal error (a bug in downline): please report the command and scenario"
            );
            ExitCode::from(1)
        }
    }
}
