//! How `compare.html` writes a statistic's value, the difference B − A and its
//! interval, in the statistic's own unit ([`Measure`]): shares as percentages and
//! their differences in percentage points ("29 points"), money in dollars, months with
//! one decimal (a mean over runs need not be whole). A difference that rounds to zero
//! has no sign; an undefined number reads "n/a".

use crate::report::kit::html_format::{Format, decimal};
use crate::report::kit::labels::Measure;

/// A side's value of a statistic (its median run's), written as its own report writes
/// it: "71 %", "-$612", "1,234", "12"; an index with two decimals.
pub fn value(measure: Measure, x: f64) -> String {
    match measure {
        Measure::Share => Format::Percent.apply(x),
        Measure::Money => Format::Money.apply(x),
        Measure::MoneyCents => Format::MoneyCents.apply(x),
        Measure::Count | Measure::Months => Format::Count.apply(x),
        _ => number(measure, x),
    }
}

/// A value with its unit, for a sentence: "71 %", "10.8 months".
pub fn value_with_unit(measure: Measure, x: f64) -> String {
    match measure {
        Measure::Months if x.is_finite() => format!("{}{}", value(measure, x), unit(measure)),
        Measure::Hours if x.is_finite() => {
            format!("{}{}", number(measure, x), unit(measure))
        }
        _ => value(measure, x),
    }
}

/// The size of a difference with its unit, without a sign: "29 points", "$120".
pub fn amount(measure: Measure, difference: f64) -> String {
    if !difference.is_finite() {
        return String::from("n/a");
    }
    format!("{}{}", number(measure, difference.abs()), unit(measure))
}

/// A difference with its sign and unit: "+29 points", "-$120".
pub fn signed(measure: Measure, difference: f64) -> String {
    if !difference.is_finite() {
        return String::from("n/a");
    }
    let decimals = decimals(measure, difference.abs());
    format!(
        "{}{}",
        signed_number(measure, difference, decimals),
        unit(measure)
    )
}

/// An interval of a difference, both ends with as many decimals as the larger needs:
/// "+12 to +46 points", "-$40 to +$12", "-1.8 to -0.4 points".
pub fn interval(measure: Measure, [low, high]: [f64; 2]) -> String {
    if !(low.is_finite() && high.is_finite()) {
        return String::from("n/a");
    }
    let decimals = decimals(measure, low.abs().max(high.abs()));
    format!(
        "{} to {}{}",
        signed_number(measure, low, decimals),
        signed_number(measure, high, decimals),
        unit(measure)
    )
}

/// `x` without its unit word, with `decimals` decimals and a sign unless it rounds to
/// zero.
fn signed_number(measure: Measure, x: f64, decimals: usize) -> String {
    let size = number_with(measure, x.abs(), decimals);
    if size == number_with(measure, 0.0, decimals) {
        size
    } else if x < 0.0 {
        format!("-{size}")
    } else {
        format!("+{size}")
    }
}

/// `x` in the unit's number format, without its unit word (shares in percentage
/// points, as differences are), with the decimals its size needs.
fn number(measure: Measure, x: f64) -> String {
    number_with(measure, x, decimals(measure, x.abs()))
}

/// The decimals a number of the size `magnitude` needs: fewer as it grows (shares in
/// percentage points: none from 10, one from 1, two below); money has its own.
fn decimals(measure: Measure, magnitude: f64) -> usize {
    match measure {
        Measure::Share => match 100.0 * magnitude {
            p if p >= 10.0 => 0,
            p if p >= 1.0 => 1,
            _ => 2,
        },
        Measure::Count | Measure::Hours => usize::from(magnitude < 100.0),
        Measure::Months => 1,
        Measure::Index => 2,
        Measure::Money | Measure::MoneyCents => 0,
    }
}

/// `x` in the unit's number format with `decimals` decimals (money ignores them).
fn number_with(measure: Measure, x: f64, decimals: usize) -> String {
    match measure {
        Measure::Share => decimal(100.0 * x, decimals),
        Measure::Money => Format::Money.apply(x),
        Measure::MoneyCents => Format::MoneyCents.apply(x),
        _ => decimal(x, decimals),
    }
}

/// The unit word after a number, with its space.
fn unit(measure: Measure) -> &'static str {
    match measure {
        Measure::Share => " points",
        Measure::Months => " months",
        Measure::Hours => " hours",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_differences_are_in_percentage_points() {
        assert_eq!(value(Measure::Share, 0.46), "46 %");
        assert_eq!(amount(Measure::Share, -0.29), "29 points");
        assert_eq!(signed(Measure::Share, -0.29), "-29 points");
        assert_eq!(signed(Measure::Share, 0.034), "+3.4 points");
        assert_eq!(signed(Measure::Share, 0.00002), "0.00 points");
        assert_eq!(
            interval(Measure::Share, [-0.031, 0.02]),
            "-3.1 to +2.0 points"
        );
    }

    #[test]
    fn money_puts_the_sign_before_the_dollar() {
        assert_eq!(signed(Measure::Money, -120.4), "-$120");
        assert_eq!(signed(Measure::Money, 0.3), "$0");
        assert_eq!(interval(Measure::Money, [-40.0, 12.0]), "-$40 to +$12");
        assert_eq!(value(Measure::Money, -612.0), "-$612");
    }

    #[test]
    fn side_values_are_written_as_the_report_writes_them_and_differences_keep_decimals() {
        // A side's value is its median run's, whole like the report's.
        assert_eq!(value(Measure::Months, 10.84), "11");
        assert_eq!(value_with_unit(Measure::Months, 10.84), "11 months");
        assert_eq!(value(Measure::Count, 5123.4), "5,123");
        assert_eq!(value(Measure::Count, 12.5), "13");
        // A difference of means keeps what a mean needs.
        assert_eq!(signed(Measure::Months, 3.2), "+3.2 months");
        assert_eq!(signed(Measure::Count, 12.25), "+12.3");
        assert_eq!(value(Measure::Index, 0.912), "0.91");
        assert_eq!(interval(Measure::Count, [f64::NAN, 1.0]), "n/a");
        assert_eq!(interval(Measure::Count, [-201.7, 72.7]), "-202 to +73");
        assert_eq!(
            interval(Measure::Share, [-0.0178, -0.0037]),
            "-1.8 to -0.4 points"
        );
    }
}
