//! Why a sweep cannot be set up: a `--vary` argument that cannot be read, a design that
//! cannot be built, a point whose values make the scenario invalid, or sweep results
//! too thin for a sensitivity fit. Each says what was expected and what was found; all
//! of them are bad input (exit code 2) when they end a command.

use crate::input_error::InputError;
use std::fmt;

/// A sweep that cannot go ahead.
#[derive(Debug)]
pub enum SweepError {
    /// A `--vary` argument that cannot be read.
    Vary {
        /// The argument as given.
        argument: String,
        /// What the argument should hold, in words.
        expected: String,
        /// What it holds.
        found: String,
        /// A correct argument close to the one given.
        example: String,
    },
    /// Arguments that are each fine but do not make a design together (a grid range
    /// without steps, a key varied twice, too many points).
    Design {
        expected: String,
        found: String,
        help: Option<String>,
    },
    /// A point whose values make the scenario invalid.
    Point {
        /// The point's index in the design.
        index: u32,
        /// The point's values, as `key=value, ...`.
        label: String,
        /// The scenario's own error, naming the key.
        error: Box<InputError>,
        /// How many other points of the design fail too.
        others: usize,
    },
    /// Inputs and outputs that do not make a sensitivity fit.
    Sensitivity { expected: String, found: String },
}

impl fmt::Display for SweepError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SweepError::Vary {
                argument,
                expected,
                found,
                example,
            } => write!(
                f,
                "--vary {argument}: expected {expected}, found {found}\n  example:  --vary {example}"
            ),
            SweepError::Design {
                expected,
                found,
                help,
            } => {
                write!(f, "sweep: expected {expected}, found {found}")?;
                if let Some(help) = help {
                    write!(f, "\n  help:     {help}")?;
                }
                Ok(())
            }
            SweepError::Point {
                index,
                label,
                error,
                others,
            } => {
                write!(f, "sweep point {index} ({label}) is invalid")?;
                match others {
                    0 => {}
                    1 => write!(f, " (and 1 other point)")?,
                    n => write!(f, " (and {n} other points)")?,
                }
                write!(f, ":\n{error}")
            }
            SweepError::Sensitivity { expected, found } => {
                write!(f, "sensitivity: expected {expected}, found {found}")
            }
        }
    }
}

// The point's scenario error is part of the message, so it is not also a `source`
// (a chain printer would show it twice).
impl std::error::Error for SweepError {}

impl From<SweepError> for crate::error::Error {
    /// Every sweep error is bad input: exit code 2.
    fn from(error: SweepError) -> Self {
        crate::error::Error::BadInput(error.to_string())
    }
}
