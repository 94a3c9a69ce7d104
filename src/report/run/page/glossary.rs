//! The glossary: one line per term a reader may not know, and a link from the term's
//! first use on the page to its line. [`link_first_uses`] walks the page's text (never
//! inside a tag, a heading, a link, code, a chart or the glossary itself) and turns the
//! first use of each term into a link to `#term-<id>`.

use crate::report::kit::html_format::escape;

/// A term: its anchor id, the words that name it on the page (first match wins), and
/// its definition (HTML).
pub struct Term {
    pub id: &'static str,
    pub name: &'static str,
    pub words: &'static [&'static str],
    pub definition: &'static str,
}

/// Every term, in alphabetical order.
pub const TERMS: [Term; 17] = [
    Term {
        id: "active",
        name: "Active member",
        words: &["active members", "active member"],
        definition: "A member whose own volume in a month reached the plan's <code>active_pv</code>; \
                     many plans pay only active members.",
    },
    Term {
        id: "breakage",
        name: "Breakage",
        words: &["breakage", "Breakage"],
        definition: "Pay the plan would have owed had every member qualified, but did not pay: \
                     the members who generated the volume were not active, had not reached the \
                     rank, or a cap or the depth limit cut it.",
    },
    Term {
        id: "buyback",
        name: "Buyback",
        words: &["buyback"],
        definition: "A refund of unsold product to a member who quits (rules such as the \
                     Direct Selling Association's ask for 90 % of cost within 12 months).",
    },
    Term {
        id: "compression",
        name: "Compression",
        words: &["compression"],
        definition: "Skipping members who are not active when counting levels, so that pay \
                     reaches the next active member up instead of being lost.",
    },
    Term {
        id: "cv-pv",
        name: "CV and PV",
        words: &["PV", "CV"],
        definition: "Volume points: PV (personal or point volume) counts toward ranks and \
                     qualification, CV (commissionable volume) is what commissions are paid \
                     on. A product has a price in dollars and a volume in points.",
    },
    Term {
        id: "disclosure-year",
        name: "Disclosure year",
        words: &["disclosure year", "year 3"],
        definition: "The year of the run that the simulated income disclosure statement \
                     describes, like a company's yearly statement: everyone who was a member at \
                     any time in that year, and what they were paid in it.",
    },
    Term {
        id: "downline",
        name: "Downline and upline",
        // Not "downline": on this page it is mostly the simulator's name.
        words: &["upline"],
        definition: "A member's downline is everyone they recruited, everyone those recruited, \
                     and so on; their upline is the chain of sponsors above them.",
    },
    Term {
        id: "futures",
        name: "Futures (runs)",
        words: &["simulated futures", "futures", "runs"],
        definition: "Each run simulates the same plan and market with different chance events \
                     (who meets whom, who buys, who quits). Many runs show what is typical and \
                     how much it varies; the page's numbers are the median run's.",
    },
    Term {
        id: "gini",
        name: "Gini coefficient",
        words: &["Gini coefficient", "Gini"],
        definition: "A measure of inequality from 0 (everyone is paid the same) to 1 (one \
                     person is paid everything).",
    },
    Term {
        id: "koscot",
        name: "Koscot test",
        words: &["Koscot"],
        definition: "The US Federal Trade Commission's test (In re Koscot, 1975) for an \
                     illegal pyramid: pay for recruiting people rather than for selling product \
                     to real customers.",
    },
    Term {
        id: "median",
        name: "Median",
        words: &["median"],
        definition: "The middle value: half are above it and half below. Unlike the mean \
                     (average), a few very large values do not pull it.",
    },
    Term {
        id: "payout-ratio",
        name: "Payout ratio",
        words: &["payout ratio", "Pay as a share of product revenue"],
        definition: "Pay to members divided by the company's product revenue (what members \
                     paid for product, net of refunds).",
    },
    Term {
        id: "percentile",
        name: "Percentile",
        words: &["percentile", "p5", "p95"],
        definition: "The value below which that share of the values lies: the 90th percentile \
                     of pay is the amount nine in ten members were paid less than. p5 to p95 is \
                     the range that holds the middle 90 %.",
    },
    Term {
        id: "rank",
        name: "Rank",
        words: &["rank"],
        definition: "A title a member reaches by meeting the plan's volume and leg \
                     requirements; higher ranks unlock more levels or bonuses.",
    },
    Term {
        id: "retail-share",
        name: "Retail share",
        words: &["retail share", "resold to outside customers"],
        definition: "The share of the product members ordered that was resold to customers \
                     outside the business; regulators read a low retail share as a sign that \
                     members buy mainly to stay qualified.",
    },
    Term {
        id: "stairstep",
        name: "Stairstep-breakaway",
        words: &["breakaway", "stairstep"],
        definition: "A plan in which a member's percentage rises with group volume and a \
                     member who reaches the top step breaks away: their group no longer \
                     counts for the sponsor, who is paid a smaller override on it instead.",
    },
    Term {
        id: "unilevel",
        name: "Unilevel",
        words: &["unilevel"],
        definition: "A plan that pays a percentage of the volume of each level below a \
                     member: level 1 is whom they recruited, level 2 whom those recruited, and so \
                     on, to a fixed depth.",
    },
];

