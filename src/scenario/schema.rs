//! The JSON Schema (draft-07) of scenario files, from the scenario's own types (serde
//! structs deriving `schemars::JsonSchema`), for `downline schema` and for editors with
//! a TOML language server (taplo, Tombi), which read it from the `#:schema` comment at
//! the top of each shipped scenario. It describes what the file may hold (keys, types,
//! each bonus kind's keys, each distribution's parameters); the ranges and the rules
//! between keys are checked by validation, with file:line:col messages.

use super::distribution::DISTRIBUTIONS;
use super::file::RawScenario;
use schemars::generate::SchemaSettings;
use schemars::{Schema, SchemaGenerator, json_schema};

/// Where the schema is published beside the scenarios (what `#:schema` names).
pub const FILE: &str = "scenario.schema.json";

/// The schema, as JSON text (two-space indented, with a final newline).
pub fn text() -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<RawScenario>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// A behaviour value: a number, or a distribution table.
pub fn quantity(generator: &mut SchemaGenerator) -> Schema {
    let distribution = distribution(generator);
    json_schema!({
        "description": "a number (the same for every member), or a distribution table from which each member's value is drawn",
        "anyOf": [{ "type": "number" }, distribution],
    })
}

/// `{ dist = "...", ... }`: one of the distributions with exactly its parameters.
fn distribution(generator: &mut SchemaGenerator) -> Schema {
    let name = "distribution";
    if !generator.definitions().contains_key(name) {
        let one_of: Vec<serde_json::Value> = (DISTRIBUTIONS.iter())
            .map(|(dist, _, parameters)| {
                let mut properties = serde_json::Map::new();
                properties.insert("dist".into(), serde_json::json!({ "const": dist }));
                for parameter in *parameters {
                    properties.insert((*parameter).into(), serde_json::json!({ "type": "number" }));
                }
                let mut required = vec![serde_json::Value::from("dist")];
                required.extend(parameters.iter().map(|p| serde_json::Value::from(*p)));
                serde_json::json!({
                    "type": "object",
                    "properties": properties,
                    "required": required,
                    "additionalProperties": false,
                })
            })
            .collect();
        generator
            .definitions_mut()
            .insert(name.into(), serde_json::json!({ "oneOf": one_of }));
    }
    let reference = format!("#{}/{name}", generator.settings().definitions_path);
    json_schema!({ "$ref": reference })
}

/// `[[behaviour.kind]]`: member kinds, each with a `name`, a `share` and any
/// `[behaviour]` keys of its own.
pub fn kinds(generator: &mut SchemaGenerator) -> Schema {
    let behaviour = super::behaviour::schema(generator);
    json_schema!({ "type": "array", "items": behaviour })
}

/// A kind's `name`.
pub fn name(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "string" })
}

/// A kind's `share` of the members who join.
pub fn share(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "number", "minimum": 0, "maximum": 1 })
}
