//! What `run` and `sweep` share: checking the ensemble flags, the default output
//! folder, fitting a job to memory, and progress on stderr.

use crate::cli::{EnsembleArgs, TerminalArgs};
use downline::ensemble::shard::Shard;
use downline::error::{Error, Result};
use downline::model::memory;
use downline::output::encode::{Encoder, encoder};
use downline::output::shards::run_data;
use downline::scenario::{MAX_RUNS, Overrides, Scenario};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

/// An error writing stdout, as the command's error: a closed pipe ends the command
/// quietly (see [`Error::is_closed_pipe`]), anything else is a system error.
pub fn stdout_error(err: std::io::Error) -> Error {
    Error::Internal(anyhow::Error::from(err).context("cannot write to stdout"))
}

/// Writes `bytes` to stdout and flushes it.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(stdout_error)
}

/// What a long command prints: a progress bar and a summary in words (the default),
/// nothing (`--quiet`), or the summary as one JSON object on stdout (`--json`). Errors
/// and warnings go to stderr in every mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Terminal {
    Words,
    Quiet,
    Json,
}

impl Terminal {
    pub fn of(args: &TerminalArgs) -> Self {
        match (args.quiet, args.json) {
            (_, true) => Terminal::Json,
            (true, false) => Terminal::Quiet,
            (false, false) => Terminal::Words,
        }
    }

    /// Whether the summary is printed in words (and progress shown).
    pub fn words(self) -> bool {
        self == Terminal::Words
    }

    /// A progress counter for `total` runs: shown only with the summary in words.
    pub fn progress(self, total: u32) -> Progress {
        Progress::new(total, self.words())
    }

    /// Prints `summary` as one line of JSON on stdout when `--json` is given.
    pub fn json(self, summary: &impl serde::Serialize) -> Result<()> {
        if self != Terminal::Json {
            return Ok(());
        }
        let mut line = serde_json::to_vec(summary)
            .map_err(|e| Error::Internal(anyhow::Error::from(e).context("the JSON summary")))?;
        line.push(b'\n');
        write_stdout(&line)
    }
}

/// Refuses more than one input read from standard input (`-`): it can be read once.
pub fn one_stdin<'a>(paths: impl IntoIterator<Item = &'a std::path::Path>) -> Result<()> {
    let stdin = (paths.into_iter())
        .filter(|p| downline::scenario::source::is_stdin(p))
        .count();
    if stdin > 1 {
        return Err(Error::BadInput(format!(
            "`-` (standard input) is given {stdin} times; only one input can come from \
             standard input: give the others as files"
        )));
    }
    Ok(())
}

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
    if let Some(runs) = args.runs.filter(|&r| r == 0 || r > MAX_RUNS) {
        return Err(Error::BadInput(format!(
            "--runs: expected 1 to 1,000,000 runs, found {runs}"
        )));
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

/// Fits a job to the memory the system has available (see `downline::model::memory`):
/// refuses it only when not even one run's market fits beside the results kept until
/// the end, sets the process's budget that running worlds claim their growth from, and
/// returns how many runs may run at once: `threads`, or fewer when that many runs of
/// realistic size ([`realistic_members`]) would not fit together (results do not depend
/// on it; a note on stderr says so).
///
/// `kept_runs` is how many runs' results are held until the end (every run of a run,
/// every (point, run) pair of a sweep); `keep_members` how many keep every member's row.
pub fn fit_to_memory(
    scenario: &Scenario,
    threads: usize,
    keep_members: u32,
    kept_runs: u64,
) -> Result<usize> {
    let population = scenario.market.population;
    let months = f64::from(scenario.simulation.months);
    let members = realistic_members(scenario);
    // Kept per run: ~160 bytes per month (its month records and curves) and ~4 KB of
    // statistics and histograms; ~110 bytes per member of each run that keeps them.
    let kept = kept_runs as f64 * (months * 160.0 + 4000.0)
        + f64::from(keep_members.min(scenario.simulation.runs)) * members as f64 * 110.0;
    let market = memory::run_bytes(population, u64::from(scenario.market.founders)) as f64;
    let Some(available) = available_memory()? else {
        memory::BUDGET.set_limit(u64::MAX);
        return Ok(threads);
    };
    // A tenth is left to the allocator, the output and the rest of the system.
    let usable = available * 0.9 - kept;
    if market > usable {
        return Err(Error::BadInput(format!(
            "a market of {population} people needs {} of memory before anyone joins \
             (8 bytes a person), plus {} of kept results, but {} is available; \
             use a smaller market.population, fewer runs or a smaller --members",
            size(market),
            size(kept),
            size(available),
        )));
    }
    memory::BUDGET.set_limit(usable as u64);
    let per_run = memory::run_bytes(population, members) as f64;
    let at_once = ((usable / per_run) as usize).clamp(1, threads);
    if at_once < threads && (at_once as u64) < kept_runs {
        eprintln!(
            "  note: {at_once} run(s) at a time instead of {threads}: a run of {population} people \
             may hold {} (about {members} members) and {} is available; results \
             do not depend on it",
            size(per_run),
            size(available),
        );
    }
    Ok(at_once)
}

/// Members a run is expected to hold at most, for sizing how many run at once: half
/// the market (or of `max_members`), and no more than the founders can grow to at 1.5
/// times a month (`default.toml` grows 1.2 to 1.3 times a month and sees 35 % of its
/// 30,000-person market join in five years, 15 % of 10 million). A run that outgrows it
/// is stopped by the budget, not by the system.
pub fn realistic_members(scenario: &Scenario) -> u64 {
    let market = &scenario.market;
    let cap = market
        .max_members
        .map_or(market.population, |max| max.min(market.population));
    let half = f64::from(cap) / 2.0;
    let growth =
        f64::from(market.founders.max(1)) * 1.5f64.powf(f64::from(scenario.simulation.months));
    half.min(growth).max(f64::from(market.founders)).ceil() as u64
}

/// The error for a job stopped because a run outgrew the memory budget, if one did.
pub fn memory_outgrown(threads: usize) -> Result<()> {
    let Some(o) = memory::BUDGET.outgrown() else {
        return Ok(());
    };
    Err(Error::BadInput(format!(
        "stopped: run {} outgrew the memory available in month {} ({} members had joined; \
         {} for that run and {} for the {} run(s) under way, over the {} \
         this job may use); nothing was written; use fewer --threads (results do not depend \
         on it), fewer --months or a smaller market.population",
        o.run,
        o.month + 1,
        o.members,
        size(o.run_bytes as f64),
        size(o.total_bytes as f64),
        threads,
        size(o.limit_bytes as f64),
    )))
}

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// Bytes for a person: `12.3 GiB`, `45.6 MiB`, `789 KiB`.
fn size(bytes: f64) -> String {
    if bytes >= GIB {
        format!("{:.1} GiB", bytes / GIB)
    } else if bytes >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", bytes / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KiB", bytes / 1024.0)
    }
}

