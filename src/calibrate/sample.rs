//! Where each wave's points come from, and how likely each proposal was to draw a point
//! (needed to weight the accepted points).
//!
//! All in unit coordinates, where the prior is uniform on `[0, 1]^d` with density 1.
//! - Wave 1: a Latin hypercube of `n` points: in each dimension the `n` strata
//!   `[s/n, (s+1)/n)` are shuffled and each point takes a uniform value in its stratum.
//!   Its proposal density is the prior's, 1.
//! - Later waves: a mixture of multivariate normals, one centred on each point kept so
//!   far, chosen with probability proportional to its weight, all with the covariance
//!   `Σ` of the kept points (weighted; a floor of `0.01^2` on the diagonal, and `0.05^2`
//!   per dimension when fewer than two points were kept), as imabc does. Draws outside
//!   the unit cube are drawn again; the density of a draw is the mixture's density
//!   divided by the share of draws that landed inside (`acceptance`, counted while
//!   drawing), so it integrates to 1 over the cube.
//!
//! The generator of wave `w` is seeded from (master seed, `0xCA11_B2A7E + w`) only.

use crate::model::seeding::{RunRng, mix64, run_rng};
use nalgebra::{Cholesky, DMatrix, DVector, Dyn};
use rand::RngExt;
use rand_distr::{Distribution, StandardNormal};

/// Draws beyond this many per point accepted mean the kept region has no room inside
/// the cube for the mixture: the wave stops there.
const MAX_DRAWS_PER_POINT: usize = 10_000;

/// The generator of wave `wave` (1-based).
pub fn wave_rng(seed: u64, wave: u32) -> RunRng {
    run_rng(mix64(seed ^ 0xCA11_B2A7E), wave)
}

/// A wave's proposal distribution on the unit cube.
#[derive(Clone, Debug)]
pub enum Proposal {
    /// Uniform (wave 1's Latin hypercube).
    Uniform,
    /// A mixture of normals around weighted centres, truncated to the cube.
    Mixture(Mixture),
}

/// A mixture of normals with one covariance.
#[derive(Clone, Debug)]
pub struct Mixture {
    centres: Vec<DVector<f64>>,
    /// Cumulative component probabilities (the last is 1).
    cumulative: Vec<f64>,
    probabilities: Vec<f64>,
    cholesky: Cholesky<f64, Dyn>,
    /// `log((2 pi)^(d/2) |Σ|^(1/2))`.
    log_norm: f64,
    /// Share of draws that fell inside the cube.
    pub acceptance: f64,
}

impl Proposal {
    /// The density of the proposal at `u` (on the cube).
    pub fn density(&self, u: &[f64]) -> f64 {
        match self {
            Proposal::Uniform => 1.0,
            Proposal::Mixture(m) => m.density(u),
        }
    }
}

/// Wave 1: a Latin hypercube of `n` points in `d` dimensions.
pub fn latin_hypercube(n: usize, d: usize, rng: &mut RunRng) -> Vec<Vec<f64>> {
    let mut points = vec![vec![0.0; d]; n];
    for k in 0..d {
        let mut strata: Vec<usize> = (0..n).collect();
        // Fisher-Yates, drawn here so the order of draws is fixed.
        for i in (1..n).rev() {
            let j = rng.random_range(0..=i);
            strata.swap(i, j);
        }
        for (point, stratum) in points.iter_mut().zip(strata) {
            let within: f64 = rng.random();
            point[k] = (stratum as f64 + within) / n as f64;
        }
    }
    points
}

