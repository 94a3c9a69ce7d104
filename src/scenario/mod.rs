//! Scenario files: raw TOML in, a validated [`Scenario`] out.
//!
//! Two stages, as in ripgrep's low-level and high-level arguments: [`mod@file`] mirrors the
//! TOML with serde (unknown keys are errors), then [`Scenario::from_table`] checks every
//! value once and produces types that cannot be invalid: probabilities in [0, 1],
//! distributions as ready samplers, the plan with ranks resolved to indices. The
//! simulation never re-checks input. Every error names its key path and, through
//! [`source::SourceFile`], its file, line and column.

pub mod assign;
pub mod behaviour;
pub mod distribution;

pub mod file;
pub mod schema;
pub mod source;
pub mod warnings;

use crate::input_error::{ConfigError, InputError, KeyPath, decode, did_you_mean, quoted_list};
use crate::plan::Plan;
pub use behaviour::{
    Behaviour, JoinTiming, MemberKind, Order, OwnOrder, PitchCounts, Quit, Referral, Sales,
};
use file::{RawMarket, RawNetwork, RawProduct, RawScenario, RawSimulation};
use source::SourceFile;
use std::path::{Path, PathBuf};

/// A validated world description: everything one run needs besides its seed.
#[derive(Debug)]
pub struct Scenario {
    /// The scenario's name: its file name without `.toml`.
    pub name: String,
    /// SHA-256 of the file's bytes, hex: identifies exactly what was run. For a sweep
    /// point, the file's bytes are followed by the point's values (see [`assign::hash`]).
    pub hash: String,
    /// The path the scenario was loaded from, as given (empty if not from a file).
    pub file: String,
    /// The file's text, as run (empty if not from a file); for a sweep point, with the
    /// point's values written in (see [`assign::written_into`]).
    pub source: String,
    pub simulation: Simulation,
    pub market: Market,
    pub product: Product,
    pub behaviour: Behaviour,
    pub plan: Plan,
}

/// `[simulation]`.
#[derive(Clone, Debug)]
pub struct Simulation {
    /// Months in one run.
    pub months: u32,
    /// Monte Carlo runs.
    pub runs: u32,
    /// Master seed: run `r` is seeded from (seed, r) only.
    pub seed: u64,
    /// The year (1-based) whose pay the `ids_*` statistics count; `None` when the run is
    /// shorter than a year.
    pub disclosure_year: Option<u32>,
}

/// `[market]`.
#[derive(Clone, Debug)]
pub struct Market {
    /// People reachable: prospects, customers, members, former members.
    pub population: u32,
    /// Members the company seeds at month 0.
    pub founders: u32,
    /// Who can pitch whom.
    pub network: Network,
    /// Mean months before someone who declined a pitch can be pitched again (geometric).
    pub reconsider_months: f64,
    /// Share of pitches that go to a random stranger instead of a contact.
    pub cold_reach: f64,
    /// The most members the company ever signs up (founders included); recruits beyond
    /// it are not made. `None`: only the population limits membership.
    pub max_members: Option<u32>,
    /// Months from month 0 before the founders first recruit, when it differs from
    /// their kind's `recruit_delay` (a model whose founders joined before its first
    /// period). `None`: the kind's delay.
    pub founder_recruit_delay: Option<u32>,
    /// The member kind every founder is (an index into `behaviour.kind`), instead of a
    /// kind drawn by share like every other joiner. `None`: drawn.
    pub founder_kind: Option<u8>,
}

/// The contact network's shape (see `model::network`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Network {
    /// Anyone can reach anyone.
    Complete,
    /// Each person knows `degree` people picked at random.
    Random { degree: u32 },
    /// A ring where each person knows the `degree` nearest people, each tie rewired to a
    /// random person with probability `rewire` (Watts-Strogatz).
    SmallWorld { degree: u32, rewire: f64 },
    /// Contact counts with a power-law tail, `P(k) ~ k^-exponent`, mean `degree`
    /// (Chung-Lu); popular people are also the most often pitched.
    ScaleFree { degree: u32, exponent: f64 },
}

