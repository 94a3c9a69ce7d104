//! `report.html`: one self-contained page (inline SVG and CSS, no scripts, nothing
//! fetched) that says in plain language what the scenario does to its participants.

use super::charts::Chart;
use super::data::ReportData;

/// The whole page.
pub fn report_html(data: &ReportData, charts: &[Chart]) -> String {
    let _ = (data, charts);
    String::from("<!doctype html><title>report</title>")
}
