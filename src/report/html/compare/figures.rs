//! The overlay charts of `compare.html`, each inlined as SVG (the page fetches nothing)
//! with its title, caption and a line on how to read it.

use super::super::figures::inline_svg;
use super::super::format::escape;
use crate::report::charts::Chart;

/// The charts section.
pub fn section(charts: &[Chart]) -> String {
    let mut html = String::from(
        "<section id=\"charts\" aria-labelledby=\"charts-title\">\n\
         <h2 id=\"charts-title\">Charts</h2>\n",
    );
    if charts.is_empty() {
        html.push_str("<p class=\"missing\">No charts were drawn.</p>\n</section>\n");
        return html;
    }
    for chart in charts {
        html.push_str(&format!(
            "<figure class=\"chart\" id=\"chart-{name}\">\n<h3>{title}</h3>\n{svg}\n\
             <figcaption>\n<p>{caption}</p>\n<p class=\"how\"><strong>How to read it:</strong> \
             blue is A, orange is B. Each thick line is the median across that side\u{2019}s \
             runs; the shading around it holds the middle half of its runs and the thin lines \
             of its colour 90 % of them. Where they overlap, single futures of A and B can look \
             alike.</p>\n</figcaption>\n</figure>\n",
            name = escape(chart.name),
            title = escape(&chart.title),
            svg = inline_svg(&chart.svg, &chart.title),
            caption = escape(&chart.caption),
        ));
    }
    html.push_str("</section>\n");
    html
}
