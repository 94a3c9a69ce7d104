//! `compare.html`: two output folders side by side on one self-contained page (inline
//! SVG and CSS, no scripts, nothing fetched), in the report's style sheet.
//!
//! In the order a reader needs them: the biggest differences the runs can tell apart,
//! in plain sentences (`headline`); every statistic with A, B, B − A, its 95 %
//! interval and a verdict in words (`table`); pay, share and breakage by bonus, where
//! the money moved (`bonuses`); the overlay charts (`figures`); and
//! what each side ran and how to run it again (`reproduce`). How numbers are written
//! is in `numbers`. Every text that comes from the folders (scenario and plan names,
//! paths, hashes) is escaped. The page is a pure function of its inputs.

mod bonuses;
mod figures;
mod headline;
mod numbers;
mod reproduce;
mod table;

use crate::report::compare::bonuses::bonus_rows;
use crate::report::compare::rows::CompareRow;
use crate::report::compare::side::Side;
use crate::report::kit::chart::Chart;
use crate::report::kit::html_format::escape;
use crate::report::kit::page::{END, Head};

/// The whole page.
pub fn compare_html(a: &Side, b: &Side, rows: &[CompareRow], charts: &[Chart]) -> String {
    let name = |side: &Side| escape(&side.data.meta.scenario);
    let folder = |side: &Side| escape(&side.dir.display().to_string());
    let subtitle = format!(
        "<span class=\"swatch side-a\" aria-hidden=\"true\"></span>A is the folder \
         <code>{folder_a}</code> ({runs_a} runs), <span class=\"swatch side-b\" \
         aria-hidden=\"true\"></span>B the folder <code>{folder_b}</code> ({runs_b} runs).",
        folder_a = folder(a),
        folder_b = folder(b),
        runs_a = a.data.meta.runs,
        runs_b = b.data.meta.runs,
    );
    let mut html = Head {
        version: env!("CARGO_PKG_VERSION"),
        title: &format!(
            "{} against {} (downline comparison)",
            a.data.meta.scenario, b.data.meta.scenario
        ),
        kicker: "downline comparison",
        heading: &format!(
            "&ldquo;{}&rdquo; against &ldquo;{}&rdquo;",
            name(a),
            name(b)
        ),
        subtitle: &subtitle,
        nav: NAV,
    }
    .render();
    for section in [
        headline::section(a, b, rows),
        table::section(rows),
        bonuses::section(&bonus_rows(a, b)),
        figures::section(charts),
        reproduce::section(a, b),
    ] {
        html.push_str(&section);
    }
    html.push_str(END);
    html
}

/// Links to the sections.
const NAV: &str = "<nav aria-label=\"Sections\"><ul>\
<li><a href=\"#headline\">In short</a></li>\
<li><a href=\"#statistics\">Every statistic</a></li>\
<li><a href=\"#bonuses\">Pay by bonus</a></li>\
<li><a href=\"#charts\">Charts</a></li>\
<li><a href=\"#reproduce\">Reproduce</a></li>\
</ul></nav>\n";
