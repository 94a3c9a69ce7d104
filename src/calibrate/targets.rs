//! A targets file: what a calibration should reproduce, one `[[target]]` table per
//! statistic.
//!
//! ```toml
//! [[target]]
//! statistic = "ids_share_zero_pay"   # any per-run statistic of `runs.csv`
//! value = 0.72                       # the reported figure ...
//! sigma = 0.02                       # ... and its standard deviation
//!
//! [[target]]
//! statistic = "annual_quit_share"
//! low = 0.40                         # or a range, read as centre +- half-width = 3 sd
//! high = 0.80
//! discrepancy = 0.02                 # optional: model discrepancy sd (default 0)
//! ```
//!
//! A target's *range* is `[low, high]` when given so, and `value +- 3 sigma` otherwise;
//! the predictive check counts the runs inside it.

use crate::ensemble::run_statistics::NAMES;
use crate::input_error::{ConfigError, KeyPath, did_you_mean};

/// One validated target.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The statistic's name, one of [`NAMES`].
    pub statistic: &'static str,
    /// Its index in [`NAMES`] (and in `RunStatistics::values`).
    pub index: usize,
    /// The reported value (the centre of a range).
    pub value: f64,
    /// Its standard deviation (a range's half-width / 3).
    pub sigma: f64,
    /// Model discrepancy standard deviation.
    pub discrepancy: f64,
    /// The target range: `[low, high]`, or `value +- 3 sigma`.
    pub low: f64,
    pub high: f64,
}

const KEYS: [&str; 6] = ["statistic", "value", "sigma", "low", "high", "discrepancy"];

/// Validates a parsed targets file. Errors name the key (`target[2].sigma`).
pub fn parse(table: &toml::Table) -> Result<Vec<Target>, ConfigError> {
    let root = KeyPath::root();
    for key in table.keys() {
        if key != "target" {
            return Err(ConfigError::unknown_key(root.key(key), &["target"]));
        }
    }
    let Some(list) = table.get("target") else {
        return Err(ConfigError::missing(root, "target")
            .with_help("add one `[[target]]` table per statistic to fit"));
    };
    let Some(list) = list.as_array() else {
        return Err(ConfigError::value(
            root.key("target"),
            "a list of target tables (`[[target]]`)",
            "another value",
        ));
    };
    if list.is_empty() {
        return Err(ConfigError::value(
            root.key("target"),
            "at least one target",
            "none",
        ));
    }
    let mut targets: Vec<Target> = Vec::with_capacity(list.len());
    for (k, item) in list.iter().enumerate() {
        let at = root.key("target").index(k);
        let target = one(item, &at)?;
        if targets.iter().any(|t| t.statistic == target.statistic) {
            return Err(ConfigError::value(
                at.key("statistic"),
                "a statistic no other target has",
                format!("`{}` a second time", target.statistic),
            ));
        }
        targets.push(target);
    }
    Ok(targets)
}