/// The memory this job may use: `DOWNLINE_MEMORY_LIMIT` when set (bytes, or with a
/// `K`, `M` or `G` suffix for KiB, MiB, GiB: for a share of a machine), else what the
/// kernel reports available (Linux's `MemAvailable`), lowered to the room left under the
/// process's cgroup limit where there is one (a container, a Slurm job); `None` where
/// none of these can be read.
fn available_memory() -> Result<Option<f64>> {
    if let Ok(text) = std::env::var("DOWNLINE_MEMORY_LIMIT") {
        return parse_bytes(&text).map(Some).ok_or_else(|| {
            Error::BadInput(format!(
                "DOWNLINE_MEMORY_LIMIT: expected bytes, or a number with K, M or G (for \
                 KiB, MiB, GiB), such as 8G; found {text:?}"
            ))
        });
    }
    Ok(kernel_available())
}

/// `MemAvailable`, lowered to the room under the cgroup limit.
fn kernel_available() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    let available = kib * 1024.0;
    Some(match cgroup_room() {
        Some(room) => available.min(room),
        None => available,
    })
}

/// Room under the cgroup (v2) memory limit: `memory.max` less `memory.current`.
fn cgroup_room() -> Option<f64> {
    let read = |name: &str| std::fs::read_to_string(format!("/sys/fs/cgroup/{name}")).ok();
    let max: f64 = read("memory.max")?.trim().parse().ok()?;
    let current: f64 = read("memory.current")?.trim().parse().ok()?;
    Some((max - current).max(0.0))
}

/// `12345`, `512M`, `8G` (binary units) as bytes.
fn parse_bytes(text: &str) -> Option<f64> {
    let text = text.trim();
    let (number, unit) = match text.char_indices().last()? {
        (i, 'K' | 'k') => (&text[..i], 1024.0),
        (i, 'M' | 'm') => (&text[..i], 1024.0 * 1024.0),
        (i, 'G' | 'g') => (&text[..i], GIB),
        _ => (text, 1.0),
    };
    let value: f64 = number.trim().parse().ok()?;
    (value.is_finite() && value >= 0.0).then_some(value * unit)
}

/// A progress bar on a terminal; plain lines (every 10 %) otherwise.
pub struct Progress {
    /// Whether anything is shown (not with `--quiet` or `--json`).
    shown: bool,
    bar: Option<ProgressBar>,
    total: u32,
    done: AtomicU32,
}

impl Progress {
    pub fn new(total: u32, shown: bool) -> Self {
        let bar = (shown && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(u64::from(total));
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} runs  {per_sec}  ETA {eta}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Self {
            shown,
            bar,
            total,
            done: AtomicU32::new(0),
        }
    }

    pub fn tick(&self) {
        if !self.shown {
            return;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_limits_read_as_binary_units() {
        assert_eq!(parse_bytes("12345"), Some(12345.0));
        assert_eq!(size(parse_bytes("8G").unwrap_or(0.0)), "8.0 GiB");
        assert_eq!(size(1.5 * 1024.0 * 1024.0), "1.5 MiB");
        assert_eq!(size(250.0 * 1024.0), "250 KiB");
        assert_eq!(parse_bytes("512M"), Some(512.0 * 1024.0 * 1024.0));
        assert_eq!(parse_bytes(" 8g "), Some(8.0 * GIB));
        assert_eq!(parse_bytes("1.5K"), Some(1536.0));
        for bad in ["", "G", "-1G", "eight", "8T", "inf"] {
            assert_eq!(parse_bytes(bad), None, "{bad}");
        }
    }
}
