//! Chart axes whose ticks are chosen here rather than by plotters: round steps (months
//! in years when the run is long), money on a log or symmetric-log axis with a tick at
//! every power of ten, named categories, and labels in the report's number format
//! ([`super::format`]).
//!
//! A [`Scale`] is a plotters coordinate ([`Ranged`]) over plain `f64` data: it warps the
//! values itself (log, symmetric log), so series are drawn in data units and the tick
//! labels read data units. Values outside the range are pinned to its edge.

use crate::report::kit::format;
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};
use std::ops::Range;

/// What an axis measures, which decides its tick steps and labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Dollars.
    Money,
    /// A share, labelled as a percentage (0.2 reads "20 %").
    Percent,
    /// People or events.
    Count,
    /// Months; steps of 12 on long runs.
    Months,
}

impl Unit {
    fn label(self, x: f64, step: f64) -> String {
        match self {
            Unit::Money => format::money_tick(x, step),
            Unit::Percent => format::percent_tick(x, step),
            Unit::Count | Unit::Months => format::count_tick(x, step),
        }
    }

    /// The smallest round step (1, 2, 2.5 or 5 times a power of ten; months by the
    /// quarter, half year or year) that cuts `span` into at most `intervals` pieces.
    fn step(self, span: f64, intervals: f64) -> f64 {
        let wanted = span / intervals;
        if self == Unit::Months && wanted > 1.0 {
            let months = [1.0, 2.0, 3.0, 6.0, 12.0];
            if let Some(&step) = months.iter().find(|&&s| s >= wanted) {
                return step;
            }
            return 12.0 * round_up(wanted / 12.0);
        }
        let decade = 10f64.powf(wanted.log10().floor());
        [1.0, 2.0, 2.5, 5.0, 10.0]
            .iter()
            .map(|m| m * decade)
            .find(|&v| v >= wanted * (1.0 - 1e-9))
            .unwrap_or(10.0 * decade)
    }
}

/// The smallest of 1, 2, 5 times a power of ten that is at least `x` (> 0).
fn round_up(x: f64) -> f64 {
    let decade = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * decade)
        .find(|&v| v >= x * (1.0 - 1e-9))
        .unwrap_or(10.0 * decade)
}

/// A finite, non-empty range from possibly undefined bounds.
fn sane(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
        (true, true) => (lo.min(hi), lo.max(hi)),
        (true, false) => (lo, lo),
        (false, true) => (hi, hi),
        (false, false) => (0.0, 1.0),
    };
    if hi > lo {
        (lo, hi)
    } else if lo == 0.0 {
        (0.0, 1.0)
    } else {
        let pad = 0.1 * lo.abs();
        (lo - pad, hi + pad)
    }
}

/// How data values are placed along the axis.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Warp {
    Linear,
    /// Logarithmic; values must be positive.
    Log,
    /// `sign(x) * log10(1 + |x| / c)`: linear near zero, logarithmic far from it, for
    /// money that spans losses and gains of very different sizes.
    SymLog(f64),
}

impl Warp {
    fn apply(self, x: f64) -> f64 {
        match self {
            Warp::Linear => x,
            Warp::Log if x > 0.0 => x.log10(),
            Warp::Log => f64::NEG_INFINITY,
            Warp::SymLog(c) => x.signum() * (x.abs() / c).ln_1p() / std::f64::consts::LN_10,
        }
    }
}

/// One labelled tick.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub value: f64,
    pub label: String,
}

/// An axis: its range, how values are placed, and its ticks.
#[derive(Clone, Debug)]
pub struct Scale {
    lo: f64,
    hi: f64,
    warp: Warp,
    ticks: Vec<Tick>,
}

impl Scale {
    /// A linear axis covering `lo..hi`, widened to round ticks.
    pub fn linear(lo: f64, hi: f64, unit: Unit) -> Scale {
        Scale::linear_with(lo, hi, unit, 6)
    }

    /// A linear axis covering `lo..hi`, widened to round ticks, at most `intervals`
    /// steps (for a short panel).
    pub fn linear_with(lo: f64, hi: f64, unit: Unit, intervals: u32) -> Scale {
        let (lo, hi) = sane(lo, hi);
        let step = unit.step(hi - lo, f64::from(intervals.max(1)));
        let first = (lo / step + 1e-9).floor() as i64;
        let last = (hi / step - 1e-9).ceil() as i64;
        Scale::stepped(first as f64 * step, last as f64 * step, step, unit)
    }

    /// A linear axis of exactly `lo..hi`, with round ticks inside it.
    pub fn linear_exact(lo: f64, hi: f64, unit: Unit) -> Scale {
        Scale::linear_exact_with(lo, hi, unit, 6)
    }

