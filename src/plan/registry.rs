//! The registry of bonus kinds: each kind's name in `[[plan.bonus]]` and its parser,
//! and the validation every bonus table goes through before its kind sees it (`kind`
//! first, then the bonus' `name`).
//!
//! This is the one file that imports every kind (`personal.rs`, `unilevel.rs`, ...); the
//! kinds import only the interface ([`super::bonus`]) and the plain data
//! ([`super::types`]), so adding a kind is a new file plus one line in [`KINDS`].

use super::binary;
use super::bonus::{Bonus, Parse, Scope};
use super::fast_start;
use super::generation;
use super::geometric;
use super::matching;
use super::matrix;
use super::personal;
use super::placement::Rule;
use super::pool;
use super::rank_advancement;
use super::rank_bonus;
use super::recruitment;
use super::stairstep;
use super::unilevel;
use super::weighted_levels;
use crate::input_error::{ConfigError, KeyPath, did_you_mean, quoted_list};

/// The JSON Schema of a bonus kind's table, for `downline schema`.
pub type SchemaOf = fn(&mut schemars::SchemaGenerator) -> schemars::Schema;

/// Every bonus kind of the product contract, with its parser and its schema.
pub const KINDS: &[(&str, Parse, SchemaOf)] = &[
    ("personal", personal::parse, personal::schema),
    ("unilevel", unilevel::parse, unilevel::schema),
    ("binary", binary::parse, binary::schema),
    ("matrix", matrix::parse, matrix::schema),
    ("stairstep", stairstep::parse, stairstep::schema),
    ("generation", generation::parse, generation::schema),
    ("matching", matching::parse, matching::schema),
    ("pool", pool::parse, pool::schema),
    ("fast_start", fast_start::parse, fast_start::schema),
    (
        "rank_advancement",
        rank_advancement::parse,
        rank_advancement::schema,
    ),
    ("rank_bonus", rank_bonus::parse, rank_bonus::schema),
    ("recruitment", recruitment::parse, recruitment::schema),
    ("geometric", geometric::parse, geometric::schema),
    (
        "weighted_levels",
        weighted_levels::parse,
        weighted_levels::schema,
    ),
];

/// The JSON Schema of `[[plan.bonus]]`: a list of bonus tables, each one of the kinds
/// (its `kind` names which), with the keys every kind takes (`name`, `period`, `cap`).
pub(crate) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let kinds: Vec<schemars::Schema> = (KINDS.iter())
        .map(|(kind, _, schema_of)| {
            let mut schema = schema_of(generator);
            if let Some(table) = schema.as_object_mut() {
                table.insert("title".into(), format!("{kind} bonus").into());
                let properties = table
                    .entry("properties")
                    .or_insert_with(|| serde_json::json!({}));
                if let Some(properties) = properties.as_object_mut() {
                    properties.insert("kind".into(), serde_json::json!({ "const": kind }));
                    properties.insert("name".into(), serde_json::json!({ "type": "string" }));
                    properties.insert(
                        "period".into(),
                        serde_json::json!({ "enum": ["month", "week"] }),
                    );
                    properties
                        .entry("cap")
                        .or_insert_with(|| serde_json::json!({ "type": "number", "minimum": 0 }));
                }
                table.insert("required".into(), {
                    let mut required: Vec<serde_json::Value> = (table.get("required"))
                        .and_then(|r| r.as_array().cloned())
                        .unwrap_or_default();
                    if !required.contains(&"kind".into()) {
                        required.push("kind".into());
                    }
                    required.into()
                });
            }
            schema
        })
        .collect();
    schemars::json_schema!({
        "type": "array",
        "items": { "anyOf": kinds },
    })
}

/// How often a bonus is paid, and the most it pays one member each time: the keys
/// every kind takes (`period`, `cap`), which the registry reads before the kind's own
/// parser sees the table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Schedule {
    /// Paid every week (`period = "week"`) rather than once a month.
    pub weekly: bool,
    /// At most this much per member each time the bonus is paid (`cap`); the binary
    /// kind reads its own `cap` (which also decides what volume is consumed).
    pub cap: Option<f64>,
}

