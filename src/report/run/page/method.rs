//! The method section: how the numbers on the page were made, in a few sentences, and
//! what each bonus of the plan paid per run.

use crate::report::kit::html_format::{Format, escape};
use crate::report::run::data::ReportData;
use crate::report::run::page::numbers::{Field, TYPICAL, bonus_span, meta_span};

/// The method section.
pub fn section(data: &ReportData) -> String {
    let meta = &data.meta;
    let count = |key: &str, value: f64| meta_span(key, value, Format::Count);
    let mut html = format!(
        "<section id=\"method\" aria-labelledby=\"method-title\">\n\
         <h2 id=\"method-title\">How these numbers were made</h2>\n\
         <p>downline simulated the plan &ldquo;{plan}&rdquo; {runs} times, each run a possible \
         future of {months} months in a market of {population} people. In every month, members \
         buy product, sell to customers, recruit, are paid by the plan, and quit, each by \
         chance according to the scenario file below. Each run counts its own members; the page \
         then reports the {typical} of each statistic over the runs, and as its range the 5th to \
         95th percentile of the runs (one future in twenty falls below the range, one above \
         it).</p>\n\
         <p><em>Gross pay</em> is what the company paid (commissions and bonuses), as in a real \
         income disclosure statement. <em>Net</em> adds retail profit and subtracts product \
         bought and not resold, entry and monthly fees, and business expenses. Unless a figure \
         says otherwise, it counts everyone who ever joined over the whole run; the income \
         disclosure statement counts the members of one year with that year's money.</p>\n",
        plan = escape(&meta.plan),
        runs = count("runs", f64::from(meta.runs)),
        months = count("months", f64::from(meta.months)),
        population = count("population", f64::from(meta.population)),
        typical = TYPICAL.name(),
    );
    html.push_str(&bonuses(data));
    html.push_str("</section>\n");
    html
}

/// Pay and breakage per bonus, per run.
fn bonuses(data: &ReportData) -> String {
    if data.bonuses.is_empty() {
        return String::new();
    }
    let mut html = String::from(
        "<div class=\"table-wrap\"><table class=\"bonuses\">\n<caption>Pay by bonus, per run \
         (whole run, all members): the typical run, with the range across runs beneath. \
         Breakage is what the bonus would have paid had every member qualified, minus what it \
         paid.</caption>\n<thead><tr><th scope=\"col\">Bonus</th><th scope=\"col\">Kind</th><th \
         scope=\"col\">Paid</th><th scope=\"col\">Breakage</th></tr></thead>\n<tbody>\n",
    );
    for (index, bonus) in data.bonuses.iter().enumerate() {
        let amount = |part: &str, summary| {
            let value = bonus_span(index, part, TYPICAL, summary);
            let range = format!(
                "<span class=\"range\">{} to {}</span>",
                bonus_span(index, part, Field::P5, summary),
                bonus_span(index, part, Field::P95, summary)
            );
            format!("<td>{value}{range}</td>")
        };
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td>{}{}</tr>\n",
            escape(&bonus.name),
            escape(&bonus.kind),
            amount("paid_per_run", &bonus.paid_per_run),
            amount("breakage_per_run", &bonus.breakage_per_run),
        ));
    }
    html.push_str("</tbody>\n</table></div>\n");
    html
}
