//! `downline check SCENARIO`: validate a scenario file and say what it describes.

use crate::cli::CheckArgs;
use downline::error::Result;
use downline::scenario::{Overrides, Scenario};

/// Validates the scenario; prints a one-paragraph description on success.
pub fn check(args: &CheckArgs) -> Result<()> {
    let scenario = Scenario::load(&args.scenario, Overrides::default())?;
    let sim = &scenario.simulation;
    println!(
        "{}: ok. {} runs of {} months, seed {}, population {}, plan \"{}\" with {} bonus(es) and {} rank(s).",
        args.scenario.display(),
        sim.runs,
        sim.months,
        sim.seed,
        scenario.market.population,
        scenario.plan.name,
        scenario.plan.bonus_names.len(),
        scenario.plan.rank_names.len(),
    );
    Ok(())
}
