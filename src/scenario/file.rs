//! The scenario file exactly as written: serde structs that mirror the TOML and reject
//! unknown keys. Nothing here is checked beyond types; [`super::Scenario::from_table`]
//! checks every value once. Behaviour values stay raw TOML because each may be a number
//! or a distribution table (see [`super::distribution`]); the plan stays raw because
//! each bonus kind reads its own keys (see [`crate::plan`]).

use serde::Deserialize;

/// The whole file.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "downline scenario")]
pub struct RawScenario {
    #[serde(default)]
    pub simulation: RawSimulation,
    pub market: RawMarket,
    pub product: RawProduct,
    /// Validated by `super::behaviour` (kinds merge their keys with these).
    #[schemars(schema_with = "super::behaviour::schema")]
    pub behaviour: toml::Value,
    #[schemars(schema_with = "crate::plan::schema")]
    pub plan: toml::Value,
}

/// `[simulation]`: how long and how often.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSimulation {
    pub months: Option<u32>,
    pub runs: Option<u32>,
    pub seed: Option<u64>,
    pub disclosure_year: Option<u32>,
}

/// `[market]`: the people who can be reached.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMarket {
    pub population: u32,
    pub founders: Option<u32>,
    pub network: Option<RawNetwork>,
    pub reconsider_months: Option<f64>,
    pub cold_reach: Option<f64>,
    pub max_members: Option<u32>,
    pub founder_recruit_delay: Option<u32>,
    pub founder_kind: Option<String>,
}

/// `market.network`: the contact network's kind and shape.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNetwork {
    pub kind: String,
    pub degree: Option<f64>,
    pub rewire: Option<f64>,
    pub exponent: Option<f64>,
}

/// `[product]`: prices and volumes per unit, and fees.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawProduct {
    pub retail_price: f64,
    pub wholesale_price: f64,
    pub pv_per_unit: f64,
    pub cv_per_unit: Option<f64>,
    pub cost_of_goods: Option<f64>,
    pub entry_fee: Option<f64>,
    pub monthly_fee: Option<f64>,
}