/// `[product]`.
#[derive(Clone, Debug)]
pub struct Product {
    /// What a customer pays per unit.
    pub retail_price: f64,
    /// What a member pays per unit.
    pub wholesale_price: f64,
    /// Personal volume per unit.
    pub pv_per_unit: f64,
    /// Commissionable volume per unit (defaults to `pv_per_unit`).
    pub cv_per_unit: f64,
    /// The company's cost per unit.
    pub cost_of_goods: f64,
    /// Paid once on joining.
    pub entry_fee: f64,
    /// Paid every month as a member, the joining month included.
    pub monthly_fee: f64,
}

/// Overrides given on the command line.
#[derive(Clone, Copy, Debug, Default)]
pub struct Overrides {
    pub runs: Option<u32>,
    pub seed: Option<u64>,
    pub months: Option<u32>,
}

impl Scenario {
    /// Reads, parses and validates a scenario file; every error is placed in the file.
    pub fn load(path: &Path, overrides: Overrides) -> Result<Scenario, InputError> {
        Self::load_with(path, overrides, &[])
    }

    /// Reads a scenario file, sets each `(key, value)` of `assignments` in it (a sweep
    /// point: keys such as `behaviour.quit.base` or `plan.bonus[1].rate`), then validates
    /// the result. See [`ScenarioSource::scenario`] for how errors in the values are told.
    pub fn load_with(
        path: &Path,
        overrides: Overrides,
        assignments: &[(String, toml::Value)],
    ) -> Result<Scenario, InputError> {
        ScenarioSource::read(path)?.scenario(overrides, assignments)
    }

    /// Validates a parsed document.
    pub fn from_table(
        table: toml::Table,
        name: String,
        hash: String,
        overrides: Overrides,
    ) -> Result<Scenario, ConfigError> {
        let root = KeyPath::root();
        if table.is_empty() {
            return Err(ConfigError::missing(root, "market").with_help(
                "the file is empty: a scenario needs [market], [product], [behaviour] and [plan]",
            ));
        }
        let raw: RawScenario = decode(toml::Value::Table(table), &root)?;
        let simulation = simulation(raw.simulation, overrides)?;
        let founder_kind = raw.market.founder_kind.clone();
        let mut market = market(raw.market)?;
        let product = product(raw.product)?;
        let behaviour = behaviour::from_toml(raw.behaviour)?;
        if let Some(name) = founder_kind {
            market.founder_kind = Some(kind_index(&behaviour, &name)?);
        }
        let plan = Plan::from_toml(raw.plan, &root.key("plan"))?;
        Ok(Scenario {
            name,
            hash,
            file: String::new(),
            source: String::new(),
            simulation,
            market,
            product,
            behaviour,
            plan,
        })
    }
}

/// A scenario file read and parsed but not yet validated: the base that a sweep sets
/// values on. Reading it once and validating it with each point's values lets a sweep
/// check every point before any run starts without reading the file again.
pub struct ScenarioSource {
    path: PathBuf,
    name: String,
    file: SourceFile,
    table: toml::Table,
    origin: Origin,
}

/// Who sets values on top of a scenario file, as an error about one of them says so.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    /// A sweep or calibration point (`sweep value ...`, `this sweep point sets ...`).
    #[default]
    Sweep,
    /// The settings of `downline serve`'s page (`set on the page ...`, `the page sets ...`).
    Page,
}

impl Origin {
    /// The note on an error about a value set on top of the file.
    fn value_note(self, path: &KeyPath, value: &toml::Value) -> String {
        match self {
            Origin::Sweep => format!("sweep value `{path} = {value}`, not from the file"),
            Origin::Page => format!("set on the page: `{path} = {value}`"),
        }
    }

    /// The note on an error in the file that the values set on top of it may cause.
    fn point_note(self, values: &[String]) -> String {
        match self {
            Origin::Sweep => format!("this sweep point sets {}", values.join(", ")),
            Origin::Page => format!("the page sets {}", values.join(", ")),
        }
    }
}

impl ScenarioSource {
    /// Reads and parses a scenario file (syntax errors are reported here).
    pub fn read(path: &Path) -> Result<Self, InputError> {
        let (file, table) = SourceFile::read(path)?;
        Ok(Self::new(file, table))
    }

    /// Parses scenario text that was read from `path` earlier (for example the
    /// `scenario.toml` copy in a shard folder); errors are placed in that text.
    pub fn parse(path: &Path, text: String) -> Result<Self, InputError> {
        let (file, table) = SourceFile::parse(path, text)?;
        Ok(Self::new(file, table))
    }

