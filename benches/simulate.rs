//! Throughput of the simulation, in member-months per second (members in the business,
//! summed over months): one run of the default scenario on one core, one run of it in
//! a market of a million people (where the member columns no longer fit the cache), and
//! the whole ensemble (`runs` of them, parallel across all cores).
//!
//! `cargo bench --bench simulate`; the figures go into README, beside those of
//! `scripts/bench-markets.sh` (whole commands, up to 1e8 people).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use downline::ensemble::run_ensemble;
use downline::model::simulate;
use downline::scenario::{Overrides, Scenario};
use std::hint::black_box;
use std::path::Path;

fn default_scenario(runs: u32) -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/default.toml");
    Scenario::load(
        &path,
        Overrides {
            runs: Some(runs),
            ..Overrides::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn one_run(c: &mut Criterion) {
    let scenario = default_scenario(1);
    // Throughput is the mean member-months over the first 8 runs (runs differ in size).
    let member_months: u64 = (0..8)
        .map(|r| simulate(&scenario, r).member_months())
        .sum::<u64>()
        / 8;
    let mut group = c.benchmark_group("default_scenario");
    group.throughput(Throughput::Elements(member_months));
    group.sample_size(20);
    let mut run = 0;
    group.bench_function("one_run_one_core", |b| {
        b.iter(|| {
            run = (run + 1) % 8;
            black_box(simulate(&scenario, run))
        })
    });
    group.finish();
}

fn big_market(c: &mut Criterion) {
    let mut scenario = default_scenario(1);
    scenario.market.population = 1_000_000;
    let member_months = simulate(&scenario, 0).member_months();
    let mut group = c.benchmark_group("default_scenario");
    group.throughput(Throughput::Elements(member_months));
    group.sample_size(10);
    group.bench_function("one_run_1e6_people_one_core", |b| {
        b.iter(|| black_box(simulate(&scenario, 0)))
    });
    group.finish();
}

fn ensemble(c: &mut Criterion) {
    let runs = 64;
    let scenario = default_scenario(runs);
    let indices: Vec<u32> = (0..runs).collect();
    let member_months = run_ensemble(&scenario, &indices, 0, &|| {}).member_months();
    let mut group = c.benchmark_group("default_scenario");
    group.throughput(Throughput::Elements(member_months));
    group.sample_size(10);
    group.bench_function("ensemble_64_runs_all_cores", |b| {
        b.iter(|| black_box(run_ensemble(&scenario, &indices, 0, &|| {})))
    });
    group.finish();
}

criterion_group!(benches, one_run, big_market, ensemble);
criterion_main!(benches);
