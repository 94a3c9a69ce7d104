//! `point_runs.csv`: one row per (point, run) of a sweep, in pair order: the point, the
//! run and its seed, the point's varied values, then every statistic of the run.

use crate::ensemble::run_statistics::{COUNT, RunStatistics};
use crate::output::encode::{Cell, run_key, seed_text};
use crate::sweep::design::Point;
use crate::sweep::execute::PointRun;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// One run of one sweep point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointRunRow {
    /// The point's index in the design.
    pub point: u32,
    /// Run index (run `r` of every point has the same seed).
    pub run: u32,
    /// The run's seed (a string in JSON Lines: see [`seed_text`]).
    #[serde(with = "seed_text")]
    pub seed: u64,
    /// The master seed and the run index as text, `s42-r7` ([`run_key`]).
    #[serde(default)]
    pub run_key: String,
    /// The point's value of each varied key, one column per key named by it.
    #[serde(flatten)]
    pub values: VariedValues,
    /// The run's statistics.
    #[serde(flatten)]
    pub statistics: RunStatistics,
}

impl Default for PointRunRow {
    fn default() -> Self {
        PointRunRow {
            point: 0,
            run: 0,
            seed: 0,
            run_key: String::new(),
            values: VariedValues::default(),
            statistics: RunStatistics::from_values([f64::NAN; COUNT]),
        }
    }
}

impl PointRunRow {
    /// The row of a sweep's run at `point`, of a sweep with master seed `master_seed`.
    pub fn of(run: &PointRun, point: &Point, master_seed: u64) -> PointRunRow {
        PointRunRow {
            point: run.point,
            run: run.outcome.run,
            seed: run.outcome.seed,
            run_key: run_key(master_seed, run.outcome.run),
            values: VariedValues::of(point),
            statistics: run.outcome.statistics.clone(),
        }
    }
}

/// A point's varied values, in `--vary` order, as columns named by their dotted keys:
/// a whole number or a text as itself, a decimal as TOML writes it (`0.35`, `100.0`),
/// a list or a table as TOML text. Read back, the columns whose names hold a dot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct VariedValues(pub Vec<(String, Cell)>);

impl VariedValues {
    /// The values of `point`.
    pub fn of(point: &Point) -> VariedValues {
        Self::of_values(&point.values)
    }

    /// `(key, value)` pairs as columns.
    pub fn of_values(values: &[(String, toml::Value)]) -> VariedValues {
        VariedValues(
            (values.iter())
                .map(|(key, value)| (key.clone(), cell(value)))
                .collect(),
        )
    }
}

/// A varied value as a cell that reads as TOML writes it.
fn cell(value: &toml::Value) -> Cell {
    match value {
        toml::Value::String(s) => Cell::Text(s.clone()),
        toml::Value::Integer(i) => Cell::Int(*i),
        toml::Value::Boolean(b) => Cell::Bool(*b),
        toml::Value::Float(x) => {
            let text = value.to_string();
            // TOML writes a float as the shortest form that reads back (like a table's
            // numbers), with `.0` after a whole number; anything else stays text.
            let decimals = text.split_once('.').map(|(_, d)| d.len());
            match decimals {
                _ if text == x.to_string() => Cell::Float(*x),
                Some(d) if d <= 9 && format!("{x:.d$}") == text => Cell::Fixed(*x, d as u8),
                _ => Cell::Text(text),
            }
        }
        other => Cell::Text(other.to_string()),
    }
}

/// A varied value read back from a table, as the cell it was written from: numbers and
/// text are read as the TOML values they are written as.
fn reread(read: Cell) -> Cell {
    match read {
        Cell::Float(x) | Cell::Fixed(x, _) => cell(&toml::Value::Float(x)),
        Cell::UInt(u) => i64::try_from(u).map_or(Cell::Text(u.to_string()), Cell::Int),
        Cell::Text(text) | Cell::Untyped(text) => {
            toml::from_str::<toml::Table>(&format!("v = {text}"))
                .ok()
                .and_then(|mut table| table.remove("v"))
                .map_or(Cell::Text(text), |value| cell(&value))
        }
        other => other,
    }
}

impl Serialize for VariedValues {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for VariedValues {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Dotted;
        impl<'de> Visitor<'de> for Dotted {
            type Value = VariedValues;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("columns named by dotted keys")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<VariedValues, A::Error> {
                let mut values = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if key.contains('.') {
                        values.push((key, reread(map.next_value::<Cell>()?)));
                    } else {
                        map.next_value::<serde::de::IgnoredAny>()?;
                    }
                }
                Ok(VariedValues(values))
            }
        }
        deserializer.deserialize_map(Dotted)
    }
}
