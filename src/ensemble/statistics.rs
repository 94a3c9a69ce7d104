//! The arithmetic behind every number in `summary.json`, `runs.csv` and `months.csv`.
//!
//! A run of the simulation produces one value per statistic (the share of members
//! paid nothing, the Gini coefficient of gross pay, the median tenure, ...), and an
//! ensemble of runs is summarised by a [`Summary`]: mean, median, 5th and 95th
//! percentiles, and a 95 % confidence interval of the mean. This module holds those
//! calculations and the per-run ones that need care: [`gini`], [`top_share`],
//! [`share`], and the Kaplan–Meier survival curve of membership
//! ([`kaplan_meier`], [`kaplan_meier_median`]), which counts members who are still
//! active at the end of a run as censored rather than as having left.
//!
//! Everything here is a pure function of its arguments: no I/O, no clock, no
//! randomness, and every sum runs in slice order (never a parallel reduction), so
//! the same inputs give bit-identical outputs on any machine and thread count.
//!
//! Conventions shared by the whole module:
//! - A statistic that is undefined (the mean of nothing, the median tenure of a run
//!   in which too few members quit) is `f64::NAN`, and a [`Summary`] serialises it as
//!   `null`.
//! - Quantiles use linear interpolation between order statistics (Hyndman and Fan's
//!   type 7, the default of R's `quantile` and numpy's `quantile`), so our numbers
//!   can be checked with either tool.
//! - Sorting uses [`f64::total_cmp`], which is total and deterministic.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// The `q`-quantile of values that are already sorted in ascending order.
///
/// Definition (Hyndman and Fan type 7, R's and numpy's default): with `n` values
/// `x[0] <= ... <= x[n-1]`, let `h = (n - 1) q`, `j = floor(h)`; the quantile is
/// `x[j] + (h - j) (x[j+1] - x[j])`. So `q = 0` gives the minimum, `q = 1` the
/// maximum and `q = 0.5` the median.
///
/// Returns `NaN` for an empty slice. The slice is not checked for being sorted; a
/// `NaN` among the values makes the result meaningless (filter them out first).
///
/// # Panics
///
/// If `q` is not within `[0, 1]` (including `NaN`): quantile levels are constants in
/// the code, so a bad one is a programming error.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    assert!(
        (0.0..=1.0).contains(&q),
        "quantile level must be within [0, 1], got {q}"
    );
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let j = h.floor() as usize;
    let fraction = h - j as f64;
    if fraction == 0.0 {
        // Exactly on an order statistic (always the case at q = 1): no
        // interpolation, so no `0 * inf` and no read past the end.
        sorted[j]
    } else {
        sorted[j] + fraction * (sorted[j + 1] - sorted[j])
    }
}

/// The `q`-quantile of `values` in any order: [`quantile_sorted`] applied to a sorted
/// copy (sorted with [`f64::total_cmp`]). Returns `NaN` for an empty slice.
///
/// # Panics
///
/// If `q` is not within `[0, 1]`.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    quantile_sorted(&sorted_copy(values), q)
}

/// The arithmetic mean, `Σ x / n`, summed in slice order. Returns `NaN` for an empty
/// slice.
pub fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.iter().sum::<f64>() / values.len() as f64
}

/// The median: the 0.5-quantile ([`quantile`]), i.e. the middle value, or the
/// average of the two middle values when `n` is even. Returns `NaN` for an empty
/// slice.
pub fn median(values: &[f64]) -> f64 {
    quantile(values, 0.5)
}

/// The sample standard deviation, `sqrt(Σ (x - mean)² / (n - 1))` (Bessel's
/// correction). Returns `NaN` when there are fewer than two values.
pub fn sample_std_dev(values: &[f64]) -> f64 {
    let n = values.len();
    if n < 2 {
        return f64::NAN;
    }
    let m = mean(values);
    let sum_sq: f64 = values.iter().map(|x| (x - m) * (x - m)).sum();
    (sum_sq / (n - 1) as f64).sqrt()
}

/// The 95 % confidence interval of the mean, `[lower, upper]`, from Student's t
/// distribution: `mean ± t(0.975, n - 1) × sd / sqrt(n)`, with `sd` the
/// [`sample_std_dev`].
///
/// With one value the interval is `[x, x]` (one run says nothing about spread, and a
/// degenerate interval is easier to read than `null`); with none it is `[NaN, NaN]`.
pub fn mean_ci95(values: &[f64]) -> [f64; 2] {
    let n = values.len();
    let m = mean(values);
    if n < 2 {
        return [m, m];
    }
    let half_width = student_t_975(n - 1) * sample_std_dev(values) / (n as f64).sqrt();
    [m - half_width, m + half_width]
}

