//! Which varied keys matter: standardised rank regression coefficients (SRRC).
//!
//! Each sweep point gives one row: the numeric values of the varied keys (inputs) and an
//! output such as `median_net`. Every column is replaced by its ranks (ties get the
//! average of the ranks they span) and standardised to mean 0 and standard deviation 1;
//! the output's standardised ranks are then fitted by least squares on the inputs'. A
//! coefficient near +1 or −1 means the output rises or falls with that key almost
//! alone; near 0, the key hardly moves it. Ranks make the method insensitive to the
//! shape of a monotone effect (`exp(x)` ranks like `x`) and to outliers.
//!
//! The fit's R² says how much of the output's rank variation the keys explain
//! additively. When it is low (below about 0.7 is the usual warning level) the output
//! depends on the keys through interactions or non-monotone effects that a linear fit on
//! ranks cannot see, and the coefficients, and so the ranking, are not trustworthy: read
//! the sweep's curves instead. On a grid the keys are uncorrelated by construction; on a
//! Latin hypercube nearly so, which keeps the coefficients close to the rank
//! correlations.
//!
//! A key that does not vary among the rows used has coefficient 0 (it explains nothing
//! there) and is left out of the fit. Rows whose output or any input is not finite (a
//! NaN statistic, e.g. a median of no members) are dropped first. The least-squares
//! solution uses nalgebra's SVD, which also copes with keys whose ranks are collinear.

use super::design::Point;
use super::error::SweepError;
use nalgebra::{DMatrix, DVector};

/// Standardised rank regression of one output on the varied keys.
#[derive(Clone, Debug, PartialEq)]
pub struct Srrc {
    /// One coefficient per input column, in column order, in [−1, 1] for uncorrelated
    /// inputs; 0 for a column that does not vary.
    pub coefficients: Vec<f64>,
    /// Share of the output's rank variance the fit explains, in [0, 1]; NaN when the
    /// output does not vary (there is nothing to explain). Low R²: see the module docs.
    pub r_squared: f64,
    /// Rows used: those with a finite output and finite inputs.
    pub samples: usize,
}

/// The varied keys ranked by their effect on one output, for a tornado chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranking {
    /// The output's name.
    pub output: String,
    /// The fit's R² (see [`Srrc::r_squared`]).
    pub r_squared: f64,
    /// Rows used.
    pub samples: usize,
    /// `(key, SRRC)`, largest |SRRC| first; ties keep the keys' order.
    pub effects: Vec<(String, f64)>,
}

/// Fits one output on the inputs: `inputs[i]` is row `i` (one value per key), `output[i]`
/// its output.
///
/// Needs, after dropping rows with a non-finite value, at least two more rows than there
/// are varying keys (so that the fit is not exact by construction).
pub fn srrc(inputs: &[Vec<f64>], output: &[f64]) -> Result<Srrc, SweepError> {
    if inputs.len() != output.len() {
        return Err(SweepError::Sensitivity {
            expected: format!("one output per row of inputs ({} rows)", inputs.len()),
            found: format!("{} outputs", output.len()),
        });
    }
    let keys = inputs.first().map_or(0, Vec::len);
    if let Some((row, values)) = inputs.iter().enumerate().find(|(_, r)| r.len() != keys) {
        return Err(SweepError::Sensitivity {
            expected: format!("{keys} inputs in every row"),
            found: format!("{} in row {row}", values.len()),
        });
    }
    let rows: Vec<usize> = (0..output.len())
        .filter(|&i| output[i].is_finite() && inputs[i].iter().all(|x| x.is_finite()))
        .collect();
    let samples = rows.len();
    let column = |j: usize| -> Vec<f64> { rows.iter().map(|&i| inputs[i][j]).collect() };
    let standardised: Vec<Option<Vec<f64>>> =
        (0..keys).map(|j| standardise(&ranks(&column(j)))).collect();
    let varying: Vec<usize> = (0..keys).filter(|&j| standardised[j].is_some()).collect();
    if samples < varying.len() + 2 {
        return Err(SweepError::Sensitivity {
            expected: format!(
                "at least {} points with a finite output for {} varying keys",
                varying.len() + 2,
                varying.len()
            ),
            found: format!("{samples} points"),
        });
    }
    let mut coefficients = vec![0.0; keys];
    let y: Vec<f64> = rows.iter().map(|&i| output[i]).collect();
    let Some(y) = standardise(&ranks(&y)) else {
        return Ok(Srrc {
            coefficients,
            r_squared: f64::NAN,
            samples,
        });
    };
    if varying.is_empty() {
        return Ok(Srrc {
            coefficients,
            r_squared: 0.0,
            samples,
        });
    }
    let x = DMatrix::from_fn(samples, varying.len(), |i, j| {
        standardised[varying[j]].as_ref().map_or(0.0, |c| c[i])
    });
    let y = DVector::from_vec(y);
    let beta = x
        .clone()
        .svd(true, true)
        .solve(&y, 1e-12)
        .map_err(|message| SweepError::Sensitivity {
            expected: "a least-squares fit of the ranks".to_string(),
            found: message.to_string(),
        })?;
    let residual = &y - &x * &beta;
    let r_squared = (1.0 - residual.norm_squared() / y.norm_squared()).clamp(0.0, 1.0);
    for (slot, &j) in varying.iter().enumerate() {
        coefficients[j] = beta[slot];
    }
    Ok(Srrc {
        coefficients,
        r_squared,
        samples,
    })
}

