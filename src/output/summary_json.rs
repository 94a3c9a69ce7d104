//! `summary.json`: what was run (scenario name and hash, seed, runs, months, generator,
//! version) and, for each statistic, `{ mean, median, p5, p95, ci95 }` across runs.
//! Nothing in it depends on the thread count or the clock, so it is byte-identical for
//! the same scenario and seed.

use crate::ensemble::Ensemble;
use crate::ensemble::statistics::Summary;
use crate::model::seeding::GENERATOR;
use crate::scenario::Scenario;
use serde_json::{Map, Value, json};

/// Each statistic's summary across runs, as a JSON object in the given order.
pub fn statistics_json(summaries: &[(&str, Summary)]) -> Value {
    let mut statistics = Map::new();
    for (name, summary) in summaries {
        statistics.insert(name.to_string(), json!(summary));
    }
    Value::Object(statistics)
}

/// The summary as JSON.
pub fn summary(scenario: &Scenario, ensemble: &Ensemble) -> Value {
    let sim = &scenario.simulation;
    let statistics = statistics_json(&ensemble.summaries());
    let bonuses: Vec<Value> = scenario
        .plan
        .bonus_names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let paid: Vec<f64> = ensemble.runs.iter().map(|r| r.pay_by_bonus[k].0).collect();
            let max: Vec<f64> = ensemble.runs.iter().map(|r| r.pay_by_bonus[k].1).collect();
            json!({
                "name": name,
                "kind": scenario.plan.bonus_kinds[k],
                "paid_per_run": Summary::of(&paid),
                "breakage_per_run": Summary::of(&max.iter().zip(&paid).map(|(m, p)| m - p).collect::<Vec<_>>()),
            })
        })
        .collect();
    json!({
        "scenario": scenario.name,
        "scenario_file": scenario.file,
        "scenario_hash": scenario.hash,
        "version": env!("CARGO_PKG_VERSION"),
        "generator": GENERATOR,
        "seed": sim.seed,
        "runs": ensemble.runs.len(),
        "months": sim.months,
        "population": scenario.market.population,
        "disclosure_year": sim.disclosure_year,
        "plan": scenario.plan.name,
        "ranks": scenario.plan.rank_names,
        "member_months": ensemble.member_months(),
        "statistics": statistics,
        "stress": ensemble.stress(),
        "bonuses": bonuses,
    })
}