/// The 95 % confidence interval of `mean(b) - mean(a)` for two independent samples
/// (Welch's t interval): `Δ ± t(0.975, ν) × sqrt(s_a²/n_a + s_b²/n_b)` with the
/// Welch-Satterthwaite degrees of freedom
/// `ν = (s_a²/n_a + s_b²/n_b)² / ((s_a²/n_a)²/(n_a - 1) + (s_b²/n_b)²/(n_b - 1))`.
///
/// It does not assume equal variances (two plans rarely spread alike). `NaN` values
/// are left out; with fewer than two values on a side the interval is `[NaN, NaN]`;
/// when both sides are constant it is `[Δ, Δ]`.
pub fn difference_ci95(a: &[f64], b: &[f64]) -> [f64; 2] {
    let a: Vec<f64> = a.iter().copied().filter(|x| !x.is_nan()).collect();
    let b: Vec<f64> = b.iter().copied().filter(|x| !x.is_nan()).collect();
    if a.len() < 2 || b.len() < 2 {
        return [f64::NAN; 2];
    }
    let difference = mean(&b) - mean(&a);
    let va = sample_std_dev(&a).powi(2) / a.len() as f64;
    let vb = sample_std_dev(&b).powi(2) / b.len() as f64;
    let se2 = va + vb;
    if se2 == 0.0 {
        return [difference, difference];
    }
    let df = se2 * se2 / (va * va / (a.len() - 1) as f64 + vb * vb / (b.len() - 1) as f64);
    let t = StudentsT::new(0.0, 1.0, df)
        .expect("location 0, scale 1 and df > 0 are valid Student's t parameters")
        .inverse_cdf(0.975);
    let half_width = t * se2.sqrt();
    [difference - half_width, difference + half_width]
}

/// `t(0.975, df)`: the 97.5th percentile of Student's t distribution with `df`
/// degrees of freedom (12.706 for `df = 1`, approaching 1.960 as `df` grows).
fn student_t_975(degrees_of_freedom: usize) -> f64 {
    StudentsT::new(0.0, 1.0, degrees_of_freedom as f64)
        .expect("location 0, scale 1 and df >= 1 are valid Student's t parameters")
        .inverse_cdf(0.975)
}

/// How one statistic varied across the runs of an ensemble: the
/// `{ mean, median, p5, p95, ci95 }` object of `summary.json`.
///
/// Built by [`Summary::of`] from one value per run. Runs in which the statistic is
/// undefined (`NaN`, for example the median tenure of a run in which fewer than half
/// of the members ever quit) are left out, so every field describes only the runs
/// where the statistic exists. A field that is undefined even so (no run had a
/// value) is `NaN`, serialised as `null`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Mean across runs, in the statistic's own unit.
    #[serde(serialize_with = "nan_as_null", deserialize_with = "nan_if_null")]
    pub mean: f64,
    /// Median across runs ([`median`]).
    #[serde(serialize_with = "nan_as_null", deserialize_with = "nan_if_null")]
    pub median: f64,
    /// 5th percentile across runs ([`quantile`] at 0.05): 1 run in 20 falls below it.
    #[serde(serialize_with = "nan_as_null", deserialize_with = "nan_if_null")]
    pub p5: f64,
    /// 95th percentile across runs ([`quantile`] at 0.95): 1 run in 20 lies above it.
    #[serde(serialize_with = "nan_as_null", deserialize_with = "nan_if_null")]
    pub p95: f64,
    /// 95 % confidence interval of the mean, `[lower, upper]` ([`mean_ci95`]): how
    /// precisely the runs pin down the expected value, which narrows as runs are
    /// added (unlike `p5`..`p95`, which describes the spread of single runs).
    #[serde(
        serialize_with = "pair_nan_as_null",
        deserialize_with = "pair_nan_if_null"
    )]
    pub ci95: [f64; 2],
}

impl Summary {
    /// A summary of no runs: every field undefined.
    pub const UNDEFINED: Summary = Summary {
        mean: f64::NAN,
        median: f64::NAN,
        p5: f64::NAN,
        p95: f64::NAN,
        ci95: [f64::NAN; 2],
    };

    /// Summarises one value per run, ignoring `NaN` values (runs in which the
    /// statistic is undefined). See [`Summary`] for the fields.
    pub fn of(per_run: &[f64]) -> Summary {
        let mut defined: Vec<f64> = per_run.iter().copied().filter(|x| !x.is_nan()).collect();
        defined.sort_unstable_by(f64::total_cmp);
        Summary {
            mean: mean(&defined),
            median: quantile_sorted(&defined, 0.5),
            p5: quantile_sorted(&defined, 0.05),
            p95: quantile_sorted(&defined, 0.95),
            ci95: mean_ci95(&defined),
        }
    }
}

