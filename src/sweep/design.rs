//! The points of a sweep: which values each varied key takes at each point.
//!
//! A [`grid`] is every combination of the keys' values, in a stable order: the first
//! `--vary` changes slowest, the last fastest, like nested loops written in argument
//! order. A [`latin_hypercube`] spreads `n` points over the ranges instead: each key's
//! range is cut into `n` equal strata and every stratum is used exactly once, so each
//! key is covered evenly with far fewer points than a grid. The design depends on the
//! arguments and the seed only, never on a clock or a thread.

use super::error::SweepError;
use super::vary::{Levels, Vary};
use crate::input_error::KeyPath;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

pub use super::vary::MAX_POINTS;

/// How the design's generator is named in outputs: the Latin hypercube is drawn from
/// this generator seeded with the sweep's seed, in the order documented at
/// [`latin_hypercube`].
pub const GENERATOR: &str = "Xoshiro256PlusPlus (rand_xoshiro 0.8), state = SplitMix64(seed)";

/// One point of a sweep: the values its run sets in the scenario file.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Position in the design, from 0.
    pub index: u32,
    /// `(key, value)` for each varied key, in `--vary` order; ready for
    /// [`crate::scenario::Scenario::load_with`].
    pub values: Vec<(String, toml::Value)>,
}

impl Point {
    /// The point's values as `key=value, key=value` (values as TOML writes them), e.g.
    /// `behaviour.join_probability=0.2, product.entry_fee=99`.
    pub fn label(&self) -> String {
        let parts: Vec<String> = self
            .values
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect();
        parts.join(", ")
    }
}

/// Every combination of the keys' values, first key slowest, last key fastest.
///
/// Each range needs a step count (`KEY=LO..HI:STEPS`); the number of points is the
/// product of the keys' value counts, at most [`MAX_POINTS`].
pub fn grid(varies: &[Vary]) -> Result<Vec<Point>, SweepError> {
    check_keys(varies)?;
    let mut levels = Vec::with_capacity(varies.len());
    for vary in varies {
        let values = vary
            .values
            .grid_values()
            .ok_or_else(|| SweepError::Design {
                expected: "a step count for every range of a grid, KEY=LO..HI:STEPS".to_string(),
                found: format!("`{}` without steps", vary.key),
                help: Some("add :STEPS (e.g. :5), or sample the range with --lhs N".to_string()),
            })?;
        if values.is_empty() {
            return Err(SweepError::Design {
                expected: "at least one value for each varied key".to_string(),
                found: format!("no values for `{}`", vary.key),
                help: None,
            });
        }
        levels.push(values);
    }
    let total = levels
        .iter()
        .try_fold(1u32, |total, values| {
            u32::try_from(values.len())
                .ok()
                .and_then(|len| total.checked_mul(len))
        })
        .filter(|&total| total <= MAX_POINTS)
        .ok_or_else(|| {
            let counts: Vec<String> = levels.iter().map(|v| v.len().to_string()).collect();
            SweepError::Design {
                expected: format!("at most {MAX_POINTS} grid points"),
                found: format!("{} points", counts.join(" × ")),
                help: Some("use fewer steps, or a Latin hypercube (--lhs N)".to_string()),
            }
        })?;
    let points = (0..total)
        .map(|index| {
            let mut digits = vec![0usize; levels.len()];
            let mut rest = index as usize;
            for (digit, values) in digits.iter_mut().zip(&levels).rev() {
                *digit = rest % values.len();
                rest /= values.len();
            }
            let values = varies
                .iter()
                .zip(&levels)
                .zip(digits)
                .map(|((vary, values), digit)| (vary.key.clone(), values[digit].clone()))
                .collect();
            Point { index, values }
        })
        .collect();
    Ok(points)
}

