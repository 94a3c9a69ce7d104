//! `downline check FILE`: validate a scenario file, or a plan file (one holding only a
//! `[plan]` table, as `downline payout` takes), and say what it describes.

use crate::cli::CheckArgs;
use downline::error::Result;
use downline::plan::Plan;
use downline::scenario::source::SourceFile;
use downline::scenario::{Overrides, ScenarioSource};
use std::path::Path;

/// Validates the file; prints a one-paragraph description on success. A file whose
/// only top-level key is `plan` is a plan file: its plan is validated as `payout`
/// validates it. Any other file is a scenario (a stray table such as `[markt]` is then
/// reported with a suggestion rather than ignored).
pub fn check(args: &CheckArgs) -> Result<()> {
    let (source, table) = SourceFile::read(&args.scenario)?;
    // The file as messages name it (`<stdin>` for `-`).
    let path = &source.path().to_path_buf();
    if table.len() == 1 && table.contains_key("plan") {
        let plan = super::payout::plan_of(&source, table)?;
        say!("{}", describe_plan(path, &plan));
        return Ok(());
    }
    let scenario = ScenarioSource::of(source, table).scenario(Overrides::default(), &[])?;
    let sim = &scenario.simulation;
    say!(
        "{}: ok. {} of {} months, seed {}, population {}, plan \"{}\" with {} and {}.",
        path.display(),
        count(sim.runs as usize, "run", "runs"),
        sim.months,
        sim.seed,
        scenario.market.population,
        scenario.plan.name,
        count(scenario.plan.bonus_names.len(), "bonus", "bonuses"),
        count(scenario.plan.rank_names.len(), "rank", "ranks"),
    );
    for warning in downline::scenario::warnings::of(&scenario) {
        eprintln!("warning: {warning}");
    }
    Ok(())
}

/// "plan.toml: a valid plan (not a scenario): "Name" with 2 bonuses (a: unilevel, b:
/// fast_start) and 1 rank (Gold); pay an organisation with `downline payout ...`".
fn describe_plan(path: &Path, plan: &Plan) -> String {
    let bonuses: Vec<String> = (plan.bonus_names.iter())
        .zip(&plan.bonus_kinds)
        .map(|(name, kind)| {
            if name == kind {
                name.clone()
            } else {
                format!("{name}: {kind}")
            }
        })
        .collect();
    let bonuses = match bonuses.len() {
        0 => "no bonuses".to_string(),
        n => format!("{} ({})", count(n, "bonus", "bonuses"), bonuses.join(", ")),
    };
    let ranks = if plan.rank_names.is_empty() {
        "no ranks".to_string()
    } else {
        format!(
            "{} ({})",
            count(plan.rank_names.len(), "rank", "ranks"),
            plan.rank_names.join(", ")
        )
    };
    format!(
        "{file}: a valid plan (not a scenario): \"{name}\" with {bonuses} and {ranks}; pay an organisation with `downline payout {file} NETWORK.csv` (`downline org` draws one)",
        file = path.display(),
        name = plan.name,
    )
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