    /// A scenario source from a file already read and parsed (by [`SourceFile::read`]).
    pub fn of(file: SourceFile, table: toml::Table) -> Self {
        Self::new(file, table)
    }

    fn new(file: SourceFile, table: toml::Table) -> Self {
        let path = file.path();
        // A scenario read from standard input is named `stdin` (output/stdin/).
        let name = (path.as_os_str() != source::STDIN)
            .then(|| path.file_stem())
            .flatten()
            .map_or_else(
                || "stdin".to_string(),
                |stem| stem.to_string_lossy().into_owned(),
            );
        Self {
            path: path.to_path_buf(),
            name,
            file,
            table,
            origin: Origin::Sweep,
        }
    }

    /// The same source, with errors about values set on top of it naming `origin`.
    pub fn set_by(mut self, origin: Origin) -> Self {
        self.origin = origin;
        self
    }

    /// The file as parsed, before any value is set on it or anything is validated.
    pub fn table(&self) -> &toml::Table {
        &self.table
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Validates the file with `assignments` set in it (none: the file as written).
    ///
    /// A value is set before validation (missing tables are created; an array index must
    /// exist), so every check applies to it and a misspelt key is refused with the usual
    /// suggestion. An error about an assigned key, or about a table or element that holds
    /// one, is not placed in the file (the file did not write that value): it names the
    /// key and says the value comes from the sweep (or the page: see [`Origin`]). Any
    /// other error is placed in the file as usual, with the point's values in its help,
    /// since they may be the cause (a swept population smaller than the file's
    /// founders). Command-line `overrides`
    /// win over both the file and the assignments, as they win over the file alone.
    pub fn scenario(
        &self,
        overrides: Overrides,
        assignments: &[(String, toml::Value)],
    ) -> Result<Scenario, InputError> {
        let mut table = self.table.clone();
        let mut set = Vec::with_capacity(assignments.len());
        for (key, value) in assignments {
            let Some(path) = KeyPath::parse(key) else {
                return Err(self.unplaced(ConfigError::value(
                    KeyPath::root(),
                    "a dotted key such as `behaviour.quit.base` or `plan.bonus[1].rate`",
                    format!("`{key}`"),
                )));
            };
            assign::set(&mut table, &path, value.clone())
                .map_err(|error| self.unplaced(swept(error, &path, value, self.origin)))?;
            set.push((path, value.clone()));
        }
        let text = self.file.text();
        let hash = assign::hash(text, assignments);
        let mut scenario = Scenario::from_table(table, self.name.clone(), hash, overrides)
            .map_err(|error| self.blame(error, &set))?;
        scenario.file = self.path.display().to_string();
        scenario.source = if set.is_empty() {
            text.to_string()
        } else {
            assign::written_into(text, &set)
        };
        Ok(scenario)
    }

    /// An error about a swept value, or one placed in the file.
    fn blame(&self, error: ConfigError, set: &[(KeyPath, toml::Value)]) -> InputError {
        let related = |path: &KeyPath| {
            !error.path.0.is_empty()
                && (path.0.starts_with(&error.path.0) || error.path.0.starts_with(&path.0))
        };
        match set.iter().find(|(path, _)| related(path)) {
            Some((path, value)) => self.unplaced(swept(error, path, value, self.origin)),
            None if set.is_empty() => self.file.place(error),
            None => {
                let values: Vec<String> = set.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                let note = self.origin.point_note(&values);
                let help = match &error.help {
                    Some(help) => format!("{help}; {note}"),
                    None => note,
                };
                self.file.place(error.with_help(help))
            }
        }
    }

    /// An error with no position in the file.
    fn unplaced(&self, error: ConfigError) -> InputError {
        InputError {
            file: self.path.clone(),
            position: None,
            source_line: None,
            error,
        }
    }
}

/// Says in an error's help that `path = value` was set on top of the file (by a sweep
/// point, or on the page), keeping any suggestion.
fn swept(error: ConfigError, path: &KeyPath, value: &toml::Value, origin: Origin) -> ConfigError {
    let note = origin.value_note(path, value);
    let help = match &error.help {
        Some(help) => format!("{help} ({note})"),
        None => note,
    };
    error.with_help(help)
}

/// The most runs of an ensemble (or per point of a sweep).
pub const MAX_RUNS: u32 = 1_000_000;

/// The longest mean wait before a prospect who said no can be asked again.
pub const MAX_RECONSIDER_MONTHS: f64 = 100_000.0;

fn simulation(raw: RawSimulation, overrides: Overrides) -> Result<Simulation, ConfigError> {
    let at = KeyPath::root().key("simulation");
    let months = overrides.months.or(raw.months).unwrap_or(60);
    if months == 0 || months > 1200 {
        return Err(ConfigError::value(
            at.key("months"),
            "a number of months from 1 to 1200",
            months,
        ));
    }
    let runs = overrides.runs.or(raw.runs).unwrap_or(1000);
    if runs == 0 || runs > MAX_RUNS {
        return Err(ConfigError::value(
            at.key("runs"),
            "a number of runs from 1 to 1,000,000",
            runs,
        ));
    }
    let full_years = months / 12;
    let disclosure_year = match raw.disclosure_year {
        // A shorter run asked for on the command line moves the disclosure year to the
        // last full year rather than refusing the file.
        Some(year) if overrides.months.is_some() && year > full_years => {
            (full_years > 0).then_some(full_years)
        }
        Some(year) if year == 0 || year > full_years => {
            return Err(ConfigError::value(
                at.key("disclosure_year"),
                format!("a full year of the run, 1 to {full_years} ({months} months)"),
                year,
            ));
        }
        Some(year) => Some(year),
        None => (full_years > 0).then_some(full_years),
    };
    Ok(Simulation {
        months,
        runs,
        seed: overrides.seed.or(raw.seed).unwrap_or(1),
        disclosure_year,
    })
}

fn probability(value: Option<f64>, path: KeyPath, default: f64) -> Result<f64, ConfigError> {
    let value = value.unwrap_or(default);
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(ConfigError::value(
            path,
            "a probability between 0 and 1",
            value,
        ))
    }
}

