//! `downline merge DIR... --out DIR`: combine the shards of one ensemble.

use crate::cli::MergeArgs;
use downline::error::{Error, Result};
use downline::output::encode::encoder;
use downline::output::folder::{Staged, refuse_overlap};
use downline::output::shards::merge::{check_shards, merge_run, merge_sweep};
use downline::report::run::build_report;
use downline::report::sweep::write_sweep_charts;

/// Checks the shards, merges them into `args.out` and builds the report.
pub fn merge(args: &MergeArgs) -> Result<()> {
    refuse_overlap(&args.out, &args.dirs)?;
    let encoder =
        encoder(&args.format).map_err(|why| Error::BadInput(format!("--format: {why}")))?;
    let shards = check_shards(&args.dirs)?;
    let folder = Staged::begin(&args.out)?;
    let dir = folder.path();
    let command = shards[0].manifest.command.clone();
    let said = match command.as_str() {
        "run" => {
            let (_, ensemble) = merge_run(&shards, dir, encoder)?;
            if !args.no_charts {
                build_report(dir)?;
            }
            format!("{} runs", ensemble.runs.len())
        }
        "sweep" => {
            let results = merge_sweep(&shards, dir, encoder)?;
            if !args.no_charts {
                write_sweep_charts(&results, dir)?;
            }
            format!("{} points", results.points.len())
        }
        other => {
            return Err(Error::BadInput(format!(
                "merge: shards written by `downline {other}` cannot be merged by this version"
            )));
        }
    };
    folder.commit()?;
    say!(
        "merged {} shards ({said}) into {}",
        shards.len(),
        args.out.display()
    );
    Ok(())
}
