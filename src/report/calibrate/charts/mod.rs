//! The charts of `calibrate.html`, each written as PNG and SVG into `charts/`:
//! `predictive` (every target against the simulated band), `marginals` (each key's
//! posterior against its prior) and `pairs` (the accepted points two keys at a time,
//! with their correlations; only with two keys or more). With no accepted point only
//! `predictive` can be drawn, and it is not either when there is nothing to show.

mod marginals;
mod pairs;
mod predictive;

pub use pairs::STRONG;
pub use predictive::verdict_colour;

use crate::report::calibrate::data::CalibrationData;
use crate::report::kit::chart::{Chart, render};
use anyhow::Result;

/// Every chart the calibration has data for, in page order.
pub fn charts(data: &CalibrationData) -> Result<Vec<Chart>> {
    let mut charts = Vec::new();
    if !data.posterior.is_empty() {
        if let Some(figure) = predictive::Predictive::new(&data.predictive) {
            charts.push(render("predictive", &figure)?);
        }
    }
    if let Some(figure) = marginals::Marginals::new(data) {
        charts.push(render("marginals", &figure)?);
    }
    if let Some(figure) = pairs::Pairs::new(data) {
        charts.push(render("pairs", &figure)?);
    }
    Ok(charts)
}

/// A dotted key without its top-level table, for a panel heading:
/// `behaviour.kind[1].recruit_pitches.median` -> `kind[1].recruit_pitches.median`.
pub fn short_key(key: &str) -> String {
    match key.split_once('.') {
        Some((_, rest)) if !rest.is_empty() => rest.to_string(),
        _ => key.to_string(),
    }
}