/// `n` points of a Latin hypercube, drawn from [`GENERATOR`] seeded with `seed`.
///
/// For each key, in `--vary` order: a random permutation `p` of the strata `0..n`
/// (Fisher-Yates, from the last position down), then for a range `n` uniform draws
/// `u_j` in [0, 1). Point `j` takes stratum `s = p[j]`:
/// - a real range [low, high] takes `low + (high − low) × (s + u_j) / n`, so each of the
///   `n` equal strata holds exactly one point;
/// - an integer range is stratified over [low − ½, high + ½) and rounded to the nearest
///   whole number, so every integer from low to high is equally likely;
/// - a list of `m` values takes value `⌊s × m / n⌋`: each value at ⌊n/m⌋ or ⌈n/m⌉ points.
///
/// Ranges must be written without steps (`KEY=LO..HI`).
pub fn latin_hypercube(varies: &[Vary], n: u32, seed: u64) -> Result<Vec<Point>, SweepError> {
    check_keys(varies)?;
    if n == 0 || n > MAX_POINTS {
        return Err(SweepError::Design {
            expected: format!("a Latin hypercube of 1 to {MAX_POINTS} points"),
            found: format!("--lhs {n}"),
            help: None,
        });
    }
    for vary in varies {
        match &vary.values {
            Levels::Range {
                steps: Some(steps), ..
            } => {
                return Err(SweepError::Design {
                    expected: "ranges without steps for --lhs, KEY=LO..HI: a Latin hypercube \
                               draws each value within its stratum"
                        .to_string(),
                    found: format!("`{}` with {steps} steps", vary.key),
                    help: Some("drop :STEPS, or sweep a grid without --lhs".to_string()),
                });
            }
            Levels::List(values) if values.is_empty() => {
                return Err(SweepError::Design {
                    expected: "at least one value for each varied key".to_string(),
                    found: format!("no values for `{}`", vary.key),
                    help: None,
                });
            }
            _ => {}
        }
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let count = n as usize;
    let columns: Vec<Vec<toml::Value>> = varies
        .iter()
        .map(|vary| {
            let strata = permutation(&mut rng, count);
            match &vary.values {
                Levels::Range {
                    low, high, integer, ..
                } => strata
                    .iter()
                    .map(|&s| {
                        let u = unit(&mut rng);
                        if *integer {
                            let x = stratified(low - 0.5, high + 0.5, s, u, count);
                            let whole = (x + 0.5).floor().clamp(*low, *high);
                            toml::Value::Integer(whole as i64)
                        } else {
                            toml::Value::Float(stratified(*low, *high, s, u, count))
                        }
                    })
                    .collect(),
                Levels::List(values) => strata
                    .iter()
                    .map(|&s| values[s * values.len() / count].clone())
                    .collect(),
            }
        })
        .collect();
    let points = (0..n)
        .map(|index| Point {
            index,
            values: varies
                .iter()
                .zip(&columns)
                .map(|(vary, column)| (vary.key.clone(), column[index as usize].clone()))
                .collect(),
        })
        .collect();
    Ok(points)
}

/// A point of stratum `s` of `n` equal strata of [low, high], at `u` ∈ [0, 1) within it.
fn stratified(low: f64, high: f64, s: usize, u: f64, n: usize) -> f64 {
    let x = low + (high - low) * ((s as f64 + u) / n as f64);
    x.clamp(low, high)
}

/// A uniformly random permutation of `0..n` (Fisher-Yates).
fn permutation(rng: &mut Xoshiro256PlusPlus, n: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = below(rng, i as u64 + 1) as usize;
        order.swap(i, j);
    }
    order
}

/// A uniform integer in `0..bound` (`bound` ≥ 1): Lemire's multiply-and-reject, written
/// here so that the design depends on the generator's raw output only.
fn below(rng: &mut Xoshiro256PlusPlus, bound: u64) -> u64 {
    let threshold = bound.wrapping_neg() % bound;
    loop {
        let product = u128::from(rng.next_u64()) * u128::from(bound);
        if (product as u64) >= threshold {
            return (product >> 64) as u64;
        }
    }
}

/// A uniform float in [0, 1) from the top 53 bits of one output.
fn unit(rng: &mut Xoshiro256PlusPlus) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// At least one key; no key varied twice, nor a key together with a table or array
/// that holds it (their order would decide which value wins); every range finite with
/// its low end below its high end (as [`Vary::parse`] makes them).
fn check_keys(varies: &[Vary]) -> Result<(), SweepError> {
    if varies.is_empty() {
        return Err(SweepError::Design {
            expected: "at least one --vary KEY=VALUES".to_string(),
            found: "none".to_string(),
            help: Some("e.g. --vary behaviour.join_probability=0.1..0.5:5".to_string()),
        });
    }
    let mut paths: Vec<(&str, KeyPath)> = Vec::with_capacity(varies.len());
    for vary in varies {
        let path = KeyPath::parse(&vary.key).ok_or_else(|| SweepError::Design {
            expected: "a dotted key such as behaviour.quit.base".to_string(),
            found: format!("`{}`", vary.key),
            help: None,
        })?;
        for (other, other_path) in &paths {
            if path.0.starts_with(&other_path.0) || other_path.0.starts_with(&path.0) {
                let found = if path == *other_path {
                    format!("`{}` twice", vary.key)
                } else {
                    format!("`{other}` and `{}`, one inside the other", vary.key)
                };
                return Err(SweepError::Design {
                    expected: "each key varied once".to_string(),
                    found,
                    help: Some("merge their values into one --vary".to_string()),
                });
            }
        }
        paths.push((&vary.key, path));
        if let Levels::Range { low, high, .. } = vary.values {
            if !(low.is_finite() && high.is_finite() && low < high) {
                return Err(SweepError::Design {
                    expected: "a range LO..HI with finite ends and LO < HI".to_string(),
                    found: format!("`{}` from {low} to {high}", vary.key),
                    help: None,
                });
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reversed_or_infinite_range_is_refused_not_clamped() {
        for (low, high) in [(1.0, 0.0), (0.0, f64::INFINITY), (f64::NAN, 1.0)] {
            let vary = Vary {
                key: "product.entry_fee".into(),
                values: Levels::Range {
                    low,
                    high,
                    steps: None,
                    integer: false,
                },
            };
            assert!(latin_hypercube(&[vary], 5, 1).is_err());
        }
    }

    #[test]
    fn below_stays_below_its_bound_and_reaches_every_value() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            let x = below(&mut rng, 7);
            seen[x as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn permutations_hold_every_index_once() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut p = permutation(&mut rng, 50);
        p.sort_unstable();
        assert_eq!(p, (0..50).collect::<Vec<_>>());
    }
}
