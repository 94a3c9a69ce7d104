//! `downline run SCENARIO`: simulate the ensemble and write its output folder: the
//! summary, the tables, the scenario copy, the charts and report.html (or, for a shard,
//! its runs and manifest), replacing any previous folder whole.

use super::common::{
    Terminal, fit_to_memory, memory_outgrown, output_folder, refuse_shard_format, settle,
};
use crate::cli::RunArgs;
use anyhow::Context;
use downline::ensemble::shard::Shard;
use downline::ensemble::warnings as ensemble_warnings;
use downline::ensemble::{Ensemble, run_ensemble};
use downline::error::{Error, Result};
use downline::model::World;
use downline::output::folder::Staged;
use downline::output::ledger_files::write_ledger_files;
use downline::output::records::ledger::Ledger;
use downline::output::records::summary::Growth;
use downline::output::records::{members, traces};
use downline::output::run_folder::write_run;
use downline::output::shards::manifest::Manifest;
use downline::output::shards::run_data::{RunData, write_runs_jsonl};
use downline::plan::audit::Audit;
use downline::report::kit::html_format::Format;
use downline::report::run::build_report;
use downline::report::run::facts::{self, HEADLINE};
use downline::scenario::Scenario;
use downline::scenario::warnings as scenario_warnings;
use std::path::Path;
use std::time::Instant;

/// Runs the scenario and writes its outputs.
pub fn run(args: &RunArgs) -> Result<()> {
    let settled = settle(&args.ensemble)?;
    refuse_shard_format(&settled)?;
    let scenario = Scenario::load(&args.scenario, settled.overrides)?;
    let (threads, shard) = (settled.threads, settled.shard);
    let runs: Vec<u32> = match (shard, args.only_run) {
        (_, Some(run)) => vec![only_run(run, scenario.simulation.runs)?],
        (Some(shard), None) => shard.block(scenario.simulation.runs).collect(),
        (None, None) => (0..scenario.simulation.runs).collect(),
    };
    // Runs `run < keep_members` keep every member (the first --members runs, or the
    // one run re-run with --only-run).
    let (keep_members, ledger_runs): (u32, Vec<u32>) = match args.only_run {
        Some(run) => (
            if args.members > 0 { run + 1 } else { 0 },
            if args.ledger > 0 { vec![run] } else { vec![] },
        ),
        None => (
            args.members,
            (0..args.ledger.min(scenario.simulation.runs)).collect(),
        ),
    };
    let kept = runs.iter().filter(|&&r| r < keep_members).count() as u32;
    let threads = fit_to_memory(&scenario, threads, kept, runs.len() as u64)?;
    if args.ledger > 0 && shard.is_some() {
        return Err(Error::BadInput(
            "--ledger: a shard writes no ledger; run without --shard (the ledger's runs are \
             simulated again, so it costs only them)"
                .into(),
        ));
    }

    let name = match args.only_run {
        Some(run) => format!("{}-run-{run}", scenario.name),
        None => scenario.name.clone(),
    };
    let out = output_folder(args.out.as_ref(), &name, shard);
    let folder = Staged::begin(&out)?;

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let terminal = Terminal::of(&args.terminal);
    let progress = terminal.progress(runs.len() as u32);
    let started = Instant::now();
    let ensemble =
        pool.install(|| run_ensemble(&scenario, &runs, keep_members, &|| progress.tick()));
    progress.finish();
    memory_outgrown(threads)?;
    let seconds = started.elapsed().as_secs_f64();

    let dir = folder.path();
    let kinds = scenario.behaviour.kind_names();
    let member_rows = members::rows(
        &ensemble,
        &scenario.plan.rank_names,
        &kinds,
        scenario.behaviour.has_consumption(),
    );
    let trace_rows = traces::rows(&ensemble, &scenario.plan.rank_names);
    write_run(
        dir,
        &scenario,
        &ensemble,
        member_rows,
        trace_rows,
        settled.encoder,
    )?;
    if !ledger_runs.is_empty() {
        let runs = pool.install(|| audits_of(&scenario, &ledger_runs));
        write_ledger_files(dir, "ledger", settled.encoder, |flush| {
            let mut book = Ledger::default();
            let name = |id: u32| id.to_string();
            for (run, months) in &runs {
                for (month, audit) in months {
                    book.add(*run, *month, audit, &scenario.plan.bonus_names, &name);
                    flush(&mut book)?;
                }
            }
            Ok(())
        })?;
    }
    match shard {
        // A shard's charts would describe a part of the ensemble: `merge` draws them.
        Some(shard) => write_shard(&scenario, &ensemble, shard, keep_members, dir)?,
        None if !args.ensemble.no_charts => build_report(dir)?,
        None => {}
    }
    folder.commit()?;
    let done = Done {
        scenario: &scenario,
        ensemble: &ensemble,
        out: &out,
        seconds,
        threads,
    };
    print_headline(&done, terminal)
}

