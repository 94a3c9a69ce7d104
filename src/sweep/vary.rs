//! One `--vary` argument: a key of the scenario file and the values a sweep gives it.
//!
//! Two forms:
//! - `KEY=LO..HI:STEPS`, a range: STEPS evenly spaced values, both ends included
//!   (`0.1..0.5:5` is 0.1, 0.2, 0.3, 0.4, 0.5). `KEY=LO..HI` without steps is a range
//!   for `--lhs`, which draws values anywhere in it. LO must be below HI: a range is
//!   always written low end first, so that a reversed pair (a typo as often as not) is
//!   caught rather than silently swept backwards.
//! - `KEY=a,b,c`, a list: each item is a TOML value (`0.2`, `1000`, `true`, `"text"`,
//!   `[0.1, 0.05]`, `{ dist = "poisson", mean = 2 }`) or a bare word (`dynamic`),
//!   read as a string. Commas inside quotes, brackets and braces do not split.
//!
//! A range whose ends are both written as integers (`1000..5000:3`) is an integer range:
//! its values are TOML integers (rounded to the nearest whole number when the spacing is
//! not whole), so it fits integer keys such as `market.population`. Write the ends with
//! a decimal point (`0.0..2.0`) for a key that takes fractions. KEY is a dotted path
//! with array indices, as in error messages: `behaviour.quit.base`, `plan.bonus[1].rate`.

use super::error::SweepError;
use crate::input_error::{KeyPath, Segment};
use std::str::FromStr;

/// Integers beyond this are not all exactly representable as `f64`.
const LARGEST_EXACT_INTEGER: u64 = 1 << 53;

/// One `--vary`: a key and its values.
#[derive(Clone, Debug, PartialEq)]
pub struct Vary {
    /// A dotted key path into the scenario file, e.g. `plan.bonus[0].rates`.
    pub key: String,
    /// The values the key takes.
    pub values: Levels,
}

/// The values of one varied key.
#[derive(Clone, Debug, PartialEq)]
pub enum Levels {
    /// `LO..HI[:STEPS]`: `low < high`, both finite.
    Range {
        low: f64,
        high: f64,
        /// Number of grid values, at least 2; `None` for a range sampled by `--lhs`.
        steps: Option<u32>,
        /// Both ends were written as integers: values are whole numbers.
        integer: bool,
    },
    /// `a,b,c`: each value once, in the order given.
    List(Vec<toml::Value>),
}

impl Levels {
    /// The values a grid gives the key, in order; `None` for a range without steps.
    pub fn grid_values(&self) -> Option<Vec<toml::Value>> {
        match *self {
            Levels::List(ref values) => Some(values.clone()),
            Levels::Range {
                low,
                high,
                steps,
                integer,
            } => {
                let steps = steps?;
                let last = steps.saturating_sub(1).max(1);
                let values = (0..steps)
                    .map(|i| {
                        let x = match i {
                            0 => low,
                            i if i == last => high,
                            i => low + (high - low) * f64::from(i) / f64::from(last),
                        };
                        if integer {
                            toml::Value::Integer(x.round() as i64)
                        } else {
                            toml::Value::Float(tidy(x))
                        }
                    })
                    .collect();
                Some(values)
            }
        }
    }
}

/// `x` rounded to 12 significant digits, so that 0.1 + 2 × 0.1 is written 0.3, not
/// 0.30000000000000004.
pub(crate) fn tidy(x: f64) -> f64 {
    format!("{x:.11e}").parse().unwrap_or(x)
}

/// The most points a design may have: every point's scenario and results are held until
/// the sweep ends (a 100,000-point sweep of one run each peaks at 3 to 4 GB), so this
/// is checked before anything is allocated: a key's step count here, the grid's product
/// and `--lhs N` in [`super::design`].
pub const MAX_POINTS: u32 = 100_000;

