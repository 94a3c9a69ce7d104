//! Checking every point of a sweep before any run starts.
//!
//! A sweep may run for hours; a value that makes one point invalid (a probability of 1.5
//! at the last step of a range, a population below the file's founders) should stop it
//! at once, not when that point's turn comes. Each point's values are set in the file
//! and the result validated exactly as `downline run` would, with no simulation.

use super::design::Point;
use super::error::SweepError;
use crate::scenario::{Overrides, ScenarioSource};

/// Validates the scenario with each point's values; the first invalid point is reported
/// with its index, its values and the scenario's error (naming the key), and with how
/// many other points fail.
pub fn check_points(
    base: &ScenarioSource,
    overrides: Overrides,
    points: &[Point],
) -> Result<(), SweepError> {
    let mut first = None;
    let mut others = 0;
    for point in points {
        if let Err(error) = base.scenario(overrides, &point.values) {
            match first {
                None => first = Some((point, error)),
                Some(_) => others += 1,
            }
        }
    }
    match first {
        None => Ok(()),
        Some((point, error)) => Err(SweepError::Point {
            index: point.index,
            label: point.label(),
            error: Box::new(error),
            others,
        }),
    }
}
