//! The reproduction section: everything needed to get the same numbers again (the
//! scenario file and its hash, the seed, runs and months, the version and generator),
//! the exact command, and the scenario text as it was run.

use crate::report::kit::html_format::{Format, escape};
use crate::report::kit::page::shell_quote;
use crate::report::run::data::ReportData;
use crate::report::run::page::numbers::meta_span;

/// The reproduction section.
pub fn section(data: &ReportData) -> String {
    let meta = &data.meta;
    let count = |key: &str, value: f64| meta_span(key, value, Format::Count);
    let rows = [
        ("Scenario", escape(&meta.scenario)),
        (
            "Scenario file",
            format!("<code>{}</code>", escape(&meta.scenario_file)),
        ),
        (
            "Scenario hash (SHA-256)",
            format!(
                "<code class=\"hash\">{}</code>",
                escape(&meta.scenario_hash)
            ),
        ),
        ("Seed", meta.seed.to_string()),
        ("Runs", count("runs", f64::from(meta.runs))),
        ("Months", count("months", f64::from(meta.months))),
        ("downline version", escape(&meta.version)),
        ("Random number generator", escape(&meta.generator)),
    ];
    let mut html = String::from(
        "<section id=\"reproduce\" aria-labelledby=\"reproduce-title\">\n\
         <h2 id=\"reproduce-title\">Reproduce this report</h2>\n<dl class=\"facts-list\">\n",
    );
    for (term, value) in rows {
        html.push_str(&format!("<dt>{term}</dt><dd>{value}</dd>\n"));
    }
    html.push_str("</dl>\n");
    html.push_str(&format!(
        "<p>The same scenario file, seed, runs and months give the same numbers, byte for \
         byte, with the same downline version:</p>\n<pre class=\"command\"><code>{}</code></pre>\n",
        escape(&command(data))
    ));
    html.push_str(&format!(
        "<details>\n<summary>The scenario file as it was run</summary>\n<pre \
         class=\"scenario\"><code>{}</code></pre>\n</details>\n</section>\n",
        escape(&data.scenario_text)
    ));
    html
}

/// `downline run <scenario_file> --seed S --runs N --months M`, with the path quoted for
/// a POSIX shell when it needs to be.
pub fn command(data: &ReportData) -> String {
    let meta = &data.meta;
    format!(
        "downline run {} --seed {} --runs {} --months {}",
        shell_quote(&meta.scenario_file),
        meta.seed,
        meta.runs,
        meta.months
    )
}
