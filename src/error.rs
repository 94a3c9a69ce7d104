//! The errors a command can end with, and the exit code each maps to.

use crate::input_error::InputError;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A scenario or plan file is wrong: exit code 2.
    #[error(transparent)]
    Input(#[from] InputError),
    /// Other bad input (a malformed CSV, an impossible flag): exit code 2.
    #[error("{0}")]
    BadInput(String),
    /// Something went wrong on our side or the system's (disk full, ...): exit code 1.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Input(_) | Error::BadInput(_) => 2,
            Error::Internal(_) => 1,
        }
    }

    /// Whether the command stopped because stdout is a pipe whose reader has gone
    /// (`downline payout ... | head`): not a failure, the reader has what it wanted.
    pub fn is_closed_pipe(&self) -> bool {
        let Error::Internal(err) = self else {
            return false;
        };
        let broken = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
        err.chain().any(|cause| {
            cause.downcast_ref::<std::io::Error>().is_some_and(broken)
                || cause
                    .downcast_ref::<csv::Error>()
                    .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if broken(io)))
        })
    }
}

/// Shorthand for results that end a command.
pub type Result<T, E = Error> = std::result::Result<T, E>;
