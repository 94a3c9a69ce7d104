//! The headline: a few plain sentences, written from the numbers, that say what the
//! plan does to the people in it. Who gets nothing, what the typical member nets, how
//! many lose money, how concentrated pay is, how fast people quit, and whether the
//! business lasts.
//!
//! Every number in these sentences is one statistic of `summary.json`, summarised
//! across runs by the page's one convention ([`TYPICAL`], the median over the runs),
//! or a key of its head (runs, months, the disclosure year), marked as such (see
//! [`super::numbers`]); anything else is said in words ("one member in a hundred").
//! A sentence whose numbers are undefined in this run (no full year, nobody quit) is
//! left out or said with the numbers that exist.

use crate::report::kit::html_format::Format;
use crate::report::run::data::ReportData;
use crate::report::run::page::numbers::{Numbers, TYPICAL, meta_span};

/// The headline section.
pub fn section(data: &ReportData) -> String {
    let numbers = Numbers::new(data);
    let sentences: Vec<String> = [
        who_gets_nothing(data, numbers),
        typical_net(data, numbers),
        losing_money(numbers),
        concentration(numbers),
        quitting(numbers),
        lasting(data, numbers),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut html = String::from(
        "<section id=\"headline\" aria-labelledby=\"headline-title\">\n\
         <h2 id=\"headline-title\">In short</h2>\n<ul class=\"headline\">\n",
    );
    for sentence in &sentences {
        html.push_str(&format!("<li>{sentence}</li>\n"));
    }
    html.push_str("</ul>\n");
    html.push_str(&format!(
        "<p class=\"convention\">Each number above is the {} over the {} simulated futures \
         (runs) of this scenario: half of the futures came out higher, half lower. The tables \
         below also give the range across futures.</p>\n</section>\n",
        TYPICAL.name(),
        runs(data)
    ));
    html
}

fn runs(data: &ReportData) -> String {
    meta_span("runs", f64::from(data.meta.runs), Format::Count)
}

fn year(data: &ReportData) -> Option<String> {
    let year = data.meta.disclosure_year?;
    Some(meta_span("disclosure_year", f64::from(year), Format::Count))
}

/// "In 200 simulated futures of this plan, 71 % of the people who were members at any
/// time in year 3 received nothing from the company that year, ..."
fn who_gets_nothing(data: &ReportData, n: Numbers) -> Option<String> {
    let runs = runs(data);
    if let (Some(year), Some(zero)) = (
        year(data),
        n.typical_span("ids_share_zero_pay", Format::Percent),
    ) {
        let under = n
            .typical_span("ids_share_under_1000", Format::Percent)
            .map(|under| format!(", and {under} received less than a thousand dollars"))
            .unwrap_or_default();
        return Some(format!(
            "In {runs} simulated futures of this plan, <strong>{zero} of the people who were \
             members at any time in year {year} received nothing from the company</strong> that \
             year{under}."
        ));
    }
    let zero = n.typical_span("share_zero_pay", Format::Percent)?;
    let months = meta_span("months", f64::from(data.meta.months), Format::Count);
    Some(format!(
        "In {runs} simulated futures of this plan, <strong>{zero} of everyone who joined \
         received nothing from the company</strong> in all {months} months."
    ))
}

/// What an amount of money did for someone, in words: "lost $612".
fn outcome(n: Numbers, stat: &str) -> Option<String> {
    let value = n.typical(stat)?;
    let amount = n.typical_span(stat, Format::MoneyAbs)?;
    Some(match value.round() {
        v if v < 0.0 => format!("lost {amount}"),
        v if v > 0.0 => format!("made {amount}"),
        _ => format!("broke even ({amount})"),
    })
}

/// "After paying for product, fees and their own expenses, the median member of year 3
/// lost $539 that year; over their whole time in the business, the median member lost
/// $670."
fn typical_net(data: &ReportData, n: Numbers) -> Option<String> {
    let year_net = year(data).zip(outcome(n, "ids_median_net"));
    let lifetime = outcome(n, "median_net");
    match (year_net, lifetime) {
        (Some((year, year_net)), Some(lifetime)) => Some(format!(
            "After paying for product, fees and their own expenses, <strong>the median member \
             of year {year} {year_net}</strong> that year; over their whole time in the \
             business, the median member {lifetime}."
        )),
        (Some((year, year_net)), None) => Some(format!(
            "After paying for product, fees and their own expenses, <strong>the median member \
             of year {year} {year_net}</strong> that year."
        )),
        (None, Some(lifetime)) => Some(format!(
            "After paying for product, fees and their own expenses, <strong>the median member \
             {lifetime}</strong> over their whole time in the business."
        )),
        (None, None) => None,
    }
}

/// "98 % of everyone who ever joined ended with a net loss."
fn losing_money(n: Numbers) -> Option<String> {
    let loss = n.typical_span("share_net_loss", Format::Percent)?;
    Some(format!(
        "<strong>{loss} of everyone who ever joined lost money</strong>: they paid more into \
         the business than they got out of it."
    ))
}

/// "The best-paid one member in a hundred received 57 % of all the pay, while the median
/// member received $0."
fn concentration(n: Numbers) -> Option<String> {
    let share = n.typical("top1_share_gross_pay")?;
    let top = n.typical_span("top1_share_gross_pay", Format::Percent)?;
    // An equal split would give one member in a hundred 1 % of the pay.
    let lead = if share >= 0.1 {
        "Pay is concentrated"
    } else {
        "Pay is spread fairly evenly"
    };
    let median = n
        .typical_span("median_gross_pay", Format::Money)
        .map(|median| format!(", while the median member received {median} in all"))
        .unwrap_or_default();
    Some(format!(
        "{lead}: <strong>the best-paid one member in a hundred received {top} of \
         all the money the company paid to members</strong>{median}."
    ))
}

/// "78 % of those who joined quit within their first year, and each year 70 % of the
/// members in the business at its start left before its end. Half of all members had left
/// within 6 months of joining."
fn quitting(n: Numbers) -> Option<String> {
    let first = n.typical_span("first_year_quit_share", Format::Percent);
    let annual = n.typical_span("annual_quit_share", Format::Percent);
    let tenure = n
        .typical_span("median_tenure_months", Format::Count)
        .map(|t| format!(" Half of all members had left within {t} months of joining."));
    let two_years = n
        .typical_span("survival_24", Format::Percent)
        .map(|s| format!(" Two years after joining, {s} were still members."))
        .unwrap_or_default();
    let tenure = match tenure {
        Some(tenure) => Some(format!("{tenure}{two_years}")),
        None if two_years.is_empty() => None,
        None => Some(two_years),
    };
    let rates = match (first, annual) {
        (Some(first), Some(annual)) => Some(format!(
            "<strong>{first} of those who joined quit within their first year</strong>, and each \
             year {annual} of the members in the business at its start left before its end."
        )),
        (Some(first), None) => Some(format!(
            "<strong>{first} of those who joined quit within their first year</strong>."
        )),
        (None, Some(annual)) => Some(format!(
            "<strong>Each year {annual} of the members in the business at its start left before \
             its end</strong>."
        )),
        (None, None) => None,
    };
    match (rates, tenure) {
        (Some(rates), tenure) => Some(format!("{rates}{}", tenure.unwrap_or_default())),
        (None, Some(tenure)) => Some(tenure.trim_start().to_string()),
        (None, None) => None,
    }
}

/// Whether the business lasts: the peak, what is left at the end, how much of the
/// market ever joined.
fn lasting(data: &ReportData, n: Numbers) -> Option<String> {
    let (peak, last) = (n.typical("peak_active")?, n.typical("final_active")?);
    let peak_month = n.typical_span("peak_month", Format::Count)?;
    let peak_active = n.typical_span("peak_active", Format::Count)?;
    let final_active = n.typical_span("final_active", Format::Count)?;
    let months = meta_span("months", f64::from(data.meta.months), Format::Count);
    let trend = if last >= 0.95 * peak {
        format!(
            "Membership was still near its peak at the end: <strong>{final_active} members \
             after {months} months</strong>, against a peak of {peak_active} reached \
             {peak_month} months after launch."
        )
    } else {
        format!(
            "<strong>Membership peaked {peak_month} months after launch at {peak_active} \
             members and then shrank</strong>: {final_active} were left after {months} months."
        )
    };
    let market = n
        .typical_span("saturation", Format::Percent)
        .map(|share| {
            let population =
                meta_span("population", f64::from(data.meta.population), Format::Count);
            format!(
                " In all, {share} of the {population} people in the market joined at some point."
            )
        })
        .unwrap_or_default();
    Some(format!("{trend}{market}"))
}
