//! `points.csv`: one row per sweep point: its varied values, its runs, and for every
//! statistic the mean across the point's runs with its 95 % interval and the 5th and
//! 95th percentiles (columns `<statistic>_mean`, `_ci95_low`, `_ci95_high`, `_p5`,
//! `_p95`).

use super::point_runs::VariedValues;
use crate::ensemble::statistics::Summary;
use crate::sweep::results::PointResult;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// One point.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PointRow {
    /// The point's index in the design.
    pub point: u32,
    /// Its value of each varied key.
    #[serde(flatten)]
    pub values: VariedValues,
    /// Runs at the point.
    pub runs: u64,
    /// Every statistic across the point's runs.
    #[serde(flatten)]
    pub statistics: PointStatistics,
}

/// Per statistic, in order: (name, summary across the point's runs); the `median` of
/// each summary is not written (`NaN` when read back).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PointStatistics(pub Vec<(String, Summary)>);

/// Reads one field of a summary.
type Field = fn(&Summary) -> f64;

/// The columns of one statistic, by suffix, with how each reads its summary.
const SUFFIXES: [(&str, Field); 5] = [
    ("mean", |s| s.mean),
    ("ci95_low", |s| s.ci95[0]),
    ("ci95_high", |s| s.ci95[1]),
    ("p5", |s| s.p5),
    ("p95", |s| s.p95),
];

impl PointRow {
    /// The row of a point's results.
    pub fn of(result: &PointResult) -> PointRow {
        PointRow {
            point: result.point.index,
            values: VariedValues::of(&result.point),
            runs: result.runs as u64,
            statistics: PointStatistics(
                (result.statistics.iter())
                    .map(|(name, s)| (name.to_string(), *s))
                    .collect(),
            ),
        }
    }
}

impl Serialize for PointStatistics {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len() * SUFFIXES.len()))?;
        for (name, summary) in &self.0 {
            for (suffix, read) in SUFFIXES {
                map.serialize_entry(&format!("{name}_{suffix}"), &read(summary))?;
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for PointStatistics {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Columns;
        impl<'de> Visitor<'de> for Columns {
            type Value = PointStatistics;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("columns named <statistic>_<mean|ci95_low|ci95_high|p5|p95>")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PointStatistics, A::Error> {
                let mut statistics: Vec<(String, Summary)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let split = SUFFIXES.iter().find_map(|&(suffix, _)| {
                        let name = key.strip_suffix(suffix)?.strip_suffix('_')?;
                        (!name.contains('.')).then(|| (name.to_string(), suffix))
                    });
                    let Some((name, suffix)) = split else {
                        map.next_value::<IgnoredAny>()?;
                        continue;
                    };
                    let value = map.next_value::<Option<f64>>()?.unwrap_or(f64::NAN);
                    if statistics.last().is_none_or(|(last, _)| *last != name) {
                        statistics.push((name, Summary::UNDEFINED));
                    }
                    if let Some((_, s)) = statistics.last_mut() {
                        match suffix {
                            "mean" => s.mean = value,
                            "ci95_low" => s.ci95[0] = value,
                            "ci95_high" => s.ci95[1] = value,
                            "p5" => s.p5 = value,
                            _ => s.p95 = value,
                        }
                    }
                }
                Ok(PointStatistics(statistics))
            }
        }
        deserializer.deserialize_map(Columns)
    }
}
