//! Report data made up for unit tests of charts: a folder's head with nothing in it,
//! and undefined points, to check that every chart draws whatever it is given.

use crate::ensemble::stress::Stress;
use crate::report::kit::band::{Band, Bands};
use crate::report::run::data::{Meta, ReportData};

/// The head of a synthetic run of `months` months with the given rank names.
pub fn meta(months: u32, ranks: &[&str]) -> Meta {
    Meta {
        scenario: "synthetic".to_string(),
        scenario_file: "synthetic.toml".to_string(),
        scenario_hash: String::new(),
        version: String::new(),
        generator: String::new(),
        seed: 1,
        runs: 3,
        months,
        population: 100,
        disclosure_year: None,
        plan: "Synthetic".to_string(),
        ranks: ranks.iter().map(|r| r.to_string()).collect(),
        member_months: 0,
    }
}

/// Report data with `meta` and nothing else: no statistic, series or curve.
pub fn data(meta: Meta) -> ReportData {
    ReportData {
        meta,
        statistics: Vec::new(),
        bonuses: Vec::new(),
        stress: Stress::of(&[]),
        months: Bands::default(),
        curves: Bands::default(),
        histograms: Vec::new(),
        scenario_text: String::new(),
        kinds: Vec::new(),
        growth: Default::default(),
        traces: None,
    }
}

/// A point at `x` that no run defines.
pub fn undefined(x: f64) -> Band {
    Band {
        x,
        mean: f64::NAN,
        p5: f64::NAN,
        p25: f64::NAN,
        median: f64::NAN,
        p75: f64::NAN,
        p95: f64::NAN,
    }
}
