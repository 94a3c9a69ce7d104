//! `compare.html`: two output folders side by side on one self-contained page (inline
//! SVG and CSS, no scripts, nothing fetched), in the report's style sheet.
//!
//! In the order a reader needs them: the biggest differences the runs can tell apart,
//! in plain sentences ([`headline`]); every statistic with A, B, B − A, its 95 %
//! interval and a verdict in words ([`table`]); the overlay charts ([`figures`]); and
//! what each side ran and how to run it again ([`reproduce`]). How numbers are written
//! is in [`numbers`]. Every text that comes from the folders (scenario and plan names,
//! paths, hashes) is escaped. The page is a pure function of its inputs.

mod figures;
mod headline;
mod numbers;
mod reproduce;
mod table;

use super::format::escape;
use super::page::STYLE;
use crate::report::charts::Chart;
use crate::report::compare::{CompareRow, Side};

/// The whole page.
pub fn compare_html(a: &Side, b: &Side, rows: &[CompareRow], charts: &[Chart]) -> String {
    let name = |side: &Side| escape(&side.data.meta.scenario);
    let folder = |side: &Side| escape(&side.dir.display().to_string());
    let mut html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"downline {version}\">\n\
         <title>{a} against {b} (downline comparison)</title>\n\
         <style>\n{STYLE}</style>\n</head>\n<body>\n<header class=\"title\">\n\
         <p class=\"kicker\">downline comparison</p>\n\
         <h1>&ldquo;{a}&rdquo; against &ldquo;{b}&rdquo;</h1>\n\
         <p class=\"subtitle\"><span class=\"swatch side-a\" aria-hidden=\"true\"></span>A is \
         the folder <code>{folder_a}</code> ({runs_a} runs), \
         <span class=\"swatch side-b\" aria-hidden=\"true\"></span>B the folder \
         <code>{folder_b}</code> ({runs_b} runs).</p>\n{NAV}</header>\n<main>\n",
        version = escape(env!("CARGO_PKG_VERSION")),
        a = name(a),
        b = name(b),
        folder_a = folder(a),
        folder_b = folder(b),
        runs_a = a.data.meta.runs,
        runs_b = b.data.meta.runs,
    );
    for section in [
        headline::section(a, b, rows),
        table::section(rows),
        figures::section(charts),
        reproduce::section(a, b),
    ] {
        html.push_str(&section);
    }
    html.push_str(super::page::END);
    html
}

/// Links to the sections.
const NAV: &str = "<nav aria-label=\"Sections\"><ul>\
<li><a href=\"#headline\">In short</a></li>\
<li><a href=\"#statistics\">Every statistic</a></li>\
<li><a href=\"#charts\">Charts</a></li>\
<li><a href=\"#reproduce\">Reproduce</a></li>\
</ul></nav>\n";