    /// A linear axis of exactly `lo..hi`, with round ticks inside it at most
    /// `intervals` steps apart (for a narrow panel).
    pub fn linear_exact_with(lo: f64, hi: f64, unit: Unit, intervals: u32) -> Scale {
        let (lo, hi) = sane(lo, hi);
        let step = unit.step(hi - lo, f64::from(intervals.max(1)));
        Scale::stepped(lo, hi, step, unit)
    }

    fn stepped(lo: f64, hi: f64, step: f64, unit: Unit) -> Scale {
        let first = (lo / step - 1e-9).ceil() as i64;
        let last = (hi / step + 1e-9).floor() as i64;
        let ticks = (first..=last)
            .map(|k| {
                let value = k as f64 * step;
                Tick {
                    value,
                    label: unit.label(value, step),
                }
            })
            .collect();
        Scale {
            lo,
            hi,
            warp: Warp::Linear,
            ticks,
        }
    }

    /// A log axis covering the positive `lo..hi`, widened to 1, 2 or 5 times a power of
    /// ten, with a tick at every power of ten (and at 2 and 5 times them if there are
    /// fewer than three).
    pub fn log(lo: f64, hi: f64, unit: Unit) -> Scale {
        let hi = if hi.is_finite() && hi > 0.0 { hi } else { 1.0 };
        let lo = if lo.is_finite() && lo > 0.0 && lo < hi {
            lo
        } else {
            hi / 10.0
        };
        let (lo, hi) = (round_down(lo), round_up(hi));
        let mut values = powers_of_ten(lo, hi);
        if values.len() < 3 {
            values = (lo.log10().floor() as i32..=hi.log10().ceil() as i32)
                .flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)))
                .filter(|v| (lo * (1.0 - 1e-9)..=hi * (1.0 + 1e-9)).contains(v))
                .collect();
        }
        Scale {
            lo,
            hi,
            warp: Warp::Log,
            ticks: values
                .into_iter()
                .map(|value| Tick {
                    value,
                    label: unit.label(value, value),
                })
                .collect(),
        }
    }

    /// A symmetric log axis covering `lo..hi` and 0, linear within about `linear` of
    /// zero, widened to 1, 2 or 5 times a power of ten on each side, with ticks at 0
    /// and at the powers of ten from ten times `linear` on (closer in, ticks crowd).
    pub fn symlog(lo: f64, hi: f64, linear: f64, unit: Unit) -> Scale {
        let (lo, hi) = sane(lo.min(0.0), hi.max(0.0));
        let lo = if lo < 0.0 {
            -round_up((-lo).max(linear))
        } else {
            0.0
        };
        let hi = if hi > 0.0 {
            round_up(hi.max(linear))
        } else {
            0.0
        };
        let first = 10.0 * linear;
        let mut values: Vec<f64> = powers_of_ten(first, -lo).iter().rev().map(|v| -v).collect();
        values.push(0.0);
        values.extend(powers_of_ten(first, hi));
        Scale {
            lo,
            hi,
            warp: Warp::SymLog(linear),
            ticks: values
                .into_iter()
                .map(|value| Tick {
                    value,
                    label: unit.label(value, value.abs().max(1.0)),
                })
                .collect(),
        }
    }

    /// Named categories at 0, 1, 2, ...
    pub fn categories(labels: &[String]) -> Scale {
        let ticks = labels
            .iter()
            .enumerate()
            .map(|(k, label)| Tick {
                value: k as f64,
                label: label.clone(),
            })
            .collect();
        Scale {
            lo: -0.5,
            hi: labels.len().max(1) as f64 - 0.5,
            warp: Warp::Linear,
            ticks,
        }
    }

    /// A linear axis of exactly `lo..hi` with the given ticks.
    pub fn explicit(lo: f64, hi: f64, ticks: Vec<Tick>) -> Scale {
        let (lo, hi) = sane(lo, hi);
        Scale {
            lo,
            hi,
            warp: Warp::Linear,
            ticks,
        }
    }

    /// The ticks, in increasing order.
    pub fn ticks(&self) -> &[Tick] {
        &self.ticks
    }

    /// The label of the tick nearest `value`.
    pub fn label(&self, value: f64) -> String {
        self.ticks
            .iter()
            .min_by(|a, b| (a.value - value).abs().total_cmp(&(b.value - value).abs()))
            .map(|t| t.label.clone())
            .unwrap_or_default()
    }

    /// Where `value` falls along the axis, from 0 (start) to 1 (end), pinned to the ends.
    pub fn fraction(&self, value: f64) -> f64 {
        let (a, b) = (self.warp.apply(self.lo), self.warp.apply(self.hi));
        let f = (self.warp.apply(value) - a) / (b - a);
        if f.is_nan() { 0.0 } else { f.clamp(0.0, 1.0) }
    }
}

