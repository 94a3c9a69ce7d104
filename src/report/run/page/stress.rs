//! The stress view for plan designers: what the plan costs in its bad months and bad
//! futures, pooled over every month of every run (see
//! [`crate::ensemble::stress::Stress`]), beside the 35 to 45 % design norm for the
//! payout ratio.

use crate::report::kit::html_format::Format;
use crate::report::run::data::ReportData;
use crate::report::run::page::numbers::{Numbers, stress_span};

/// The stress section.
pub fn section(data: &ReportData) -> String {
    let s = &data.stress;
    let n = Numbers::new(data);
    let pct = |path: &str, value: f64| stress_span(path, value, Format::Percent);
    let worst_per_run = n
        .typical_span("worst_month_payout_ratio", Format::Percent)
        .unwrap_or_else(|| String::from("n/a"));
    let worst_range = n
        .range("worst_month_payout_ratio", Format::Percent)
        .map(|r| format!(" (futures: {r})"))
        .unwrap_or_default();
    let norm = if !s.monthly_payout_ratio.p95.is_finite() {
        "No month had product revenue, so no payout ratio is defined."
    } else if s.monthly_payout_ratio.p95 > 0.45 {
        "In its bad months the plan pays out more of revenue than the 35&nbsp;to&nbsp;45&nbsp;% \
         that plan designers usually aim for."
    } else if s.monthly_payout_ratio.p95 >= 0.35 {
        "Even in its bad months the plan stays within the 35&nbsp;to&nbsp;45&nbsp;% that plan \
         designers usually aim for."
    } else {
        "Even in its bad months the plan pays out less of revenue than the \
         35&nbsp;to&nbsp;45&nbsp;% that plan designers usually aim for."
    };
    let cap = if s.cap_binding_share > 0.0 {
        format!(
            "The plan's payout cap had to cut everyone's pay in {} of months.",
            pct("cap_binding_share", s.cap_binding_share)
        )
    } else {
        String::from(
            "No month needed a payout cap to cut pay (the plan's cap, if it has one, never bound).",
        )
    };
    let margin = if s.over_margin_share > 0.0 {
        "In those months the company paid its members more than it kept from sales and fees \
         after the cost of the goods: it lost money before any other cost."
    } else {
        "In no month did pay exceed what the company kept from sales and fees after the cost \
         of the goods."
    };
    format!(
        "<section id=\"stress\" aria-labelledby=\"stress-title\">\n\
         <h2 id=\"stress-title\">Stress test: the bad months</h2>\n\
         <p>An average payout ratio hides the months in which a plan pays far more. Here each \
         month of each simulated future counts once ({months} months in all).</p>\n\
         <table class=\"stress\">\n<caption>Pay as a share of product revenue, month by month</caption>\n\
         <thead><tr><th scope=\"col\">typical month</th><th scope=\"col\">1 month in 20 above</th>\
         <th scope=\"col\">1 month in 100 above</th><th scope=\"col\">worst month</th></tr></thead>\n\
         <tbody><tr><td>{p50}</td><td>{p95}</td><td>{p99}</td><td>{worst}</td></tr></tbody>\n\
         </table>\n\
         <p>{norm} The worst month of a typical future paid {worst_per_run}{worst_range} of that \
         month's revenue.</p>\n\
         <p class=\"explain\">{drivers}</p>\n\
         <ul class=\"stress-facts\">\n\
         <li>{cap}</li>\n\
         <li>Pay exceeded the company's gross margin (revenue and fees less the cost of goods) \
         in {over} of months, and in at least one month of {runs_over} of futures. {margin}</li>\n\
         <li>Breakage, the pay the plan would have owed had everyone qualified but did not pay: \
         {breakage} of that maximum.</li>\n</ul>\n</section>\n",
        drivers = drivers(data),
        months = stress_span("run_months", s.run_months as f64, Format::Count),
        p50 = pct("monthly_payout_ratio.p50", s.monthly_payout_ratio.p50),
        p95 = pct("monthly_payout_ratio.p95", s.monthly_payout_ratio.p95),
        p99 = pct("monthly_payout_ratio.p99", s.monthly_payout_ratio.p99),
        worst = pct("monthly_payout_ratio.worst", s.monthly_payout_ratio.worst),
        over = pct("over_margin_share", s.over_margin_share),
        runs_over = pct("runs_ever_over_margin", s.runs_ever_over_margin),
        breakage = pct("breakage_ratio", s.breakage_ratio),
    )
}

/// What the stress figures mean and what drives them, from the numbers: how each is
/// read, in which part of a future the ratio runs highest (the month whose 95th
/// percentile across futures is highest, against the median run's peak month), and why
/// a ratio can pass 100 %.
fn drivers(data: &ReportData) -> String {
    let mut text = String::from(
        "How to read it: a month's payout ratio is what the plan paid members that month over \
         that month's product revenue. The typical month is the median of all months of all \
         futures; \u{201c}1 month in 20 above\u{201d} is their 95th percentile; the worst month is \
         the single highest of them all, an extreme that grows with the number of futures run, \
         not a forecast.",
    );
    let ratio = data.months.get("payout_ratio");
    let highest = (ratio.iter())
        .filter(|b| b.p95.is_finite())
        .max_by(|a, b| a.p95.total_cmp(&b.p95));
    let peak = data.typical("peak_month");
    if let (Some(band), true) = (highest, peak.is_finite()) {
        let phase = if band.x < 0.5 * peak {
            "early in a future, while revenue is still small: a few founders' and first \
             recruits' orders carry the first bonuses and ranks"
        } else if band.x <= peak + 3.0 {
            "around the peak of membership, when team and rank bonuses on a large organisation \
             are largest against the month's new orders"
        } else {
            "after the peak, as sales fall while members keep the ranks and levels they earned \
             on earlier volume"
        };
        text.push_str(&format!(
            " In these futures the ratio runs highest around month {} (1 future in 20 paid more \
             than {} of that month's revenue then): {phase}.",
            Format::Count.apply(band.x),
            Format::Percent.apply(band.p95),
        ));
    }
    if data.stress.monthly_payout_ratio.worst > 1.0 {
        text.push_str(
            " A ratio above 100 % means the plan paid more than the month's product revenue: it \
             happens in months with very little revenue, or in plans that pay on entry fees or \
             fixed amounts rather than on product.",
        );
    }
    text
}
