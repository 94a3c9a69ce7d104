//! `manifest.json`: what a shard folder holds, so that `merge` can check that shards
//! belong together (same scenario bytes, seed, runs, months, version) and that together
//! they hold every run exactly once.

use crate::ensemble::shard::Shard;
use crate::error::Result;
use crate::model::seeding::GENERATOR;
use crate::output::document::{read_json, write_json};
use crate::output::records::sweep_summary::SweepDesign;
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The manifest of one shard folder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// `run` or `sweep`: which command wrote the shard.
    pub command: String,
    /// downline's version: results of different versions are never merged.
    pub version: String,
    /// Scenario name, path as given, and SHA-256 of its bytes.
    pub scenario: String,
    pub scenario_file: String,
    pub scenario_hash: String,
    pub generator: String,
    pub seed: u64,
    /// Runs of the whole ensemble (per sweep point for a sweep).
    pub runs: u32,
    pub months: u32,
    /// `--members K`: member detail is kept for runs below K.
    pub members: u32,
    /// The sweep's design (its points), for a sweep; `null` for a run.
    pub sweep: Option<SweepDesign>,
    pub shard: Shard,
    /// The indices this shard holds, in order: runs for `run`, (point, run) pairs
    /// numbered `point * runs + run` for `sweep`.
    pub indices: Vec<u32>,
}

impl Manifest {
    /// The manifest of a shard of `command` (`run` or `sweep`) over `scenario`, holding
    /// `indices`; this version and generator.
    pub fn new(
        command: &str,
        scenario: &Scenario,
        members: u32,
        sweep: Option<SweepDesign>,
        shard: Shard,
        indices: Vec<u32>,
    ) -> Manifest {
        Manifest {
            command: command.into(),
            version: env!("CARGO_PKG_VERSION").into(),
            scenario: scenario.name.clone(),
            scenario_file: scenario.file.clone(),
            scenario_hash: scenario.hash.clone(),
            generator: GENERATOR.into(),
            seed: scenario.simulation.seed,
            runs: scenario.simulation.runs,
            months: scenario.simulation.months,
            members,
            sweep,
            shard,
            indices,
        }
    }

    /// The fields that must agree between shards of one ensemble, as (name, value).
    pub fn identity(&self) -> Vec<(&'static str, String)> {
        vec![
            ("command", self.command.clone()),
            ("version", self.version.clone()),
            ("scenario_hash", self.scenario_hash.clone()),
            ("generator", self.generator.clone()),
            ("seed", self.seed.to_string()),
            ("runs", self.runs.to_string()),
            ("months", self.months.to_string()),
            ("members", self.members.to_string()),
            ("shard count", self.shard.count.to_string()),
            (
                "sweep design",
                (self.sweep.as_ref()).map_or(String::new(), |s| {
                    serde_json::to_string(s).unwrap_or_default()
                }),
            ),
        ]
    }

    /// Writes `dir/manifest.json` atomically.
    pub fn write(&self, dir: &Path) -> Result<()> {
        write_json(&dir.join("manifest.json"), self)
    }

    /// Reads `dir/manifest.json`.
    pub fn read(dir: &Path) -> Result<Manifest> {
        read_json(
            &dir.join("manifest.json"),
            "not a shard folder: shards are written by `downline run` or `downline sweep` \
             with --shard I/N",
        )
    }
}
