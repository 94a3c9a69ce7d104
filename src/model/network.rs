//! The contact network: whom a person can pitch.
//!
//! Saturation in this model comes from contacts running out: a member can only recruit
//! and sell among the people they know (plus a `cold_reach` share of pitches to random
//! strangers), and once those are members, customers, or recently said no, pitches find
//! nobody. The network is fixed for a run but never stored: person `p`'s `s`-th contact
//! is a pure function of (run key, p, s), a hash, so a population of millions costs no
//! memory and no build time, and the same run key always gives the same graph.
//!
//! Each person has an ordered list of contacts (their own address book); ties need not
//! be mutual. The kinds:
//! - `complete`: everyone knows everyone; a pitch goes to a uniformly random other person.
//! - `random`: `degree` contacts, each a uniformly random other person (a random
//!   `degree`-out graph).
//! - `small_world` (Watts-Strogatz): people sit on a ring and know the `degree / 2`
//!   nearest on each side; each tie is independently rewired to a random person with
//!   probability `rewire`, giving short paths between otherwise local circles.
//! - `scale_free` (Chung-Lu): person `i` has weight `w_i = (i + 1)^(-1/(exponent - 1))`;
//!   contact counts are proportional to weight with mean `degree` (so their distribution
//!   has a power-law tail with the given exponent), and each contact is drawn in
//!   proportion to weight: well-connected people are also the most often pitched.

use super::seeding::mix64;
use crate::scenario::Network;
use rand::{Rng, RngExt};

/// A run's contact network.
#[derive(Clone, Debug)]
pub struct ContactNetwork {
    shape: Shape,
    /// Contacts per person for `random` and `small_world` (an even number for the ring).
    fixed_degree: u32,
}

/// The network of one kind, as a value the month's pitching loops are compiled for
/// (one copy of each loop per kind, so a pitch does not match on the kind).
#[derive(Clone, Copy, Debug)]
pub enum Shape {
    Complete(Complete),
    Random(Random),
    SmallWorld(SmallWorld),
    ScaleFree(ScaleFree),
}

/// Everyone knows everyone.
#[derive(Clone, Copy, Debug)]
pub struct Complete {
    population: u32,
}

/// `degree` uniformly random contacts each.
#[derive(Clone, Copy, Debug)]
pub struct Random {
    population: u32,
    key: u64,
}

/// The Watts-Strogatz ring with rewired ties.
#[derive(Clone, Copy, Debug)]
pub struct SmallWorld {
    population: u32,
    key: u64,
    rewire_threshold: u64,
}

/// Chung-Lu weights with a power-law tail.
#[derive(Clone, Copy, Debug)]
pub struct ScaleFree {
    population: u32,
    key: u64,
    /// 1 - 1/(exponent - 1): the power of the cumulative weight.
    power: f64,
    /// Cumulative weight at 0 and at the population (in `x^power` units).
    low: f64,
    high: f64,
    /// Mean contacts per unit weight.
    degree_per_weight: f64,
    /// The weight exponent -1/(exponent - 1).
    weight_exponent: f64,
}

/// Whom a pitch reaches in a network of one kind.
pub trait Reach {
    /// Whether everyone knows everyone (every pitch goes to a random other person).
    const COMPLETE: bool = false;

    /// People in the market.
    fn population(&self) -> u32;

    /// The `slot`-th contact of `person` (slot < degree).
    fn contact(&self, person: u32, slot: u32) -> u32;

    /// The person one pitch reaches: with probability `cold_reach` (as a threshold from
    /// [`cold_threshold`]) a random stranger, otherwise a random one of `person`'s
    /// `degree` contacts. One 64-bit draw decides both (low half: cold or not; high
    /// half: which contact).
    #[inline(always)]
    fn pitch_target<R: Rng + ?Sized>(
        &self,
        person: u32,
        degree: u32,
        cold_threshold: u32,
        rng: &mut R,
    ) -> u32 {
        let draw: u64 = rng.random();
        if Self::COMPLETE || (draw as u32) < cold_threshold {
            return stranger(person, rng.random(), self.population());
        }
        let slot = (((draw >> 32) * u64::from(degree)) >> 32) as u32;
        self.contact(person, slot)
    }
}

impl Reach for Complete {
    const COMPLETE: bool = true;

    fn population(&self) -> u32 {
        self.population
    }

    #[inline]
    fn contact(&self, person: u32, slot: u32) -> u32 {
        other_than(person, slot)
    }
}

impl Reach for Random {
    fn population(&self) -> u32 {
        self.population
    }

