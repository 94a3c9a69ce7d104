//! The grey line under every run chart's title: what was run.

use crate::report::kit::format::count;
use crate::report::run::data::ReportData;

/// What was run, for the line under the title.
pub fn subtitle(data: &ReportData) -> String {
    let m = &data.meta;
    format!(
        "Scenario \u{201c}{}\u{201d} ({}): {} runs of {} months, {} people",
        m.scenario,
        m.plan,
        m.runs,
        m.months,
        count(f64::from(m.population))
    )
}
