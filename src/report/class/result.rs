//! What a finished run shows on the class page, built from its output folder: the
//! growth warning if the runs did not take off, the run report's headline sentences and
//! its charts section (the same code as `report.html`, so the same folder gives the
//! same sentences, numbers and SVG), and the key numbers ([`FACTS`]) that the page sets
//! beside the previous run's.
//!
//! Every key number is the run report's typical value of a statistic (the median over
//! the runs, the report's `TYPICAL`), formatted as the report formats it; the raw value
//! goes with it so that anyone can check it against `summary.json`.

use crate::error::Result;
use crate::report::kit::html_format::{Format, escape};
use crate::report::kit::labels::label_of;
use crate::report::run::charts::render_all;
use crate::report::run::data::ReportData;
use crate::report::run::page::numbers::{Numbers, TYPICAL};
use crate::report::run::page::{figures, headline};
use serde::Serialize;
use std::path::Path;

/// The statistics shown as key numbers, in order, each with how it is written.
pub const FACTS: [(&str, Format); 10] = [
    ("ids_share_zero_pay", Format::Percent),
    ("ids_median_net", Format::Money),
    ("median_net", Format::Money),
    ("share_net_loss", Format::Percent),
    ("top1_share_gross_pay", Format::Percent),
    ("first_year_quit_share", Format::Percent),
    ("members_ever", Format::Count),
    ("peak_active", Format::Count),
    ("final_active", Format::Count),
    ("saturation", Format::Percent),
];

/// One key number of a run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fact {
    /// The statistic's name in `summary.json`.
    pub stat: &'static str,
    /// The summary across runs it is (`median`).
    pub field: &'static str,
    /// What it is, in words ("Share of members who lost money").
    pub label: &'static str,
    /// The value; `None` where it is undefined in these runs (no full year, say).
    pub value: Option<f64>,
    /// The value as the page writes it (`96 %`, `-$737`, `n/a`).
    pub text: String,
}

/// What a finished run adds to the page.
#[derive(Clone, Debug)]
pub struct ClassResult {
    /// The warning, the headline section and the charts section, as HTML.
    pub html: String,
    /// The key numbers, in the order of [`FACTS`].
    pub facts: Vec<Fact>,
}

/// Reads the output folder `dir` (written by the same code as `downline run`'s) and
/// builds its part of the page.
pub fn class_result(dir: &Path) -> Result<ClassResult> {
    let data = ReportData::load(dir)?;
    let charts = render_all(&data)?;
    let mut html = String::new();
    if let Some(warning) = &data.growth.warning {
        html.push_str(&format!(
            "<p class=\"warning\" role=\"alert\"><strong>Warning:</strong> {}</p>\n",
            escape(warning)
        ));
    }
    html.push_str(&headline::section(&data));
    html.push_str(&crate::report::run::page::people::section(&charts));
    html.push_str(&crate::report::run::page::story::section(&data, &charts));
    html.push_str(&figures::section(&crate::report::run::page::others(
        &charts,
    )));
    Ok(ClassResult {
        html,
        facts: facts(&data),
    })
}

/// The key numbers of `data`.
pub fn facts(data: &ReportData) -> Vec<Fact> {
    let numbers = Numbers::new(data);
    FACTS
        .iter()
        .map(|&(stat, format)| {
            let value = numbers.typical(stat);
            Fact {
                stat,
                field: TYPICAL.name(),
                label: label_of(stat).map_or(stat, |l| l.phrase),
                value,
                text: format.apply(value.unwrap_or(f64::NAN)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_number_has_a_label() {
        for (stat, _) in FACTS {
            assert!(label_of(stat).is_some(), "{stat} has no label");
        }
    }
}