/// For each named output, the keys ranked by |SRRC|, largest first.
pub fn rank_keys(
    keys: &[String],
    inputs: &[Vec<f64>],
    outputs: &[(String, Vec<f64>)],
) -> Result<Vec<Ranking>, SweepError> {
    if let Some(row) = inputs.first().filter(|row| row.len() != keys.len()) {
        return Err(SweepError::Sensitivity {
            expected: format!("{} key names, one per input column", row.len()),
            found: format!("{} names", keys.len()),
        });
    }
    outputs
        .iter()
        .map(|(name, output)| {
            let fit = srrc(inputs, output)?;
            let mut effects: Vec<(String, f64)> =
                keys.iter().cloned().zip(fit.coefficients).collect();
            effects.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
            Ok(Ranking {
                output: name.clone(),
                r_squared: fit.r_squared,
                samples: fit.samples,
                effects,
            })
        })
        .collect()
}

/// The numeric inputs of a design: the keys whose value is a number (or a boolean, as
/// 0 or 1) at every point, in `--vary` order, and one row per point. Keys with text,
/// array or table values have no order and are left out.
pub fn numeric_inputs(points: &[Point]) -> (Vec<String>, Vec<Vec<f64>>) {
    let number = |value: &toml::Value| match value {
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(x) => Some(*x),
        toml::Value::Boolean(b) => Some(if *b { 1.0 } else { 0.0 }),
        _ => None,
    };
    let Some(first) = points.first() else {
        return (Vec::new(), Vec::new());
    };
    let kept: Vec<usize> = (0..first.values.len())
        .filter(|&j| {
            points.iter().all(|p| {
                p.values.get(j).is_some_and(|(key, value)| {
                    *key == first.values[j].0 && number(value).is_some()
                })
            })
        })
        .collect();
    let keys = kept.iter().map(|&j| first.values[j].0.clone()).collect();
    let rows = points
        .iter()
        .map(|p| {
            kept.iter()
                .map(|&j| number(&p.values[j].1).unwrap_or(f64::NAN))
                .collect()
        })
        .collect();
    (keys, rows)
}

/// Ranks from 1, ties given the average of the ranks they span.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start..end hold ranks start + 1 ..= end.
        let average = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = average;
        }
        start = end;
    }
    ranks
}

/// `values` shifted and scaled to mean 0 and standard deviation 1; `None` if constant.
fn standardise(values: &[f64]) -> Option<Vec<f64>> {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    let sd = variance.sqrt();
    (sd > 1e-12 * mean.abs().max(1.0)).then(|| values.iter().map(|v| (v - mean) / sd).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_average_rank() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
        assert_eq!(ranks(&[5.0, 5.0, 5.0]), vec![2.0, 2.0, 2.0]);
    }

    #[test]
    fn a_constant_column_cannot_be_standardised() {
        assert_eq!(standardise(&[2.0, 2.0, 2.0]), None);
        let z = standardise(&[1.0, 2.0, 3.0]).expect("varies");
        assert!((z.iter().sum::<f64>()).abs() < 1e-12);
        assert!((z.iter().map(|v| v * v).sum::<f64>() / 3.0 - 1.0).abs() < 1e-12);
    }
}
