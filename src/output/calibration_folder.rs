//! The files of a calibration's output folder: `summary.json`, the tables `posterior`,
//! `parameters`, `predictive` and `waves` (in the chosen format), `scenario.toml` (the
//! scenario's bytes as given) and `calibrated.toml` (the scenario with the posterior
//! medians written in place, comments and layout kept, under a header saying how it was
//! fitted).

use super::atomic::write_atomically;
use super::document::write_json;
use super::encode::{Encoder, write_table};
use super::records::calibration::{
    CalibrationSummary, ParameterRow, PredictiveRow, posterior_rows, wave_rows,
};
use super::run_folder::write_scenario;
use crate::calibrate::Calibration;
use crate::calibrate::summary::{parameters, predictive};
use crate::error::Result;
use crate::scenario::Scenario;
use std::path::Path;

/// Writes a calibration's files into `dir` (which exists), each atomically.
/// `calibrated` is the scenario at the posterior medians (its `source` is the file's
/// text with those values written in), `command` the command line that reproduces it.
pub fn write_calibration(
    dir: &Path,
    calibration: &Calibration,
    summary: &CalibrationSummary,
    base: &Scenario,
    calibrated: Option<&Scenario>,
    command: &str,
    encoder: &dyn Encoder,
) -> Result<()> {
    write_json(&dir.join("summary.json"), summary)?;
    write_table(dir, "posterior", encoder, posterior_rows(calibration))?;
    let parameters = parameters(calibration);
    write_table(
        dir,
        "parameters",
        encoder,
        parameters.iter().map(ParameterRow::of),
    )?;
    write_table(
        dir,
        "predictive",
        encoder,
        predictive(calibration).iter().map(PredictiveRow::of),
    )?;
    write_table(dir, "waves", encoder, wave_rows(calibration))?;
    write_scenario(dir, base)?;
    if let Some(calibrated) = calibrated {
        let mut header = format!(
            "# Calibrated by downline {} from {} to the targets in {}\n\
             # (history matching: {} waves, {} points run, {} kept; {}).\n\
             # The varied keys below hold their posterior medians:\n",
            summary.version,
            summary.scenario_file,
            summary.targets_file,
            summary.waves_run,
            summary.points_run,
            summary.points_kept,
            summary.stopped,
        );
        for p in &parameters {
            header.push_str(&format!(
                "#   {} = {} (90 % interval {} to {}, prior {} to {})\n",
                p.key, p.median, p.q05, p.q95, p.prior_low, p.prior_high
            ));
        }
        header.push_str(&format!("# Reproduce: {command}\n\n"));
        // An editor's `#:schema` line stays the file's first line.
        let source = calibrated.source.as_str();
        let (schema_line, rest) = match source.split_once('\n') {
            Some((first, rest)) if first.starts_with("#:schema ") => {
                (&source[..=first.len()], rest)
            }
            _ => ("", source),
        };
        write_atomically(&dir.join("calibrated.toml"), |w| {
            w.write_all(schema_line.as_bytes())?;
            w.write_all(header.as_bytes())?;
            w.write_all(rest.as_bytes())?;
            Ok(())
        })?;
    }
    Ok(())
}
