//! `summary.json` of `downline run` (and of `merge` of a run's shards): what was run,
//! and every statistic summarised across runs, the stress view and each bonus' pay.
//! Nothing in it depends on the thread count or the clock, so it is byte-identical for
//! the same scenario and seed.

use crate::ensemble::Ensemble;
use crate::ensemble::statistics::Summary;
use crate::ensemble::stress::Stress;
use crate::model::seeding::GENERATOR;
use crate::scenario::Scenario;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// `summary.json` of a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// What was run.
    #[serde(flatten)]
    pub meta: Meta,
    /// Every statistic of [`crate::ensemble::run_statistics`] across runs, in order.
    pub statistics: Statistics,
    /// The stress view, pooled over every month of every run (undefined when read from a
    /// summary written before it existed).
    #[serde(default)]
    pub stress: Stress,
    /// Each bonus' pay and breakage per run, in plan order.
    pub bonuses: Vec<BonusSummary>,
    /// The member kinds' names, in the order of the `kind_share` curves (empty: one
    /// kind, the scenario's `[behaviour]`).
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Whether the runs took off.
    #[serde(default)]
    pub growth: Growth,
}

/// How many runs never took off (see the statistic `fizzled`), with a warning in words
/// when any did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Growth {
    /// Runs in which active members never reached twice the founders.
    pub runs_fizzled: u64,
    /// Those runs over all runs.
    #[serde(deserialize_with = "crate::output::encode::nan_if_null")]
    pub share_fizzled: f64,
    /// A sentence for the terminal and the report when any run fizzled: how many, and,
    /// when most did, what to change.
    pub warning: Option<String>,
}

impl Growth {
    /// The growth view of runs whose `fizzled` statistics are `fizzled`, in a market
    /// started by `founders`.
    pub fn of(fizzled: &[f64], founders: u32) -> Growth {
        let runs = fizzled.len() as u64;
        let runs_fizzled = fizzled.iter().filter(|&&f| f > 0.5).count() as u64;
        let share_fizzled = if runs > 0 {
            runs_fizzled as f64 / runs as f64
        } else {
            f64::NAN
        };
        let warning = (runs_fizzled > 0).then(|| {
            let founders = match founders {
                1 => "the single founder".to_string(),
                n => format!("the {n} founders"),
            };
            let mut text = format!(
                "{runs_fizzled} of {runs} runs never took off: their active members never \
                 reached twice {founders}."
            );
            if 2 * runs_fizzled > runs {
                text.push_str(
                    " Most futures of this scenario fizzle, so its statistics describe a \
                     launch that failed: raise behaviour.join_probability or \
                     behaviour.recruit_pitches, lower the quitting (behaviour.quit), or start \
                     with more market.founders.",
                );
            } else {
                text.push_str(
                    " Those runs are kept in every statistic: the launch depends on luck. To \
                     make it sturdier, start with more market.founders or raise \
                     behaviour.join_probability.",
                );
            }
            text
        });
        Growth {
            runs_fizzled,
            share_fizzled,
            warning,
        }
    }
}

/// What was run: the head of `summary.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// The scenario's name: its file name without `.toml`.
    pub scenario: String,
    /// The scenario's path, as given on the command line.
    pub scenario_file: String,
    /// SHA-256 of the scenario file's bytes, in hex.
    pub scenario_hash: String,
    /// downline's version.
    pub version: String,
    /// The random generator and its seeding.
    pub generator: String,
    /// The master seed.
    pub seed: u64,
    /// Number of runs.
    pub runs: u32,
    /// Months per run.
    pub months: u32,
    /// `market.population`.
    pub population: u32,
    /// The year (1-based) the `ids_*` statistics count, if the run has a full year.
    pub disclosure_year: Option<u32>,
    /// The plan's name.
    pub plan: String,
    /// Rank names, lowest first (rank r is `ranks[r - 1]`; 0 is "no rank").
    pub ranks: Vec<String>,
    /// Members in the business, summed over months and runs.
    pub member_months: u64,
}

/// One bonus' total over a run, across runs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BonusSummary {
    /// The bonus' name (its column in `downline payout`).
    pub name: String,
    /// Its kind (`unilevel`, `binary`, ...).
    pub kind: String,
    /// What it paid over a run (after the cap), across runs.
    pub paid_per_run: Summary,
    /// Its `max_payout - paid` over a run, across runs.
    pub breakage_per_run: Summary,
}

/// Named statistics summarised across runs, in order: a JSON object from name to
/// `{ mean, median, p5, p95, ci95 }`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Statistics(pub Vec<(String, Summary)>);

impl Statistics {
    /// From the ensemble's summaries, in their order.
    pub fn of(summaries: &[(&str, Summary)]) -> Statistics {
        Statistics(
            (summaries.iter())
                .map(|(name, s)| (name.to_string(), *s))
                .collect(),
        )
    }

    /// The summary of statistic `name`, if present.
    pub fn get(&self, name: &str) -> Option<&Summary> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, s)| s)
    }
}

impl Serialize for Statistics {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, summary) in &self.0 {
            map.serialize_entry(name, summary)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Statistics {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct InOrder;
        impl<'de> Visitor<'de> for InOrder {
            type Value = Statistics;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of statistic summaries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Statistics, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, Summary>()? {
                    entries.push(entry);
                }
                Ok(Statistics(entries))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

impl RunSummary {
    /// The summary of an ensemble of `scenario`.
    pub fn of(scenario: &Scenario, ensemble: &Ensemble) -> RunSummary {
        let sim = &scenario.simulation;
        let plan = &scenario.plan;
        let bonuses = (plan.bonus_names.iter().enumerate())
            .map(|(k, name)| {
                let paid: Vec<f64> = ensemble.runs.iter().map(|r| r.pay_by_bonus[k].0).collect();
                let breakage: Vec<f64> = (ensemble.runs.iter())
                    .map(|r| r.pay_by_bonus[k].1 - r.pay_by_bonus[k].0)
                    .collect();
                BonusSummary {
                    name: name.clone(),
                    kind: plan.bonus_kinds[k].clone(),
                    paid_per_run: Summary::of(&paid),
                    breakage_per_run: Summary::of(&breakage),
                }
            })
            .collect();
        RunSummary {
            meta: Meta {
                scenario: scenario.name.clone(),
                scenario_file: scenario.file.clone(),
                scenario_hash: scenario.hash.clone(),
                version: env!("CARGO_PKG_VERSION").into(),
                generator: GENERATOR.into(),
                seed: sim.seed,
                runs: ensemble.runs.len() as u32,
                months: sim.months,
                population: scenario.market.population,
                disclosure_year: sim.disclosure_year,
                plan: plan.name.clone(),
                ranks: plan.rank_names.clone(),
                member_months: ensemble.member_months(),
            },
            statistics: Statistics::of(&ensemble.summaries()),
            stress: ensemble.stress(),
            bonuses,
            kinds: scenario.behaviour.kind_names(),
            growth: Growth::of(
                &(ensemble.runs.iter())
                    .map(|r| r.statistics.fizzled)
                    .collect::<Vec<_>>(),
                scenario.market.founders,
            ),
        }
    }
}