    #[inline]
    fn contact(&self, person: u32, slot: u32) -> u32 {
        let hash = contact_hash(self.key, person, slot);
        stranger(person, hash, self.population)
    }
}

impl Reach for SmallWorld {
    fn population(&self) -> u32 {
        self.population
    }

    #[inline]
    fn contact(&self, person: u32, slot: u32) -> u32 {
        let n = self.population;
        let hash = contact_hash(self.key, person, slot);
        if hash < self.rewire_threshold {
            return stranger(person, mix64(hash), n);
        }
        // The ring: slot 0, 1 are the nearest neighbours on either side, 2, 3 the
        // next, and so on (no division: offset < n).
        let offset = (slot / 2 + 1).min(n - 1);
        if slot % 2 == 0 {
            let target = person + offset;
            if target >= n { target - n } else { target }
        } else if person >= offset {
            person - offset
        } else {
            person + n - offset
        }
    }
}

impl Reach for ScaleFree {
    fn population(&self) -> u32 {
        self.population
    }

    #[inline]
    fn contact(&self, person: u32, slot: u32) -> u32 {
        let n = self.population;
        let hash = contact_hash(self.key, person, slot);
        let u = (hash >> 11) as f64 / (1u64 << 53) as f64;
        let x = (self.low + u * (self.high - self.low)).powf(1.0 / self.power) - 1.0;
        let target = (x as u32).min(n - 1);
        if target == person {
            stranger(person, mix64(hash), n)
        } else {
            target
        }
    }
}

impl ScaleFree {
    fn degree(&self, person: u32) -> u32 {
        let weight = f64::from(person + 1).powf(self.weight_exponent);
        let degree = (weight * self.degree_per_weight).round();
        (degree.max(1.0) as u32).min(self.population - 1)
    }
}

/// The hash behind `person`'s `slot`-th contact.
#[inline]
fn contact_hash(key: u64, person: u32, slot: u32) -> u64 {
    mix64(key ^ ((u64::from(person) << 32) | u64::from(slot)))
}

/// A uniformly random person other than `person`, from the uniform 64-bit `draw`.
#[inline]
fn stranger(person: u32, draw: u64, population: u32) -> u32 {
    other_than(person, reduce(draw, population - 1))
}

/// Maps `index` in 0..population-1 to a person other than `person`.
#[inline]
fn other_than(person: u32, index: u32) -> u32 {
    if index >= person { index + 1 } else { index }
}

impl ContactNetwork {
    /// The network of one run; `key` comes from the run's generator.
    pub fn new(kind: Network, population: u32, key: u64) -> Self {
        let shape = match kind {
            Network::Complete => Shape::Complete(Complete { population }),
            Network::Random { .. } => Shape::Random(Random { population, key }),
            Network::SmallWorld { rewire, .. } => Shape::SmallWorld(SmallWorld {
                population,
                key,
                rewire_threshold: probability_threshold(rewire),
            }),
            Network::ScaleFree { degree, exponent } => {
                let weight_exponent = -1.0 / (exponent - 1.0);
                let power = 1.0 + weight_exponent;
                // Weights are w(x) = x^weight_exponent for x in [1, population + 1);
                // their integral is x^power / power, so the mean weight is
                // ((N+1)^power - 1) / (power N).
                let n = f64::from(population);
                let (low, high) = (1.0f64, (n + 1.0).powf(power));
                let mean_weight = (high - low) / (power * n);
                Shape::ScaleFree(ScaleFree {
                    population,
                    key,
                    power,
                    low,
                    high,
                    degree_per_weight: f64::from(degree) / mean_weight,
                    weight_exponent,
                })
            }
        };
        let fixed_degree = match kind {
            Network::Random { degree } => degree,
            Network::SmallWorld { degree, .. } => 2 * (degree / 2).max(1),
            Network::Complete | Network::ScaleFree { .. } => 0,
        };
        Self {
            shape,
            fixed_degree,
        }
    }

    /// The network as a value of its kind, for loops compiled per kind.
    pub fn shape(&self) -> Shape {
        self.shape
    }

    /// How many contacts `person` has (the whole population less themself for `complete`).
    pub fn degree(&self, person: u32) -> u32 {
        match &self.shape {
            Shape::Complete(c) => c.population - 1,
            Shape::Random(_) | Shape::SmallWorld(_) => self.fixed_degree,
            Shape::ScaleFree(sf) => sf.degree(person),
        }
    }

    /// The `slot`-th contact of `person` (slot < degree).
    pub fn contact(&self, person: u32, slot: u32) -> u32 {
        match &self.shape {
            Shape::Complete(c) => c.contact(person, slot),
            Shape::Random(r) => r.contact(person, slot),
            Shape::SmallWorld(w) => w.contact(person, slot),
            Shape::ScaleFree(sf) => sf.contact(person, slot),
        }
    }
}

