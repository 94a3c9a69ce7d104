//! Where every random number of a run comes from.
//!
//! A run's generator is Xoshiro256++ seeded from (master seed, run index) only, never
//! from a thread, a clock or the order in which runs finish, so the same scenario and
//! seed give the same results for any thread count and any sharding. The 256-bit state
//! is four outputs of SplitMix64 started at a value that mixes the two numbers.

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The generator every run uses; named in `summary.json`.
pub type RunRng = Xoshiro256PlusPlus;

/// How `summary.json` names the generator and its seeding.
pub const GENERATOR: &str =
    "Xoshiro256PlusPlus (rand_xoshiro 0.8), state = SplitMix64(mix(seed, run))";

/// SplitMix64's output function: a bijective 64-bit mixer.
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The 64-bit seed of one run, printed in `runs.csv`.
pub fn run_seed(master_seed: u64, run: u32) -> u64 {
    mix64(mix64(master_seed) ^ (u64::from(run).wrapping_add(1)).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// The generator of one run.
pub fn run_rng(master_seed: u64, run: u32) -> RunRng {
    let mut state = run_seed(master_seed, run);
    let mut bytes = [0u8; 32];
    for chunk in bytes.chunks_exact_mut(8) {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        chunk.copy_from_slice(&mix64(state).to_le_bytes());
    }
    RunRng::from_seed(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn runs_get_distinct_reproducible_streams() {
        let a: u64 = run_rng(42, 0).random();
        assert_eq!(a, run_rng(42, 0).random::<u64>());
        assert_ne!(a, run_rng(42, 1).random::<u64>());
        assert_ne!(a, run_rng(43, 0).random::<u64>());
    }
}
