//! `downline merge DIR... --out DIR`: combine the shards of one ensemble.

use crate::cli::MergeArgs;
use downline::error::{Error, Result};
use downline::output::shards::merge::{check_shards, merge_run, merge_sweep};
use downline::report::run::build_report;
use downline::report::sweep::write_sweep_charts;

/// Checks the shards, merges them into `args.out` and builds the report.
pub fn merge(args: &MergeArgs) -> Result<()> {
    if args.dirs.iter().any(|d| d == &args.out) {
        return Err(Error::BadInput(format!(
            "--out {}: expected a folder other than the shards",
            args.out.display()
        )));
    }
    let shards = check_shards(&args.dirs)?;
    let command = shards[0].manifest.command.clone();
    match command.as_str() {
        "run" => {
            let (_, ensemble) = merge_run(&shards, &args.out)?;
            if !args.no_charts {
                build_report(&args.out)?;
            }
            say!(
                "merged {} shards ({} runs) into {}",
                shards.len(),
                ensemble.runs.len(),
                args.out.display()
            );
        }
        "sweep" => {
            let results = merge_sweep(&shards, &args.out)?;
            if !args.no_charts {
                write_sweep_charts(&results, &args.out)?;
            }
            say!(
                "merged {} shards ({} points) into {}",
                shards.len(),
                results.points.len(),
                args.out.display()
            );
        }
        other => {
            return Err(Error::BadInput(format!(
                "merge: shards written by `downline {other}` cannot be merged by this version"
            )));
        }
    }
    Ok(())
}
