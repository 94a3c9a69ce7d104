//! A simulated income disclosure statement for the disclosure year, done the honest
//! way: it counts everyone who was a member at any time in that year, including those
//! paid nothing, and shows what they kept after purchases, fees and expenses next to
//! what the company paid them, with percentiles, the mean, hours and pay per hour.
//!
//! Each amount is the typical value across runs (the median) with the range across
//! runs (5th to 95th percentile) beneath it, from the `ids_*` statistics (see
//! [`crate::ensemble::run_statistics`]). A run shorter than a full year has no
//! disclosure year, and the section says so.

use crate::report::kit::html_format::Format;
use crate::report::run::data::ReportData;
use crate::report::run::page::numbers::{Numbers, meta_span};

/// One line of the percentile table: its label, what it means, and the gross and net
/// statistics (if any) at that rank.
struct Rung {
    label: &'static str,
    hint: &'static str,
    gross: Option<&'static str>,
    net: Option<&'static str>,
}

const LADDER: [Rung; 7] = [
    Rung {
        label: "10th percentile",
        hint: "1 in 10 got less",
        gross: None,
        net: Some("ids_p10_net"),
    },
    Rung {
        label: "25th percentile",
        hint: "1 in 4 got less",
        gross: Some("ids_p25_gross_pay"),
        net: Some("ids_p25_net"),
    },
    Rung {
        label: "Median",
        hint: "half got less",
        gross: Some("ids_median_gross_pay"),
        net: Some("ids_median_net"),
    },
    Rung {
        label: "75th percentile",
        hint: "3 in 4 got less",
        gross: Some("ids_p75_gross_pay"),
        net: Some("ids_p75_net"),
    },
    Rung {
        label: "90th percentile",
        hint: "9 in 10 got less",
        gross: Some("ids_p90_gross_pay"),
        net: Some("ids_p90_net"),
    },
    Rung {
        label: "99th percentile",
        hint: "99 in 100 got less",
        gross: Some("ids_p99_gross_pay"),
        net: None,
    },
    Rung {
        label: "Mean",
        hint: "the total shared equally",
        gross: Some("ids_mean_gross_pay"),
        net: Some("ids_mean_net"),
    },
];

/// The key shares, shown first: statistic and what it says.
const FACTS: [(&str, &str); 5] = [
    ("ids_share_zero_pay", "were paid nothing by the company"),
    ("ids_share_under_1000", "were paid less than $1,000"),
    (
        "ids_share_net_loss",
        "lost money after purchases, fees and expenses",
    ),
    (
        "ids_top1_share",
        "of the year's pay went to the best-paid 1&nbsp;% of members",
    ),
    (
        "ids_top01_share",
        "of the year's pay went to the best-paid 0.1&nbsp;% (one member in a thousand)",
    ),
];

/// The groups of the year's members that real statements choose between: the suffix
/// of their `ids_*` statistics and how the group reads.
const GROUPS: [(&str, &str); 4] = [
    ("", "Everyone who was a member in the year (this statement)"),
    (
        "_active",
        "Only those who ordered in the year (&ldquo;active&rdquo;)",
    ),
    ("_paid", "Only those the company paid something"),
    ("_recruiters", "Only those who had recruited someone"),
];

/// The income disclosure section.
pub fn section(data: &ReportData) -> String {
    let mut html =
        String::from("<section id=\"disclosure\" aria-labelledby=\"disclosure-title\">\n");
    let Some(year) = data.meta.disclosure_year else {
        html.push_str(&format!(
            "<h2 id=\"disclosure-title\">Income disclosure statement</h2>\n\
             <p class=\"missing\">There is no income disclosure statement for this run: it \
             lasted {} months, less than one full year, so there is no year to report on. \
             The other sections count everyone who joined, over the whole run.</p>\n</section>\n",
            meta_span("months", f64::from(data.meta.months), Format::Count)
        ));
        return html;
    };
    let n = Numbers::new(data);
    let year = meta_span("disclosure_year", f64::from(year), Format::Count);
    html.push_str(&format!(
        "<h2 id=\"disclosure-title\">Income disclosure statement, year {year} (simulated)</h2>\n"
    ));
    html.push_str(&coverage(n, &year));
    html.push_str(&facts(n));
    html.push_str(&ladder(n, &year));
    html.push_str(&groups(n));
    html.push_str(&hours(n));
    html.push_str(NOTE);
    html.push_str("</section>\n");
    html
}

/// Who the statement covers.
fn coverage(n: Numbers, year: &str) -> String {
    let members = match (
        n.typical_span("ids_members", Format::Count),
        n.range("ids_members", Format::Count),
    ) {
        (Some(members), Some(range)) => {
            format!("{members} people in the typical future (from {range} across futures)")
        }
        (Some(members), None) => format!("{members} people in the typical future"),
        _ => String::from("nobody"),
    };
    format!(
        "<p>This statement covers <strong>everyone who was a member at any time in year \
         {year}</strong>: {members}, including those the company paid nothing. Amounts are for \
         that year only. <em>Gross pay</em> is what the company paid them (commissions and \
         bonuses). <em>Net</em> is gross pay plus retail profit, minus what they paid for \
         product they did not resell, fees and their own business expenses.</p>\n"
    )
}