/// The glossary section.
pub fn section() -> String {
    let mut html = String::from(
        "<section id=\"glossary\" aria-labelledby=\"glossary-title\">\n\
         <h2 id=\"glossary-title\">Glossary</h2>\n<dl class=\"glossary\">\n",
    );
    for term in &TERMS {
        html.push_str(&format!(
            "<dt id=\"term-{}\">{}</dt><dd>{}</dd>\n",
            term.id,
            escape(term.name),
            term.definition
        ));
    }
    html.push_str("</dl>\n</section>\n");
    html
}

/// Elements whose text is never linked: a link inside them would be wrong or unreadable.
const SKIPPED: [&str; 13] = [
    "a", "code", "pre", "svg", "h1", "h2", "h3", "title", "style", "nav", "th", "header", "footer",
];

/// `html` with the first use of each term (in the page's text, outside [`SKIPPED`]
/// elements and the glossary) made a link to its line in the glossary.
pub fn link_first_uses(html: &str) -> String {
    let mut linked = vec![false; TERMS.len()];
    let mut out = String::with_capacity(html.len() + 2048);
    let mut skipping: Vec<String> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let tag = &rest[..end];
            out.push_str(tag);
            track(tag, &mut skipping);
            rest = &rest[end..];
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        let text = &rest[..end];
        if skipping.is_empty() {
            out.push_str(&link_text(text, &mut linked));
        } else {
            out.push_str(text);
        }
        rest = &rest[end..];
    }
    out
}

/// Keeps the stack of open skipped elements (and the glossary section) up to date.
fn track(tag: &str, skipping: &mut Vec<String>) {
    let inner = tag.trim_start_matches('<').trim_end_matches('>');
    if inner.starts_with('!') || inner.starts_with('?') || inner.ends_with('/') {
        return;
    }
    let (closing, body) = match inner.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, inner),
    };
    let name = body
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let glossary = name == "section" && body.contains("id=\"glossary\"");
    if closing {
        if skipping.last().is_some_and(|open| *open == name) {
            skipping.pop();
        }
    } else if let Some(open) = skipping.last() {
        // The same element nested inside a skipped one: its end must not end the skip.
        if *open == name {
            skipping.push(name);
        }
    } else if SKIPPED.contains(&name.as_str()) || glossary {
        skipping.push(name);
    }
}

/// One text node with the first use of each term not yet linked made a link.
fn link_text(text: &str, linked: &mut [bool]) -> String {
    let mut result = text.to_string();
    for (k, term) in TERMS.iter().enumerate() {
        if linked[k] {
            continue;
        }
        for word in term.words {
            if let Some(at) = find_word(&result, word) {
                let end = at + word.len();
                result = format!(
                    "{}<a class=\"term\" href=\"#term-{}\">{}</a>{}",
                    &result[..at],
                    term.id,
                    &result[at..end],
                    &result[end..]
                );
                linked[k] = true;
                break;
            }
        }
    }
    result
}

/// The byte index of `word` in `text` as a whole word (not inside another word, not
/// inside a link made earlier in this text node).
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let at = from + found;
        let end = at + word.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '_');
        let inside_link = text[..at]
            .rfind("<a ")
            .is_some_and(|open| text[open..at].find("</a>").is_none());
        let inside_tag = text[..at]
            .rfind('<')
            .is_some_and(|open| text[open..at].find('>').is_none());
        if boundary(before) && boundary(after) && !inside_link && !inside_tag {
            return Some(at);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_use_of_a_term_links_to_its_line_and_later_uses_do_not() {
        let page = "<p>The median member; the median again.</p><h2>Gini</h2>\
                    <p>A Gini coefficient of 0.9, and <code>median</code>.</p>\
                    <section id=\"glossary\"><p>breakage</p></section><p>breakage here</p>";
        let linked = link_first_uses(page);
        assert_eq!(
            linked,
            "<p>The <a class=\"term\" href=\"#term-median\">median</a> member; the median \
             again.</p><h2>Gini</h2><p>A <a class=\"term\" href=\"#term-gini\">Gini \
             coefficient</a> of 0.9, and <code>median</code>.</p><section id=\"glossary\">\
             <p>breakage</p></section><p><a class=\"term\" href=\"#term-breakage\">breakage</a> \
             here</p>"
        );
    }

    #[test]
    fn words_inside_other_words_are_not_terms() {
        assert_eq!(find_word("medians and median", "median"), Some(12));
        assert_eq!(find_word("ranked", "rank"), None);
        assert_eq!(find_word("a rank.", "rank"), Some(2));
    }

    #[test]
    fn every_term_has_a_unique_id_and_a_definition() {
        let mut ids: Vec<&str> = TERMS.iter().map(|t| t.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), TERMS.len());
        assert!(
            TERMS
                .iter()
                .all(|t| t.definition.len() > 40 && !t.words.is_empty())
        );
    }
}
