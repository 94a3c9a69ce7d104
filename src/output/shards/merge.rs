//! `downline merge`: shard folders back into one output folder, identical to what the
//! unsharded command writes.
//!
//! Before reading any results, the shards are checked to belong together (the same
//! command, version, scenario bytes, seed, runs, months and shard count) and to hold
//! every shard exactly once; each problem is refused with an error naming it.

use super::manifest::Manifest;
use super::run_data::RunData;
use crate::ensemble::{Ensemble, RunOutcome};
use crate::error::{Error, Result};
use crate::output::encode::{Encoder, read_table};
use crate::output::records::members::MemberRow;
use crate::output::records::traces::TraceRow;
use crate::output::run_folder::write_run;
use crate::output::sweep_folder::write_sweep;
use crate::scenario::{Overrides, Scenario, ScenarioSource};
use crate::sweep::execute::PointRun;
use crate::sweep::prepare::prepare;
use crate::sweep::results::SweepResults;
use std::path::{Path, PathBuf};

/// One shard folder and its manifest.
pub struct ShardFolder {
    pub dir: PathBuf,
    pub manifest: Manifest,
}

/// Reads every folder's manifest and checks that together they are one whole ensemble;
/// returns them in shard order.
pub fn check_shards(dirs: &[PathBuf]) -> Result<Vec<ShardFolder>> {
    let Some(first_dir) = dirs.first() else {
        return Err(Error::BadInput(
            "merge: expected at least one shard folder".into(),
        ));
    };
    let mut shards: Vec<ShardFolder> = Vec::with_capacity(dirs.len());
    for dir in dirs {
        shards.push(ShardFolder {
            dir: dir.clone(),
            manifest: Manifest::read(dir)?,
        });
    }
    let first = shards[0].manifest.identity();
    for shard in &shards[1..] {
        for ((field, expected), (_, found)) in first.iter().zip(shard.manifest.identity()) {
            if *expected != found {
                return Err(Error::BadInput(format!(
                    "merge: the shards do not belong together: {} has {field} {}, but {} has {field} {}; \
                     merge only the shards of one `--shard I/N` ensemble",
                    first_dir.display(),
                    shown(expected),
                    shard.dir.display(),
                    shown(&found),
                )));
            }
        }
    }
    let count = shards[0].manifest.shard.count;
    let mut by_index: Vec<Option<&ShardFolder>> = vec![None; count as usize];
    for shard in &shards {
        let slot = &mut by_index[shard.manifest.shard.index as usize];
        if let Some(other) = slot {
            return Err(Error::BadInput(format!(
                "merge: shard {} is given twice: {} and {}",
                shard.manifest.shard,
                other.dir.display(),
                shard.dir.display()
            )));
        }
        *slot = Some(shard);
    }
    let missing: Vec<String> = (0..count)
        .filter(|&i| by_index[i as usize].is_none())
        .map(|i| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(Error::BadInput(format!(
            "merge: shard{} {} missing: an ensemble split {count} ways needs shards 0/{count} to {}/{count}",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            count - 1
        )));
    }
    let total = shards[0].manifest.indices_total();
    for shard in &shards {
        let expected: Vec<u32> = shard.manifest.shard.block(total).collect();
        if shard.manifest.indices != expected {
            return Err(Error::BadInput(format!(
                "{}: manifest.json lists indices that are not those of shard {} of {total}",
                shard.dir.display(),
                shard.manifest.shard
            )));
        }
    }
    shards.sort_by_key(|s| s.manifest.shard.index);
    Ok(shards)
}

fn shown(value: &str) -> String {
    if value.is_empty() {
        "none".into()
    } else if value.len() > 40 {
        format!("{}...", &value[..40])
    } else {
        value.to_string()
    }
}

impl Manifest {
    /// How many indices the whole ensemble has: runs, or points x runs for a sweep.
    pub fn indices_total(&self) -> u32 {
        let points = (self.sweep.as_ref()).map_or(1, |s| s.points.len() as u32);
        points * self.runs
    }
}

/// A file of a shard folder, as text.
fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path)
        .map_err(|err| Error::BadInput(format!("{}: cannot read ({err})", path.display())))
}

/// The scenario file a shard ran (its `scenario.toml` copy, parsed) and the overrides
/// its manifest records.
fn shard_source(shard: &ShardFolder) -> Result<(ScenarioSource, Overrides)> {
    let m = &shard.manifest;
    let text = read(&shard.dir.join("scenario.toml"))?;
    let source = ScenarioSource::parse(Path::new(&m.scenario_file), text)?;
    let overrides = Overrides {
        runs: Some(m.runs),
        seed: Some(m.seed),
        months: Some(m.months),
    };
    Ok((source, overrides))
}

