//! Pay by bonus in `compare.html`: for each bonus name of A and of B, what it paid per
//! run and its breakage per run (each side's median run, as each report's own table
//! gives them), the difference of the means B − A, and its share of its plan's pay
//! ([`crate::report::compare::bonuses`]). A bonus one plan lacks has empty cells on
//! that side.

use crate::report::compare::bonuses::{BonusRow, BonusSide};
use crate::report::compare::page::numbers::{signed, value};
use crate::report::kit::html_format::escape;
use crate::report::kit::labels::Measure;

/// The section with the table; empty when neither plan has a bonus.
pub fn section(rows: &[BonusRow]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut html = String::from(
        "<section id=\"bonuses\" aria-labelledby=\"bonuses-title\">\n\
         <h2 id=\"bonuses-title\">Pay by bonus</h2>\n\
         <p class=\"convention\">Where the money moved: each bonus, matched by name. Paid and \
         breakage: over a whole run, each side\u{2019}s median run, as in its own report. \
         B&nbsp;\u{2212}&nbsp;A: the difference of the means over the runs (a bonus a plan \
         lacks pays nothing there). Share: the bonus\u{2019}s part of everything its plan \
         paid over all runs. An empty cell: that plan has no such bonus.</p>\n\
         <div class=\"table-wrap\">\n<table class=\"compare-bonuses\" \
         aria-labelledby=\"bonuses-title\">\n<thead><tr><th scope=\"col\">Bonus</th>\
         <th scope=\"col\">Paid A</th><th scope=\"col\">Paid B</th>\
         <th scope=\"col\">B&nbsp;\u{2212}&nbsp;A</th>\
         <th scope=\"col\">Share A</th><th scope=\"col\">Share B</th>\
         <th scope=\"col\">Breakage A</th><th scope=\"col\">Breakage B</th></tr></thead>\n<tbody>\n",
    );
    for row in rows {
        html.push_str(&table_row(row));
    }
    html.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    html
}

fn table_row(row: &BonusRow) -> String {
    let cell = |side: &Option<BonusSide>, get: fn(&BonusSide) -> f64, measure| {
        side.as_ref()
            .map_or(String::new(), |s| escape(&value(measure, get(s))))
    };
    format!(
        "<tr data-bonus=\"{name}\"><th scope=\"row\">{name}<span class=\"hint\"><code>{kind}</code>\
         </span></th><td>{paid_a}</td><td>{paid_b}</td><td>{difference}</td><td>{share_a}</td>\
         <td>{share_b}</td><td>{breakage_a}</td><td>{breakage_b}</td></tr>\n",
        name = escape(&row.name),
        kind = escape(row.kind()),
        paid_a = cell(&row.a, |s| s.paid, Measure::Money),
        paid_b = cell(&row.b, |s| s.paid, Measure::Money),
        difference = escape(&signed(Measure::Money, row.difference())),
        share_a = cell(&row.a, |s| s.share, Measure::Share),
        share_b = cell(&row.b, |s| s.share, Measure::Share),
        breakage_a = cell(&row.a, |s| s.breakage, Measure::Money),
        breakage_b = cell(&row.b, |s| s.breakage, Measure::Money),
    )
}
