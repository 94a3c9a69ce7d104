//! Per-member curves of one run, and how they vary across runs: what `curves.csv` and
//! `histograms.csv` hold and the charts draw.
//!
//! Each run is reduced, as soon as it finishes, to a few short curves over its members
//! (a few kilobytes however large the run), so an ensemble of thousands of runs can
//! still show a band across runs at every point of each curve:
//!
//! | curve               | x                                   | value                                             |
//! |---------------------|-------------------------------------|---------------------------------------------------|
//! | `survival`          | months since joining, 0..=months    | Kaplan-Meier share still a member                 |
//! | `cohort_median_net` | month of joining, 0..months         | median lifetime net of the members who joined then |
//! | `cohort_members`    | month of joining                    | members who joined then                           |
//! | `rank_members`      | highest rank reached (0 = none)     | members whose highest rank it is                  |
//! | `rank_median_net`   | highest rank reached                | their median lifetime net                         |
//! | `net_by_percentile` | percentile of members, 0..=100      | lifetime net at that percentile                   |
//! | `lorenz_gross_pay`  | percent of members, poorest first   | share of all gross pay they received              |
//! | `months_to_rank`    | rank (0 undefined)                  | median months from joining to first holding it    |
//! | `rank_mean_month_pay` | paid-as rank (0 = none)           | mean pay per member-month at that rank            |
//! | `kind_share`        | member kind                         | share of everyone who joined                      |
//! | `kind_share_ids`    | member kind                         | share of the disclosure year's members            |
//!
//! All over everyone who ever joined, with lifetime money, like the run statistics
//! (but `kind_share_ids`, over the disclosure year's members).
//! The histograms count the disclosure year's members (as an income disclosure
//! statement does) by their pay (`ids_gross_pay`) and net (`ids_net`) in that year, in
//! fixed bins ([`bin_edges`]), summed over runs.

use super::month_series::LEVELS;
use super::statistics::{Sorted, kaplan_meier, mean, quantile_sorted};
use crate::model::RunRecord;

/// Curve names, in output order.
pub const CURVES: [&str; 11] = [
    "survival",
    "cohort_median_net",
    "cohort_members",
    "rank_members",
    "rank_median_net",
    "net_by_percentile",
    "lorenz_gross_pay",
    "months_to_rank",
    "rank_mean_month_pay",
    "kind_share",
    "kind_share_ids",
];

/// Histogram quantities, in output order.
pub const HISTOGRAMS: [&str; 2] = ["ids_gross_pay", "ids_net"];

/// Half a cent: amounts closer to 0 than this round to 0.00 ("nothing").
const NOTHING: f64 = 0.005;

/// Bins per decade of money on each side of zero.
const BINS_PER_DECADE: i32 = 10;

/// Decades of money covered, from 1 to 10^8; beyond, one open bin on each side.
const DECADES: i32 = 8;

/// Edges of the histogram bins, increasing: `-inf`, `-10^8`, ..., `-10^0.1`, `-1`,
/// `-0.005`, `0.005`, `1`, `10^0.1`, ..., `10^8`, `inf`. Bin `k` is
/// `[edges[k], edges[k + 1])`; the bin of nothing is `[-0.005, 0.005)`.
pub fn bin_edges() -> Vec<f64> {
    let positive: Vec<f64> = (0..=DECADES * BINS_PER_DECADE)
        .map(|k| 10f64.powf(f64::from(k) / f64::from(BINS_PER_DECADE)))
        .collect();
    let mut edges = vec![f64::NEG_INFINITY];
    edges.extend(positive.iter().rev().map(|x| -x));
    edges.push(-NOTHING);
    edges.push(NOTHING);
    edges.extend(&positive);
    edges.push(f64::INFINITY);
    edges
}

/// Index of the bin of `edges` ([`bin_edges`]) that holds `x`.
fn bin_of(edges: &[f64], x: f64) -> usize {
    edges.partition_point(|&e| e <= x) - 1
}

/// One run's curves and histograms.
#[derive(Clone, Debug, PartialEq)]
pub struct RunCurves {
    /// In the order of [`CURVES`]; `NaN` where a point is undefined in this run (a
    /// month in which nobody joined, a rank nobody reached).
    pub curves: [Vec<f64>; 11],
    /// In the order of [`HISTOGRAMS`]: counts per bin of [`bin_edges`].
    pub histograms: [Vec<u32>; 2],
}

impl RunCurves {
    /// No curves and no histograms (for runs whose curves are not reported).
    pub fn empty() -> Self {
        Self {
            curves: Default::default(),
            histograms: Default::default(),
        }
    }

    /// Reduces a run to its curves; `ranks` is the plan's number of ranks and `kinds`
    /// the scenario's number of member kinds (1 without kinds).
    pub fn of(
        record: &RunRecord,
        ranks: usize,
        kinds: usize,
        disclosure_year: Option<u32>,
    ) -> Self {
        let m = &record.members;
        let sorted = Sorted::of(&m.gross_pay, &m.net);
        Self::of_sorted(record, &sorted, ranks, kinds, disclosure_year)
    }

