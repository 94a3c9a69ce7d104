//! `report.html`: one self-contained page (inline SVG and CSS, no scripts, nothing
//! fetched) that says in plain language what the scenario does to its participants.
//!
//! One file per part of the page, in the order a non-specialist reads them: `headline`
//! (sentences written from the numbers), `story` (one typical member, month by month,
//! from `traces.csv`), `disclosure` (a simulated income disclosure
//! statement), `compliance` (the indicators panel), `stress` (the bad months, for
//! plan designers), `figures` (the charts, inlined), `method` and `reproduce`;
//! [`report_html`] puts them in order inside the kit's page ([`crate::report::kit::page`]).
//! Every number goes through the kit's [`crate::report::kit::html_format`] and is marked
//! with the `summary.json` field it comes from (`numbers`), so the page can be checked
//! against the data. The page is a pure function of its inputs: the same data gives the
//! same bytes.

mod compliance;
mod disclosure;
mod figures;
mod headline;
mod method;
pub(crate) mod numbers;
pub(crate) mod reproduce;
mod story;
mod stress;

use crate::report::kit::chart::Chart;
use crate::report::kit::html_format::{Format, escape};
use crate::report::kit::page::{END, Head};
use crate::report::run::data::ReportData;
use numbers::meta_span;

/// The whole page.
pub fn report_html(data: &ReportData, charts: &[Chart]) -> String {
    let meta = &data.meta;
    let subtitle = format!(
        "{runs} simulated futures of {months} months each, in a market of {population} people.",
        runs = meta_span("runs", f64::from(meta.runs), Format::Count),
        months = meta_span("months", f64::from(meta.months), Format::Count),
        population = meta_span("population", f64::from(meta.population), Format::Count),
    );
    let mut html = Head {
        version: &meta.version,
        title: &format!(
            "{}: what the plan does to its members (downline report)",
            meta.plan
        ),
        kicker: &format!(
            "downline simulation report &middot; scenario {}",
            escape(&meta.scenario)
        ),
        heading: &format!(
            "What the plan &ldquo;{}&rdquo; does to the people in it",
            escape(&meta.plan)
        ),
        subtitle: &subtitle,
        nav: NAV,
    }
    .render();
    if let Some(warning) = &data.growth.warning {
        html.push_str(&format!(
            "<p class=\"warning\" role=\"alert\"><strong>Warning:</strong> {}</p>\n",
            escape(warning)
        ));
    }
    for section in [
        headline::section(data),
        story::section(data, charts),
        disclosure::section(data),
        compliance::section(data),
        stress::section(data),
        figures::section(&others(charts)),
        method::section(data),
        reproduce::section(data),
    ] {
        html.push_str(&section);
    }
    html.push_str(END);
    html
}

/// The charts shown in the charts section: all but the story's, which its own section
/// shows.
fn others(charts: &[Chart]) -> Vec<Chart> {
    (charts.iter())
        .filter(|c| c.name != crate::report::run::charts::STORY)
        .cloned()
        .collect()
}

/// Links to the sections.
const NAV: &str = "<nav aria-label=\"Sections\"><ul>\
<li><a href=\"#headline\">In short</a></li>\
<li><a href=\"#story\">A member&rsquo;s story</a></li>\
<li><a href=\"#disclosure\">Income disclosure</a></li>\
<li><a href=\"#compliance\">Compliance</a></li>\
<li><a href=\"#stress\">Stress test</a></li>\
<li><a href=\"#charts\">Charts</a></li>\
<li><a href=\"#method\">Method</a></li>\
<li><a href=\"#reproduce\">Reproduce</a></li>\
</ul></nav>\n";
