//! Building validated scenarios from text in library-level tests.

use downline::scenario::{Overrides, Scenario};

/// Validates scenario text; panics with the error if it is invalid (a test bug).
pub fn scenario(text: &str) -> Scenario {
    let table: toml::Table = toml::from_str(text).expect("test scenario is TOML");
    Scenario::from_table(table, "test".into(), "hash".into(), Overrides::default())
        .unwrap_or_else(|e| panic!("test scenario is invalid: {e}"))
}
