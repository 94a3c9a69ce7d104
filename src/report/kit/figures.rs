//! A page's charts section: every [`Chart`] as a figure with its title, its SVG inlined
//! into the page (so the page fetches nothing), its caption and a line on how to read
//! it.
//!
//! Each figure has an "Open full size" link to itself: the style sheet shows a figure
//! that is the page's target (`:target`) over the whole screen, at least 1,100 pixels
//! wide and scrolling, so a phone can read its labels; "Close" leaves it.
//!
//! The SVG is cut to its `<svg>` element (an XML prolog or doctype has no place inside
//! HTML), its fixed `width` and `height` are replaced by a `viewBox` so that it scales
//! to the page's width, and it is labelled for screen readers with the chart's title.

use super::chart::Chart;
use super::html_format::escape;

/// What a page says around its charts.
pub struct Section<'a> {
    /// Said instead of the charts when there are none.
    pub empty: &'a str,
    /// A paragraph before the charts, if any.
    pub intro: Option<&'a str>,
    /// The line on how to read a chart, by its name.
    pub how: fn(&str) -> &'static str,
}

/// The charts section.
pub fn section(charts: &[Chart], text: &Section) -> String {
    let mut html = String::from(
        "<section id=\"charts\" aria-labelledby=\"charts-title\">\n\
         <h2 id=\"charts-title\">Charts</h2>\n",
    );
    if charts.is_empty() {
        html.push_str(&format!(
            "<p class=\"missing\">{}</p>\n</section>\n",
            text.empty
        ));
        return html;
    }
    if let Some(intro) = text.intro {
        html.push_str(&format!("<p>{intro}</p>\n"));
    }
    for chart in charts {
        html.push_str(&figure(chart, (text.how)(chart.name)));
    }
    html.push_str("</section>\n");
    html
}

/// One chart as a figure.
pub fn figure(chart: &Chart, how: &str) -> String {
    let name = escape(chart.name);
    let title = escape(&chart.title);
    format!(
        "<figure class=\"chart\" id=\"chart-{name}\">\n<h3>{title}</h3>\n{svg}\n<figcaption>\n\
         <p>{caption}</p>\n<p class=\"how\"><strong>How to read it:</strong> {how}</p>\n\
         <p class=\"zoom\"><a class=\"open\" href=\"#chart-{name}\">Open full size</a>\
         <a class=\"close\" href=\"#\">Close</a></p>\n</figcaption>\n</figure>\n",
        svg = inline_svg(&chart.svg, &chart.title),
        caption = escape(&chart.caption),
    )
}

/// The `<svg>` element of `svg`, sized by the page and labelled with `title`.
pub fn inline_svg(svg: &str, title: &str) -> String {
    let (Some(start), Some(end)) = (svg.find("<svg"), svg.rfind("</svg>")) else {
        return format!(
            "<p class=\"missing\">The chart &ldquo;{}&rdquo; could not be shown.</p>",
            escape(title)
        );
    };
    let element = &svg[start..end + "</svg>".len()];
    let Some(tag_end) = start_tag_end(element) else {
        return format!(
            "<p class=\"missing\">The chart &ldquo;{}&rdquo; could not be shown.</p>",
            escape(title)
        );
    };
    let attributes = parse_attributes(&element["<svg".len()..tag_end]);
    let get = |key: &str| {
        attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let view_box = get("viewBox").map(String::from).or_else(|| {
        let size = |key| get(key)?.trim_end_matches("px").trim().parse::<f64>().ok();
        Some(format!("0 0 {} {}", size("width")?, size("height")?))
    });
    let mut tag = String::from("<svg");
    for (key, value) in &attributes {
        if [
            "width",
            "height",
            "viewBox",
            "role",
            "aria-label",
            "class",
            "focusable",
        ]
        .contains(&key.as_str())
        {
            continue;
        }
        tag.push_str(&format!(" {key}=\"{}\"", escape(value)));
    }
    if let Some(view_box) = view_box {
        tag.push_str(&format!(" viewBox=\"{}\"", escape(&view_box)));
    }
    tag.push_str(&format!(
        " class=\"chart-svg\" role=\"img\" aria-label=\"{}\" focusable=\"false\">",
        escape(title)
    ));
    format!("{tag}{}", &element[tag_end + 1..])
}

/// Index of the `>` that closes the start tag at the beginning of `element` (outside
/// quoted attribute values).
fn start_tag_end(element: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in element.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// The attributes of a start tag's inside (`width="1200" height="750"`), values
/// unescaped of their quotes only; a trailing `/` is dropped.
fn parse_attributes(inside: &str) -> Vec<(String, String)> {
    let mut attributes = Vec::new();
    let mut rest = inside.trim_start();
    while !rest.is_empty() && !rest.starts_with('/') {
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace() || c == '/')
            .unwrap_or(rest.len());
        let key = rest[..key_end].to_string();
        rest = rest[key_end..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, remaining) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &after[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    (&body[..close], body.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let close = after
                        .find(|c: char| c.is_whitespace())
                        .unwrap_or(after.len());
                    (&after[..close], &after[close..])
                }
            };
            value = unescape_quotes(v);
            rest = remaining.trim_start();
        }
        if key.is_empty() {
            break;
        }
        attributes.push((key, value));
    }
    attributes
}

/// Undoes the entity escaping of an attribute value, so [`escape`] does not escape it
/// twice.
fn unescape_quotes(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_prolog_is_dropped_and_the_size_becomes_a_view_box() {
        let svg = "<?xml version=\"1.0\"?>\n<svg width=\"1200\" height=\"750\" \
                   xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"10\" height=\"5\"/></svg>\n";
        let html = inline_svg(svg, "Pay & \"net\"");
        assert!(
            html.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1200 750\"")
        );
        assert!(html.contains("aria-label=\"Pay &amp; &quot;net&quot;\""));
        assert!(html.contains("<rect width=\"10\" height=\"5\"/></svg>"));
        assert!(!html.contains("<?xml"));
        assert!(html.ends_with("</svg>"));
    }

    #[test]
    fn an_existing_view_box_is_kept() {
        let svg = "<svg viewBox='0 0 600 400' width='1200px' height='800px' data-x=\"a>b\"></svg>";
        let html = inline_svg(svg, "t");
        assert_eq!(
            html,
            "<svg data-x=\"a&gt;b\" viewBox=\"0 0 600 400\" class=\"chart-svg\" role=\"img\" \
             aria-label=\"t\" focusable=\"false\"></svg>"
        );
    }

    #[test]
    fn something_that_is_not_svg_is_not_inlined() {
        let html = inline_svg("<img src=x onerror=alert(1)>", "<b>");
        assert!(html.starts_with("<p class=\"missing\">"));
        assert!(html.contains("&lt;b&gt;"));
    }
}
