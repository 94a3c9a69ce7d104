//! `downline schema`: the JSON Schema (draft-07) of scenario files. The shipped copy is
//! what the command prints, every shipped scenario names it in its first line and
//! validates against it, and the schema refuses the mistakes validation refuses.

use crate::common::downline;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn schema() -> Value {
    let out = downline()
        .arg("schema")
        .assert()
        .success()
        .get_output()
        .clone();
    serde_json::from_slice(&out.stdout).expect("the schema is JSON")
}

/// Every shipped scenario (not the targets and check files beside them).
fn shipped() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["scenarios", "scenarios/companies", "scenarios/published"] {
        for entry in std::fs::read_dir(dir).expect("a folder") {
            let path = entry.expect("an entry").path();
            let name = path.to_string_lossy().to_string();
            if name.ends_with(".toml")
                && !name.contains("targets")
                && !name.ends_with(".check.toml")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn as_json(text: &str) -> Value {
    let table: toml::Table = toml::from_str(text).expect("TOML");
    serde_json::to_value(table).expect("JSON")
}

#[test]
fn the_shipped_schema_is_what_the_command_prints() {
    let printed = downline()
        .arg("schema")
        .assert()
        .success()
        .get_output()
        .clone();
    let shipped = std::fs::read("scenarios/scenario.schema.json").expect("shipped schema");
    assert!(
        printed.stdout == shipped,
        "scenarios/scenario.schema.json is stale: run `downline schema --out scenarios/scenario.schema.json`"
    );
    let schema = schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
}

#[test]
fn every_shipped_scenario_names_the_schema_and_validates_against_it() {
    let validator = jsonschema::draft7::new(&schema()).expect("a valid draft-07 schema");
    let files = shipped();
    assert!(files.len() >= 20, "{}", files.len());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let first = text.lines().next().unwrap_or_default();
        let named = first.strip_prefix("#:schema ").unwrap_or_else(|| {
            panic!(
                "{}: the first line is not a #:schema comment",
                file.display()
            )
        });
        let target = file.parent().unwrap_or(Path::new(".")).join(named);
        assert!(
            target.canonicalize().ok()
                == Path::new("scenarios/scenario.schema.json")
                    .canonicalize()
                    .ok(),
            "{}: #:schema names {named}",
            file.display()
        );
        let errors: Vec<String> = (validator.iter_errors(&as_json(&text)))
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
        // And downline itself accepts it.
        downline().arg("check").arg(&file).assert().success();
    }
}

#[test]
fn the_schema_refuses_what_validation_refuses() {
    let validator = jsonschema::draft7::new(&schema()).expect("a valid draft-07 schema");
    let base = std::fs::read_to_string("scenarios/default.toml").unwrap();
    assert!(validator.is_valid(&as_json(&base)));
    for (from, to) in [
        ("recruit_pitches =", "recruit_pitchs ="),
        ("kind = \"unilevel\"", "kind = \"unilevle\""),
        ("median = 0.8, sigma = 1.6", "median = 0.8, sigmaa = 1.6"),
        ("median = 0.8, sigma = 1.6", "median = 0.8"),
        ("population = 30_000", "population = \"many\""),
        ("compression = \"dynamic\"", "compression = \"dynamc\""),
        ("[market]", "[markt]"),
    ] {
        assert!(base.contains(from), "{from}");
        let text = base.replacen(from, to, 1);
        assert!(
            !validator.is_valid(&as_json(&text)),
            "the schema accepts `{to}`"
        );
        downline()
            .args(["check", "-"])
            .write_stdin(text)
            .assert()
            .code(2);
    }
}