/// The key shares, as a row of boxes.
fn facts(n: Numbers) -> String {
    let mut html = String::from("<ul class=\"facts\">\n");
    for (stat, says) in FACTS {
        let Some(value) = n.typical_span(stat, Format::Percent) else {
            continue;
        };
        let range = n
            .range(stat, Format::Percent)
            .map(|r| format!("<span class=\"range\">futures: {r}</span>"))
            .unwrap_or_default();
        html.push_str(&format!(
            "<li><span class=\"big\">{value}</span> <span class=\"says\">{says}</span>{range}</li>\n"
        ));
    }
    html.push_str("</ul>\n");
    html
}

/// One table cell: the typical amount and, beneath it, the range across runs.
fn cell(n: Numbers, stat: Option<&str>, format: Format) -> String {
    let Some(stat) = stat else {
        return String::from("<td class=\"none\">&mdash;</td>");
    };
    let Some(value) = n.typical_span(stat, format) else {
        return String::from("<td class=\"none\">n/a</td>");
    };
    let range = n
        .range(stat, format)
        .map(|r| format!("<span class=\"range\">{r}</span>"))
        .unwrap_or_default();
    format!("<td>{value}{range}</td>")
}

/// Gross pay and net by percentile, and the means.
fn ladder(n: Numbers, year: &str) -> String {
    let mut html = format!(
        "<div class=\"table-wrap\"><table class=\"ladder\">\n<caption>Pay and net in year \
         {year}, members ranked from lowest to highest. Small figures: the range across futures \
         (5th to 95th percentile of runs).</caption>\n<thead><tr><th scope=\"col\">Members \
         ranked</th><th scope=\"col\">Gross pay from the company</th><th scope=\"col\">Net after \
         purchases, fees and expenses</th></tr></thead>\n<tbody>\n"
    );
    for rung in LADDER {
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}<span class=\"hint\">{}</span></th>{}{}</tr>\n",
            rung.label,
            rung.hint,
            cell(n, rung.gross, Format::Money),
            cell(n, rung.net, Format::Money)
        ));
    }
    html.push_str("</tbody>\n</table></div>\n");
    html
}

/// How the figures change with whom a statement counts.
fn groups(n: Numbers) -> String {
    let mut html = String::from(
        "<div class=\"table-wrap\"><table class=\"groups\">\n<caption>Whom a statement \
         counts changes what it says: the same year, counted over the groups real statements \
         use. Small figures: the range across futures.</caption>\n<thead><tr><th \
         scope=\"col\">Members counted</th><th scope=\"col\">How many</th><th \
         scope=\"col\">Paid nothing</th><th scope=\"col\">Median pay</th><th \
         scope=\"col\">Mean pay</th></tr></thead>\n<tbody>\n",
    );
    for (suffix, label) in GROUPS {
        let stat = |name: &str| format!("{name}{suffix}");
        let (members, zero, median, mean) = (
            stat("ids_members"),
            stat("ids_share_zero_pay"),
            stat("ids_median_gross_pay"),
            stat("ids_mean_gross_pay"),
        );
        html.push_str(&format!(
            "<tr><th scope=\"row\">{label}</th>{}{}{}{}</tr>\n",
            cell(n, Some(&members), Format::Count),
            cell(n, Some(&zero), Format::Percent),
            cell(n, Some(&median), Format::Money),
            cell(n, Some(&mean), Format::Money)
        ));
    }
    html.push_str("</tbody>\n</table></div>\n");
    html
}

/// Time put in, and what it paid per hour.
fn hours(n: Numbers) -> String {
    let rows = [
        (
            "Hours worked in the year (mean per member)",
            "ids_mean_hours",
            Format::Count,
        ),
        (
            "Gross pay per hour worked",
            "ids_hourly_gross",
            Format::MoneyCents,
        ),
        ("Net per hour worked", "ids_hourly_net", Format::MoneyCents),
    ];
    let mut html = String::from(
        "<div class=\"table-wrap\"><table class=\"hours\">\n<caption>Time and pay per hour \
         (all of the year's pay, or net, over all the hours its members worked)</caption>\n<tbody>\n",
    );
    for (label, stat, format) in rows {
        html.push_str(&format!(
            "<tr><th scope=\"row\">{label}</th>{}</tr>\n",
            cell(n, Some(stat), format)
        ));
    }
    html.push_str("</tbody>\n</table></div>\n");
    html
}

/// What real statements usually leave out, and this one does not.
const NOTE: &str = "<p class=\"note\"><strong>How this differs from a typical company \
statement.</strong> Real income disclosure statements often count only &ldquo;active&rdquo; \
or paid distributors, leaving out the members who earned nothing; report gross pay only, \
before the member's own purchases, fees and expenses; and lead with averages that a few top \
earners pull up. This statement counts every member of the year, paid or not, shows net \
beside gross, and gives medians and percentiles beside the mean.</p>\n";