/// Reads and removes `period` and (for every kind but binary) `cap` from a bonus table.
fn schedule(table: &mut toml::Table, kind: &str, at: &KeyPath) -> Result<Schedule, ConfigError> {
    let weekly = match table.remove("period") {
        None => false,
        Some(toml::Value::String(period)) => match period.as_str() {
            "month" => false,
            "week" => true,
            other => {
                let mut err = ConfigError::value(
                    at.key("period"),
                    "\"month\" (the default) or \"week\"",
                    format!("`{other}`"),
                );
                err.help = did_you_mean(other, ["month", "week"]);
                return Err(err);
            }
        },
        Some(other) => {
            return Err(ConfigError::value(
                at.key("period"),
                "\"month\" or \"week\"",
                other.type_str(),
            ));
        }
    };
    let cap = if kind == "binary" {
        None
    } else {
        match table.remove("cap") {
            None => None,
            Some(value) => {
                let cap = match value {
                    toml::Value::Float(x) => x,
                    toml::Value::Integer(x) => x as f64,
                    other => {
                        return Err(ConfigError::value(
                            at.key("cap"),
                            "an amount of money greater than 0",
                            other.type_str(),
                        ));
                    }
                };
                if !(cap.is_finite() && cap > 0.0) {
                    return Err(ConfigError::value(
                        at.key("cap"),
                        "an amount of money greater than 0",
                        cap,
                    ));
                }
                Some(cap)
            }
        }
    };
    Ok(Schedule { weekly, cap })
}

/// Output columns that a bonus name may not take.
const RESERVED_NAMES: &[&str] = &["period", "id", "paid", "rank"];

/// Validates one `[[plan.bonus]]` table at `at` (`plan.bonus[i]`): reads `kind` first,
/// reads the keys every kind takes ([`Schedule`]), hands the rest of the table to that
/// kind's parser, and checks the bonus' name. Returns the name, the bonus and its
/// schedule.
pub fn from_toml(
    mut value: toml::Value,
    at: &KeyPath,
    scope: &Scope,
) -> Result<(String, Box<dyn Bonus>, Schedule), ConfigError> {
    let Some(table) = value.as_table() else {
        return Err(ConfigError::value(
            at.clone(),
            "a table (`[[plan.bonus]]`)",
            value.type_str(),
        ));
    };
    let kind = match table.get("kind") {
        None => {
            let kinds: Vec<&str> = KINDS.iter().map(|(kind, _, _)| *kind).collect();
            return Err(ConfigError::missing(at.clone(), "kind")
                .with_help(format!("add `kind = ...`, one of {}", quoted_list(&kinds))));
        }
        Some(toml::Value::String(kind)) => kind.clone(),
        Some(other) => {
            return Err(ConfigError::value(
                at.key("kind"),
                "a bonus kind (a string)",
                other.type_str(),
            ));
        }
    };
    let parse = parser_of(&kind, &at.key("kind"))?;
    let name = match table.get("name") {
        Some(toml::Value::String(name)) => Some(name.clone()),
        _ => None,
    };
    let schedule = match value.as_table_mut() {
        Some(table) => schedule(table, &kind, at)?,
        None => Schedule {
            weekly: false,
            cap: None,
        },
    };
    let bonus = parse(value, at, scope)?;
    let (name, name_at) = match name {
        Some(name) => (name, at.key("name")),
        None => (kind, at.key("kind")),
    };
    if name.trim().is_empty() {
        return Err(ConfigError::value(
            name_at,
            "a non-empty bonus name",
            "an empty string",
        ));
    }
    if RESERVED_NAMES.contains(&name.as_str()) {
        return Err(ConfigError::value(
            name_at,
            "a bonus name that is not an output column",
            format!("`{name}`"),
        )
        .with_help(format!(
            "{} are output columns; choose another `name`",
            quoted_list(RESERVED_NAMES)
        )));
    }
    if scope.earlier_bonuses.contains(&name) {
        return Err(ConfigError::value(
            name_at,
            "a bonus name not used by an earlier bonus",
            format!("`{name}` a second time"),
        )
        .with_help("give each bonus a distinct `name = \"...\"`: it names its output column"));
    }
    Ok((name, bonus, schedule))
}

fn parser_of(kind: &str, path: &KeyPath) -> Result<Parse, ConfigError> {
    match KINDS.iter().find(|(k, _, _)| *k == kind) {
        Some((_, parse, _)) => Ok(*parse),
        None => {
            let all: Vec<&str> = KINDS.iter().map(|(k, _, _)| *k).collect();
            let mut err = ConfigError::value(
                path.clone(),
                format!("a bonus kind: one of {}", quoted_list(&all)),
                format!("unknown kind `{kind}`"),
            );
            err.help = did_you_mean(kind, all.iter().copied());
            Err(err)
        }
    }
}

/// The placement rule of a `[[plan.bonus]]` table if it is a binary bonus (the table is
/// validated by [`from_toml`] first); `None` for any other kind. Ranks that require
/// binary leg volume measure the legs of that tree.
pub fn binary_placement(table: &toml::Value) -> Option<Rule> {
    match table.get("kind")?.as_str()? {
        "binary" => Some(binary::placement_rule(table)),
        _ => None,
    }
}
