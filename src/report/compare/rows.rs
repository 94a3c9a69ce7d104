//! Every statistic of two sides compared: A's and B's summaries, the difference of the
//! means and its 95 % interval (Welch's), and whether the interval excludes 0; and the
//! row of `compare.csv` that each becomes.

use super::side::Side;
use crate::ensemble::statistics::{Summary, difference_ci95};
use crate::output::records::comparison::ComparisonRow;

/// One statistic compared.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareRow {
    pub statistic: String,
    pub a: Summary,
    pub b: Summary,
    /// mean(B) - mean(A).
    pub difference: f64,
    /// 95 % interval of the difference.
    pub ci95: [f64; 2],
    /// Whether the interval excludes 0.
    pub significant: bool,
}

/// Every statistic in both folders, in A's order.
pub fn compare_rows(a: &Side, b: &Side) -> Vec<CompareRow> {
    (a.per_run.iter())
        .filter_map(|(name, a_values)| {
            let (_, b_values) = b.per_run.iter().find(|(n, _)| n == name)?;
            let (sa, sb) = (Summary::of(a_values), Summary::of(b_values));
            let ci95 = difference_ci95(a_values, b_values);
            Some(CompareRow {
                statistic: name.clone(),
                a: sa,
                b: sb,
                difference: sb.mean - sa.mean,
                ci95,
                significant: ci95[0] > 0.0 || ci95[1] < 0.0,
            })
        })
        .collect()
}

impl From<&CompareRow> for ComparisonRow {
    fn from(row: &CompareRow) -> ComparisonRow {
        ComparisonRow {
            statistic: row.statistic.clone(),
            mean_a: row.a.mean,
            mean_b: row.b.mean,
            difference: row.difference,
            ci95_low: row.ci95[0],
            ci95_high: row.ci95[1],
            significant: row.significant,
        }
    }
}
