//! The class page: one self-contained document (inline style sheet and script, nothing
//! fetched from anywhere but the server that sent it) with the plan picker, a slider
//! and a number box for each input a class asks about, the number of runs, the Run
//! button, the progress of a run, the key numbers beside the previous run's, and the
//! place where a finished run's headline and charts go ([`super::result`]).
//!
//! The page is the kit's ([`crate::report::kit::page`]) with the class page's own rules
//! (`class.css`) and script (`class.js`). What the plans and their inputs are comes from
//! the server as one JSON document, embedded in the page; the script builds the
//! controls from it, posts a run, polls its progress and shows its result.

use crate::report::kit::page::{END, Head};

/// The class page's own style rules, after the kit's.
const CLASS_STYLE: &str = include_str!("class.css");

/// The class page's script.
const CLASS_SCRIPT: &str = include_str!("class.js");

/// The page, given downline's version and the plans as JSON (see `crate::serve`).
pub fn class_page(version: &str, plans_json: &str) -> String {
    let head = Head {
        version,
        title: "downline: what a plan does to the people in it (a class)",
        kicker: "downline serve &middot; simulated on this computer; nothing leaves it",
        heading: "What does this plan do to the people in it?",
        subtitle: "Pick a plan, set what the class wants to try, and press Run: the same \
                   simulation as <code>downline run</code>, many futures of the plan at once.",
        nav: NAV,
    }
    .render();
    // The kit's head ends its style sheet once; the page's rules and an empty icon (so
    // that the browser asks for no favicon) go just before it closes.
    let head = head.replacen(
        "</style>\n</head>",
        &format!("{CLASS_STYLE}</style>\n<link rel=\"icon\" href=\"data:,\">\n</head>"),
        1,
    );
    let mut html = head;
    html.push_str(BODY);
    html.push_str(&format!(
        "<script type=\"application/json\" id=\"plans\">{}</script>\n<script>\n{CLASS_SCRIPT}</script>\n",
        script_safe(plans_json)
    ));
    html.push_str(END);
    html
}

/// JSON made safe inside a `<script>` element: no `<` at all (JSON has `<` only inside
/// strings, where `\u003c` means the same), so neither `</script>` nor `<!--` can occur.
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// Links to the parts of the page.
const NAV: &str = "<nav aria-label=\"Sections\"><ul>\
<li><a href=\"#settings\">Settings</a></li>\
<li><a href=\"#numbers\">Key numbers</a></li>\
<li><a href=\"#headline\">In short</a></li>\
<li><a href=\"#charts\">Charts</a></li>\
</ul></nav>\n";

/// The settings form and the empty places the script fills.
const BODY: &str = r#"<section id="settings" aria-labelledby="settings-title">
<h2 id="settings-title">Settings</h2>
<noscript><p class="missing">This page needs JavaScript to run simulations.</p></noscript>
<form id="settings-form" novalidate>
<div class="field field-plan">
<label for="plan">Plan</label>
<select id="plan" name="plan"></select>
<p class="hint" id="plan-hint"></p>
</div>
<div id="controls" class="controls"></div>
<div class="field field-runs">
<label for="runs">Simulated futures (runs)</label>
<select id="runs" name="runs"></select>
<p class="hint" id="runs-hint"></p>
</div>
<div class="actions">
<button type="submit" id="run">Run</button>
<a id="download" class="button-link" href="/download" download>Download this scenario</a>
</div>
</form>
<p id="error" class="error" role="alert" hidden></p>
<div id="progress-box" class="progress-box" hidden>
<progress id="progress" max="1" value="0"></progress>
<span id="progress-text" aria-live="polite"></span>
</div>
</section>
<section id="numbers" aria-labelledby="numbers-title" hidden>
<h2 id="numbers-title">Key numbers</h2>
<p class="toggle"><label><input type="checkbox" id="compare-toggle"> Compare with the previous run</label> <span class="hint" id="compare-hint"></span></p>
<div class="table-wrap">
<table id="facts" class="facts-table">
<caption>Each number is the median over the simulated futures, as in the sentences below.</caption>
<thead></thead>
<tbody></tbody>
</table>
</div>
</section>
<div id="result"></div>
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plans_cannot_close_the_script_element() {
        let page = class_page("0.1.0", r#"{"label":"</script><script>alert(1)</script>"}"#);
        assert_eq!(page.matches("</script>").count(), 2, "{page}");
        assert!(page.contains("\\u003c/script>"));
    }

    #[test]
    fn the_page_is_one_document_with_its_own_rules_and_script() {
        let page = class_page("0.1.0", "{}");
        assert!(page.starts_with("<!doctype html>"));
        assert_eq!(page.matches("<style>").count(), 1);
        assert!(page.contains("id=\"settings-form\""));
        assert!(page.contains("href=\"data:,\""));
        assert!(page.ends_with("</html>\n"));
        for outside in ["http://", "https://", "src=\""] {
            assert!(
                !page.contains(outside),
                "the page refers outside: {outside}"
            );
        }
    }
}
