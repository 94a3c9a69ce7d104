//! What `calibrate.html` and its charts are made from, read back from a calibration's
//! output folder (never from the calibration in memory): `summary.json` and the tables
//! `parameters`, `predictive`, `waves` and `posterior` (in either format).

use crate::error::{Error, Result};
use crate::output::document::read_json;
use crate::output::encode::read_table;
use crate::output::encode::record::Cell;
use crate::output::records::calibration::{
    CalibrationSummary, ParameterRow, PosteriorRow, PredictiveRow, WaveRow,
};
use std::path::{Path, PathBuf};

/// A calibration's outputs.
#[derive(Clone, Debug)]
pub struct CalibrationData {
    pub dir: PathBuf,
    pub summary: CalibrationSummary,
    /// One per varied key, in `--vary` order.
    pub parameters: Vec<ParameterRow>,
    /// One per target, in the targets file's order.
    pub predictive: Vec<PredictiveRow>,
    pub waves: Vec<WaveRow>,
    /// The accepted points: weight, and each key's value in `parameters` order.
    pub posterior: Vec<(f64, Vec<f64>)>,
    /// Whether the folder holds `calibrated.toml` (none when nothing was kept).
    pub calibrated: bool,
}

impl CalibrationData {
    /// Reads the calibration written into `dir`.
    pub fn read(dir: &Path) -> Result<CalibrationData> {
        let summary: CalibrationSummary = read_json(
            &dir.join("summary.json"),
            "expected an output folder written by `downline calibrate`",
        )?;
        let parameters: Vec<ParameterRow> = read_table(dir, "parameters")?;
        let predictive: Vec<PredictiveRow> = read_table(dir, "predictive")?;
        let waves: Vec<WaveRow> = read_table(dir, "waves")?;
        let rows: Vec<PosteriorRow> = read_table(dir, "posterior")?;
        let mut posterior = Vec::with_capacity(rows.len());
        for row in rows {
            let values = (parameters.iter())
                .map(|p| {
                    (row.values.0.iter())
                        .find(|(key, _)| *key == p.key)
                        .map(|(_, cell)| number(cell))
                        .ok_or_else(|| {
                            Error::BadInput(format!(
                                "{}: posterior has no column {}",
                                dir.display(),
                                p.key
                            ))
                        })
                })
                .collect::<Result<Vec<f64>>>()?;
            posterior.push((row.weight, values));
        }
        Ok(CalibrationData {
            dir: dir.to_path_buf(),
            summary,
            parameters,
            predictive,
            waves,
            posterior,
            calibrated: dir.join("calibrated.toml").is_file(),
        })
    }

    /// Key `k`'s accepted values with their weights.
    pub fn weighted(&self, k: usize) -> Vec<(f64, f64)> {
        (self.posterior.iter())
            .map(|(w, values)| (values[k], *w))
            .collect()
    }

    /// The weighted Pearson correlation of keys `a` and `b` over the accepted points
    /// (`NaN` with fewer than two points or a key that does not vary).
    pub fn correlation(&self, a: usize, b: usize) -> f64 {
        let total: f64 = self.posterior.iter().map(|(w, _)| w).sum();
        if self.posterior.len() < 2 || total <= 0.0 {
            return f64::NAN;
        }
        let mean =
            |k: usize| -> f64 { self.posterior.iter().map(|(w, v)| w * v[k]).sum::<f64>() / total };
        let (ma, mb) = (mean(a), mean(b));
        let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
        for (w, v) in &self.posterior {
            let (da, db) = (v[a] - ma, v[b] - mb);
            sab += w * da * db;
            saa += w * da * da;
            sbb += w * db * db;
        }
        if saa <= 0.0 || sbb <= 0.0 {
            return f64::NAN;
        }
        sab / (saa * sbb).sqrt()
    }
}

/// A table cell as a number (`NaN` when it is not one).
fn number(cell: &Cell) -> f64 {
    match cell {
        Cell::Int(i) => *i as f64,
        Cell::UInt(u) => *u as f64,
        Cell::Float(x) | Cell::Fixed(x, _) => *x,
        Cell::Untyped(text) | Cell::Text(text) => text.trim().parse().unwrap_or(f64::NAN),
        Cell::Null | Cell::Bool(_) => f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(points: Vec<(f64, Vec<f64>)>) -> CalibrationData {
        CalibrationData {
            dir: PathBuf::new(),
            summary: CalibrationSummary::default(),
            parameters: Vec::new(),
            predictive: Vec::new(),
            waves: Vec::new(),
            posterior: points,
            calibrated: false,
        }
    }

    #[test]
    fn weighted_correlation_follows_the_weights() {
        // Equal weights on a line: +1; a falling line: -1.
        let up = data(vec![
            (1.0, vec![0.0, 1.0]),
            (1.0, vec![1.0, 3.0]),
            (1.0, vec![2.0, 5.0]),
        ]);
        assert!((up.correlation(0, 1) - 1.0).abs() < 1e-12);
        let down = data(vec![(0.2, vec![0.0, 1.0]), (0.8, vec![1.0, 0.0])]);
        assert!((down.correlation(0, 1) + 1.0).abs() < 1e-12);
        // Weights (1, 1, 2) on (0,0), (1,1), (2,0): means x 1.25, y 0.25;
        // cov = [1*(-1.25)(-0.25) + 1*(-0.25)(0.75) + 2*(0.75)(-0.25)] / 4 = -0.25/4,
        // var x = [1.5625 + 0.0625 + 2*0.5625] / 4 = 2.75/4, var y = [0.0625 + 0.5625 +
        // 2*0.0625] / 4 = 0.75/4: r = -0.25 / sqrt(2.75 * 0.75).
        let skew = data(vec![
            (1.0, vec![0.0, 0.0]),
            (1.0, vec![1.0, 1.0]),
            (2.0, vec![2.0, 0.0]),
        ]);
        let expected = -0.25 / (2.75_f64 * 0.75).sqrt();
        assert!((skew.correlation(0, 1) - expected).abs() < 1e-12);
        assert!(data(vec![(1.0, vec![1.0, 1.0])]).correlation(0, 1).is_nan());
        assert!(
            data(vec![(1.0, vec![1.0, 0.0]), (1.0, vec![1.0, 1.0])])
                .correlation(0, 1)
                .is_nan()
        );
    }
}
