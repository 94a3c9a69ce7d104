//! How long someone who said no waits before they can be asked again: a geometric
//! number of extra months with mean `reconsider_months - 1`, drawn once per declined
//! pitch (the most frequent draw of a run after the pitch itself).
//!
//! The draws are `rand_distr::Geometric`'s, to the bit and from the same generator
//! outputs, so runs are unchanged; only the work per draw is less. `rand_distr` uses
//! Bringmann and Friedrich's method (a count of whole blocks of `2^k` months, then a
//! remainder `m < 2^k` accepted with probability `(1 - p)^m`) and computes that
//! acceptance probability with `powi` on every try; here the `2^k` probabilities are
//! computed once per run with the same `powi` and read from a table.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Geometric};

/// Blocks of up to `2^MAX_K` months are tabulated (`reconsider_months` up to about
/// 700); longer waits use `rand_distr` itself.
const MAX_K: u32 = 10;

/// A geometric sampler for reconsider waits.
#[derive(Clone, Debug)]
pub enum Reconsider {
    /// `p >= 2/3`: count failures of single trials (as `rand_distr` does).
    Trials { p: f64 },
    /// Blocks of `2^k` months with the remainder's acceptance tabulated.
    Table {
        /// `(1 - p)^(2^k)`: the chance a whole block passes.
        pi: f64,
        k: u32,
        /// `(1 - p)^m` for `m` in `0..2^k`.
        accept: Box<[f64]>,
    },
    /// Anything else (very long waits): `rand_distr` itself.
    Other(Geometric),
}

impl Reconsider {
    /// Waits with success probability `p` a month (mean `1/p - 1` extra months), or
    /// `None` when `p` is not a probability.
    pub fn new(p: f64) -> Option<Self> {
        let geometric = Geometric::new(p).ok()?;
        if p >= 2.0 / 3.0 {
            return Some(Reconsider::Trials { p });
        }
        // As `rand_distr`: the smallest k with (1 - p)^(2^k) <= 0.5.
        let mut pi = 1.0 - p;
        if pi == 1.0 {
            return Some(Reconsider::Other(geometric));
        }
        let mut k = 1;
        pi = pi * pi;
        while pi > 0.5 {
            k += 1;
            pi = pi * pi;
        }
        if k > MAX_K {
            return Some(Reconsider::Other(geometric));
        }
        let accept = (0..1u64 << k).map(|m| (1.0 - p).powi(m as i32)).collect();
        Some(Reconsider::Table { pi, k, accept })
    }

    /// One wait, in extra months.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        match self {
            Reconsider::Trials { p } => {
                let mut failures = 0;
                while rng.random::<f64>() > *p {
                    failures += 1;
                }
                failures
            }
            Reconsider::Table { pi, k, accept } => {
                let mut blocks = 0u64;
                while rng.random::<f64>() < *pi {
                    blocks += 1;
                }
                let mask = (1u64 << k) - 1;
                let m = loop {
                    let m = rng.random::<u64>() & mask;
                    if rng.random::<f64>() < accept[m as usize] {
                        break m;
                    }
                };
                (blocks << k) + m
            }
            Reconsider::Other(geometric) => geometric.sample(rng),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::seeding::run_rng;

    #[test]
    fn waits_are_rand_distrs_geometric_to_the_bit_from_the_same_stream() {
        // Means of 1.2 to 2,000 months: every branch (trials, table, rand_distr).
        for months in [1.2, 1.5, 2.0, 3.0, 6.0, 12.0, 24.0, 100.0, 700.0, 2_000.0] {
            let p = 1.0 / months;
            let ours = Reconsider::new(p).expect("a probability");
            let theirs = Geometric::new(p).expect("a probability");
            let (mut a, mut b) = (run_rng(3, 1), run_rng(3, 1));
            for draw in 0..20_000 {
                let (x, y) = (ours.sample(&mut a), theirs.sample(&mut b));
                assert_eq!(x, y, "mean {months}, draw {draw}");
            }
            // And the streams are left in the same place.
            assert_eq!(a.random::<u64>(), b.random::<u64>());
        }
    }

    #[test]
    fn the_branches_are_chosen_by_p() {
        assert!(matches!(
            Reconsider::new(0.8),
            Some(Reconsider::Trials { .. })
        ));
        assert!(matches!(
            Reconsider::new(1.0 / 12.0),
            Some(Reconsider::Table { k: 3, .. })
        ));
        assert!(matches!(Reconsider::new(1e-4), Some(Reconsider::Other(_))));
        assert!(Reconsider::new(1.5).is_none());
    }
}
