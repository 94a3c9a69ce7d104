//! Range checks shared by the plan's validation: each turns an impossible number into a
//! [`ConfigError`] at the exact key that holds it, so a plan designer reads
//! `plan.bonus[0].rates[2]: expected a rate >= 0, found -0.03` instead of a wrong payout.

use crate::input_error::{ConfigError, KeyPath};

/// Slack for sums of decimal rates (0.1 + 0.2 + 0.7 is not exactly 1 in binary).
pub const SUM_SLACK: f64 = 1e-9;

/// The largest volume or amount a plan may name (a trillion): far above any real
/// threshold, low enough that no sum of a plan's pay can overflow.
pub const MAX_VALUE: f64 = 1e12;

/// The most levels (or generations) a list of rates may have.
pub const MAX_LEVELS: usize = 100;

/// A number from 0 to [`MAX_VALUE`] (a volume, an amount).
pub fn non_negative(x: f64, path: &KeyPath) -> Result<f64, ConfigError> {
    if (0.0..=MAX_VALUE).contains(&x) {
        Ok(x)
    } else {
        Err(ConfigError::value(
            path.clone(),
            "a number from 0 to 1,000,000,000,000",
            x,
        ))
    }
}

/// A share in (0, 1].
pub fn share_above_zero(x: f64, path: &KeyPath) -> Result<f64, ConfigError> {
    if x > 0.0 && x <= 1.0 {
        Ok(x)
    } else {
        Err(ConfigError::value(
            path.clone(),
            "a share greater than 0 and at most 1",
            x,
        ))
    }
}

/// A share in [0, 1).
pub fn share_below_one(x: f64, path: &KeyPath) -> Result<f64, ConfigError> {
    if (0.0..1.0).contains(&x) {
        Ok(x)
    } else {
        Err(ConfigError::value(
            path.clone(),
            "a share at least 0 and less than 1",
            x,
        ))
    }
}

/// One rate in [0, 1].
pub fn rate(x: f64, path: &KeyPath) -> Result<f64, ConfigError> {
    if (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(ConfigError::value(
            path.clone(),
            "a rate between 0 and 1",
            x,
        ))
    }
}

/// A non-empty list of rates in [0, 1] whose sum is at most 1: a plan cannot promise
/// more than the whole volume it pays on.
pub fn rates(rates: &[f64], path: &KeyPath) -> Result<Vec<f64>, ConfigError> {
    if rates.is_empty() {
        return Err(ConfigError::value(
            path.clone(),
            "at least one rate",
            "an empty list",
        ));
    }
    if rates.len() > MAX_LEVELS {
        return Err(ConfigError::value(
            path.clone(),
            "at most 100 rates (levels)",
            format!("{} rates", rates.len()),
        ));
    }
    for (i, &x) in rates.iter().enumerate() {
        rate(x, &path.index(i))?;
    }
    let sum: f64 = rates.iter().sum();
    if sum > 1.0 + SUM_SLACK {
        return Err(ConfigError::value(
            path.clone(),
            "rates whose sum is at most 1",
            format!("a sum of {sum}"),
        )
        .with_help("a plan cannot pay out more than the volume it pays on"));
    }
    Ok(rates.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> KeyPath {
        KeyPath::parse("plan.bonus[0].rates").unwrap()
    }

    #[test]
    fn a_negative_rate_is_reported_at_its_index() {
        let err = rates(&[0.1, 0.05, -0.03], &at()).unwrap_err();
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates[2]");
        assert_eq!(err.found, "-0.03");
    }

    #[test]
    fn rates_summing_above_one_are_reported_at_the_list() {
        let err = rates(&[0.6, 0.5], &at()).unwrap_err();
        assert_eq!(err.path.to_string(), "plan.bonus[0].rates");
        assert!(err.expected.contains("sum is at most 1"));
        assert!(rates(&[0.1, 0.2, 0.7], &at()).is_ok());
    }

    #[test]
    fn nan_and_infinity_are_not_volumes() {
        assert!(non_negative(f64::NAN, &at()).is_err());
        assert!(non_negative(f64::INFINITY, &at()).is_err());
        assert!(share_above_zero(0.0, &at()).is_err());
        assert!(share_below_one(1.0, &at()).is_err());
    }
}