/// A price, fee, cost or volume per unit: 0 to a billion (see
/// [`distribution::MAX_AMOUNT`]).
fn amount(value: Option<f64>, path: KeyPath, default: f64) -> Result<f64, ConfigError> {
    let value = value.unwrap_or(default);
    if (0.0..=distribution::MAX_AMOUNT).contains(&value) {
        Ok(value)
    } else {
        Err(ConfigError::value(
            path,
            "a number from 0 to 1,000,000,000",
            value,
        ))
    }
}

fn market(raw: RawMarket) -> Result<Market, ConfigError> {
    let at = KeyPath::root().key("market");
    if raw.population < 2 {
        return Err(ConfigError::value(
            at.key("population"),
            "at least 2 people",
            raw.population,
        ));
    }
    let founders = raw.founders.unwrap_or(10);
    if founders == 0 || founders > raw.population {
        return Err(ConfigError::value(
            at.key("founders"),
            format!("1 to population = {}", raw.population),
            founders,
        ));
    }
    let network = match raw.network {
        None => Network::Complete,
        Some(network) => self::network(network, &at.key("network"), raw.population)?,
    };
    let reconsider_months = raw.reconsider_months.unwrap_or(12.0);
    if !(1.0..=MAX_RECONSIDER_MONTHS).contains(&reconsider_months) {
        return Err(ConfigError::value(
            at.key("reconsider_months"),
            "a mean from 1 to 100,000 months",
            reconsider_months,
        ));
    }
    if let Some(max) = raw.max_members {
        if max < founders || max > raw.population {
            return Err(ConfigError::value(
                at.key("max_members"),
                format!("founders ({founders}) to population ({})", raw.population),
                max,
            ));
        }
    }
    if let Some(delay) = raw.founder_recruit_delay {
        if delay > 1200 {
            return Err(ConfigError::value(
                at.key("founder_recruit_delay"),
                "months from 0 to 1200",
                delay,
            ));
        }
    }
    Ok(Market {
        founder_recruit_delay: raw.founder_recruit_delay,
        founder_kind: None,
        population: raw.population,
        founders,
        network,
        reconsider_months,
        cold_reach: probability(raw.cold_reach, at.key("cold_reach"), 0.1)?,
        max_members: raw.max_members,
    })
}

