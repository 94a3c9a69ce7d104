//! "A typical member's story": one ordinary member of the first simulated future,
//! month by month, for readers who find one person easier to follow than a
//! distribution. The member is the representative of `traces.csv`, chosen by the rule of
//! [`crate::report::run::representative`], which the section states.
//!
//! Every number is traceable to `traces.csv`, as the page's other numbers are to
//! `summary.json` ([`super::numbers`]): it is written as `<span class="n"
//! data-trace=COLUMN data-of=HOW data-run=.. data-member=..>`, where `data-of` says how
//! the number comes from the member's rows of that column: `sum` (over their rows),
//! `first` or `last` (their first or last row's value), `row` (the row of month
//! `data-month`), `months` (how many of their rows are `active` or `quit`: their months
//! in the business); and, for the run's traced members as a whole (no `data-member`),
//! `traced` (how many members the run traced) and `quitters` (how many of them quit
//! before the run ended). A folder without `traces.csv` (written before traces existed)
//! gets a line saying so.

use crate::output::records::traces::TraceRow;
use crate::report::kit::chart::Chart;
use crate::report::kit::figures::inline_svg;
use crate::report::kit::html_format::{Format, escape};
use crate::report::run::charts::STORY;
use crate::report::run::data::ReportData;
use crate::report::run::representative::{Marker, Number, Of, Story, representative};

/// The story section; `charts` may hold the story's chart.
pub fn section(data: &ReportData, charts: &[Chart]) -> String {
    let mut html = String::from(
        "<section id=\"story\" aria-labelledby=\"story-title\">\n\
         <h2 id=\"story-title\">A typical member&rsquo;s story</h2>\n",
    );
    let story = match data.traces.as_deref() {
        None => {
            html.push_str(
                "<p class=\"missing\">This output folder has no <code>traces.csv</code> (it was \
                 written by an older version of downline), so there is no member&rsquo;s story \
                 to tell. Run the scenario again to add one.</p>\n</section>\n",
            );
            return html;
        }
        Some(rows) => representative(rows),
    };
    let Some(story) = story else {
        html.push_str(
            "<p class=\"missing\">No member was traced in this output folder (it was written \
             with <code>--members 0</code>), so there is no member&rsquo;s story to tell.</p>\n\
             </section>\n",
        );
        return html;
    };
    html.push_str(&who(&story));
    html.push_str(&format!(
        "<p class=\"story\">{}</p>\n",
        story.tell(&data.meta.ranks, &Marked(&story))
    ));
    if let Some(chart) = charts.iter().find(|c| c.name == STORY) {
        html.push_str(&figure(chart));
    }
    html.push_str(&table(&story));
    html.push_str("</section>\n");
    html
}

/// The value of `column` in `row`, marked.
fn at(story: &Story, row: &TraceRow, column: &str, value: f64, format: Format) -> String {
    Marked(story).number(Number {
        column,
        of: Of::Row(row.month),
        value,
        format,
    })
}

/// A count over the run's traced members (`traced` or `quitters`), marked.
fn run_span(story: &Story, of: &str, value: usize) -> String {
    format!(
        r#"<span class="n" data-trace="member" data-of="{of}" data-run="{}" data-format="count">{}</span>"#,
        story.run,
        Format::Count.apply(value as f64)
    )
}

/// Who the member is, and the rule that chose them.
fn who(story: &Story) -> String {
    let traced = run_span(story, "traced", story.traced);
    let first = |column, value: u32| {
        Marked(story).number(Number {
            column,
            of: Of::First,
            value: f64::from(value),
            format: Format::Count,
        })
    };
    let (member, run) = (first("member", story.member), first("run", story.run));
    let chosen = if story.quitters > 0 {
        format!(
            "{} of them quit before the run ended, so their whole story is known; this one, \
             member {member} of run {run}, is the one whose lifetime net was the median of \
             theirs: half of them did better, half did worse",
            run_span(story, "quitters", story.quitters)
        )
    } else {
        format!(
            "None of them quit before the run ended; this one, member {member} of run {run}, \
             is the one whose lifetime net was the median of them all"
        )
    };
    format!(
        "<p>What the numbers above mean for one person. downline followed {traced} members of \
         the first simulated future month by month, drawn at random from everyone who ever \
         joined it (<code>traces.csv</code>). {chosen}.</p>\n"
    )
}

/// Numbers marked with where they come from in the member's rows; text escaped.
struct Marked<'a>(&'a Story);

impl Marker for Marked<'_> {
    fn number(&self, n: Number) -> String {
        let story = self.0;
        let month = match n.of {
            Of::Row(month) => format!(r#" data-month="{month}""#),
            _ => String::new(),
        };
        format!(
            r#"<span class="n" data-trace="{}" data-of="{}"{month} data-run="{}" data-member="{}" data-format="{}">{}</span>"#,
            n.column,
            n.of.name(),
            story.run,
            story.member,
            n.format.name(),
            n.format.apply(n.value)
        )
    }

    fn text(&self, text: &str) -> String {
        escape(text)
    }
}

/// The story's chart as a figure; its caption is the paragraph above it, with the
/// numbers marked, so the figure says only how to read it.
fn figure(chart: &Chart) -> String {
    format!(
        "<figure class=\"chart\" id=\"chart-{name}\">\n<h3>{title}</h3>\n{svg}\n<figcaption>\n\
         <p class=\"how\"><strong>How to read it:</strong> each month, money \
         the member received is above the line and money they paid out below it; the lower \
         panel adds it all up, so where it ends is what the business left them with. Dashed \
         lines mark a change of rank and the month they quit.</p>\n</figcaption>\n</figure>\n",
        name = escape(chart.name),
        title = escape(&chart.title),
        svg = inline_svg(&chart.svg, &chart.title),
    )
}

/// The member's months as a table (folded away).
fn table(story: &Story) -> String {
    let mut html = String::from(
        "<details>\n<summary>Month by month</summary>\n<div class=\"table-wrap\">\n\
         <table class=\"story\">\n<caption>The member&rsquo;s rows of <code>traces.csv</code>: \
         each month&rsquo;s money, and the running total</caption>\n<thead><tr>\
         <th scope=\"col\">month</th><th scope=\"col\">month in business</th>\
         <th scope=\"col\">status</th><th scope=\"col\">rank</th>\
         <th scope=\"col\">paid by the company</th><th scope=\"col\">retail profit</th>\
         <th scope=\"col\">product</th><th scope=\"col\">fees</th>\
         <th scope=\"col\">expenses</th><th scope=\"col\">net</th>\
         <th scope=\"col\">running total</th></tr></thead>\n<tbody>\n",
    );
    for row in &story.rows {
        let money = |column: &str, value: f64| at(story, row, column, value, Format::MoneyCents);
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            at(story, row, "month", f64::from(row.month), Format::Count),
            at(
                story,
                row,
                "month_in_business",
                f64::from(row.month_in_business),
                Format::Count
            ),
            row.status.name(),
            escape(&row.rank),
            money("pay", row.pay.0),
            money("retail_profit", row.retail_profit.0),
            money("purchases", row.purchases.0),
            money("fees", row.fees.0),
            money("expenses", row.expenses.0),
            money("net", row.net.0),
            money("cumulative_net", row.cumulative_net.0),
        ));
    }
    html.push_str("</tbody>\n</table>\n</div>\n</details>\n");
    html
}