impl Vary {
    /// Reads one `--vary` argument.
    pub fn parse(argument: &str) -> Result<Vary, SweepError> {
        let fail = |expected: &str, found: String, example: String| SweepError::Vary {
            argument: argument.to_string(),
            expected: expected.to_string(),
            found,
            example,
        };
        let Some((key, values)) = argument.split_once('=') else {
            return Err(fail(
                "KEY=VALUES: a range LO..HI:STEPS or a list a,b,c",
                "no `=`".to_string(),
                "behaviour.join_probability=0.1..0.5:5".to_string(),
            ));
        };
        let key = key.trim();
        let values = values.trim();
        let example_key = if key.is_empty() {
            "behaviour.join_probability"
        } else {
            key
        };
        let Some(path) = key_path(key) else {
            return Err(fail(
                "a dotted key into the scenario file, such as behaviour.quit.base or plan.bonus[1].rate",
                format!("`{key}`"),
                format!("behaviour.quit.base={values}"),
            ));
        };
        let key = path.to_string();
        if values.is_empty() {
            return Err(fail(
                "values after `=`: a range LO..HI:STEPS or a list a,b,c",
                "nothing".to_string(),
                format!("{example_key}=0.1..0.5:5"),
            ));
        }
        let items = split_top_level(values).ok_or_else(|| {
            fail(
                "balanced quotes, brackets and braces",
                format!("`{values}`"),
                format!("{key}=\"text\",[0.1, 0.05]"),
            )
        })?;
        let looks_like_range =
            |item: &str| !item.starts_with(['"', '\'', '[', '{']) && item.contains("..");
        let values = match items.as_slice() {
            [item] if looks_like_range(item) => {
                range(item, &key).map_err(|(e, f, x)| fail(&e, f, x))?
            }
            _ if items.iter().any(|item| looks_like_range(item)) => {
                return Err(fail(
                    "either a range LO..HI:STEPS or a list a,b,c",
                    format!("a range inside a list: `{values}`"),
                    format!("{key}=0.1..0.5:5"),
                ));
            }
            _ => list(&items, &key).map_err(|(e, f, x)| fail(&e, f, x))?,
        };
        Ok(Vary { key, values })
    }
}

impl FromStr for Vary {
    type Err = SweepError;

    fn from_str(argument: &str) -> Result<Self, Self::Err> {
        Vary::parse(argument)
    }
}

/// A dotted key whose names are TOML bare keys (letters, digits, `_`, `-`).
fn key_path(key: &str) -> Option<KeyPath> {
    let path = KeyPath::parse(key)?;
    let bare = |name: &str| {
        name.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    path.0
        .iter()
        .all(|segment| match segment {
            Segment::Key(name) => bare(name),
            Segment::Index(_) => true,
        })
        .then_some(path)
}

/// (expected, found, example) of a bad range or list.
type Problem = (String, String, String);

fn range(text: &str, key: &str) -> Result<Levels, Problem> {
    let problem = |expected: String, found: String, example: String| (expected, found, example);
    let (low_text, rest) = text.split_once("..").unwrap_or((text, ""));
    let (high_text, steps_text) = match rest.rsplit_once(':') {
        Some((high, steps)) => (high, Some(steps.trim())),
        None => (rest, None),
    };
    let (low, low_integer) = number(low_text, "the low end", key)?;
    let (high, high_integer) = number(high_text, "the high end", key)?;
    let integer = low_integer && high_integer;
    let steps_suffix = steps_text.map(|s| format!(":{s}")).unwrap_or_default();
    if low > high {
        return Err(problem(
            "the low end first, LO..HI with LO < HI".to_string(),
            format!("{} > {}", low_text.trim(), high_text.trim()),
            format!(
                "{key}={}..{}{steps_suffix}",
                high_text.trim(),
                low_text.trim()
            ),
        ));
    }
    if low == high {
        return Err(problem(
            "a range LO..HI with LO < HI (for a single value, write KEY=VALUE)".to_string(),
            format!("both ends equal to {}", low_text.trim()),
            format!("{key}={}", low_text.trim()),
        ));
    }
    let steps = match steps_text {
        None => None,
        Some(steps_text) => {
            let steps: u32 = steps_text.parse().map_err(|_| {
                problem(
                    "a whole number of steps after `:` (both ends included)".to_string(),
                    format!("`{steps_text}`"),
                    format!("{key}={}..{}:5", low_text.trim(), high_text.trim()),
                )
            })?;
            if steps > MAX_POINTS {
                return Err(problem(
                    format!(
                        "at most {} steps (a sweep has at most that many points)",
                        MAX_POINTS
                    ),
                    steps.to_string(),
                    format!("{key}={}..{}:100", low_text.trim(), high_text.trim()),
                ));
            }
            if steps < 2 {
                return Err(problem(
                    "at least 2 steps (both ends are included)".to_string(),
                    steps.to_string(),
                    format!("{key}={}..{}:5", low_text.trim(), high_text.trim()),
                ));
            }
            let whole_numbers = high - low + 1.0;
            if integer && f64::from(steps) > whole_numbers {
                return Err(problem(
                    format!(
                        "at most {whole_numbers} steps: the integer range {low}..{high} holds \
                         {whole_numbers} whole numbers (write {low}.0..{high}.0 for a key that \
                         takes fractions)"
                    ),
                    steps.to_string(),
                    format!("{key}={low}.0..{high}.0:{steps}"),
                ));
            }
            Some(steps)
        }
    };
    Ok(Levels::Range {
        low,
        high,
        steps,
        integer,
    })
}

/// A range end: its value and whether it was written as an integer.
fn number(text: &str, which: &str, key: &str) -> Result<(f64, bool), Problem> {
    let text = text.trim();
    let bad = |expected: String| {
        (
            expected,
            if text.is_empty() {
                "nothing".to_string()
            } else {
                format!("`{text}`")
            },
            format!("{key}=0.1..0.5:5"),
        )
    };
    match text.parse::<toml::Value>() {
        Ok(toml::Value::Integer(i)) if i.unsigned_abs() <= LARGEST_EXACT_INTEGER => {
            Ok((i as f64, true))
        }
        Ok(toml::Value::Integer(_)) => Err(bad(format!(
            "{which} of the range within ±2^53 (larger integers are not exact)"
        ))),
        Ok(toml::Value::Float(x)) if x.is_finite() => Ok((x, false)),
        Ok(toml::Value::Float(_)) => Err(bad(format!("a finite number for {which} of the range"))),
        _ => Err(bad(format!(
            "a number for {which} of the range, such as 0.5 or 1000"
        ))),
    }
}

fn list(items: &[&str], key: &str) -> Result<Levels, Problem> {
    let mut values: Vec<toml::Value> = Vec::with_capacity(items.len());
    for (position, item) in items.iter().enumerate() {
        if item.is_empty() {
            return Err((
                "a value between each pair of commas".to_string(),
                format!("an empty value at position {}", position + 1),
                format!("{key}=0.1,0.2,0.3"),
            ));
        }
        let value = match item.parse::<toml::Value>() {
            Ok(value) => value,
            Err(_) if is_bare_word(item) => toml::Value::String(item.to_string()),
            Err(_) => {
                return Err((
                    "TOML values: numbers (0.2, 1000), true or false, words or \"quoted text\", \
                     [arrays] or { inline = tables }"
                        .to_string(),
                    format!("`{item}`"),
                    format!("{key}=0.1,0.2,0.3"),
                ));
            }
        };
        if values.contains(&value) {
            return Err((
                "each value once".to_string(),
                format!("`{item}` twice"),
                format!("{key}={}", dedup(items).join(",")),
            ));
        }
        values.push(value);
    }
    Ok(Levels::List(values))
}

fn dedup<'a>(items: &[&'a str]) -> Vec<&'a str> {
    let mut kept: Vec<&str> = Vec::new();
    for item in items {
        if !kept.contains(item) {
            kept.push(item);
        }
    }
    kept
}

