//! Many runs of one scenario, in parallel, and the statistics across them.
//!
//! Runs are independent: run `r` depends on (scenario, master seed, r) only. They are
//! spread over rayon's threads and collected back in run order, and every reduction
//! across runs happens afterwards, sequentially in run order, so results are identical
//! for any thread count. Each run is reduced to its [`RunStatistics`] and monthly series
//! as soon as it finishes; member-level detail, and the month-by-month traces of a few
//! sampled members ([`crate::model::trace`]), are kept only for the runs asked for.

pub mod curves;
pub mod disclosure;
pub mod month_series;
pub mod run_statistics;
pub mod shard;
pub mod statistics;
pub mod stress;
pub mod warnings;

use crate::model::trace::TRACED;
use crate::model::{MemberOutcomes, MonthRecord, TraceMonth, World};
use crate::scenario::Scenario;
use curves::RunCurves;
use rayon::prelude::*;
use run_statistics::{COUNT, NAMES, RunStatistics};
use statistics::{Sorted, Summary};
use stress::Stress;

/// What is kept of one run.
#[derive(Clone, Debug)]
pub struct RunOutcome {
    /// Run index.
    pub run: u32,
    /// The run's own seed, derived from (master seed, run).
    pub seed: u64,
    pub statistics: RunStatistics,
    /// Per-member curves and disclosure-year histograms.
    pub curves: RunCurves,
    /// One record per month.
    pub months: Vec<MonthRecord>,
    /// Member detail, for the first runs only (`--members`).
    pub members: Option<MemberOutcomes>,
    /// The traced members' months ([`crate::model::trace`]), for the runs that keep
    /// member detail; empty for the others.
    pub traces: Vec<TraceMonth>,
    /// Member-months simulated.
    pub member_months: u64,
    /// (paid, max_payout) per bonus over the run.
    pub pay_by_bonus: Vec<(f64, f64)>,
    /// The income disclosure rank table, one entry per group of [`disclosure::groups`].
    pub disclosure: Vec<disclosure::Figures>,
}

/// Each statistic summarised across the given runs, in the order of [`NAMES`].
pub fn summaries_of(runs: &[&RunOutcome]) -> Vec<(&'static str, Summary)> {
    let values: Vec<[f64; COUNT]> = runs.iter().map(|r| r.statistics.values()).collect();
    NAMES
        .iter()
        .enumerate()
        .map(|(k, &name)| {
            let column: Vec<f64> = values.iter().map(|v| v[k]).collect();
            (name, Summary::of(&column))
        })
        .collect()
}

/// All runs of an ensemble, in run order.
#[derive(Clone, Debug, Default)]
pub struct Ensemble {
    pub runs: Vec<RunOutcome>,
}

/// Runs the given run indices in parallel on the current rayon pool, keeping member
/// detail for runs below `keep_members`; `progress` is called once per finished run.
pub fn run_ensemble(
    scenario: &Scenario,
    runs: &[u32],
    keep_members: u32,
    progress: &(dyn Fn() + Sync),
) -> Ensemble {
    run_ensemble_unless(scenario, runs, keep_members, progress, &|| false).unwrap_or_default()
}

/// [`run_ensemble`], except that a run about to start first asks `stopped`, and once it
/// says yes no further run starts and the result is `None` (the runs under way finish).
/// An ensemble that is not stopped is exactly [`run_ensemble`]'s.
pub fn run_ensemble_unless(
    scenario: &Scenario,
    runs: &[u32],
    keep_members: u32,
    progress: &(dyn Fn() + Sync),
    stopped: &(dyn Fn() -> bool + Sync),
) -> Option<Ensemble> {
    let runs = runs
        .par_iter()
        .map(|&run| {
            if stopped() {
                return None;
            }
            let outcome = run_one(scenario, run, run < keep_members);
            progress();
            Some(outcome)
        })
        .collect::<Option<Vec<RunOutcome>>>()?;
    Some(Ensemble { runs })
}

/// Simulates one run and reduces it to what is kept; a run that keeps its members also
/// traces [`TRACED`] of them month by month.
pub fn run_one(scenario: &Scenario, run: u32, keep_members: bool) -> RunOutcome {
    run_reduced(scenario, run, keep_members, true)
}

/// [`run_one`] for a point of a sweep or a calibration, which report statistics and
/// stress per point and no per-member curves: the curves are not computed (they are
/// [`RunCurves::empty`]); everything else is [`run_one`]'s, to the bit.
pub fn run_for_point(scenario: &Scenario, run: u32) -> RunOutcome {
    run_reduced(scenario, run, false, false)
}

fn run_reduced(scenario: &Scenario, run: u32, keep_members: bool, curves: bool) -> RunOutcome {
    let world = World::new(scenario, run);
    let record = if keep_members {
        world.traced(TRACED)
    } else {
        world
    }
    .run();
    let disclosure_year = scenario.simulation.disclosure_year;
    let sorted = Sorted::of(&record.members.gross_pay, &record.members.net);
    let statistics = RunStatistics::of_sorted(
        &record,
        &sorted,
        scenario.market.population,
        scenario.market.founders,
        disclosure_year,
        &scenario.plan.pays_for_recruiting(),
    );
    let curves = if !curves {
        RunCurves::empty()
    } else {
        RunCurves::of_sorted(
            &record,
            &sorted,
            scenario.plan.rank_names.len(),
            scenario.behaviour.kind_count(),
            disclosure_year,
        )
    };
    let disclosure = disclosure::table(&record, scenario.plan.rank_names.len(), disclosure_year);
    RunOutcome {
        run,
        seed: record.seed,
        disclosure,
        member_months: record.member_months(),
        statistics,
        curves,
        pay_by_bonus: record.pay_by_bonus,
        months: record.months,
        members: keep_members.then_some(record.members),
        traces: record.traces,
    }
}

impl Ensemble {
    /// Each statistic summarised across runs, in the order of [`NAMES`].
    pub fn summaries(&self) -> Vec<(&'static str, Summary)> {
        summaries_of(&self.runs.iter().collect::<Vec<_>>())
    }

    /// The stress view pooled over every month of every run.
    pub fn stress(&self) -> Stress {
        Stress::of(
            &self
                .runs
                .iter()
                .map(|r| r.months.as_slice())
                .collect::<Vec<_>>(),
        )
    }

    /// Member-months simulated over all runs.
    pub fn member_months(&self) -> u64 {
        self.runs.iter().map(|r| r.member_months).sum()
    }
}
