//! The teaching picture under the headline: of 100 people who joined, how many made
//! money, how many lost money and stayed, and how many lost money and quit within
//! their first year (the `people` chart, inlined; see
//! [`crate::report::run::charts::people`]).

use crate::report::kit::chart::Chart;
use crate::report::kit::figures::figure;

/// The section, or nothing when the chart was not drawn.
pub fn section(charts: &[Chart]) -> String {
    let Some(chart) = charts.iter().find(|c| c.name == "people") else {
        return String::new();
    };
    format!(
        "<section id=\"people\" aria-labelledby=\"people-title\">\n\
         <h2 id=\"people-title\">Of 100 people who joined</h2>\n{}</section>\n",
        figure(
            chart,
            "each figure is one person out of 100 who joined at least a year before the end; \
             the colour says how the business went for them over their whole time in it."
        )
    )
}
