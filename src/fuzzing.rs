//! Entry points of the fuzz targets (`fuzz/`) and of their regression tests: each takes
//! arbitrary bytes and must return, never panic, hang or grow memory without bound.
//! They live in the library so that an input the fuzzer found crashing is replayed by
//! `cargo test` from `tests/fixtures/fuzz/<target>/`, through the same code.

use crate::calibrate::targets;
use crate::ensemble::run_one;
use crate::network_csv::Network;
use crate::scenario::{Overrides, Scenario, ScenarioSource};
use crate::sweep::design::grid;
use crate::sweep::vary::Vary;
use std::path::Path;

/// A fuzz target's entry point: any bytes in, never a panic.
pub type Target = fn(&[u8]);

/// The fuzz targets by name, as `fuzz/fuzz_targets/<name>.rs` and the regression
/// fixtures' folders name them.
pub const TARGETS: [(&str, Target); 5] = [
    ("scenario", scenario),
    ("network_csv", network_csv),
    ("run", run),
    ("targets", targets),
    ("vary", vary),
];

/// The largest market the `run` target simulates: the point is to reach every rule with
/// odd values, not to time a big world.
const RUN_POPULATION: u32 = 2_000;

/// Parses and validates a scenario (or plan) file's text.
pub fn scenario(bytes: &[u8]) {
    let _ = validated(bytes, Overrides::default());
}

/// Reads a network CSV and, when it is valid, pays it under a small unilevel plan.
pub fn network_csv(bytes: &[u8]) {
    let Ok(network) = Network::from_reader("fuzz.csv", bytes) else {
        return;
    };
    let Ok(plan) = crate::plan::Plan::from_toml(
        toml::Value::Table(
            toml::from_str("name = \"f\"\n[[bonus]]\nkind = \"unilevel\"\nrates = [0.1, 0.05]\n")
                .unwrap_or_default(),
        ),
        &crate::input_error::KeyPath::root().key("plan"),
    ) else {
        return;
    };
    let paid = network.pay(&plan, |_, payout| {
        if payout.paid.iter().all(|x| x.is_finite()) {
            Ok(())
        } else {
            Err(())
        }
    });
    assert!(paid.is_ok(), "a valid network was paid a non-finite amount");
}

/// Validates a scenario and, when it is valid and small, runs it for two months: every
/// statistic is a number or undefined (NaN), never infinite.
pub fn run(bytes: &[u8]) {
    let overrides = Overrides {
        runs: Some(1),
        months: Some(2),
        seed: None,
    };
    let Some(scenario) = validated(bytes, overrides) else {
        return;
    };
    if scenario.market.population > RUN_POPULATION {
        return;
    }
    let outcome = run_one(&scenario, 0, true);
    let values = outcome.statistics.values();
    assert!(
        values.iter().all(|x| !x.is_infinite()),
        "an infinite statistic"
    );
}

/// Parses and validates a calibration targets file.
pub fn targets(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(table) = toml::from_str::<toml::Table>(text) {
        let _ = targets::parse(&table);
    }
}

/// Parses a `--vary` argument and, when it is valid, lays out its grid.
pub fn vary(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(vary) = Vary::parse(text) {
        let _ = grid(&[vary]);
    }
}

fn validated(bytes: &[u8], overrides: Overrides) -> Option<Scenario> {
    let text = String::from_utf8(bytes.to_vec()).ok()?;
    if text.len() as u64 > crate::scenario::source::MAX_FILE_BYTES {
        return None;
    }
    let source = ScenarioSource::parse(Path::new("fuzz.toml"), text).ok()?;
    source.scenario(overrides, &[]).ok()
}
