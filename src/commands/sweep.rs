//! `downline sweep SCENARIO --vary ...`: run a scenario at every point of a grid or a
//! Latin hypercube and write the per-run and per-point tables, the sensitivity table
//! and the charts.

use super::common::{Terminal, fit_to_memory, memory_outgrown, output_folder, settle};
use crate::cli::SweepArgs;
use anyhow::Context;
use downline::ensemble::shard::Shard;
use downline::error::{Error, Result};
use downline::output::folder::Staged;
use downline::output::records::sweep_summary::SweepDesign;
use downline::output::run_folder::write_scenario;
use downline::output::shards::manifest::Manifest;
use downline::output::shards::run_data::{RunData, write_runs_jsonl};
use downline::output::sweep_folder::write_sweep;
use downline::scenario::ScenarioSource;
use downline::sweep::SweepSpec;
use downline::sweep::design::Point;
use downline::sweep::execute::{PointRun, run_pairs};
use downline::sweep::prepare::{Prepared, prepare};
use std::path::Path;
use std::time::Instant;

/// Runs the sweep (or its shard) and writes its outputs.
pub fn sweep(args: &SweepArgs) -> Result<()> {
    let settled = settle(&args.ensemble)?;
    let (overrides, threads, shard) = (settled.overrides, settled.threads, settled.shard);
    let source = ScenarioSource::read(&args.scenario)?;
    let spec = SweepSpec {
        vary: args.vary.clone(),
        lhs: args.lhs,
    };
    let prepared = prepare(&source, &spec, overrides)?;
    let runs_per_point = prepared.base.simulation.runs;
    let total = u32::try_from(u64::from(runs_per_point) * prepared.points.len() as u64)
        .map_err(|_| Error::BadInput("the sweep has more than 2^32 (point, run) pairs".into()))?;
    let indices: Vec<u32> = match shard {
        Some(shard) => shard.block(total).collect(),
        None => (0..total).collect(),
    };
    let threads = fit_to_memory(&prepared.base, threads, 0, indices.len() as u64)?;
    let name = format!("{}-sweep", prepared.base.name);
    let out = output_folder(args.out.as_ref(), &name, shard);
    let folder = Staged::begin(&out)?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let terminal = Terminal::of(&args.terminal);
    let progress = terminal.progress(indices.len() as u32);
    let started = Instant::now();
    let runs = pool.install(|| {
        run_pairs(&prepared.scenarios, runs_per_point, &indices, &|| {
            progress.tick()
        })
    });
    progress.finish();
    memory_outgrown(threads)?;
    let seconds = started.elapsed().as_secs_f64();

    let dir = folder.path();
    match shard {
        Some(shard) => write_shard(&prepared, &runs, shard, &indices, dir)?,
        None => {
            let results = write_sweep(
                dir,
                &prepared.base,
                &prepared.spec,
                &prepared.points,
                &runs,
                settled.encoder,
            )?;
            if !args.ensemble.no_charts {
                downline::report::sweep::write_sweep_charts(&results, dir)?;
            }
        }
    }
    folder.commit()?;
    terminal.json(&SweepSummary {
        command: "sweep",
        scenario: &prepared.base.name,
        points: prepared.points.len(),
        runs_per_point,
        runs_here: indices.len(),
        shard: shard.map(|s| format!("{}/{}", s.index, s.count)),
        seconds,
        threads,
        out: out.display().to_string(),
    })?;
    if !terminal.words() {
        return Ok(());
    }
    say!(
        "{}: {} points x {} runs ({} run here) in {:.1} s on {} thread(s)",
        prepared.base.name,
        prepared.points.len(),
        runs_per_point,
        indices.len(),
        seconds,
        threads
    );
    say!("  wrote {}", out.display());
    Ok(())
}

/// The summary `sweep --json` prints.
#[derive(serde::Serialize)]
struct SweepSummary<'a> {
    command: &'static str,
    scenario: &'a str,
    points: usize,
    runs_per_point: u32,
    /// (point, run) pairs run by this command (all of them, or a shard's).
    runs_here: usize,
    shard: Option<String>,
    seconds: f64,
    threads: usize,
    out: String,
}

/// A sweep shard: its pairs' results (`runs.jsonl`), the base scenario and a manifest.
fn write_shard(
    prepared: &Prepared,
    runs: &[PointRun],
    shard: Shard,
    indices: &[u32],
    out: &Path,
) -> Result<()> {
    let data: Vec<RunData> = (runs.iter())
        .map(|r| RunData {
            point: Some(r.point),
            ..RunData::from(&r.outcome)
        })
        .collect();
    write_runs_jsonl(out, &data)?;
    write_scenario(out, &prepared.base)?;
    let labels: Vec<String> = prepared.points.iter().map(Point::label).collect();
    let sweep = Some(SweepDesign::of(&prepared.spec, labels));
    Manifest::new("sweep", &prepared.base, 0, sweep, shard, indices.to_vec()).write(out)
}
