//! How to get both sides of `compare.html` again: for each folder, what was run (the
//! scenario file and its hash, seed, runs, months, version, generator) and the command
//! that runs it, then the command that compares them.

use crate::report::compare::side::Side;
use crate::report::kit::html_format::escape;
use crate::report::kit::page::shell_quote;
use crate::report::run::page::reproduce::command;

/// The reproduction section.
pub fn section(a: &Side, b: &Side) -> String {
    let mut html = String::from(
        "<section id=\"reproduce\" aria-labelledby=\"reproduce-title\">\n\
         <h2 id=\"reproduce-title\">Reproduce this comparison</h2>\n",
    );
    for (letter, side) in [("A", a), ("B", b)] {
        html.push_str(&facts(letter, side));
    }
    html.push_str(&format!(
        "<p>Then compare the two folders:</p>\n<pre class=\"command\"><code>{}</code></pre>\n\
         </section>\n",
        escape(&format!(
            "downline compare {} {}",
            shell_quote(&a.dir.display().to_string()),
            shell_quote(&b.dir.display().to_string())
        ))
    ));
    html
}

/// One side: its facts and the command that runs it.
fn facts(letter: &str, side: &Side) -> String {
    let meta = &side.data.meta;
    let rows = [
        (
            "Folder",
            format!("<code>{}</code>", escape(&side.dir.display().to_string())),
        ),
        ("Scenario", escape(&meta.scenario)),
        ("Plan", escape(&meta.plan)),
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
        ("Runs", meta.runs.to_string()),
        ("Months", meta.months.to_string()),
        ("downline version", escape(&meta.version)),
        ("Random number generator", escape(&meta.generator)),
    ];
    let mut html = format!(
        "<h3><span class=\"swatch side-{}\" aria-hidden=\"true\"></span>Side {letter}</h3>\n\
         <dl class=\"facts-list\">\n",
        letter.to_lowercase()
    );
    for (term, value) in rows {
        html.push_str(&format!("<dt>{term}</dt><dd>{value}</dd>\n"));
    }
    html.push_str(&format!(
        "</dl>\n<pre class=\"command\"><code>{}</code></pre>\n",
        escape(&command(&side.data))
    ));
    html
}