/// A word read as a string without quotes: starts with a letter or `_`, then letters,
/// digits, `_` or `-` (so `1.2.3` or `0.5x` are errors, not strings).
fn is_bare_word(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Splits at commas outside quotes, brackets and braces; trims each item. `None` if
/// the quotes, brackets or braces do not balance.
fn split_top_level(text: &str) -> Option<Vec<&str>> {
    let mut items = Vec::new();
    let mut depth: u32 = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '"' | '\'' => quote = Some(c),
                '[' | '{' => depth += 1,
                ']' | '}' => depth = depth.checked_sub(1)?,
                ',' if depth == 0 => {
                    items.push(text[start..at].trim());
                    start = at + 1;
                }
                _ => {}
            },
        }
    }
    if quote.is_some() || depth != 0 {
        return None;
    }
    items.push(text[start..].trim());
    Some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commas_inside_brackets_and_quotes_do_not_split() {
        assert_eq!(
            split_top_level(r#"[0.1, 0.05], "a,b", { x = 1, y = 2 }"#),
            Some(vec!["[0.1, 0.05]", r#""a,b""#, "{ x = 1, y = 2 }"])
        );
        assert_eq!(split_top_level("[0.1, 0.05"), None);
        assert_eq!(split_top_level("\"open"), None);
    }

    #[test]
    fn integer_ends_beyond_exact_floats_are_refused_without_overflow() {
        let err = Vary::parse("simulation.seed=-9223372036854775808..0:3").expect_err("too large");
        assert!(err.to_string().contains("within ±2^53"), "{err}");
    }

    #[test]
    fn tidy_removes_binary_noise_only() {
        assert_eq!(tidy(0.1 + 0.2), 0.3);
        assert_eq!(tidy(1.0 / 3.0), 0.333333333333);
        assert_eq!(tidy(-2.5e-7), -2.5e-7);
    }
}
