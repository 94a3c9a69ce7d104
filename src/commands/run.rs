//! `downline run SCENARIO`: simulate the ensemble and write summary.json, runs.csv,
//! months.csv and members.csv into the output folder.

use crate::cli::RunArgs;
use anyhow::Context;
use downline::ensemble::{Ensemble, run_ensemble};
use downline::error::{Error, Result};
use downline::model::seeding::GENERATOR;
use downline::report::build::build_report;
use downline::report::outputs;
use downline::scenario::{Overrides, Scenario};
use downline::sweep::manifest::Manifest;
use downline::sweep::run_data::{RunData, write_runs_jsonl};
use downline::sweep::shard::Shard;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Instant;

/// Runs the scenario and writes its outputs.
pub fn run(args: &RunArgs) -> Result<()> {
    if args.runs == Some(0) {
        return Err(Error::BadInput(
            "--runs: expected at least 1 run, found 0".into(),
        ));
    }
    if let Some(months) = args.months.filter(|m| !(1..=1200).contains(m)) {
        return Err(Error::BadInput(format!(
            "--months: expected 1 to 1200 months, found {months}"
        )));
    }
    let overrides = Overrides {
        runs: args.runs,
        seed: args.seed,
        months: args.months,
    };
    let scenario = Scenario::load(&args.scenario, overrides)?;
    let threads = match args.threads {
        Some(0) => {
            return Err(Error::BadInput(
                "--threads: expected at least 1, found 0".into(),
            ));
        }
        Some(t) => t,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    refuse_if_too_large(&scenario, threads, args.members)?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let shard = match &args.shard {
        Some(text) => Some(Shard::parse(text)?),
        None => Shard::from_slurm(|name| std::env::var(name).ok())?,
    };
    let out = args.out.clone().unwrap_or_else(|| {
        let folder = PathBuf::from("output").join(&scenario.name);
        match shard {
            Some(shard) => folder.join("shards").join(shard.index.to_string()),
            None => folder,
        }
    });
    let runs: Vec<u32> = match shard {
        Some(shard) => shard.block(scenario.simulation.runs).collect(),
        None => (0..scenario.simulation.runs).collect(),
    };
    let progress = Progress::new(runs.len() as u32);
    let started = Instant::now();
    let ensemble =
        pool.install(|| run_ensemble(&scenario, &runs, args.members, &|| progress.tick()));
    progress.finish();
    let seconds = started.elapsed().as_secs_f64();

    outputs::write_tables(&scenario, &ensemble, &out)?;
    outputs::write_members(&scenario, &ensemble, &out)?;
    match shard {
        // A shard's charts would describe a part of the ensemble: `merge` draws them.
        Some(shard) => write_shard(&scenario, &ensemble, shard, args.members, &out)?,
        None if !args.no_charts => build_report(&out)?,
        None => {}
    }
    print_headline(&scenario, &ensemble, &out, seconds, threads);
    Ok(())
}

/// The shard's own files: every run's kept results (`runs.jsonl`) and the manifest.
fn write_shard(
    scenario: &Scenario,
    ensemble: &Ensemble,
    shard: Shard,
    members: u32,
    out: &Path,
) -> Result<()> {
    let data: Vec<RunData> = ensemble.runs.iter().map(RunData::from).collect();
    write_runs_jsonl(out, &data)?;
    let manifest = Manifest {
        command: "run".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        scenario: scenario.name.clone(),
        scenario_file: scenario.file.clone(),
        scenario_hash: scenario.hash.clone(),
        generator: GENERATOR.into(),
        seed: scenario.simulation.seed,
        runs: scenario.simulation.runs,
        months: scenario.simulation.months,
        members,
        sweep: None,
        shard,
        indices: ensemble.runs.iter().map(|r| r.run).collect(),
    };
    manifest.write(out)
}

fn print_headline(
    scenario: &Scenario,
    ensemble: &Ensemble,
    out: &Path,
    seconds: f64,
    threads: usize,
) {
    let summaries = ensemble.summaries();
    let mean = |name: &str| {
        summaries
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(f64::NAN, |(_, s)| s.mean)
    };
    let percent = |name: &str| match mean(name) {
        v if v.is_nan() => "n/a".to_string(),
        v => format!("{:.0} %", 100.0 * v),
    };
    let member_months = ensemble.member_months() as f64;
    println!(
        "{}: {} runs x {} months in {:.1} s on {} thread(s) ({:.1} million member-months/s)",
        scenario.name,
        ensemble.runs.len(),
        scenario.simulation.months,
        seconds,
        threads,
        member_months / seconds.max(1e-9) / 1e6,
    );
    println!(
        "  members ever {:.0} (saturation {}), peak {:.0} active in month {:.0}",
        mean("members_ever"),
        percent("saturation"),
        mean("peak_active"),
        mean("peak_month"),
    );
    println!(
        "  paid nothing: {} of all members; lost money: {}; median net {:.0}",
        percent("share_zero_pay"),
        percent("share_net_loss"),
        mean("median_net"),
    );
    println!(
        "  payout ratio {}, retail share {}, top 1 % get {} of pay",
        percent("payout_ratio"),
        percent("retail_share"),
        percent("top1_share_gross_pay"),
    );
    println!("  wrote {}", out.display());
}

/// Refuses a run whose working memory would exceed what the machine has free.
pub fn refuse_if_too_large(scenario: &Scenario, threads: usize, keep_members: u32) -> Result<()> {
    let population = f64::from(scenario.market.population);
    let months = f64::from(scenario.simulation.months);
    let runs = f64::from(scenario.simulation.runs);
    // Per concurrent run: 11 bytes per person, up to ~330 bytes per member (everyone
    // could join) plus ~130 for a plan's placement tree and level buffers, and ~16 per
    // customer; kept across runs: ~120 bytes per month and ~110 per member of each run
    // whose members are kept.
    let per_run = population * (11.0 + 330.0 + 130.0 + 16.0);
    let kept = runs * months * 120.0
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