/// A 64-bit threshold such that a uniform u64 falls below it with probability `p`.
pub fn probability_threshold(p: f64) -> u64 {
    if p >= 1.0 {
        u64::MAX
    } else {
        (p * 18_446_744_073_709_551_616.0) as u64
    }
}

/// A 32-bit threshold such that a uniform u32 falls below it with probability `p`
/// (to within 2^-32).
pub fn cold_threshold(p: f64) -> u32 {
    if p >= 1.0 {
        u32::MAX
    } else {
        (p * 4_294_967_296.0) as u32
    }
}

/// Maps a uniform u64 to 0..n without modulo bias worth measuring (Lemire's multiply-shift).
#[inline]
pub fn reduce(x: u64, n: u32) -> u32 {
    ((u128::from(x) * u128::from(n)) >> 64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contacts(net: &ContactNetwork, person: u32) -> Vec<u32> {
        (0..net.degree(person))
            .map(|s| net.contact(person, s))
            .collect()
    }

    #[test]
    fn contacts_are_fixed_for_a_key_and_never_oneself() {
        for kind in [
            Network::Random { degree: 20 },
            Network::SmallWorld {
                degree: 20,
                rewire: 0.3,
            },
            Network::ScaleFree {
                degree: 20,
                exponent: 2.5,
            },
        ] {
            let a = ContactNetwork::new(kind, 5_000, 9);
            let b = ContactNetwork::new(kind, 5_000, 9);
            let c = ContactNetwork::new(kind, 5_000, 10);
            for p in [0, 1, 17, 4_999] {
                assert_eq!(contacts(&a, p), contacts(&b, p));
                assert!(contacts(&a, p).iter().all(|&q| q != p && q < 5_000));
            }
            if !matches!(kind, Network::ScaleFree { .. }) {
                assert_ne!(contacts(&a, 17), contacts(&c, 17));
            }
        }
    }

    #[test]
    fn small_world_without_rewiring_is_the_ring_lattice() {
        let net = ContactNetwork::new(
            Network::SmallWorld {
                degree: 4,
                rewire: 0.0,
            },
            100,
            1,
        );
        let mut got = contacts(&net, 0);
        got.sort_unstable();
        assert_eq!(got, vec![1, 2, 98, 99]);
    }

    #[test]
    fn small_world_rewires_about_the_given_share_of_ties() {
        // 20,000 ties, rewire 0.2: a rewired tie lands outside the 10 nearest with
        // probability ~0.9996, so the share of far ties is 0.2 +- 0.01.
        let net = ContactNetwork::new(
            Network::SmallWorld {
                degree: 20,
                rewire: 0.2,
            },
            100_000,
            5,
        );
        let far = (0..1_000u32)
            .flat_map(|p| contacts(&net, p).into_iter().map(move |q| (p, q)))
            .filter(|&(p, q)| {
                let d = (i64::from(p) - i64::from(q)).rem_euclid(100_000);
                d > 10 && d < 100_000 - 10
            })
            .count();
        let share = far as f64 / 20_000.0;
        assert!((share - 0.2).abs() < 0.01, "{share}");
    }

    #[test]
    fn scale_free_mean_degree_matches_and_hubs_exist() {
        // Mean contact count within 5 % of `degree`; the best-connected person has at
        // least 20 times the mean, as a power-law tail implies.
        let n = 50_000;
        let net = ContactNetwork::new(
            Network::ScaleFree {
                degree: 30,
                exponent: 3.0,
            },
            n,
            2,
        );
        let degrees: Vec<u32> = (0..n).map(|p| net.degree(p)).collect();
        let mean = degrees.iter().map(|&d| f64::from(d)).sum::<f64>() / f64::from(n);
        assert!((mean - 30.0).abs() / 30.0 < 0.05, "{mean}");
        assert!(f64::from(*degrees.iter().max().unwrap()) > 20.0 * mean);
    }

    #[test]
    fn random_contacts_cover_the_population_evenly() {
        // 100 people x 1,000 contacts over 1,000 targets: each target is hit
        // 100 times on average; no target more than twice that.
        let net = ContactNetwork::new(Network::Random { degree: 1_000 }, 1_000, 3);
        let mut hits = vec![0u32; 1_000];
        for p in 0..100 {
            for q in contacts(&net, p) {
                hits[q as usize] += 1;
            }
        }
        assert!(
            hits.iter().all(|&h| h > 40 && h < 200),
            "{:?}",
            hits.iter().max()
        );
    }
}
