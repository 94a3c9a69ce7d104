//! The memory a run holds, and a process-wide budget that running worlds draw on.
//!
//! A run's memory is its market (a few bytes per person, allocated at the start) plus
//! its members (a few hundred bytes per member who ever joined, growing as they join).
//! How many will join is not known before the run: a calibrated scenario sees 15 to
//! 25 % of its market join over five years, a pyramid can see most of it join, and a
//! short horizon sees only the founders' first circles. So the check before a run
//! refuses only what cannot fit at all (the market itself), and each running world
//! claims its growing size from [`BUDGET`] once a month; a world whose claim takes the
//! process over the limit stops at once and records why ([`Outgrown`]), every other
//! world stops at its next month, and the command reports it instead of being killed
//! by the system. The limit is set by the command from the memory the system has
//! available; until it is set (tests, library use) it is unlimited.
//!
//! The sizes are measured, not derived from the structs alone: peak resident memory of
//! `default.toml` runs at 3, 10 and 100 million people, less the market's arrays,
//! divided by the members who ever joined (README, Performance).

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes per person of the market: standing (1), reconsider month (2), customer slot
/// (4), rounded up for the allocator.
pub const BYTES_PER_PERSON: u64 = 8;

/// Bytes per member who ever joined, everything a running world holds for them: the
/// member columns and traits (~300), lifetime outcomes (~110), the plan's compact view
/// and per-period state (~90), customers and allocator slack. Measured: 518 to 527
/// bytes at 3 and 10 million people (peak resident memory less the market, over the
/// members ever).
pub const BYTES_PER_MEMBER: u64 = 560;

/// A run's memory with `members` members ever in a market of `population`.
pub fn run_bytes(population: u32, members: u64) -> u64 {
    u64::from(population) * BYTES_PER_PERSON + members * BYTES_PER_MEMBER
}

/// Why a run stopped before its horizon: the process would have held more than the
/// limit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgrown {
    pub run: u32,
    /// The month the run was in (0-based).
    pub month: u32,
    /// Members who had ever joined that run.
    pub members: u64,
    /// The run's own size then, in bytes.
    pub run_bytes: u64,
    /// All running worlds together, with this one's growth, in bytes.
    pub total_bytes: u64,
    pub limit_bytes: u64,
}

/// The process's memory limit for running worlds and what they hold now.
pub struct Budget {
    limit: AtomicU64,
    used: AtomicU64,
    outgrown: Mutex<Option<Outgrown>>,
}

/// The one budget of this process (memory is the process's, not a run's).
pub static BUDGET: Budget = Budget {
    limit: AtomicU64::new(u64::MAX),
    used: AtomicU64::new(0),
    outgrown: Mutex::new(None),
};

impl Budget {
    /// Sets the limit for the worlds about to run and forgets an earlier stop.
    pub fn set_limit(&self, bytes: u64) {
        self.limit.store(bytes, Ordering::SeqCst);
        if let Ok(mut outgrown) = self.outgrown.lock() {
            *outgrown = None;
        }
    }

    /// The limit in bytes (`u64::MAX` when unset).
    pub fn limit(&self) -> u64 {
        self.limit.load(Ordering::SeqCst)
    }

    /// What the running worlds hold now, in bytes.
    pub fn used(&self) -> u64 {
        self.used.load(Ordering::SeqCst)
    }

    /// The first run that outgrew the limit since it was set, if one did.
    pub fn outgrown(&self) -> Option<Outgrown> {
        self.outgrown.lock().ok().and_then(|o| o.clone())
    }

    /// Whether a run has outgrown the limit (every world stops at its next month).
    pub fn stopped(&self) -> bool {
        self.outgrown.lock().map(|o| o.is_some()).unwrap_or(true)
    }

    /// Moves a world's claim from `from` to `to` bytes. Growth that takes the total
    /// over the limit is refused: the claim stays at `from`, the first refusal is
    /// recorded, and `false` tells the world to stop.
    pub fn claim(&self, from: u64, to: u64, describe: impl FnOnce(u64) -> Outgrown) -> bool {
        if to <= from {
            self.used.fetch_sub(from - to, Ordering::SeqCst);
            return true;
        }
        let grow = to - from;
        let total = self.used.fetch_add(grow, Ordering::SeqCst) + grow;
        if total <= self.limit() {
            return true;
        }
        self.used.fetch_sub(grow, Ordering::SeqCst);
        if let Ok(mut outgrown) = self.outgrown.lock() {
            outgrown.get_or_insert_with(|| describe(total));
        }
        false
    }
}

/// A world's claim on [`BUDGET`], given back when the world is dropped.
#[derive(Debug, Default)]
pub struct Claim {
    bytes: u64,
}

impl Claim {
    /// Claims `bytes` in all for the world (growing or shrinking its claim); `false` when
    /// growth was refused and the world must stop.
    pub fn update(&mut self, bytes: u64, describe: impl FnOnce(u64) -> Outgrown) -> bool {
        let granted = BUDGET.claim(self.bytes, bytes, describe);
        if granted {
            self.bytes = bytes;
        }
        granted
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        BUDGET.claim(self.bytes, 0, |_| unreachable_outgrown());
    }
}

/// Shrinking a claim never outgrows; the description is never asked for.
fn unreachable_outgrown() -> Outgrown {
    Outgrown {
        run: 0,
        month: 0,
        members: 0,
        run_bytes: 0,
        total_bytes: 0,
        limit_bytes: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(total: u64) -> Outgrown {
        Outgrown {
            run: 7,
            month: 3,
            members: 10,
            run_bytes: 5,
            total_bytes: total,
            limit_bytes: 100,
        }
    }

    #[test]
    fn a_budget_grants_growth_up_to_its_limit_and_records_the_first_refusal() {
        let budget = Budget {
            limit: AtomicU64::new(u64::MAX),
            used: AtomicU64::new(0),
            outgrown: Mutex::new(None),
        };
        budget.set_limit(100);
        assert!(budget.claim(0, 60, describe));
        assert!(budget.claim(0, 40, describe));
        assert_eq!(budget.used(), 100);
        assert!(!budget.stopped());
        // 60 -> 61 would take the total to 101: refused, the claim stays at 60.
        assert!(!budget.claim(60, 61, describe));
        assert_eq!(budget.used(), 100);
        assert!(budget.stopped());
        assert_eq!(budget.outgrown().map(|o| o.total_bytes), Some(101));
        // A later refusal does not replace the first.
        assert!(!budget.claim(40, 90, |_| unreachable_outgrown()));
        assert_eq!(budget.outgrown().map(|o| o.run), Some(7));
        // Shrinking always succeeds; a new limit forgets the stop.
        assert!(budget.claim(60, 0, describe));
        assert_eq!(budget.used(), 40);
        budget.set_limit(1_000);
        assert!(!budget.stopped());
        assert!(budget.claim(40, 500, describe));
    }

    #[test]
    fn a_run_is_its_market_plus_its_members() {
        assert_eq!(run_bytes(1_000, 0), 8_000);
        assert_eq!(
            run_bytes(100_000_000, 15_000_000),
            800_000_000 + 8_400_000_000
        );
    }
}
