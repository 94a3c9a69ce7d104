//! The headline of `compare.html`: the biggest differences between A and B that the
//! runs can tell apart, each in one plain sentence ("Pay as a share of product
//! revenue: 29 points lower in B (17 % against 46 % in A).").
//!
//! A difference counts when its 95 % interval excludes zero. Statistics come in many
//! units, so "biggest" is measured against the spread of single runs: the difference
//! of the means over the pooled standard deviation of the runs,
//! `|mean_B − mean_A| / sqrt((s_A² + s_B²) / 2)` (Cohen's d). A difference the size of
//! the run-to-run spread or more is one a reader would notice in any single future.

use crate::ensemble::statistics::sample_std_dev;
use crate::report::compare::page::numbers::{amount, value_with_unit};
use crate::report::compare::rows::CompareRow;
use crate::report::compare::side::Side;
use crate::report::kit::html_format::escape;
use crate::report::kit::labels::{Label, label_of};

/// Sentences at most.
const MOST: usize = 6;

/// The headline section.
pub fn section(a: &Side, b: &Side, rows: &[CompareRow]) -> String {
    let mut ranked: Vec<(&CompareRow, &Label, f64)> = rows
        .iter()
        .filter(|row| row.significant && row.a.mean.is_finite() && row.b.mean.is_finite())
        .filter_map(|row| {
            let label = label_of(&row.statistic)?;
            Some((row, label, effect(a, b, row)))
        })
        .collect();
    ranked.sort_by(|x, y| y.2.total_cmp(&x.2));
    let defined = (rows.iter())
        .filter(|r| r.a.mean.is_finite() && r.b.mean.is_finite())
        .count();
    let mut html = String::from(
        "<section id=\"headline\" aria-labelledby=\"headline-title\">\n\
         <h2 id=\"headline-title\">In short</h2>\n",
    );
    if ranked.is_empty() {
        html.push_str(&format!(
            "<ul class=\"headline\">\n<li>None of the {defined} statistics defined on both \
             sides differs by more than chance across runs explains: every 95&nbsp;% interval \
             of B&nbsp;\u{2212}&nbsp;A contains zero. More runs on each side would narrow the \
             intervals.</li>\n</ul>\n"
        ));
    } else {
        html.push_str(&format!(
            "<p>{} of the {defined} statistics defined on both sides differ beyond chance. The \
             biggest, measured against how much single runs vary:</p>\n<ul class=\"headline\">\n",
            ranked.len()
        ));
        for (row, label, _) in ranked.iter().take(MOST) {
            html.push_str(&format!("<li>{}</li>\n", sentence(row, label)));
        }
        html.push_str("</ul>\n");
    }
    html.push_str(
        "<p class=\"convention\">A side\u{2019}s value is its median run\u{2019}s, the same \
         number its own report gives; a difference is of the means over the runs, and it counts \
         when its 95&nbsp;% interval (Welch\u{2019}s) excludes zero. The table below gives every \
         statistic, whether it differs or not.</p>\n</section>\n",
    );
    html
}

/// How big a difference is against the spread of single runs (see the module docs);
/// infinite when neither side varies at all.
fn effect(a: &Side, b: &Side, row: &CompareRow) -> f64 {
    let spread = |side: &Side| {
        let values: Vec<f64> = (side.per_run.iter())
            .find(|(name, _)| *name == row.statistic)
            .map(|(_, values)| values.iter().copied().filter(|v| v.is_finite()).collect())
            .unwrap_or_default();
        sample_std_dev(&values)
    };
    let (sa, sb) = (spread(a), spread(b));
    let pooled = match (sa.is_finite(), sb.is_finite()) {
        (true, true) => ((sa * sa + sb * sb) / 2.0).sqrt(),
        (true, false) => sa,
        (false, true) => sb,
        (false, false) => 0.0,
    };
    if pooled > 0.0 {
        row.difference.abs() / pooled
    } else {
        f64::INFINITY
    }
}

/// "<strong>Pay as a share of product revenue</strong>: 29 points lower in B on average
/// (17 % against 46 % in A in the median run)."
fn sentence(row: &CompareRow, label: &Label) -> String {
    let m = label.measure;
    let direction = if row.difference > 0.0 {
        label.more
    } else {
        label.less
    };
    format!(
        "<strong>{}</strong>: {} {direction} in B on average ({} against {} in A in the \
         median run).",
        escape(label.phrase),
        escape(&amount(m, row.difference)),
        escape(&value_with_unit(m, row.b.median)),
        escape(&value_with_unit(m, row.a.median))
    )
}
