//! Poisson counts for the monthly hot loop.
//!
//! Every member draws three Poisson counts a month (recruiting pitches, sales pitches,
//! units for own use) from personal means fixed at joining. Inversion with the member's
//! precomputed `exp(-mean)` costs one uniform draw and about `mean` multiplications,
//! with no logarithm or exponential per draw; `rand_distr::Poisson` would rebuild its
//! tables on every call because every member's mean differs. Large means (rare: a
//! handful of very active members) go to `rand_distr`.

use rand::{Rng, RngExt};
use rand_distr::{Distribution, Poisson};

/// Means above this use `rand_distr::Poisson`'s rejection sampler: inversion costs a
/// multiply and a divide per unit of mean, rejection a constant few draws.
const INVERSION_LIMIT: f64 = 10.0;

/// A Poisson mean with its `exp(-mean)` cached, or a ready `rand_distr` sampler for a
/// large mean.
#[derive(Clone, Debug, Default)]
pub struct PoissonRate {
    pub mean: f64,
    exp_neg_mean: f64,
    large: Option<Box<Poisson<f64>>>,
}

impl PoissonRate {
    pub fn new(mean: f64) -> Self {
        Self {
            mean,
            exp_neg_mean: (-mean).exp(),
            large: (mean > INVERSION_LIMIT)
                .then(|| Poisson::new(mean).ok().map(Box::new))
                .flatten(),
        }
    }

    /// One draw.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u32 {
        if self.mean <= 0.0 {
            return 0;
        }
        if let Some(large) = &self.large {
            return large.sample(rng) as u32;
        }
        let u: f64 = rng.random();
        let mut k = 0u32;
        let mut p = self.exp_neg_mean;
        let mut cumulative = p;
        while u > cumulative && k < 200 {
            k += 1;
            p *= self.mean / f64::from(k);
            cumulative += p;
        }
        k
    }
}

/// A member's monthly count of something (pitches, units): a Poisson draw around a
/// mean, or exactly a fixed number (`pitch_counts = "fixed"`, which draws nothing).
#[derive(Clone, Debug)]
pub enum Count {
    Poisson(PoissonRate),
    Fixed(u32),
}

impl Count {
    /// A Poisson count with mean `mean`, or, when `fixed`, exactly `mean` rounded.
    pub fn new(mean: f64, fixed: bool) -> Self {
        if fixed {
            Count::Fixed(mean.round().clamp(0.0, f64::from(u32::MAX)) as u32)
        } else {
            Count::Poisson(PoissonRate::new(mean))
        }
    }

    /// This month's count.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u32 {
        match self {
            Count::Poisson(rate) => rate.sample(rng),
            Count::Fixed(n) => *n,
        }
    }

    /// The mean count.
    pub fn mean(&self) -> f64 {
        match self {
            Count::Poisson(rate) => rate.mean,
            Count::Fixed(n) => f64::from(*n),
        }
    }

    /// Whether every month's count is the same.
    pub fn is_fixed(&self) -> bool {
        matches!(self, Count::Fixed(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::seeding::run_rng;

    #[test]
    fn draws_have_poisson_mean_and_variance() {
        // 400,000 draws per mean, fixed seed: mean and variance within 1.5 %.
        let mut rng = run_rng(3, 0);
        for mean in [0.05, 0.6, 3.0, 12.0, 45.0] {
            let rate = PoissonRate::new(mean);
            let n = 400_000;
            let draws: Vec<f64> = (0..n).map(|_| f64::from(rate.sample(&mut rng))).collect();
            let m = draws.iter().sum::<f64>() / n as f64;
            let v = draws.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1) as f64;
            assert!((m - mean).abs() / mean < 0.015, "mean {m} for {mean}");
            assert!((v - mean).abs() / mean < 0.015, "variance {v} for {mean}");
        }
    }

    #[test]
    fn zero_mean_never_fires() {
        let mut rng = run_rng(3, 1);
        assert!((0..1000).all(|_| PoissonRate::new(0.0).sample(&mut rng) == 0));
    }
}