/// Refuses a scenario whose hash is not the one the shard's manifest records.
fn check_hash(shard: &ShardFolder, scenario: &Scenario) -> Result<()> {
    if scenario.hash != shard.manifest.scenario_hash {
        return Err(Error::BadInput(format!(
            "{}: scenario.toml does not match manifest.json's scenario_hash (the file was edited)",
            shard.dir.display()
        )));
    }
    Ok(())
}

/// The scenario a shard ran, rebuilt from its `scenario.toml` copy and checked against
/// the manifest's hash.
pub fn shard_scenario(shard: &ShardFolder) -> Result<Scenario> {
    let (source, overrides) = shard_source(shard)?;
    let scenario = source.scenario(overrides, &[])?;
    check_hash(shard, &scenario)?;
    Ok(scenario)
}

/// Reads a shard's `runs.jsonl`, checking that it holds exactly the manifest's
/// indices; `index` gives a run's index (`None`: the run is malformed).
fn shard_run_data(
    shard: &ShardFolder,
    index: impl Fn(&RunData) -> Option<u32>,
) -> Result<Vec<RunData>> {
    let path = shard.dir.join(super::run_data::FILE);
    let text = read(&path)?;
    let mut runs = Vec::with_capacity(shard.manifest.indices.len());
    let mut held = Vec::with_capacity(shard.manifest.indices.len());
    for (line, row) in text.lines().enumerate() {
        let bad = |why: String| Error::BadInput(format!("{}:{}: {why}", path.display(), line + 1));
        let data: RunData = serde_json::from_str(row).map_err(|err| bad(err.to_string()))?;
        held.push(index(&data).ok_or_else(|| bad("a sweep shard's run has no point".into()))?);
        runs.push(data);
    }
    if held != shard.manifest.indices {
        return Err(Error::BadInput(format!(
            "{}: holds {} runs, but manifest.json lists {} (an interrupted or edited shard)",
            path.display(),
            held.len(),
            shard.manifest.indices.len()
        )));
    }
    Ok(runs)
}

/// A shard's runs as the ensemble keeps them.
fn outcome(shard: &ShardFolder, data: RunData) -> Result<RunOutcome> {
    data.into_outcome()
        .map_err(|why| Error::BadInput(format!("{}: runs.jsonl: {why}", shard.dir.display())))
}

/// Merges the shards of one `downline run` into the folder `out` (which exists): the
/// same files as the unsharded run, byte for byte, in `encoder`'s format. Returns the
/// scenario and ensemble (for the report).
pub fn merge_run(
    shards: &[ShardFolder],
    out: &Path,
    encoder: &dyn Encoder,
) -> Result<(Scenario, Ensemble)> {
    let scenario = shard_scenario(&shards[0])?;
    let mut ensemble = Ensemble::default();
    for shard in shards {
        for data in shard_run_data(shard, |d| Some(d.run))? {
            ensemble.runs.push(outcome(shard, data)?);
        }
    }
    // The members and the traced members' months: the shards' rows, in run order
    // (shards are contiguous blocks).
    let mut members: Vec<MemberRow> = Vec::new();
    let mut traces: Vec<TraceRow> = Vec::new();
    for shard in shards {
        members.extend(read_table::<MemberRow>(&shard.dir, "members")?);
        traces.extend(read_table::<TraceRow>(&shard.dir, "traces")?);
    }
    write_run(out, &scenario, &ensemble, members, traces, encoder)?;
    Ok((scenario, ensemble))
}

/// Merges the shards of one `downline sweep` into the folder `out` (which exists): the
/// same files as the unsharded sweep, byte for byte, in `encoder`'s format. Returns the
/// results (for the charts).
pub fn merge_sweep(
    shards: &[ShardFolder],
    out: &Path,
    encoder: &dyn Encoder,
) -> Result<SweepResults> {
    let first = &shards[0];
    let m = &first.manifest;
    let Some(design) = &m.sweep else {
        return Err(Error::BadInput(format!(
            "{}: manifest.json has no `sweep` design",
            first.dir.display()
        )));
    };
    let spec = design.spec();
    let (source, overrides) = shard_source(first)?;
    let prepared = prepare(&source, &spec, overrides)?;
    check_hash(first, &prepared.base)?;
    let mut runs = Vec::new();
    for shard in shards {
        let pair = |d: &RunData| d.point.map(|point| point * m.runs + d.run);
        for data in shard_run_data(shard, pair)? {
            let point = data.point.unwrap_or_default();
            let outcome = outcome(shard, data)?;
            runs.push(PointRun { point, outcome });
        }
    }
    write_sweep(out, &prepared.base, &spec, &prepared.points, &runs, encoder)
}