/// Every month's audit of `runs`, simulated again with an audit (the same runs:
/// auditing draws nothing), in the order given whatever the thread count.
fn audits_of(scenario: &Scenario, runs: &[u32]) -> Vec<(u32, Vec<(u32, Audit)>)> {
    use rayon::prelude::*;
    (runs.par_iter())
        .map(|&run| (run, World::new(scenario, run).audited().run().audits))
        .collect()
}

/// Checks `--only-run R` against the ensemble's `runs`.
fn only_run(run: u32, runs: u32) -> Result<u32> {
    if run < runs {
        return Ok(run);
    }
    Err(Error::BadInput(format!(
        "--only-run {run}: the ensemble has {runs} run(s), numbered 0 to {}; give a run \
         index from runs.csv (or set --runs to the ensemble's size)",
        runs - 1
    )))
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
    let indices = ensemble.runs.iter().map(|r| r.run).collect();
    Manifest::new("run", scenario, members, None, shard, indices).write(out)
}

/// A finished run command, for its summary.
struct Done<'a> {
    scenario: &'a Scenario,
    ensemble: &'a Ensemble,
    out: &'a Path,
    seconds: f64,
    threads: usize,
}

/// The summary `run --json` prints: what ran, how fast, where it went, and the headline
/// statistics across runs (as in summary.json).
#[derive(serde::Serialize)]
struct RunSummary<'a> {
    command: &'static str,
    scenario: &'a str,
    runs: usize,
    months: u32,
    seed: u64,
    seconds: f64,
    threads: usize,
    member_months: u64,
    member_months_per_second: f64,
    out: String,
    statistics: serde_json::Map<String, serde_json::Value>,
    warnings: Vec<String>,
}

fn print_headline(done: &Done, terminal: Terminal) -> Result<()> {
    let Done {
        scenario,
        ensemble,
        out,
        seconds,
        threads,
    } = *done;
    let summaries = ensemble.summaries();
    let fizzled: Vec<f64> = ensemble.runs.iter().map(|r| r.statistics.fizzled).collect();
    let outcomes: Vec<_> = ensemble.runs.iter().collect();
    let warnings: Vec<String> = (scenario_warnings::of(scenario).into_iter())
        .chain(Growth::of(&fizzled, scenario.market.founders).warning)
        .chain(ensemble_warnings::of(scenario, &outcomes))
        .collect();
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    let member_months = ensemble.member_months();
    let per_second = member_months as f64 / seconds.max(1e-9);
    if terminal == Terminal::Json {
        let statistics = (HEADLINE.iter())
            .filter_map(|(name, _)| summaries.iter().find(|(n, _)| n == name))
            .map(|(name, summary)| Ok((name.to_string(), serde_json::to_value(summary)?)))
            .collect::<serde_json::Result<_>>()
            .map_err(|e| Error::Internal(e.into()))?;
        return terminal.json(&RunSummary {
            command: "run",
            scenario: &scenario.name,
            runs: ensemble.runs.len(),
            months: scenario.simulation.months,
            seed: scenario.simulation.seed,
            seconds,
            threads,
            member_months,
            member_months_per_second: per_second,
            out: out.display().to_string(),
            statistics,
            warnings,
        });
    }
    if !terminal.words() {
        return Ok(());
    }
    // Each fact as the report writes it: the median run's value (see `facts`).
    let fact = |name: &str| {
        let format = (HEADLINE.iter())
            .find(|(n, _)| *n == name)
            .map_or(Format::Count, |(_, f)| *f);
        facts::fact(
            summaries.iter().find(|(n, _)| *n == name).map(|(_, s)| s),
            format,
        )
    };
    say!(
        "{}: {} runs x {} months in {:.1} s on {} thread(s) ({:.1} million member-months/s)",
        scenario.name,
        ensemble.runs.len(),
        scenario.simulation.months,
        seconds,
        threads,
        per_second / 1e6,
    );
    say!(
        "  in the median run: {} ever joined ({} of the market); membership peaked at {} in month {}, {} left at the end",
        fact("members_ever"),
        fact("saturation"),
        fact("peak_active"),
        fact("peak_month"),
        fact("final_active"),
    );
    say!(
        "  paid nothing: {} of all members; lost money: {}; median member's net: {}",
        fact("share_zero_pay"),
        fact("share_net_loss"),
        fact("median_net"),
    );
    say!(
        "  payout ratio {}, retail share {}, top 1 % get {} of pay",
        fact("payout_ratio"),
        fact("retail_share"),
        fact("top1_share_gross_pay"),
    );
    say!("  wrote {}", out.display());
    Ok(())
}