/// Serialises `NaN` as a missing value (`null` in JSON) in any serde format, so an
/// undefined statistic never comes out as an invalid token or as a number.
fn nan_as_null<S: Serializer>(x: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if x.is_nan() {
        serializer.serialize_none()
    } else {
        serializer.serialize_f64(*x)
    }
}

/// [`nan_as_null`] for a pair such as a confidence interval: `[null, null]`.
fn pair_nan_as_null<S: Serializer>(pair: &[f64; 2], serializer: S) -> Result<S::Ok, S::Error> {
    struct NanAsNull(f64);
    impl Serialize for NanAsNull {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            nan_as_null(&self.0, serializer)
        }
    }
    [NanAsNull(pair[0]), NanAsNull(pair[1])].serialize(serializer)
}

/// Reads a number that may be undefined (`null` in JSON, an empty CSV field) as `NaN`,
/// the inverse of `nan_as_null`: for `#[serde(deserialize_with = "nan_if_null")]` on
/// `f64` fields, including the fields of a flattened struct.
pub fn nan_if_null<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    Option::<f64>::deserialize(deserializer).map(|x| x.unwrap_or(f64::NAN))
}

/// Not a number: the value of a statistic that is undefined, or missing where it is read.
pub fn nan() -> f64 {
    f64::NAN
}

/// [`nan_if_null`] for a pair: `[null, null]` reads as `[NaN, NaN]`.
fn pair_nan_if_null<'de, D: Deserializer<'de>>(deserializer: D) -> Result<[f64; 2], D::Error> {
    <[Option<f64>; 2]>::deserialize(deserializer).map(|p| p.map(|x| x.unwrap_or(f64::NAN)))
}

/// The Gini coefficient of non-negative values (for example each member's gross
/// pay): 0 when everyone has the same, approaching 1 when one member has everything.
///
/// Definition, with the values sorted ascending as `x_(1) <= ... <= x_(n)`:
/// `G = 2 Σ i x_(i) / (n Σ x) - (n + 1) / n`, summing over `i = 1..n`. This is the
/// mean absolute difference between all pairs divided by twice the mean, without a
/// small-sample correction, so its maximum is `(n - 1) / n` (0.75 for four members,
/// one of whom has everything).
///
/// Returns 0 when every value is 0 (nobody has anything, so nothing is unequal), and
/// `NaN` for an empty slice.
///
/// # Panics
///
/// If a value is negative or `NaN`: the coefficient is not defined for them, and pay
/// is never negative, so such a value is a bug upstream.
pub fn gini(values: &[f64]) -> f64 {
    gini_sorted(&sorted_copy(values))
}

/// [`gini`] of values already sorted in ascending order.
pub fn gini_sorted(sorted: &[f64]) -> f64 {
    assert_non_negative(sorted, "gini");
    if sorted.is_empty() {
        return f64::NAN;
    }
    let total: f64 = sorted.iter().sum();
    if total == 0.0 {
        return 0.0;
    }
    let n = sorted.len() as f64;
    let rank_weighted: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, x)| (i + 1) as f64 * x)
        .sum();
    // Rounding can leave a hair below zero for equal values; the coefficient cannot.
    (2.0 * rank_weighted / (n * total) - (n + 1.0) / n).max(0.0)
}

/// The share of the total held by the top `fraction` of values: the sum of the
/// `k = ⌈fraction × n⌉` largest values divided by the sum of all values. The top 1 %
/// is `fraction = 0.01`; `k` is at least 1, so in a group of fewer than 100 the
/// "top 1 %" is its single largest value.
///
/// `fraction × n` is rounded to 9 decimal places before the ceiling is taken, so that
/// floating-point noise does not add a member: `0.07 × 100` is `7.000000000000001` in
/// binary arithmetic, and must give 7, not 8.
///
/// Returns 0 when the total is 0, and `NaN` for an empty slice.
///
/// # Panics
///
/// If `fraction` is not within `(0, 1]`, or if a value is negative or `NaN` (the
/// share is not meaningful for them).
pub fn top_share(values: &[f64], fraction: f64) -> f64 {
    top_share_sorted(values, &sorted_copy(values), fraction)
}

/// [`top_share`] of `values`, given them also sorted in ascending order (`sorted`):
/// the total is summed in `values`' order, the top in descending order, as
/// [`top_share`] does.
pub fn top_share_sorted(values: &[f64], sorted: &[f64], fraction: f64) -> f64 {
    assert!(
        fraction > 0.0 && fraction <= 1.0,
        "top_share fraction must be within (0, 1], got {fraction}"
    );
    assert_non_negative(values, "top_share");
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    let total: f64 = values.iter().sum();
    if total == 0.0 {
        return 0.0;
    }
    let scaled = fraction * n as f64;
    let k = ((scaled * 1e9).round() / 1e9).ceil() as usize;
    let k = k.clamp(1, n);
    sorted[n - k..].iter().rev().sum::<f64>() / total
}

