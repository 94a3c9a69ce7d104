//! `downline check SCENARIO`: validate a scenario file and say what it describes.

use crate::cli::CheckArgs;
use downline::error::Result;
use downline::scenario::{Overrides, Scenario};

/// Validates the scenario; prints a one-paragraph description on success.
pub fn check(args: &CheckArgs) -> Result<()> {
    let scenario = Scenario::load(&args.scenario, Overrides::default())?;
    let sim = &scenario.simulation;
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    say!(
        "{}: ok. {} of {} months, seed {}, population {}, plan \"{}\" with {} and {}.",
        args.scenario.display(),
        count(sim.runs as usize, "run", "runs"),
        sim.months,
        sim.seed,
        scenario.market.population,
        scenario.plan.name,
        count(scenario.plan.bonus_names.len(), "bonus", "bonuses"),
        count(scenario.plan.rank_names.len(), "rank", "ranks"),
    );
    Ok(())
}
