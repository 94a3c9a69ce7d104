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
pub(crate) mod figures;
mod glossary;
pub(crate) mod headline;
mod method;
pub(crate) mod numbers;
pub(crate) mod people;
pub(crate) mod reproduce;
pub(crate) mod story;
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
        people::section(charts),
        story::section(data, charts),
        disclosure::section(data),
        compliance::section(data),
        stress::section(data),
        figures::section(&others(charts)),
        method::section(data),
        glossary::section(),
        reproduce::section(data),
    ] {
        html.push_str(&section);
    }
    html.push_str(END);
    handout(&glossary::link_first_uses(&html))
}

/// Sections and charts left out of the printed handout (at most four pages): the
/// printout keeps the headline, the 100 people, the income disclosure's main table and
/// the four charts a class reads first.
const SCREEN_ONLY: [&str; 5] = ["compliance", "stress", "method", "glossary", "reproduce"];
const SCREEN_ONLY_CHARTS: [&str; 4] = ["survival", "company", "cohorts", "by_rank"];

/// Marks what the handout leaves out with the class `screen-only` (hidden in print).
fn handout(html: &str) -> String {
    let mut html = html.to_string();
    for id in SCREEN_ONLY {
        html = html.replacen(
            &format!("<section id=\"{id}\""),
            &format!("<section class=\"screen-only\" id=\"{id}\""),
            1,
        );
    }
    for name in SCREEN_ONLY_CHARTS {
        html = html.replacen(
            &format!("<figure class=\"chart\" id=\"chart-{name}\""),
            &format!("<figure class=\"chart screen-only\" id=\"chart-{name}\""),
            1,
        );
    }
    html
}

/// The charts shown in the charts section: all but the 100 people's and the story's,
/// which their own sections show.
pub(crate) fn others(charts: &[Chart]) -> Vec<Chart> {
    (charts.iter())
        .filter(|c| c.name != crate::report::run::charts::STORY && c.name != "people")
        .cloned()
        .collect()
}

/// Links to the sections.
const NAV: &str = "<nav aria-label=\"Sections\"><ul>\
<li><a href=\"#headline\">In short</a></li>\
<li><a href=\"#people\">100 people</a></li>\
<li><a href=\"#story\">A member&rsquo;s story</a></li>\
<li><a href=\"#disclosure\">Income disclosure</a></li>\
<li><a href=\"#compliance\">Compliance</a></li>\
<li><a href=\"#stress\">Stress test</a></li>\
<li><a href=\"#charts\">Charts</a></li>\
<li><a href=\"#method\">Method</a></li>\
<li><a href=\"#glossary\">Glossary</a></li>\
<li><a href=\"#reproduce\">Reproduce</a></li>\
</ul></nav>\n";
