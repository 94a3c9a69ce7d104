//! The run report's charts section: the kit's figures ([`crate::report::kit::figures`])
//! with a line on how to read each chart of the charts section.

use crate::report::kit::chart::Chart;
use crate::report::kit::figures::{self, Section};

/// The charts section.
pub fn section(charts: &[Chart]) -> String {
    figures::section(
        charts,
        &Section {
            empty: "No charts were drawn for this report.",
            intro: Some(
                "Where a chart shows a shaded band, the band is how much the simulated futures \
                 differ from one another; the line is the typical future.",
            ),
            how: how_to_read,
        },
    )
}

/// One line on how to read each chart, by name.
fn how_to_read(name: &str) -> &'static str {
    match name {
        "income_distribution" => {
            "each bar counts the members of the disclosure year who got an amount in its \
             range that year; compare the bar at nothing with the few bars far to the right."
        }
        "lorenz" => {
            "the curve is the share of all pay received by the lowest-paid part of the \
             members; on the diagonal everyone would be paid the same, and the further the \
             curve sags below it, the more the pay goes to a few."
        }
        "income_ladder" => {
            "members are lined up from the worst to the best result over their time in the \
             business; the height at each point is what that member ended with, and below the \
             zero line is a loss."
        }
        "survival" => {
            "the share of members still in the business a given number of months after \
             joining; where the curve crosses one half is the median time people stay."
        }
        "active_members" => {
            "members in the business each month; a rise and then a fall means recruiting ran \
             out of people to recruit."
        }
        "company" => "the company's money each month: what it took in and what it paid to members.",
        "cohorts" => {
            "members grouped by the month they joined, with the typical result of each \
             group; compare early joiners with late ones."
        }
        "by_rank" => {
            "members grouped by the highest rank they reached: how many got there and their \
             typical result."
        }
        _ => "the horizontal axis is given under the chart, and each line or bar is labelled.",
    }
}