impl Mixture {
    /// The mixture around `centres` with weights `weights` (not all 0).
    pub fn around(centres: &[Vec<f64>], weights: &[f64]) -> Mixture {
        let d = centres[0].len();
        let total: f64 = weights.iter().sum();
        let probabilities: Vec<f64> = weights.iter().map(|w| w / total).collect();
        let mut cumulative = Vec::with_capacity(probabilities.len());
        let mut sum = 0.0;
        for p in &probabilities {
            sum += p;
            cumulative.push(sum);
        }
        if let Some(last) = cumulative.last_mut() {
            *last = 1.0;
        }
        let vectors: Vec<DVector<f64>> = centres
            .iter()
            .map(|c| DVector::from_column_slice(c))
            .collect();
        let mut covariance = DMatrix::<f64>::zeros(d, d);
        if vectors.len() >= 2 {
            let mut mean = DVector::<f64>::zeros(d);
            for (v, p) in vectors.iter().zip(&probabilities) {
                mean += v * *p;
            }
            for (v, p) in vectors.iter().zip(&probabilities) {
                let deviation = v - &mean;
                covariance += &deviation * deviation.transpose() * *p;
            }
            for k in 0..d {
                covariance[(k, k)] = covariance[(k, k)].max(1e-4);
            }
        } else {
            for k in 0..d {
                covariance[(k, k)] = 0.05 * 0.05;
            }
        }
        // Positive definite by construction (a floor on the diagonal); should rounding
        // defeat that, fall back to the diagonal alone.
        let cholesky = Cholesky::new(covariance.clone()).unwrap_or_else(|| {
            let diagonal = DMatrix::from_diagonal(&covariance.diagonal());
            Cholesky::new(diagonal).unwrap_or_else(|| {
                Cholesky::new(DMatrix::identity(d, d) * 1e-6).expect("a positive identity")
            })
        });
        let log_det: f64 = (0..d).map(|k| cholesky.l_dirty()[(k, k)].ln()).sum();
        let log_norm = 0.5 * d as f64 * (2.0 * std::f64::consts::PI).ln() + log_det;
        Mixture {
            centres: vectors,
            cumulative,
            probabilities,
            cholesky,
            log_norm,
            acceptance: 1.0,
        }
    }

    /// Draws `n` points inside the cube (fewer if the mixture hardly reaches it), and
    /// records the share of draws that landed inside.
    pub fn draw(&mut self, n: usize, rng: &mut RunRng) -> Vec<Vec<f64>> {
        let d = self.centres[0].len();
        let l = self.cholesky.l();
        let mut points = Vec::with_capacity(n);
        let mut draws = 0usize;
        while points.len() < n && draws < MAX_DRAWS_PER_POINT * n {
            draws += 1;
            let pick: f64 = rng.random();
            let j = self
                .cumulative
                .partition_point(|&c| c <= pick)
                .min(self.centres.len() - 1);
            let z =
                DVector::from_iterator(d, (0..d).map(|_| -> f64 { StandardNormal.sample(rng) }));
            let x = &self.centres[j] + &l * z;
            if x.iter().all(|&v| (0.0..=1.0).contains(&v)) {
                points.push(x.iter().copied().collect());
            }
        }
        self.acceptance = if draws > 0 {
            points.len() as f64 / draws as f64
        } else {
            1.0
        };
        points
    }

    /// The truncated mixture's density at `u`.
    pub fn density(&self, u: &[f64]) -> f64 {
        let x = DVector::from_column_slice(u);
        let mut sum = 0.0;
        for (centre, p) in self.centres.iter().zip(&self.probabilities) {
            if *p == 0.0 {
                continue;
            }
            let deviation = &x - centre;
            let y = self
                .cholesky
                .l_dirty()
                .solve_lower_triangular(&deviation)
                .unwrap_or(deviation);
            sum += p * (-0.5 * y.norm_squared() - self.log_norm).exp();
        }
        sum / self.acceptance.max(f64::MIN_POSITIVE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_latin_hypercube_has_one_point_in_every_stratum() {
        let mut rng = wave_rng(7, 1);
        let points = latin_hypercube(20, 3, &mut rng);
        for k in 0..3 {
            let mut strata: Vec<usize> = points.iter().map(|p| (p[k] * 20.0) as usize).collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..20).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_truncated_mixture_density_integrates_to_one_on_the_cube() {
        // Centres near a corner of the square: much of the mass falls outside, so the
        // acceptance correction matters. A grid of 200 x 200 cells integrates it.
        let centres = [
            vec![0.1, 0.2],
            vec![0.15, 0.05],
            vec![0.3, 0.1],
            vec![0.05, 0.35],
        ];
        let mut mixture = Mixture::around(&centres, &[1.0, 3.0, 1.0, 2.0]);
        let mut rng = wave_rng(1, 2);
        let points = mixture.draw(20_000, &mut rng);
        assert_eq!(points.len(), 20_000);
        assert!(mixture.acceptance < 0.9, "{}", mixture.acceptance);
        let n = 200;
        let mut integral = 0.0;
        for i in 0..n {
            for j in 0..n {
                let u = [(i as f64 + 0.5) / n as f64, (j as f64 + 0.5) / n as f64];
                integral += mixture.density(&u) / (n * n) as f64;
            }
        }
        assert!((integral - 1.0).abs() < 0.03, "{integral}");
    }
}