/// The index of the kind named `name` (`market.founder_kind`).
fn kind_index(behaviour: &Behaviour, name: &str) -> Result<u8, ConfigError> {
    let at = KeyPath::root().key("market").key("founder_kind");
    let names = behaviour.kind_names();
    match names.iter().position(|n| n == name) {
        Some(k) => Ok(k as u8),
        None if names.is_empty() => Err(ConfigError::value(
            at,
            "the name of a member kind",
            format!("`{name}` in a scenario without kinds"),
        )
        .with_help("define the kinds with [[behaviour.kind]] tables, or remove founder_kind")),
        None => Err(
            ConfigError::value(at, "the name of a member kind", format!("`{name}`")).with_help({
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                format!("the kinds are {}", quoted_list(&names))
            }),
        ),
    }
}

fn network(raw: RawNetwork, at: &KeyPath, population: u32) -> Result<Network, ConfigError> {
    const KINDS: [&str; 4] = ["complete", "random", "small_world", "scale_free"];
    let allowed: &[&str] = match raw.kind.as_str() {
        "complete" => &["kind"],
        "random" => &["kind", "degree"],
        "small_world" => &["kind", "degree", "rewire"],
        "scale_free" => &["kind", "degree", "exponent"],
        other => {
            let mut error = ConfigError::value(
                at.key("kind"),
                format!("one of {}", quoted_list(&KINDS)),
                format!("\"{other}\""),
            );
            error.help = did_you_mean(other, KINDS);
            return Err(error);
        }
    };
    for (key, present) in [
        ("degree", raw.degree.is_some()),
        ("rewire", raw.rewire.is_some()),
        ("exponent", raw.exponent.is_some()),
    ] {
        if present && !allowed.contains(&key) {
            return Err(
                ConfigError::unknown_key(at.key(key), allowed).with_help(format!(
                    "a `{}` network takes {}",
                    raw.kind,
                    quoted_list(allowed)
                )),
            );
        }
    }
    let degree = || -> Result<u32, ConfigError> {
        let degree = raw
            .degree
            .ok_or_else(|| ConfigError::missing(at.clone(), "degree"))?;
        let max = population.saturating_sub(1).min(1_000_000);
        if degree.fract() != 0.0 || degree < 1.0 || degree > f64::from(max) {
            return Err(ConfigError::value(
                at.key("degree"),
                format!("a whole number of contacts from 1 to {max}"),
                degree,
            ));
        }
        Ok(degree as u32)
    };
    Ok(match raw.kind.as_str() {
        "complete" => Network::Complete,
        "random" => Network::Random { degree: degree()? },
        "small_world" => {
            let degree = degree()?;
            if degree % 2 == 1 {
                return Err(ConfigError::value(
                    at.key("degree"),
                    "an even degree (half the contacts on each side of the ring)",
                    degree,
                ));
            }
            Network::SmallWorld {
                degree,
                rewire: probability(raw.rewire, at.key("rewire"), 0.1)?,
            }
        }
        _ => {
            let exponent = raw.exponent.unwrap_or(3.0);
            if !(exponent > 2.0 && exponent <= 10.0) {
                return Err(ConfigError::value(
                    at.key("exponent"),
                    "a power-law exponent above 2 and at most 10",
                    exponent,
                ));
            }
            Network::ScaleFree {
                degree: degree()?,
                exponent,
            }
        }
    })
}

fn product(raw: RawProduct) -> Result<Product, ConfigError> {
    let at = KeyPath::root().key("product");
    let pv_per_unit = amount(Some(raw.pv_per_unit), at.key("pv_per_unit"), 0.0)?;
    Ok(Product {
        retail_price: amount(Some(raw.retail_price), at.key("retail_price"), 0.0)?,
        wholesale_price: amount(Some(raw.wholesale_price), at.key("wholesale_price"), 0.0)?,
        pv_per_unit,
        cv_per_unit: amount(raw.cv_per_unit, at.key("cv_per_unit"), pv_per_unit)?,
        cost_of_goods: amount(raw.cost_of_goods, at.key("cost_of_goods"), 0.0)?,
        entry_fee: amount(raw.entry_fee, at.key("entry_fee"), 0.0)?,
        monthly_fee: amount(raw.monthly_fee, at.key("monthly_fee"), 0.0)?,
    })
}