    /// [`RunCurves::of`], given the run's pay and net already sorted.
    pub fn of_sorted(
        record: &RunRecord,
        sorted: &Sorted,
        ranks: usize,
        kinds: usize,
        disclosure_year: Option<u32>,
    ) -> Self {
        let m = &record.members;
        let n = m.len();
        let months = record.months.len() as u32;

        let tenures: Vec<(u32, bool)> = (0..n)
            .map(|i| match m.quit_month[i] {
                u32::MAX => (months - m.join_month[i], false),
                q => (q - m.join_month[i] + 1, true),
            })
            .collect();
        let mut survival = kaplan_meier(&tenures);
        survival.resize(months as usize + 1, f64::NAN);

        // Cohorts by month of joining, and members by highest rank: members are in join
        // order, so each cohort is a contiguous range.
        let mut cohort_median_net = vec![f64::NAN; months as usize];
        let mut cohort_members = vec![0.0; months as usize];
        let mut start = 0;
        while start < n {
            let month = m.join_month[start];
            let end = start + m.join_month[start..].partition_point(|&j| j == month);
            let mut nets = m.net[start..end].to_vec();
            nets.sort_unstable_by(f64::total_cmp);
            if let Some(slot) = cohort_median_net.get_mut(month as usize) {
                *slot = quantile_sorted(&nets, 0.5);
                cohort_members[month as usize] = (end - start) as f64;
            }
            start = end;
        }
        let mut by_rank: Vec<Vec<f64>> = vec![Vec::new(); ranks + 1];
        for i in 0..n {
            let rank = usize::from(m.highest_rank[i]).min(ranks);
            by_rank[rank].push(m.net[i]);
        }
        let rank_members = by_rank.iter().map(|v| v.len() as f64).collect();
        let rank_median_net = by_rank
            .iter_mut()
            .map(|v| {
                v.sort_unstable_by(f64::total_cmp);
                quantile_sorted(v, 0.5)
            })
            .collect();

        let net_by_percentile = (0..=100)
            .map(|p| quantile_sorted(&sorted.net, f64::from(p) / 100.0))
            .collect();
        let lorenz_gross_pay = lorenz_sorted(&sorted.pay);

        let edges = bin_edges();
        let mut gross_histogram = vec![0u32; edges.len() - 1];
        let mut net_histogram = vec![0u32; edges.len() - 1];
        let mut kind_year = vec![0.0; kinds];
        let mut year_members = 0.0;
        if let Some(year) = disclosure_year {
            for i in (0..n).filter(|&i| m.member_during(i, 12 * (year - 1), 12 * year)) {
                gross_histogram[bin_of(&edges, m.disclosure_pay[i])] += 1;
                net_histogram[bin_of(&edges, m.disclosure_net[i])] += 1;
                if let Some(k) = kind_year.get_mut(usize::from(m.kind[i])) {
                    *k += 1.0;
                }
                year_members += 1.0;
            }
        }
        let shares = |counts: Vec<f64>, total: f64| -> Vec<f64> {
            counts
                .into_iter()
                .map(|c| if total > 0.0 { c / total } else { f64::NAN })
                .collect()
        };
        let mut kind_ever = vec![0.0; kinds];
        for &k in &m.kind {
            if let Some(count) = kind_ever.get_mut(usize::from(k)) {
                *count += 1.0;
            }
        }
        let kind_share = shares(kind_ever, n as f64);
        let kind_share_ids = shares(kind_year, year_members);

        // Months from joining to first holding each rank (x = rank; none for x = 0).
        let mut months_to_rank = vec![f64::NAN; ranks + 1];
        for (r, tenures) in record.months_to_rank.iter().enumerate().take(ranks) {
            let mut sorted: Vec<f64> = tenures.iter().map(|&t| f64::from(t)).collect();
            sorted.sort_unstable_by(f64::total_cmp);
            months_to_rank[r + 1] = quantile_sorted(&sorted, 0.5);
        }
        let mut rank_mean_month_pay = vec![f64::NAN; ranks + 1];
        for (slot, &(pay, months)) in rank_mean_month_pay.iter_mut().zip(&record.rank_month_pay) {
            if months > 0 {
                *slot = pay / months as f64;
            }
        }

        Self {
            curves: [
                survival,
                cohort_median_net,
                cohort_members,
                rank_members,
                rank_median_net,
                net_by_percentile,
                lorenz_gross_pay,
                months_to_rank,
                rank_mean_month_pay,
                kind_share,
                kind_share_ids,
            ],
            histograms: [gross_histogram, net_histogram],
        }
    }
}

/// The Lorenz curve of non-negative amounts at 0, 1, ..., 100 percent of holders,
/// poorest first: `L[p]` is the share of the total held by the poorest `p` %, linear
/// between holders (a holder at a fractional position counts in part). `NaN` when the
/// total is 0 or there are no holders.
pub fn lorenz(amounts: &[f64]) -> Vec<f64> {
    let mut sorted = amounts.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    lorenz_sorted(&sorted)
}

