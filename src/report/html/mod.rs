//! `report.html`: one self-contained page (inline SVG and CSS, no scripts, nothing
//! fetched) that says in plain language what the scenario does to its participants.
//!
//! One file per part of the page: [`headline`] (sentences written from the numbers),
//! [`disclosure`] (a simulated income disclosure statement), [`compliance`] (the
//! indicators panel), [`stress`] (the bad months, for plan designers), [`figures`] (the charts, inlined), [`method`] and [`reproduce`];
//! [`page`] puts them in order around the style sheet. Every number goes through
//! [`format`] and is marked with the `summary.json` field it comes from ([`numbers`]),
//! so the page can be checked against the data. The page is a pure function of its
//! inputs: the same data gives the same bytes.
//!
//! `compare.html` ([`compare_html`], in `compare/`) sets two output folders side by side
//! with the same style sheet, format and inline charts.

mod compare;
mod compliance;
mod disclosure;
mod figures;
mod format;
mod headline;
mod method;
mod numbers;
mod page;
mod reproduce;
mod stress;

use super::charts::Chart;
use super::data::ReportData;
pub use compare::compare_html;

/// The whole page.
pub fn report_html(data: &ReportData, charts: &[Chart]) -> String {
    page::render(data, charts)
}
