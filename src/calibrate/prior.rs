//! The prior of a calibration: each varied key uniform on its `--vary KEY=LO..HI` range.
//!
//! Points are handled in unit coordinates `u` in `[0, 1]^d` (the prior is uniform there)
//! and turned into values only to build a scenario: `x = low + u (high - low)`; an
//! integer range (both ends written as integers) is spread over `[low - 1/2, high + 1/2)`
//! and rounded, so every whole number in it is equally likely, as in `sweep --lhs`.

use crate::error::{Error, Result};
use crate::sweep::vary::{Levels, Vary, tidy};

/// One varied key and its prior range.
#[derive(Clone, Debug, PartialEq)]
pub struct Prior {
    /// The dotted key, as given to `--vary`.
    pub key: String,
    pub low: f64,
    pub high: f64,
    /// Whole numbers only (both ends written as integers).
    pub integer: bool,
}

impl Prior {
    /// The priors of `--vary` arguments: ranges without steps, at least one, keys not
    /// repeated and not `simulation.*` (runs, seed and months are the calibration's own).
    pub fn parse(arguments: &[String]) -> Result<Vec<Prior>> {
        if arguments.is_empty() {
            return Err(Error::BadInput(
                "calibrate: give at least one --vary KEY=LO..HI, the keys to fit and their \
                 prior ranges"
                    .into(),
            ));
        }
        let mut priors: Vec<Prior> = Vec::with_capacity(arguments.len());
        for argument in arguments {
            let vary = Vary::parse(argument)?;
            let prior = match vary.values {
                Levels::Range {
                    low,
                    high,
                    steps: None,
                    integer,
                } => Prior {
                    key: vary.key,
                    low,
                    high,
                    integer,
                },
                _ => {
                    return Err(Error::BadInput(format!(
                        "--vary {argument}: expected a range KEY=LO..HI without steps (a \
                         calibration draws values anywhere in it), found {}",
                        if argument.contains(':') {
                            "steps"
                        } else {
                            "a list of values"
                        }
                    )));
                }
            };
            if prior.key.starts_with("simulation.") {
                return Err(Error::BadInput(format!(
                    "--vary {argument}: simulation.* keys cannot be fitted (use --runs, --seed, \
                     --months)"
                )));
            }
            if priors.iter().any(|p| p.key == prior.key) {
                return Err(Error::BadInput(format!(
                    "--vary {argument}: `{}` is varied twice",
                    prior.key
                )));
            }
            priors.push(prior);
        }
        Ok(priors)
    }

    /// The value at unit coordinate `u` (in `[0, 1]`).
    pub fn value(&self, u: f64) -> f64 {
        if self.integer {
            let x = (self.low - 0.5) + u * (self.high - self.low + 1.0);
            x.round().clamp(self.low, self.high)
        } else {
            self.low + u * (self.high - self.low)
        }
    }

    /// A value as the scenario file takes it.
    pub fn toml(&self, x: f64) -> toml::Value {
        if self.integer {
            toml::Value::Integer(x.round() as i64)
        } else {
            toml::Value::Float(tidy(x))
        }
    }

    /// The width of the range.
    pub fn width(&self) -> f64 {
        self.high - self.low
    }
}