/// [`lorenz`] of amounts already sorted in ascending order.
pub fn lorenz_sorted(sorted: &[f64]) -> Vec<f64> {
    let total: f64 = sorted.iter().sum();
    if sorted.is_empty() || total <= 0.0 {
        return vec![f64::NAN; 101];
    }
    let n = sorted.len();
    let mut cumulative = Vec::with_capacity(n + 1);
    cumulative.push(0.0);
    let mut sum = 0.0;
    for &x in sorted {
        sum += x;
        cumulative.push(sum);
    }
    (0..=100)
        .map(|p| {
            let position = n as f64 * f64::from(p) / 100.0;
            let whole = (position.floor() as usize).min(n);
            let part = if whole < n {
                (position - whole as f64) * sorted[whole]
            } else {
                0.0
            };
            ((cumulative[whole] + part) / total).min(1.0)
        })
        .collect()
}

/// One row of `curves.csv`: a curve at one `x`, across runs.
#[derive(Clone, Debug, PartialEq)]
pub struct CurvePoint {
    pub curve: &'static str,
    pub x: u32,
    pub mean: f64,
    /// In the order of [`LEVELS`].
    pub levels: [f64; 5],
}

/// Every curve at every x, its mean and quantiles across the runs that define it.
pub fn curve_quantiles(runs: &[&RunCurves]) -> Vec<CurvePoint> {
    let mut points = Vec::new();
    let mut values = Vec::with_capacity(runs.len());
    for (c, &curve) in CURVES.iter().enumerate() {
        let length = runs.iter().map(|r| r.curves[c].len()).max().unwrap_or(0);
        for x in 0..length {
            values.clear();
            values.extend(
                (runs.iter())
                    .filter_map(|r| r.curves[c].get(x))
                    .filter(|v| !v.is_nan()),
            );
            values.sort_unstable_by(f64::total_cmp);
            points.push(CurvePoint {
                curve,
                x: x as u32,
                mean: mean(&values),
                levels: LEVELS.map(|(_, q)| quantile_sorted(&values, q)),
            });
        }
    }
    points
}

/// Each histogram summed over runs, in the order of [`HISTOGRAMS`].
pub fn pooled_histograms(runs: &[&RunCurves]) -> [Vec<u64>; 2] {
    let bins = bin_edges().len() - 1;
    std::array::from_fn(|h| {
        let mut pooled = vec![0u64; bins];
        for run in runs {
            for (sum, &count) in pooled.iter_mut().zip(&run.histograms[h]) {
                *sum += u64::from(count);
            }
        }
        pooled
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_increase_and_every_amount_has_one_bin() {
        let edges = bin_edges();
        assert!(edges.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(edges.len() - 1, 2 * (80 + 1) + 1 + 2);
        let nothing = bin_of(&edges, 0.0);
        assert_eq!((edges[nothing], edges[nothing + 1]), (-0.005, 0.005));
        assert_eq!(bin_of(&edges, 0.004), nothing);
        assert_eq!(bin_of(&edges, -0.005), nothing);
        assert_eq!(bin_of(&edges, 0.005), nothing + 1);
        assert_eq!(bin_of(&edges, 1.0), nothing + 2);
        assert_eq!(bin_of(&edges, 1e12), edges.len() - 2);
        assert_eq!(bin_of(&edges, -1e12), 0);
        let k = bin_of(&edges, 612.0);
        assert!(edges[k] <= 612.0 && 612.0 < edges[k + 1]);
        assert!((edges[k + 1] / edges[k] - 10f64.powf(0.1)).abs() < 1e-12);
    }

    #[test]
    fn lorenz_of_equal_amounts_is_the_diagonal_and_of_one_holder_is_flat() {
        let equal = lorenz(&[5.0; 10]);
        for (p, l) in equal.iter().enumerate() {
            assert!((l - p as f64 / 100.0).abs() < 1e-12, "{p}: {l}");
        }
        // Four holders, one has everything: the poorest 75 % hold nothing, and the
        // curve rises linearly over the last holder.
        let one = lorenz(&[0.0, 0.0, 10.0, 0.0]);
        assert_eq!(one[75], 0.0);
        assert!((one[90] - 0.6).abs() < 1e-12);
        assert_eq!(one[100], 1.0);
        assert!(lorenz(&[0.0, 0.0]).iter().all(|l| l.is_nan()));
    }

    #[test]
    fn bands_across_runs_skip_undefined_points() {
        let run = |v: f64| RunCurves {
            curves: std::array::from_fn(|_| vec![v, f64::NAN]),
            histograms: [vec![1, 2], vec![3, 0]],
        };
        let (a, b) = (run(1.0), run(3.0));
        let points = curve_quantiles(&[&a, &b]);
        assert_eq!(points.len(), 2 * CURVES.len());
        assert_eq!(points[0].mean, 2.0);
        assert_eq!(points[0].levels[2], 2.0);
        assert!(points[1].mean.is_nan());
        let pooled = pooled_histograms(&[&a, &b]);
        assert_eq!(pooled[0][..2], [2, 4]);
        assert_eq!(pooled[1][..2], [6, 0]);
    }
}