/// A run's member pay and net, each sorted once (ascending) for every statistic and
/// curve that needs them in order: sorting is the largest cost of reducing a run.
#[derive(Clone, Debug, Default)]
pub struct Sorted {
    /// Every member's lifetime gross pay, ascending.
    pub pay: Vec<f64>,
    /// Every member's lifetime net, ascending.
    pub net: Vec<f64>,
}

impl Sorted {
    /// Sorts copies of `pay` and `net`.
    pub fn of(pay: &[f64], net: &[f64]) -> Self {
        Self {
            pay: sorted_copy(pay),
            net: sorted_copy(net),
        }
    }
}

/// The share of `values` for which `predicate` holds, `#{x : predicate(x)} / n` (for
/// example the share of members paid nothing: `share(&pay, |&p| p == 0.0)`). Returns
/// `NaN` for an empty slice.
pub fn share<T>(values: &[T], predicate: impl Fn(&T) -> bool) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.iter().filter(|v| predicate(v)).count() as f64 / values.len() as f64
}

/// The Kaplan–Meier estimate of how long members stay: `S[t]` for `t = 0..=max_d`,
/// where `S[t]` is the estimated probability that a member is still a member `t`
/// months after joining, i.e. that their tenure `T` exceeds `t` months.
///
/// Each observation is `(duration_months, quit)`:
/// - `quit = true`: the member quit after `duration_months` months, so `T = d` (they
///   survived `d` months and are gone at `t = d`);
/// - `quit = false`: the member was still active when the run ended, `d` months after
///   joining, so all we know is `T > d` (censored).
///
/// Definition: at each `t`, `r(t)` members are at risk (those with `d >= t`, censored
/// ones included, since they are known to be members up to `d`) and `q(t)` quit (those
/// with `d = t` and `quit`); then `S[t] = S[t - 1] × (1 - q(t) / r(t))`, starting from
/// `S[-1] = 1`. Without censoring this is exactly the share of members with `T > t`;
/// with censoring, members who are still active are not miscounted as having left,
/// nor are they counted as staying forever.
///
/// `S[0] = 1` unless some members quit in the month they joined (`d = 0`). The curve
/// ends at the longest observed duration `max_d`; it reaches 0 only if the longest
/// observation is a quit. Returns an empty vector when there are no observations.
pub fn kaplan_meier(observations: &[(u32, bool)]) -> Vec<f64> {
    let Some(max_d) = observations.iter().map(|&(d, _)| d as usize).max() else {
        return Vec::new();
    };
    // ended[t]: observations whose duration is exactly t; quits[t]: those that quit.
    let mut ended = vec![0_u64; max_d + 1];
    let mut quits = vec![0_u64; max_d + 1];
    for &(d, quit) in observations {
        ended[d as usize] += 1;
        if quit {
            quits[d as usize] += 1;
        }
    }
    let mut at_risk = observations.len() as u64;
    let mut survival = 1.0;
    let mut curve = Vec::with_capacity(max_d + 1);
    for t in 0..=max_d {
        // at_risk >= 1 here: someone has the duration max_d >= t.
        survival *= (at_risk - quits[t]) as f64 / at_risk as f64;
        curve.push(survival);
        at_risk -= ended[t];
    }
    curve
}

/// The median tenure from a Kaplan–Meier curve ([`kaplan_meier`]): the smallest `t`
/// (in months) with `S[t] <= 0.5`, the time by which half of the members are
/// estimated to have quit. Returns `NaN` when the curve never falls to one half
/// (fewer than half of the members quit within the observed time), rather than a
/// number that would only be a lower bound.
pub fn kaplan_meier_median(survival: &[f64]) -> f64 {
    survival
        .iter()
        .position(|&s| s <= 0.5)
        .map_or(f64::NAN, |t| t as f64)
}

/// A copy of `values` sorted ascending with [`f64::total_cmp`].
fn sorted_copy(values: &[f64]) -> Vec<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    sorted
}

