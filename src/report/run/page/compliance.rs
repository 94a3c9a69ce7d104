//! The compliance panel: indicators that regulators and plan designers look at to tell
//! a business that sells product to customers from one that lives on recruiting and on
//! its own members' purchases.
//!
//! Each indicator is one statistic (its typical value across runs, with the range),
//! a status in words and a symbol (never colour alone), and the rule behind it in
//! general terms. The statuses are this report's reading aids, not legal findings: the
//! only reference values used are the 70 % rule, a 51 % customer share and the 35 to
//! 45 % payout design norm; "most" means more than half.

use crate::report::kit::html_format::Format;
use crate::report::run::data::ReportData;
use crate::report::run::page::numbers::Numbers;

/// How an indicator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Status {
    Ok,
    Caution,
    RedFlag,
    Note,
    Undefined,
}

impl Status {
    /// CSS class, symbol, and the word shown.
    fn look(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Status::Ok => ("status-ok", "&#10003;", "OK"),
            Status::Caution => ("status-caution", "!", "Caution"),
            Status::RedFlag => ("status-red", "&#10007;", "Red flag"),
            Status::Note => ("status-note", "i", "Note"),
            Status::Undefined => ("status-undefined", "?", "Not defined"),
        }
    }
}

/// One indicator: the statistic, its name, how to judge it, and the rule behind it.
struct Indicator {
    stat: &'static str,
    title: &'static str,
    assess: fn(f64) -> (Status, &'static str),
    rule: &'static str,
}

/// Whether a share rounds to 0 % (nothing worth flagging).
fn none(share: f64) -> bool {
    share < 0.005
}

const INDICATORS: [Indicator; 8] = [
    Indicator {
        stat: "retail_share",
        title: "Retail share: product resold to customers",
        assess: |share| {
            if share >= 0.70 {
                (
                    Status::Ok,
                    "At least 70&nbsp;% of what members ordered was resold to customers.",
                )
            } else if share >= 0.51 {
                (
                    Status::Caution,
                    "Most product reached real customers, but less than 70&nbsp;%.",
                )
            } else {
                (
                    Status::RedFlag,
                    "Most product was bought by members themselves, not resold to customers.",
                )
            }
        },
        rule: "Units members resold to retail customers, over all units they ordered. The \
               <em>70&nbsp;% rule</em>, common in company policies: distributors should sell or use \
               most (70&nbsp;%) of what they bought before they reorder, so that orders follow real \
               demand. <em>Customer-share rules</em>: a share of volume must come from real \
               customers outside the network; a majority (51&nbsp;%) is a common reference. The 70&nbsp;% \
               rule also counts a member's own use, so resale alone is the stricter measure.",
    },
    Indicator {
        stat: "recruiting_pay_share",
        title: "Pay for recruiting",
        assess: |share| {
            if none(share) {
                (
                    Status::Ok,
                    "No pay came from entry fees or fast-start bonuses.",
                )
            } else if share <= 0.5 {
                (
                    Status::Caution,
                    "Part of the pay rewards bringing in new members.",
                )
            } else {
                (
                    Status::RedFlag,
                    "Most of the pay rewards bringing in new members.",
                )
            }
        },
        rule: "Share of all pay that comes from new members' entry fees and from fast-start \
               bonuses on their first orders. The <em>Koscot test</em> (US Federal Trade \
               Commission, 1975): a pyramid is a scheme in which participants pay for the right \
               to sell a product and for the right to be rewarded for recruiting others, rewards \
               unrelated to sales to ultimate users.",
    },
    Indicator {
        stat: "qualify_buying_share",
        title: "Buying to qualify",
        assess: |share| {
            if none(share) {
                (
                    Status::Ok,
                    "Nobody had to buy product just to qualify for pay.",
                )
            } else if share <= 0.5 {
                (
                    Status::Caution,
                    "Part of the product was bought only to qualify for pay or rank.",
                )
            } else {
                (
                    Status::RedFlag,
                    "Most product was bought only to qualify for pay or rank.",
                )
            }
        },
        rule: "Units members ordered only to meet a monthly volume requirement for pay or \
               rank, not because they or a customer wanted them (inventory loading), over all \
               units ordered. Pay that depends on members' own purchases rather than on sales \
               to customers is what the 70&nbsp;% rule and customer-share rules guard against.",
    },
    Indicator {
        stat: "fee_revenue_share",
        title: "Fees as a share of the company's revenue",
        assess: |share| {
            if none(share) {
                (Status::Ok, "The company earns nothing from fees.")
            } else if share <= 0.5 {
                (
                    Status::Caution,
                    "Part of the company's revenue comes from members' fees.",
                )
            } else {
                (
                    Status::RedFlag,
                    "Most of the company's revenue is members' fees, not product.",
                )
            }
        },
        rule: "Entry (starter kit) and monthly fees, over the company's revenue from product \
               and fees. Paying for the right to take part is one of the marks of a pyramid in \
               the Koscot test; a company that earns mostly from fees depends on recruiting.",
    },
    Indicator {
        stat: "payout_ratio",
        title: "Payout ratio",
        assess: |ratio| {
            if (0.35..=0.45).contains(&ratio) {
                (Status::Ok, "Within the 35 to 45&nbsp;% design norm.")
            } else if ratio > 1.0 {
                (
                    Status::RedFlag,
                    "Members were paid more than the company sold in product: the money came from fees.",
                )
            } else if ratio > 0.45 {
                (
                    Status::Caution,
                    "Above the 35 to 45&nbsp;% design norm: more of each product dollar goes to pay than usual.",
                )
            } else {
                (
                    Status::Caution,
                    "Below the 35 to 45&nbsp;% design norm: little of what members buy comes back as pay.",
                )
            }
        },
        rule: "All pay to members over the company's product revenue. Compensation plans are \
               commonly designed to pay out 35 to 45&nbsp;% of wholesale revenue after breakage. \
               Pay far above product revenue cannot come from selling product.",
    },
    Indicator {
        stat: "refund_share",
        title: "Buyback refunds",
        assess: |share| {
            if share > 0.10 {
                (
                    Status::Caution,
                    "More than a tenth of product sales came back as refunds to quitters: much of what members bought was stock they could not use or sell.",
                )
            } else {
                (
                    Status::Note,
                    "Refunds to quitters are a small part of product sales, as in company filings.",
                )
            }
        },
        rule: "Refunds of unsold stock to members who quit, over product revenue before \
               refunds. Buyback rules (often 90&nbsp;% of cost) protect members who bought \
               inventory; a large share of refunds means members were loaded with stock. The \
               payout ratio above counts revenue after refunds.",
    },
    Indicator {
        stat: "breakage_ratio",
        title: "Breakage",
        assess: |share| {
            if share > 0.5 {
                (
                    Status::Caution,
                    "Most of what the plan describes is never paid: members do not qualify for it.",
                )
            } else {
                (
                    Status::Note,
                    "The part of the plan's full pay that members did not qualify for.",
                )
            }
        },
        rule: "What the plan would pay if every member qualified for everything, minus what \
               it paid, over the former. High breakage means the plan as presented pays far \
               more than members receive.",
    },
    Indicator {
        stat: "top1_share_gross_pay",
        title: "Pay to the top 1&nbsp;%",
        assess: |share| {
            if share >= 0.5 {
                (
                    Status::RedFlag,
                    "Half or more of all pay went to one member in a hundred.",
                )
            } else if share >= 0.1 {
                (
                    Status::Caution,
                    "One member in a hundred got more than ten times an equal share of pay.",
                )
            } else {
                (Status::Ok, "Pay is spread fairly evenly.")
            }
        },
        rule: "Share of all pay, over the whole run, received by the best-paid 1&nbsp;% of \
               members. When a few get most of the pay, the incomes shown to recruits are out \
               of reach for almost everyone else.",
    },
];

/// The compliance section.
pub fn section(data: &ReportData) -> String {
    let n = Numbers::new(data);
    let cards: Vec<(Status, String)> = INDICATORS.iter().map(|i| card(n, i)).collect();
    let tally = [Status::RedFlag, Status::Caution, Status::Ok]
        .iter()
        .map(|&status| {
            let count = cards.iter().filter(|(s, _)| *s == status).count();
            let (_, _, word) = status.look();
            let word = match (status, count) {
                (Status::RedFlag, 1) => String::from("red flag"),
                (Status::RedFlag, _) => String::from("red flags"),
                (Status::Caution, 1) => String::from("caution"),
                (Status::Caution, _) => String::from("cautions"),
                _ => String::from(word),
            };
            format!("{count} {word}")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut html = format!(
        "<section id=\"compliance\" aria-labelledby=\"compliance-title\">\n\
         <h2 id=\"compliance-title\">Compliance indicators</h2>\n\
         <p>How the simulated business measures up against rules used to tell selling to \
         customers from recruiting and members' own buying: <strong>{tally}</strong>. These \
         are indicators from a simulation, not legal findings; rules differ between countries \
         and over time, and the cut-offs marked here are reading aids. Each value is the \
         typical one across futures, with the range across futures beneath it.</p>\n\
         <ul class=\"indicators\">\n"
    );
    for (_, card) in &cards {
        html.push_str(card);
    }
    html.push_str("</ul>\n</section>\n");
    html
}

/// One indicator as a card.
fn card(n: Numbers, indicator: &Indicator) -> (Status, String) {
    let (status, reading, value) = match n.typical(indicator.stat) {
        Some(value) => {
            let (status, reading) = (indicator.assess)(value);
            let span = n
                .typical_span(indicator.stat, Format::Percent)
                .unwrap_or_default();
            (status, reading, span)
        }
        None => (
            Status::Undefined,
            "Not defined in this run (nothing to divide by).",
            String::from("n/a"),
        ),
    };
    let range = n
        .range(indicator.stat, Format::Percent)
        .map(|r| format!("<span class=\"range\">futures: {r}</span>"))
        .unwrap_or_default();
    let (class, symbol, word) = status.look();
    let html = format!(
        "<li class=\"indicator {class}\">\n<div class=\"measure\">\n<h3>{title}</h3>\n<p \
         class=\"reading\"><span class=\"value\">{value}</span>{range}</p>\n<p \
         class=\"badge\"><span aria-hidden=\"true\">{symbol}</span> {word}</p>\n</div>\n<div \
         class=\"explain\">\n<p class=\"verdict\">{reading}</p>\n<p class=\"rule\">{rule}</p>\n\
         </div>\n</li>\n",
        title = indicator.title,
        rule = indicator.rule,
    );
    (status, html)
}
