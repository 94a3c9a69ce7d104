//! What `run` and `sweep` share: checking the ensemble flags, the default output
//! folder, refusing a job too large for memory, and progress on stderr.

use crate::cli::EnsembleArgs;
use downline::ensemble::shard::Shard;
use downline::error::{Error, Result};
use downline::output::encode::{Encoder, encoder};
use downline::output::shards::run_data;
use downline::scenario::{Overrides, Scenario};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

/// The ensemble flags, checked.
pub struct Settled {
    pub overrides: Overrides,
    pub threads: usize,
    /// `--shard I/N`, or the Slurm array task's shard.
    pub shard: Option<Shard>,
    /// `--format`: the tables' encoder.
    pub encoder: &'static dyn Encoder,
}

/// Checks `--runs`, `--months`, `--threads`, `--format` and `--shard` (impossible
/// values are bad input, named as the flag).
pub fn settle(args: &EnsembleArgs) -> Result<Settled> {
    if args.runs == Some(0) {
        return Err(Error::BadInput(
            "--runs: expected at least 1 run, found 0".into(),
        ));
    }
    check_months(args.months)?;
    let threads = threads(args.threads)?;
    let shard = shard(args.shard.as_deref())?;
    let encoder =
        encoder(&args.format).map_err(|why| Error::BadInput(format!("--format: {why}")))?;
    Ok(Settled {
        overrides: Overrides {
            runs: args.runs,
            seed: args.seed,
            months: args.months,
        },
        threads,
        shard,
        encoder,
    })
}

/// `--months`: 1 to 1200 when given.
pub fn check_months(months: Option<u32>) -> Result<()> {
    match months.filter(|m| !(1..=1200).contains(m)) {
        Some(months) => Err(Error::BadInput(format!(
            "--months: expected 1 to 1200 months, found {months}"
        ))),
        None => Ok(()),
    }
}

/// `--threads`: at least 1; all cores when not given.
pub fn threads(threads: Option<usize>) -> Result<usize> {
    match threads {
        Some(0) => Err(Error::BadInput(
            "--threads: expected at least 1, found 0".into(),
        )),
        Some(t) => Ok(t),
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

/// `--shard I/N`, or else the Slurm array task's shard, or none.
pub fn shard(given: Option<&str>) -> Result<Option<Shard>> {
    match given {
        Some(text) => Shard::parse(text).map(Some),
        None => Shard::from_slurm(|name| std::env::var(name).ok()),
    }
}

/// `--out`, else `output/<name>/`, and for a shard its own folder beside that one
/// (`output/<name>-shards/<I>/`), so that the merged output can take `output/<name>/`
/// (an output folder is replaced whole) while the shards are read.
pub fn output_folder(out: Option<&PathBuf>, name: &str, shard: Option<Shard>) -> PathBuf {
    out.cloned().unwrap_or_else(|| {
        let output = PathBuf::from("output");
        match shard {
            Some(shard) => output
                .join(format!("{name}-shards"))
                .join(shard.index.to_string()),
            None => output.join(name),
        }
    })
}

/// Refuses a run whose working memory would exceed what the machine has free.
///
/// `kept_runs` is how many runs' results are held until the end (every run of a run,
/// every (point, run) pair of a sweep).
pub fn refuse_if_too_large(
    scenario: &Scenario,
    threads: usize,
    keep_members: u32,
    kept_runs: u64,
) -> Result<()> {
    let population = f64::from(scenario.market.population);
    let months = f64::from(scenario.simulation.months);
    // Per concurrent run: 11 bytes per person, up to ~330 bytes per member (everyone
    // could join) plus ~130 for a plan's placement tree and level buffers, and ~16 per
    // customer; kept per run: ~160 bytes per month (its month records and curves) and
    // ~4 KB of statistics and histograms, and ~110 bytes per member of each run whose
    // members are kept.
    let per_run = population * (11.0 + 330.0 + 130.0 + 16.0);
    let kept = kept_runs as f64 * (months * 160.0 + 4000.0)
        + f64::from(keep_members.min(scenario.simulation.runs)) * population * 110.0;
    let needed = per_run * threads as f64 + kept;
    if let Some(available) = available_memory() {
        if needed > available {
            return Err(Error::BadInput(format!(
                "this run needs up to {:.1} GiB of memory ({} thread(s) x {:.1} GiB per run for a population of {}, \
                 plus {:.1} GiB of kept results) but {:.1} GiB is available; use fewer --threads, a smaller \
                 --members, fewer runs, or a smaller market.population",
                needed / GIB,
                threads,
                per_run / GIB,
                scenario.market.population,
                kept / GIB,
                available / GIB,
            )));
        }
    }
    Ok(())
}

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// Free memory as the kernel reports it, where it does (Linux).
fn available_memory() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024.0)
}

/// A progress bar on a terminal; plain lines (every 10 %) otherwise.
pub struct Progress {
    bar: Option<ProgressBar>,
    total: u32,
    done: AtomicU32,
}

impl Progress {
    pub fn new(total: u32) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(u64::from(total));
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {per_sec}  ETA {eta}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Self {
            bar,
            total,
            done: AtomicU32::new(0),
        }
    }

    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        match &self.bar {
            Some(bar) => bar.inc(1),
            None => {
                let step = (self.total / 10).max(1);
                if done % step == 0 || done == self.total {
                    eprintln!(
                        "runs {done}/{} ({:.0} %)",
                        self.total,
                        100.0 * f64::from(done) / f64::from(self.total)
                    );
                }
            }
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Refuses a run shard whose runs table would take the name of the shard's exact run
/// data (`runs.jsonl`): a shard writes its tables in the default format, and `merge`
/// writes the merged output in any.
pub fn refuse_shard_format(settled: &Settled) -> Result<()> {
    let name = settled.encoder.name();
    if settled.shard.is_some() && format!("runs.{name}") == run_data::FILE {
        return Err(Error::BadInput(format!(
            "--format {name}: a shard folder keeps every run exactly in {file}, which the runs \
             table would overwrite; write shards with the default format and merge them with \
             `downline merge ... --format {name}`",
            file = run_data::FILE,
        )));
    }
    Ok(())
}
