//! Shards: one machine's (or one Slurm array task's) share of an ensemble's runs.
//!
//! Shard `I` of `N` (0-based) takes the contiguous block of run indices
//! `[I * total / N, (I + 1) * total / N)`, so the shards of one ensemble cover every run
//! exactly once and shard 0 holds the first runs (those whose members are kept). Each
//! run depends on (scenario, master seed, run index) only, so a run gives the same
//! result whichever shard computes it, and merged shards equal the unsharded ensemble.

use crate::error::{Error, Result};
use std::ops::Range;

/// Shard `index` of `count`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// 0-based, below `count`.
    pub index: u32,
    /// How many shards the ensemble is split into (at least 1).
    pub count: u32,
}

impl Shard {
    /// Parses `I/N` (0-based `I` below `N`), as given to `--shard`.
    pub fn parse(text: &str) -> Result<Shard> {
        let bad = |why: &str| {
            Error::BadInput(format!(
                "--shard: expected I/N with 0 <= I < N (e.g. 0/4 for the first of 4 shards), found `{text}`: {why}"
            ))
        };
        let (index, count) = text.split_once('/').ok_or_else(|| bad("no `/`"))?;
        let index: u32 = index
            .trim()
            .parse()
            .map_err(|_| bad("I is not a whole number"))?;
        let count: u32 = count
            .trim()
            .parse()
            .map_err(|_| bad("N is not a whole number"))?;
        if count == 0 {
            return Err(bad("N must be at least 1"));
        }
        if index >= count {
            return Err(bad("I must be below N (shards are numbered from 0)"));
        }
        Ok(Shard { index, count })
    }

    /// The shard a Slurm job-array task stands for: `SLURM_ARRAY_TASK_ID` (less
    /// `SLURM_ARRAY_TASK_MIN`, so arrays need not start at 0) of
    /// `SLURM_ARRAY_TASK_COUNT`. `None` outside a job array.
    pub fn from_slurm(var: impl Fn(&str) -> Option<String>) -> Result<Option<Shard>> {
        let number = |name: &str| -> Result<Option<u32>> {
            match var(name) {
                None => Ok(None),
                Some(text) => text.trim().parse().map(Some).map_err(|_| {
                    Error::BadInput(format!("{name}: expected a whole number, found `{text}`"))
                }),
            }
        };
        let (Some(id), Some(count)) = (
            number("SLURM_ARRAY_TASK_ID")?,
            number("SLURM_ARRAY_TASK_COUNT")?,
        ) else {
            return Ok(None);
        };
        let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        let index = id.checked_sub(min).filter(|&i| i < count).ok_or_else(|| {
            Error::BadInput(format!(
                "SLURM_ARRAY_TASK_ID {id} (array starting at {min}, {count} tasks) is not a \
                 task of a contiguous array: submit with --array=0-{} or pass --shard I/N",
                count.saturating_sub(1)
            ))
        })?;
        Ok(Some(Shard { index, count }))
    }

    /// This shard's block of `0..total`.
    pub fn block(&self, total: u32) -> Range<u32> {
        let at = |i: u32| (u64::from(i) * u64::from(total) / u64::from(self.count)) as u32;
        at(self.index)..at(self.index + 1)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_every_run_once_in_order() {
        for total in [0, 1, 5, 7, 1000] {
            for count in 1..=9 {
                let mut next = 0;
                for index in 0..count {
                    let block = Shard { index, count }.block(total);
                    assert_eq!(block.start, next);
                    next = block.end;
                }
                assert_eq!(next, total);
            }
        }
        assert_eq!(Shard { index: 1, count: 4 }.block(10), 2..5);
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!(Shard::parse("2/4").unwrap(), Shard { index: 2, count: 4 });
        for bad in ["4/4", "1", "a/3", "1/0", "-1/3"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_slurm_array_task_is_a_shard() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                (pairs.iter())
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let task = env(&[
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]);
        assert_eq!(
            Shard::from_slurm(task).unwrap(),
            Some(Shard { index: 3, count: 4 })
        );
        let offset = env(&[
            ("SLURM_ARRAY_TASK_ID", "6"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
            ("SLURM_ARRAY_TASK_MIN", "5"),
        ]);
        assert_eq!(
            Shard::from_slurm(offset).unwrap(),
            Some(Shard { index: 1, count: 4 })
        );
        assert_eq!(Shard::from_slurm(env(&[])).unwrap(), None);
        let gap = env(&[
            ("SLURM_ARRAY_TASK_ID", "9"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]);
        assert!(Shard::from_slurm(gap).is_err());
    }
}
