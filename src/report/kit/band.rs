//! What a chart draws for a quantity that varies from run to run: at each `x`, its mean
//! and quantiles across runs ([`Band`]), and named series of them ([`Bands`]), as
//! `months.csv` and `curves.csv` hold them.

use std::collections::BTreeMap;

/// One point of a quantity that varies by run: its mean and quantiles across runs at
/// `x`. A field no run defines is `NaN`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band {
    pub x: f64,
    pub mean: f64,
    pub p5: f64,
    pub p25: f64,
    pub median: f64,
    pub p75: f64,
    pub p95: f64,
}

/// Named series of bands, each in increasing `x`.
#[derive(Clone, Debug, Default)]
pub struct Bands(pub BTreeMap<String, Vec<Band>>);

impl Bands {
    /// The series called `name`; empty if there is none.
    pub fn get(&self, name: &str) -> &[Band] {
        self.0.get(name).map_or(&[], Vec::as_slice)
    }
}