/// The largest of 1, 2, 5 times a power of ten that is at most `x` (> 0).
fn round_down(x: f64) -> f64 {
    let decade = 10f64.powf(x.log10().floor());
    [5.0, 2.0, 1.0]
        .iter()
        .map(|m| m * decade)
        .find(|&v| v <= x * (1.0 + 1e-9))
        .unwrap_or(decade)
}

/// The powers of ten in `lo..=hi` (both > 0).
fn powers_of_ten(lo: f64, hi: f64) -> Vec<f64> {
    if !(lo > 0.0 && hi >= lo) {
        return Vec::new();
    }
    let first = (lo.log10() - 1e-9).ceil() as i32;
    let last = (hi.log10() + 1e-9).floor() as i32;
    (first..=last).map(|k| 10f64.powi(k)).collect()
}

impl Ranged for Scale {
    type FormatOption = NoDefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = f64::from(limit.1 - limit.0);
        limit.0 + (self.fraction(*value) * span).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            return Vec::new();
        }
        self.ticks.iter().map(|t| t.value).collect()
    }

    fn range(&self) -> Range<f64> {
        self.lo..self.hi
    }
}

impl ValueFormatter<f64> for Scale {
    fn format(value: &f64) -> String {
        value.to_string()
    }

    fn format_ext(&self, value: &f64) -> String {
        self.label(*value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(scale: &Scale) -> Vec<&str> {
        scale.ticks().iter().map(|t| t.label.as_str()).collect()
    }

    #[test]
    fn linear_axes_widen_to_round_ticks() {
        let zero = Scale::linear(0.0, 0.039, Unit::Percent);
        assert_eq!(zero.range(), 0.0..0.04);
        let scale = Scale::linear(3.0, 1720.0, Unit::Count);
        assert_eq!(scale.range(), 0.0..2000.0);
        assert_eq!(labels(&scale), ["0", "500", "1,000", "1,500", "2,000"]);
        let money = Scale::linear(-830.0, -120.0, Unit::Money);
        assert_eq!(money.range(), -1000.0..0.0);
        assert_eq!(labels(&money)[0], "-$1,000");
        let wide = Scale::linear(-600.0, 11_900.0, Unit::Money);
        assert_eq!(wide.range(), -2500.0..12_500.0);
    }

    #[test]
    fn long_runs_count_months_in_years() {
        let scale = Scale::linear_exact(0.0, 60.0, Unit::Months);
        assert_eq!(labels(&scale), ["0", "12", "24", "36", "48", "60"]);
        let short = Scale::linear_exact(0.0, 6.0, Unit::Months);
        assert_eq!(labels(&short), ["0", "1", "2", "3", "4", "5", "6"]);
    }

    #[test]
    fn percentages_read_as_percent() {
        let scale = Scale::linear_exact(0.0, 1.0, Unit::Percent);
        assert_eq!(
            labels(&scale),
            ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"]
        );
    }

    #[test]
    fn log_axes_tick_every_power_of_ten() {
        let scale = Scale::log(3.0, 40_000.0, Unit::Money);
        assert_eq!(scale.range(), 2.0..50_000.0);
        assert_eq!(labels(&scale), ["$10", "$100", "$1,000", "$10,000"]);
        let narrow = Scale::log(30.0, 90.0, Unit::Count);
        assert_eq!(labels(&narrow), ["20", "50", "100"]);
    }

    #[test]
    fn symlog_axes_cover_losses_and_gains() {
        let scale = Scale::symlog(-16_000.0, 500_000.0, 10.0, Unit::Money);
        assert_eq!(scale.range(), -20_000.0..500_000.0);
        assert_eq!(
            labels(&scale),
            [
                "-$10,000", "-$1,000", "-$100", "$0", "$100", "$1,000", "$10,000", "$100,000"
            ]
        );
        assert!(scale.fraction(-100.0) < scale.fraction(0.0));
        assert!(scale.fraction(0.0) < scale.fraction(100.0));
    }

    #[test]
    fn undefined_or_empty_ranges_still_make_an_axis() {
        let scale = Scale::linear(f64::NAN, f64::NAN, Unit::Money);
        assert_eq!(scale.range(), 0.0..1.0);
        let flat = Scale::linear(5.0, 5.0, Unit::Count);
        assert!(flat.range().start < 5.0 && flat.range().end > 5.0);
        let log = Scale::log(0.0, 0.0, Unit::Count);
        assert!(log.range().start > 0.0);
        assert_eq!(Scale::categories(&[]).ticks().len(), 0);
    }

    #[test]
    fn values_off_the_axis_are_pinned_to_its_ends() {
        let scale = Scale::linear_exact(0.0, 10.0, Unit::Count);
        assert_eq!(scale.map(&-5.0, (0, 100)), 0);
        assert_eq!(scale.map(&50.0, (0, 100)), 100);
        assert_eq!(scale.map(&f64::NAN, (0, 100)), 0);
        assert_eq!(scale.map(&5.0, (100, 0)), 50);
    }
}
