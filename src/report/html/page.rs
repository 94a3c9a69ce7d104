//! The page around the sections: the document head with the inline style sheet
//! (`style.css`), the title block, a short table of contents, and the sections in the
//! order a non-specialist reads them: the headline first, then the income disclosure
//! statement, the compliance panel, the charts, and how it was made and how to
//! reproduce it.

use super::format::{Format, escape};
use super::numbers::meta_span;
use super::{compliance, disclosure, figures, headline, method, reproduce, stress};
use crate::report::charts::Chart;
use crate::report::data::ReportData;

/// The style sheet, inlined into the page.
pub(super) const STYLE: &str = include_str!("style.css");

/// The whole page.
pub fn render(data: &ReportData, charts: &[Chart]) -> String {
    let meta = &data.meta;
    let plan = escape(&meta.plan);
    let mut html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"downline {version}\">\n\
         <title>{plan}: what the plan does to its members (downline report)</title>\n\
         <style>\n{STYLE}</style>\n</head>\n<body>\n<header class=\"title\">\n\
         <p class=\"kicker\">downline simulation report &middot; scenario {scenario}</p>\n\
         <h1>What the plan &ldquo;{plan}&rdquo; does to the people in it</h1>\n\
         <p class=\"subtitle\">{runs} simulated futures of {months} months each, in a market \
         of {population} people.</p>\n{nav}</header>\n<main>\n",
        version = escape(&meta.version),
        scenario = escape(&meta.scenario),
        runs = meta_span("runs", f64::from(meta.runs), Format::Count),
        months = meta_span("months", f64::from(meta.months), Format::Count),
        population = meta_span("population", f64::from(meta.population), Format::Count),
        nav = NAV,
    );
    for section in [
        headline::section(data),
        disclosure::section(data),
        compliance::section(data),
        stress::section(data),
        figures::section(charts),
        method::section(data),
        reproduce::section(data),
    ] {
        html.push_str(&section);
    }
    html.push_str(END);
    html
}

/// The end of a page: the footer and the closing tags (shared with `compare.html`).
pub const END: &str = "</main>\n<footer>\n<p>Made by downline, an open-source agent-based \
simulator of multi-level marketing. A simulation shows what a plan does under the assumptions \
of its scenario file, not what any real company pays.</p>\n</footer>\n</body>\n</html>\n";

/// Links to the sections.
const NAV: &str = "<nav aria-label=\"Sections\"><ul>\
<li><a href=\"#headline\">In short</a></li>\
<li><a href=\"#disclosure\">Income disclosure</a></li>\
<li><a href=\"#compliance\">Compliance</a></li>\
<li><a href=\"#stress\">Stress test</a></li>\
<li><a href=\"#charts\">Charts</a></li>\
<li><a href=\"#method\">Method</a></li>\
<li><a href=\"#reproduce\">Reproduce</a></li>\
</ul></nav>\n";
