//! The plans the class page offers, and a plan with the page's settings written in.
//!
//! The plans are the scenario files given on the command line and shipped in
//! `scenarios/` and `scenarios/published/` (of the folder downline serve starts in),
//! each read and validated once at start. A request names a plan by its id (its path as
//! listed), never by a path of its own: the server opens no file a request names.
//!
//! [`Plan::prepare`] turns the page's settings into the scenario that runs: the values
//! are set on the file and validated by the scenario's own checks (a refusal says which
//! key and why, as for a scenario file), then written into the file's text with its
//! comments kept, and that text, read back as a file, is what runs and what the page
//! offers for download. So running the downloaded file with `downline run` gives the
//! same numbers.

use super::controls::{Control, controls, written};
use crate::error::{Error, Result};
use crate::input_error::{InputError, KeyPath};
use crate::scenario::assign;
use crate::scenario::{Origin, Overrides, Scenario, ScenarioSource};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The folders whose scenario files are offered, relative to where the server starts.
pub const FOLDERS: [&str; 2] = ["scenarios", "scenarios/published"];

/// The run counts the page offers.
pub const RUNS: [u32; 6] = [20, 50, 100, 200, 500, 1000];

/// The run count the page starts with.
pub const DEFAULT_RUNS: u32 = 200;

/// The most runs a request may ask for.
pub const MAX_RUNS: u32 = 1000;

/// The largest market a request may ask for: the server keeps a few runs of it in
/// memory at once (a bigger market is for `downline run`, which checks the memory).
pub const MAX_POPULATION: f64 = 1_000_000.0;

/// One scenario file the page offers.
pub struct Plan {
    /// How requests name it: its path as listed (`scenarios/default.toml`).
    pub id: String,
    /// What the picker shows: the plan's name and the file.
    pub label: String,
    /// The plan's name (`[plan] name`).
    pub plan: String,
    /// The file's seed.
    pub seed: u64,
    /// The inputs the page offers for it.
    pub controls: Vec<Control>,
    source: ScenarioSource,
}

/// A plan with the page's settings written in, ready to run.
pub struct Prepared {
    /// The scenario that runs: the written text, read back and validated.
    pub scenario: Scenario,
    /// The written text: the file, the settings written in, a comment on top.
    pub text: String,
    /// A name for the downloaded file (`default-settings.toml`).
    pub file_name: String,
}

/// Why settings were not turned into a scenario.
#[derive(Debug)]
pub enum Refusal {
    /// The settings are wrong (a bad value, an unknown setting): the message says how.
    Settings(String),
    /// Something on the server's side failed.
    Internal(String),
}

impl Plan {
    /// Reads and validates the scenario file at `path`, listed as `id`.
    fn read(path: &Path, id: String) -> std::result::Result<Plan, InputError> {
        let source = ScenarioSource::read(path)?.set_by(Origin::Page);
        let scenario = source.scenario(Overrides::default(), &[])?;
        Ok(Plan {
            label: format!("{} ({id})", scenario.plan.name),
            plan: scenario.plan.name.clone(),
            seed: scenario.simulation.seed,
            controls: controls(&scenario, source.table()),
            id,
            source,
        })
    }

    /// The scenario for `runs` runs with `settings` (by input name) written in.
    pub fn prepare(
        &self,
        runs: u32,
        settings: &BTreeMap<String, f64>,
    ) -> std::result::Result<Prepared, Refusal> {
        let assignments = self.assignments(runs, settings)?;
        let checked = self
            .source
            .scenario(Overrides::default(), &assignments)
            .map_err(|err| Refusal::Settings(one_line(&err)))?;
        self.check_written(&checked.source, &assignments)?;
        let stem = self
            .source
            .path()
            .file_stem()
            .map_or("scenario".into(), |s| s.to_string_lossy().into_owned());
        let file_name = format!("{stem}-settings.toml");
        let text = format!(
            "{}{}",
            header(&self.id, &file_name, &assignments),
            checked.source
        );
        let scenario = ScenarioSource::parse(self.source.path(), text.clone())
            .and_then(|source| source.scenario(Overrides::default(), &[]))
            .map_err(|err| {
                Refusal::Internal(format!("the written scenario does not read back: {err}"))
            })?;
        Ok(Prepared {
            scenario,
            text,
            file_name,
        })
    }

    /// The keys and values the settings set, `simulation.runs` last.
    fn assignments(
        &self,
        runs: u32,
        settings: &BTreeMap<String, f64>,
    ) -> std::result::Result<Vec<(String, toml::Value)>, Refusal> {
        if !(1..=MAX_RUNS).contains(&runs) {
            return Err(Refusal::Settings(format!(
                "runs: expected 1 to {MAX_RUNS} runs on this page, found {runs}"
            )));
        }
        let mut assignments = Vec::new();
        for (name, &value) in settings {
            let Some(control) = self.controls.iter().find(|c| c.name == name) else {
                let names: Vec<&str> = self.controls.iter().map(|c| c.name).collect();
                return Err(Refusal::Settings(format!(
                    "unknown setting `{name}`; the settings are {}",
                    names.join(", ")
                )));
            };
            if control.name == "population" && value > MAX_POPULATION {
                return Err(Refusal::Settings(format!(
                    "{}: at most {MAX_POPULATION} people on this page, found {value} (a bigger \
                     market is for `downline run`)",
                    control.label
                )));
            }
            assignments.extend(written(control, value).map_err(Refusal::Settings)?);
        }
        assignments.push((
            "simulation.runs".to_string(),
            toml::Value::Integer(i64::from(runs)),
        ));
        Ok(assignments)
    }