fn assert_non_negative(values: &[f64], what: &str) {
    if let Some(bad) = values.iter().find(|&&x| x.is_nan() || x < 0.0) {
        panic!("{what} needs non-negative values, got {bad}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Asserts `actual` is within `1e-12` of `expected` (relative for large values).
    #[track_caller]
    fn assert_close(actual: f64, expected: f64) {
        let tolerance = 1e-12 * expected.abs().max(1.0);
        assert!(
            (actual - expected).abs() <= tolerance,
            "expected {expected}, got {actual}"
        );
    }

    #[track_caller]
    fn assert_all_close(actual: &[f64], expected: &[f64]) {
        assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
        for (a, e) in actual.iter().zip(expected) {
            assert_close(*a, *e);
        }
    }

    // ---- quantiles ---------------------------------------------------------

    #[test]
    fn quantile_interpolates_between_order_statistics_like_r_and_numpy() {
        let x = [1.0, 2.0, 3.0, 4.0];
        // h = (n - 1) q = 3 q.
        assert_close(quantile_sorted(&x, 0.0), 1.0); // h = 0: the minimum
        assert_close(quantile_sorted(&x, 0.25), 1.75); // h = 0.75: 1 + 0.75 × (2 - 1)
        assert_close(quantile_sorted(&x, 0.5), 2.5); // h = 1.5: 2 + 0.5 × (3 - 2)
        assert_close(quantile_sorted(&x, 0.9), 3.7); // h = 2.7: 3 + 0.7 × (4 - 3)
        assert_close(quantile_sorted(&x, 1.0), 4.0); // h = 3: the maximum
    }

    #[test]
    fn p5_and_p95_of_one_to_ten() {
        let x: Vec<f64> = (1..=10).map(f64::from).collect();
        // p5: h = 9 × 0.05 = 0.45 -> 1 + 0.45 = 1.45; p95: h = 8.55 -> 9 + 0.55 = 9.55
        // (numpy.quantile(range(1, 11), [0.05, 0.95]) gives the same).
        assert_close(quantile_sorted(&x, 0.05), 1.45);
        assert_close(quantile_sorted(&x, 0.95), 9.55);
    }

    #[test]
    fn quantile_of_one_value_is_that_value_at_every_level() {
        for q in [0.0, 0.05, 0.5, 0.95, 1.0] {
            assert_eq!(quantile_sorted(&[7.5], q), 7.5);
        }
    }

    #[test]
    fn quantile_of_nothing_is_nan() {
        assert!(quantile_sorted(&[], 0.5).is_nan());
        assert!(quantile(&[], 0.0).is_nan());
    }

    #[test]
    fn welch_interval_matches_a_worked_example() {
        // a: mean 2, s² = 1, n 3; b: mean 5, s² = 2.5, n 5 (values chosen by hand).
        // se² = 1/3 + 2.5/5 = 0.8333; ν = 0.8333² / ((1/3)²/2 + 0.5²/4) = 5.8824;
        // t(0.975, 5.8824) = 2.45882 (by numerical integration of the t density);
        // half width = 2.45882 × sqrt(0.8333) = 2.24459.
        let [low, high] = difference_ci95(&[1.0, 2.0, 3.0], &[3.0, 4.0, 5.0, 6.0, 7.0]);
        assert!((low - (3.0 - 2.24459)).abs() < 1e-4, "{low}");
        assert!((high - (3.0 + 2.24459)).abs() < 1e-4, "{high}");
        assert!(difference_ci95(&[1.0], &[2.0, 3.0])[0].is_nan());
        assert_eq!(difference_ci95(&[1.0, 1.0], &[4.0, 4.0]), [3.0, 3.0]);
    }

    #[test]
    fn quantile_sorts_a_copy_of_unsorted_values() {
        let values = [30.0, 10.0, 40.0, 20.0];
        // Sorted: 10, 20, 30, 40; q = 0.25: h = 0.75 -> 10 + 0.75 × 10 = 17.5.
        assert_close(quantile(&values, 0.25), 17.5);
        assert_eq!(values, [30.0, 10.0, 40.0, 20.0], "input left as it was");
    }

    #[test]
    fn quantile_on_an_order_statistic_does_not_interpolate_with_infinity() {
        // q = 0.5 of three values lands exactly on the middle one, so the infinite
        // neighbour must not turn the answer into NaN (0 × inf).
        assert_eq!(quantile_sorted(&[1.0, 2.0, f64::INFINITY], 0.5), 2.0);
    }

    #[test]
    #[should_panic(expected = "quantile level must be within [0, 1]")]
    fn quantile_level_above_one_is_a_bug() {
        quantile_sorted(&[1.0, 2.0], 1.5);
    }

    #[test]
    #[should_panic(expected = "quantile level must be within [0, 1]")]
    fn quantile_level_nan_is_a_bug() {
        quantile(&[1.0, 2.0], f64::NAN);
    }

    // ---- mean, median, spread ----------------------------------------------

    #[test]
    fn mean_is_the_sum_over_the_count() {
        assert_close(mean(&[1.0, 2.0, 3.0, 6.0]), 3.0); // 12 / 4
        assert_close(mean(&[-2.0, 2.0, 5.0]), 5.0 / 3.0);
        assert!(mean(&[]).is_nan());
    }

    #[test]
    fn median_is_the_middle_value_or_the_average_of_the_two_middle_values() {
        assert_close(median(&[5.0, 1.0, 3.0]), 3.0);
        assert_close(median(&[4.0, 1.0, 3.0, 2.0]), 2.5); // (2 + 3) / 2
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn sample_std_dev_divides_by_n_minus_one() {
        // Mean 3; squared deviations 4 + 1 + 0 + 1 + 4 = 10; 10 / 4 = 2.5.
        assert_close(sample_std_dev(&[1.0, 2.0, 3.0, 4.0, 5.0]), 2.5_f64.sqrt());
        assert_close(sample_std_dev(&[4.0, 4.0]), 0.0);
        assert!(sample_std_dev(&[4.0]).is_nan());
        assert!(sample_std_dev(&[]).is_nan());
    }

    #[test]
    fn student_t_quantiles_match_closed_forms_and_tables() {
        // df = 1 is the Cauchy distribution: t = tan(π (0.975 - 0.5)) = tan(0.475 π).
        assert!((student_t_975(1) - 12.706204736174696).abs() < 1e-9);
        // df = 2: t = (2p - 1) / sqrt(2 p (1 - p)) = 0.95 / sqrt(0.04875).
        assert!((student_t_975(2) - 4.302652729749464).abs() < 1e-9);
        // Printed tables: df = 4 -> 2.776445, df = 9 -> 2.262157, df = 29 -> 2.045230.
        assert!((student_t_975(4) - 2.776445105).abs() < 1e-8);
        assert!((student_t_975(9) - 2.262157163).abs() < 1e-8);
        assert!((student_t_975(29) - 2.045229642).abs() < 1e-8);
    }

    #[test]
    fn ci95_of_the_mean_uses_student_t_with_n_minus_one_degrees_of_freedom() {
        // n = 5, mean 3, sd = sqrt(2.5), sd / sqrt(5) = sqrt(0.5) = 0.70710678...;
        // half width = t(0.975, 4) × sqrt(0.5) = 2.7764451052 × 0.7071067812 = 1.9632431615.
        let [lower, upper] = mean_ci95(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        assert!((lower - 1.0367568385).abs() < 1e-9, "{lower}");
        assert!((upper - 4.9632431615).abs() < 1e-9, "{upper}");
    }

    #[test]
    fn ci95_of_one_value_is_that_value_and_of_nothing_is_nan() {
        assert_eq!(mean_ci95(&[7.0]), [7.0, 7.0]);
        let [lower, upper] = mean_ci95(&[]);
        assert!(lower.is_nan() && upper.is_nan());
    }

    // ---- Summary -------------------------------------------------------------

    #[test]
    fn summary_of_five_runs() {
        let s = Summary::of(&[3.0, 1.0, 5.0, 2.0, 4.0]);
        assert_close(s.mean, 3.0);
        assert_close(s.median, 3.0);
        assert_close(s.p5, 1.2); // h = 4 × 0.05 = 0.2 -> 1 + 0.2 × 1
        assert_close(s.p95, 4.8); // h = 3.8 -> 4 + 0.8 × 1
        // As in the ci95 test above: 3 ± 1.9632431615.
        assert!((s.ci95[0] - 1.0367568385).abs() < 1e-9);
        assert!((s.ci95[1] - 4.9632431615).abs() < 1e-9);
    }

    #[test]
    fn summary_ignores_runs_where_the_statistic_is_undefined() {
        // Only 1 and 3 count: mean 2, median 2, p5 = 1 + 0.05 × 2 = 1.1,
        // p95 = 1 + 0.95 × 2 = 2.9, sd = sqrt(((1-2)² + (3-2)²) / 1) = sqrt(2),
        // sd / sqrt(2) = 1, half width = t(0.975, 1) = 12.706204736.
        let s = Summary::of(&[f64::NAN, 1.0, f64::NAN, 3.0]);
        assert_close(s.mean, 2.0);
        assert_close(s.median, 2.0);
        assert_close(s.p5, 1.1);
        assert_close(s.p95, 2.9);
        assert!((s.ci95[0] - (2.0 - 12.706204736174696)).abs() < 1e-9);
        assert!((s.ci95[1] - (2.0 + 12.706204736174696)).abs() < 1e-9);
    }

    #[test]
    fn summary_of_one_run_is_that_run_everywhere() {
        let s = Summary::of(&[0.42]);
        assert_eq!(
            s,
            Summary {
                mean: 0.42,
                median: 0.42,
                p5: 0.42,
                p95: 0.42,
                ci95: [0.42, 0.42],
            }
        );
    }

    #[test]
    fn summary_with_no_defined_run_is_all_nan() {
        for per_run in [&[][..], &[f64::NAN, f64::NAN][..]] {
            let s = Summary::of(per_run);
            assert!(s.mean.is_nan() && s.median.is_nan());
            assert!(s.p5.is_nan() && s.p95.is_nan());
            assert!(s.ci95[0].is_nan() && s.ci95[1].is_nan());
        }
    }

    #[test]
    fn summary_serialises_with_the_field_names_of_summary_json() {
        let s = Summary::of(&[2.0]);
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"mean":2.0,"median":2.0,"p5":2.0,"p95":2.0,"ci95":[2.0,2.0]}"#
        );
    }

    #[test]
    fn an_undefined_summary_serialises_as_null() {
        let s = Summary::of(&[f64::NAN]);
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"mean":null,"median":null,"p5":null,"p95":null,"ci95":[null,null]}"#
        );
    }

    // ---- Gini ----------------------------------------------------------------

    #[test]
    fn gini_when_one_of_four_has_everything_is_three_quarters() {
        // Σ x = 1, Σ i x_(i) = 4 × 1 = 4: G = 2 × 4 / (4 × 1) - 5/4 = 2 - 1.25 = 0.75,
        // the largest value possible with four members, (n - 1) / n.
        assert_close(gini(&[0.0, 0.0, 0.0, 1.0]), 0.75);
        assert_close(gini(&[0.0, 9.0, 0.0, 0.0]), 0.75); // order and scale do not matter
    }

    #[test]
    fn gini_of_equal_values_is_zero() {
        // Σ x = 4, Σ i x_(i) = 1 + 2 + 3 + 4 = 10: G = 20 / 16 - 5/4 = 0.
        assert_close(gini(&[1.0, 1.0, 1.0, 1.0]), 0.0);
        assert_close(gini(&[0.1, 0.1, 0.1]), 0.0);
        assert_close(gini(&[5.0]), 0.0); // one member: 2 × 5 / 5 - 2 = 0
    }

    #[test]
    fn gini_of_one_to_four_is_a_quarter() {
        // Σ x = 10, Σ i x_(i) = 1 + 4 + 9 + 16 = 30: G = 60 / 40 - 5/4 = 0.25.
        // Check: mean absolute difference over all 16 ordered pairs = 20 / 16 = 1.25,
        // divided by twice the mean (5) = 0.25.
        assert_close(gini(&[1.0, 2.0, 3.0, 4.0]), 0.25);
        assert_close(gini(&[3.0, 1.0, 4.0, 2.0]), 0.25);
    }

    #[test]
    fn gini_when_nobody_has_anything_is_zero_and_of_nobody_is_nan() {
        assert_eq!(gini(&[0.0, 0.0, 0.0]), 0.0);
        assert!(gini(&[]).is_nan());
    }

    #[test]
    #[should_panic(expected = "gini needs non-negative values")]
    fn gini_of_a_negative_value_is_a_bug() {
        gini(&[1.0, -1.0]);
    }

    #[test]
    #[should_panic(expected = "top_share needs non-negative values, got NaN")]
    fn top_share_of_a_nan_value_is_a_bug() {
        top_share(&[1.0, f64::NAN], 0.5);
    }

    // ---- top share -----------------------------------------------------------

    #[test]
    fn top_share_of_one_to_ten() {
        let x: Vec<f64> = (1..=10).map(f64::from).collect(); // total 55
        // Top 10 %: ⌈1⌉ = 1 value, 10 / 55.
        assert_close(top_share(&x, 0.1), 10.0 / 55.0);
        // Top 25 %: ⌈2.5⌉ = 3 values, (10 + 9 + 8) / 55 = 27 / 55.
        assert_close(top_share(&x, 0.25), 27.0 / 55.0);
        // Top 100 %: everything.
        assert_close(top_share(&x, 1.0), 1.0);
    }

    #[test]
    fn top_one_percent_of_a_small_group_is_its_largest_member() {
        // ⌈0.01 × 4⌉ = ⌈0.04⌉ = 1: the top member holds 6 of 10.
        assert_close(top_share(&[1.0, 6.0, 0.0, 3.0], 0.01), 0.6);
    }

    #[test]
    fn top_one_percent_of_two_hundred_is_two_members() {
        // 198 members with 1 and two with 51: total 198 + 102 = 300;
        // ⌈0.01 × 200⌉ = 2, so the top 1 % holds 102 / 300 = 0.34.
        let mut x = vec![1.0; 198];
        x.extend([51.0, 51.0]);
        assert_close(top_share(&x, 0.01), 0.34);
    }

    #[test]
    fn top_share_does_not_count_a_member_for_floating_point_noise() {
        // 0.07 × 100 = 7.000000000000001 in floating point; the top 7 % of 100 equal
        // members is 7 members, 7 / 100, not 8 / 100.
        assert_close(top_share(&[1.0; 100], 0.07), 0.07);
    }

    #[test]
    fn top_share_when_nobody_has_anything_is_zero_and_of_nobody_is_nan() {
        assert_eq!(top_share(&[0.0, 0.0], 0.5), 0.0);
        assert!(top_share(&[], 0.01).is_nan());
    }

    #[test]
    #[should_panic(expected = "top_share fraction must be within (0, 1]")]
    fn top_share_of_a_zero_fraction_is_a_bug() {
        top_share(&[1.0], 0.0);
    }

    // ---- share ---------------------------------------------------------------

    #[test]
    fn share_counts_the_values_that_match() {
        let pay = [0.0, 5.0, 0.0, 2.0];
        assert_close(share(&pay, |&p| p == 0.0), 0.5); // 2 of 4 paid nothing
        assert_close(share(&pay, |&p| p > 4.0), 0.25); // 1 of 4
        assert_close(share(&[3_u32, 0, 0], |&r| r == 0), 2.0 / 3.0);
        assert!(share::<f64>(&[], |_| true).is_nan());
    }

    // ---- Kaplan–Meier ----------------------------------------------------------

    #[test]
    fn kaplan_meier_with_censoring_worked_by_hand() {
        // Six members: quit after 1, still active after 2, quit after 3 (two of them),
        // still active after 4, quit after 5.
        let observations = [
            (1, true),
            (2, false),
            (3, true),
            (3, true),
            (4, false),
            (5, true),
        ];
        // t  at risk (d >= t)  quits  S(t)
        // 0  6                 0      1
        // 1  6                 1      1 × 5/6           = 5/6
        // 2  5                 0      5/6                 (the censored member leaves
        //                                                  the risk set after t = 2)
        // 3  4                 2      5/6 × 2/4         = 5/12
        // 4  2                 0      5/12
        // 5  1                 1      5/12 × 0/1        = 0
        let curve = kaplan_meier(&observations);
        assert_all_close(
            &curve,
            &[1.0, 5.0 / 6.0, 5.0 / 6.0, 5.0 / 12.0, 5.0 / 12.0, 0.0],
        );
        // First S(t) <= 0.5 is at t = 3 (5/12 = 0.4167).
        assert_eq!(kaplan_meier_median(&curve), 3.0);
    }

    #[test]
    fn kaplan_meier_without_censoring_is_the_share_still_a_member() {
        // Quits after 0, 1, 1, 2 months: the share with tenure > t is 3/4, 1/4, 0.
        // By the product: S(0) = 3/4; S(1) = 3/4 × (1 - 2/3) = 1/4; S(2) = 1/4 × 0.
        // S(0) < 1 because one member quit in the month they joined.
        let curve = kaplan_meier(&[(1, true), (0, true), (2, true), (1, true)]);
        assert_all_close(&curve, &[0.75, 0.25, 0.0]);
        assert_eq!(kaplan_meier_median(&curve), 1.0);
    }

    #[test]
    fn kaplan_meier_median_counts_exactly_one_half() {
        // Quits after 1 and 2: S = 1, 1/2, 0; S(1) = 0.5 <= 0.5, so the median is 1.
        let curve = kaplan_meier(&[(1, true), (2, true)]);
        assert_all_close(&curve, &[1.0, 0.5, 0.0]);
        assert_eq!(kaplan_meier_median(&curve), 1.0);
    }

    #[test]
    fn kaplan_meier_counts_active_members_as_censored_not_as_quitting() {
        // Two quit after 1 month, two still active after 3 months.
        // S(1) = 1 × (1 - 2/4) = 1/2; then nobody quits: the curve stays at 1/2 and
        // ends at t = 3 above zero. (Treating the active as quitters would give
        // S(3) = 0; dropping them would give S(1) = 0.)
        let curve = kaplan_meier(&[(1, true), (3, false), (1, true), (3, false)]);
        assert_all_close(&curve, &[1.0, 0.5, 0.5, 0.5]);
        assert_eq!(kaplan_meier_median(&curve), 1.0);
    }

    #[test]
    fn kaplan_meier_median_is_nan_when_fewer_than_half_ever_quit() {
        // One of three quits after 2; the others are active after 4 and 6.
        // S(2) = 1 × (1 - 1/3) = 2/3, and stays there.
        let curve = kaplan_meier(&[(2, true), (4, false), (6, false)]);
        assert_all_close(
            &curve,
            &[
                1.0,
                1.0,
                2.0 / 3.0,
                2.0 / 3.0,
                2.0 / 3.0,
                2.0 / 3.0,
                2.0 / 3.0,
            ],
        );
        assert!(kaplan_meier_median(&curve).is_nan());
        // Nobody quitting at all: S = 1 throughout.
        assert_all_close(&kaplan_meier(&[(2, false)]), &[1.0, 1.0, 1.0]);
    }

    #[test]
    fn kaplan_meier_of_nobody_is_an_empty_curve() {
        assert!(kaplan_meier(&[]).is_empty());
        assert!(kaplan_meier_median(&[]).is_nan());
    }
}