fn one(item: &toml::Value, at: &KeyPath) -> Result<Target, ConfigError> {
    let Some(table) = item.as_table() else {
        return Err(ConfigError::value(
            at.clone(),
            "a target table",
            "another value",
        ));
    };
    for key in table.keys() {
        if !KEYS.contains(&key.as_str()) {
            return Err(ConfigError::unknown_key(at.key(key), &KEYS));
        }
    }
    let statistic = match table.get("statistic") {
        None => return Err(ConfigError::missing(at.clone(), "statistic")),
        Some(toml::Value::String(name)) => name,
        Some(other) => {
            return Err(ConfigError::value(
                at.key("statistic"),
                "a statistic's name as text",
                other,
            ));
        }
    };
    let Some(index) = NAMES.iter().position(|n| n == statistic) else {
        let error = ConfigError::value(
            at.key("statistic"),
            "the name of a per-run statistic (a column of runs.csv)",
            format!("`{statistic}`"),
        );
        return Err(match did_you_mean(statistic, NAMES.iter().copied()) {
            Some(help) => error.with_help(help),
            None => error.with_help("README's output reference lists the statistics"),
        });
    };
    let number = |key: &str| -> Result<Option<f64>, ConfigError> {
        match table.get(key) {
            None => Ok(None),
            Some(toml::Value::Float(x)) if x.is_finite() => Ok(Some(*x)),
            Some(toml::Value::Integer(i)) => Ok(Some(*i as f64)),
            Some(other) => Err(ConfigError::value(at.key(key), "a finite number", other)),
        }
    };
    let discrepancy = number("discrepancy")?.unwrap_or(0.0);
    if discrepancy < 0.0 {
        return Err(ConfigError::value(
            at.key("discrepancy"),
            "a standard deviation of at least 0",
            discrepancy,
        ));
    }
    let (value, sigma, low, high) = match (
        number("value")?,
        number("sigma")?,
        number("low")?,
        number("high")?,
    ) {
        (Some(value), Some(sigma), None, None) => {
            if sigma <= 0.0 {
                return Err(ConfigError::value(
                    at.key("sigma"),
                    "a standard deviation greater than 0",
                    sigma,
                ));
            }
            (value, sigma, value - 3.0 * sigma, value + 3.0 * sigma)
        }
        (None, None, Some(low), Some(high)) => {
            if low >= high {
                return Err(ConfigError::value(
                    at.key("high"),
                    format!("a high end above low = {low}"),
                    high,
                )
                .with_help(
                    "a range is written low end first; for one exact value use `value` and `sigma`",
                ));
            }
            ((low + high) / 2.0, (high - low) / 6.0, low, high)
        }
        (_, _, Some(_), _) | (_, _, _, Some(_))
            if table.contains_key("value") || table.contains_key("sigma") =>
        {
            return Err(ConfigError::value(
                at.clone(),
                "either `value` and `sigma`, or `low` and `high`",
                "both kinds",
            ));
        }
        (Some(_), None, _, _) => return Err(ConfigError::missing(at.clone(), "sigma")),
        (None, Some(_), _, _) => return Err(ConfigError::missing(at.clone(), "value")),
        (None, None, Some(_), None) => return Err(ConfigError::missing(at.clone(), "high")),
        (None, None, None, Some(_)) => return Err(ConfigError::missing(at.clone(), "low")),
        _ => {
            return Err(ConfigError::missing(at.clone(), "value")
                .with_help("give `value` and `sigma`, or `low` and `high`"));
        }
    };
    Ok(Target {
        statistic: NAMES[index],
        index,
        value,
        sigma,
        discrepancy,
        low,
        high,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Result<Vec<Target>, ConfigError> {
        parse(&toml::from_str(text).expect("TOML"))
    }

    #[test]
    fn a_value_with_sigma_and_a_range_are_both_targets() {
        let t = targets(
            "[[target]]\nstatistic = \"payout_ratio\"\nvalue = 0.4\nsigma = 0.02\n\
             [[target]]\nstatistic = \"annual_quit_share\"\nlow = 0.4\nhigh = 0.8\ndiscrepancy = 0.01\n",
        )
        .unwrap();
        assert_eq!(t[0].statistic, "payout_ratio");
        assert_eq!(NAMES[t[0].index], "payout_ratio");
        assert!((t[0].low - 0.34).abs() < 1e-12 && (t[0].high - 0.46).abs() < 1e-12);
        assert!((t[1].value - 0.6).abs() < 1e-12);
        assert!((t[1].sigma - 0.4 / 6.0).abs() < 1e-12);
        assert_eq!(t[1].discrepancy, 0.01);
    }

    #[test]
    fn bad_targets_name_their_key() {
        let error = |text: &str| targets(text).unwrap_err();
        let e = error("[[target]]\nstatistic = \"payout_ration\"\nvalue = 1\nsigma = 1\n");
        assert_eq!(e.path.to_string(), "target[0].statistic");
        assert_eq!(e.help.as_deref(), Some("did you mean `payout_ratio`?"));
        let e = error("[[target]]\nstatistic = \"payout_ratio\"\nvalue = 1\nsigma = 0\n");
        assert_eq!(e.path.to_string(), "target[0].sigma");
        let e = error("[[target]]\nstatistic = \"payout_ratio\"\nlow = 0.5\nhigh = 0.4\n");
        assert_eq!(e.path.to_string(), "target[0].high");
        let e = error("[[target]]\nstatistic = \"payout_ratio\"\nvalue = 0.5\n");
        assert_eq!(e.expected, "a key `sigma`");
        let e = error(
            "[[target]]\nstatistic = \"payout_ratio\"\nvalue = 0.5\nsigma = 0.1\nlow = 0.1\n",
        );
        assert_eq!(e.found, "both kinds");
        let e = error("[[targets]]\nstatistic = \"payout_ratio\"\n");
        assert_eq!(e.path.to_string(), "targets");
        let e = error(
            "[[target]]\nstatistic = \"payout_ratio\"\nvalue = 1\nsigma = 1\n\
             [[target]]\nstatistic = \"payout_ratio\"\nvalue = 1\nsigma = 1\n",
        );
        assert_eq!(e.path.to_string(), "target[1].statistic");
    }
}