    /// Checks that `text` says what the file with `assignments` set says: should the
    /// values resist being written into the file's text, what runs would not be what
    /// the page asked for.
    fn check_written(
        &self,
        text: &str,
        assignments: &[(String, toml::Value)],
    ) -> std::result::Result<(), Refusal> {
        let mut expected = self.source.table().clone();
        for (key, value) in assignments {
            let path = KeyPath::parse(key)
                .ok_or_else(|| Refusal::Internal(format!("`{key}` is not a key path")))?;
            assign::set(&mut expected, &path, value.clone())
                .map_err(|err| Refusal::Internal(err.to_string()))?;
        }
        let written: toml::Table = toml::from_str(text)
            .map_err(|err| Refusal::Internal(format!("the written scenario is not TOML: {err}")))?;
        if written == expected {
            Ok(())
        } else {
            Err(Refusal::Internal(
                "the settings could not be written into the scenario file".into(),
            ))
        }
    }
}

/// The comment on top of a written scenario: where it comes from, what the page set,
/// and how to run it again.
fn header(id: &str, file_name: &str, assignments: &[(String, toml::Value)]) -> String {
    let mut text =
        format!("# Written by downline serve: {id} with the page's settings written in:\n");
    for (key, value) in assignments {
        text.push_str(&format!("#   {key} = {value}\n"));
    }
    text.push_str(&format!(
        "# The same numbers again: downline run {file_name}\n\n"
    ));
    text
}

/// An input error in one line: the file (and place), the key, what was expected and
/// found, and the help.
fn one_line(err: &InputError) -> String {
    match err.position {
        Some((line, column)) => format!("{}:{line}:{column}: {}", err.file.display(), err.error),
        None => format!("{}: {}", err.file.display(), err.error),
    }
}

/// The plans: `given` (when there is one) first, then every scenario file in
/// [`FOLDERS`] under the current folder, by path; and the index of the one the page
/// starts with (`given`, else `scenarios/default.toml`, else the first). A given file
/// that is not a valid scenario is refused; a shipped one is left out with a line on
/// stderr (a `.targets.toml` file silently: it holds calibration targets).
pub fn discover(given: Option<&Path>) -> Result<(Vec<Plan>, usize)> {
    let mut plans = Vec::new();
    let mut selected = None;
    let given_real = given.and_then(|g| g.canonicalize().ok());
    if let Some(path) = given {
        plans.push(Plan::read(path, path.display().to_string())?);
        selected = Some(0);
    }
    for folder in FOLDERS {
        for path in scenario_files(Path::new(folder)) {
            if given_real.is_some() && path.canonicalize().ok() == given_real {
                continue;
            }
            let id = path.display().to_string();
            match Plan::read(&path, id) {
                Ok(plan) => plans.push(plan),
                Err(err) => eprintln!("serve: leaving out {}: {}", path.display(), one_line(&err)),
            }
        }
    }
    if plans.is_empty() {
        return Err(Error::BadInput(format!(
            "no scenarios to serve: give a SCENARIO file, or start downline serve in a folder \
             that holds {}/",
            FOLDERS[0]
        )));
    }
    let selected = selected
        .or_else(|| plans.iter().position(|p| p.id == "scenarios/default.toml"))
        .unwrap_or(0);
    Ok((plans, selected))
}

/// The `*.toml` files in `folder` (none if it cannot be read), by name, without
/// calibration targets.
fn scenario_files(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_file())
        .filter(|path| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default();
            name.ends_with(".toml") && !name.ends_with(".targets.toml")
        })
        .collect();
    files.sort();
    files
}

/// What the page is told about the plans, embedded in it as JSON.
#[derive(Serialize)]
pub struct Catalogue<'a> {
    pub plans: Vec<PlanView<'a>>,
    /// The id of the plan the page starts with.
    pub selected: &'a str,
    /// The run counts offered.
    pub runs: &'a [u32],
    /// The run count the page starts with.
    pub default_runs: u32,
}

/// One plan, as the page sees it.
#[derive(Serialize)]
pub struct PlanView<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub plan: &'a str,
    pub seed: u64,
    pub controls: &'a [Control],
}

/// The catalogue of `plans`, starting with `plans[selected]`.
pub fn catalogue(plans: &[Plan], selected: usize) -> Catalogue<'_> {
    Catalogue {
        plans: plans
            .iter()
            .map(|p| PlanView {
                id: &p.id,
                label: &p.label,
                plan: &p.plan,
                seed: p.seed,
                controls: &p.controls,
            })
            .collect(),
        selected: plans.get(selected).map_or("", |p| p.id.as_str()),
        runs: &RUNS,
        default_runs: DEFAULT_RUNS,
    }
}
