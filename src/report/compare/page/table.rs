//! Every statistic of `compare.html` side by side: the mean in A and in B, the
//! difference B − A, its 95 % interval, and a verdict in words, so a difference the runs
//! cannot tell from zero is never read as one.

use crate::report::compare::page::numbers::{interval, signed, value};
use crate::report::compare::rows::CompareRow;
use crate::report::kit::html_format::escape;
use crate::report::kit::labels::{Measure, label_of};

/// What the runs say about one difference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The interval excludes zero.
    Differs,
    /// The interval contains zero.
    NotSignificant,
    /// Too few runs on a side to have an interval.
    TooFewRuns,
    /// Undefined on a side (nobody quit, no full year, ...).
    Undefined,
}

impl Verdict {
    pub fn of(row: &CompareRow) -> Verdict {
        if !(row.a.mean.is_finite() && row.b.mean.is_finite()) {
            Verdict::Undefined
        } else if !(row.ci95[0].is_finite() && row.ci95[1].is_finite()) {
            Verdict::TooFewRuns
        } else if row.significant {
            Verdict::Differs
        } else {
            Verdict::NotSignificant
        }
    }

    /// The words in the table.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Differs => "differs",
            Verdict::NotSignificant => "not significant",
            Verdict::TooFewRuns => "too few runs",
            Verdict::Undefined => "not defined",
        }
    }

    /// The CSS class of the row.
    fn class(self) -> &'static str {
        match self {
            Verdict::Differs => "differs",
            Verdict::NotSignificant => "not-significant",
            Verdict::TooFewRuns | Verdict::Undefined => "undefined",
        }
    }
}

/// The section with the table.
pub fn section(rows: &[CompareRow]) -> String {
    let mut html = String::from(
        "<section id=\"statistics\" aria-labelledby=\"statistics-title\">\n\
         <h2 id=\"statistics-title\">Every statistic</h2>\n\
         <p class=\"convention\">A and B: each side\u{2019}s median run, as in its own report. \
         B&nbsp;\u{2212}&nbsp;A and its interval: the difference of the means over the runs. \
         Differences of shares are in percentage points.</p>\n<div class=\"table-wrap\">\n\
         <table class=\"compare\" aria-labelledby=\"statistics-title\">\n<thead><tr><th scope=\"col\">Statistic</th>\
         <th scope=\"col\">A</th><th scope=\"col\">B</th>\
         <th scope=\"col\">B&nbsp;\u{2212}&nbsp;A</th>\
         <th scope=\"col\">95&nbsp;% interval of B&nbsp;\u{2212}&nbsp;A</th>\
         <th scope=\"col\">Verdict</th></tr></thead>\n<tbody>\n",
    );
    for row in rows {
        html.push_str(&table_row(row));
    }
    html.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    html
}

fn table_row(row: &CompareRow) -> String {
    let label = label_of(&row.statistic);
    let phrase = label.map_or(row.statistic.as_str(), |l| l.phrase);
    let measure = label.map_or(Measure::Index, |l| l.measure);
    let verdict = Verdict::of(row);
    format!(
        "<tr class=\"{class}\" data-stat=\"{name}\"><th scope=\"row\">{phrase}\
         <span class=\"hint\"><code>{name}</code></span></th><td>{a}</td><td>{b}</td>\
         <td>{difference}</td><td>{interval}</td>\
         <td class=\"verdict\"><span class=\"flag {class}\">{words}</span></td></tr>\n",
        class = verdict.class(),
        name = escape(&row.statistic),
        phrase = escape(phrase),
        a = escape(&value(measure, row.a.median)),
        b = escape(&value(measure, row.b.median)),
        difference = escape(&signed(measure, row.difference)),
        interval = escape(&interval(measure, row.ci95)),
        words = verdict.words(),
    )
}
