//! One number, one value: every headline fact (a statistic of `summary.json`, the
//! median run's value in one format) reads the same in the terminal summary of
//! `downline run`, in report.html (sentences, tables and chart captions) and in
//! compare.html. The test finds every statement of each fact by the words around it and
//! fails if one gives another value, or if a fact is never found (so it cannot pass by
//! finding nothing).

use crate::common::{downline, repo, temp_dir};
use downline::report::kit::html_format::Format;
use scraper::{Html, Selector};
use std::collections::BTreeMap;

/// A fact, its format, and the patterns that state it (the value is the first group).
struct Fact {
    stat: &'static str,
    format: Format,
    patterns: &'static [&'static str],
}

fn facts() -> Vec<Fact> {
    vec![
        Fact {
            stat: "share_net_loss",
            format: Format::Percent,
            patterns: &[
                r"(\d+(?:\.\d)? %) of everyone who ever joined lost money",
                r"(\d+(?:\.\d)? %) of members lost money over the run",
                r"lost money: (\d+(?:\.\d)? %)",
                r"(\d+(?:\.\d)? %) of A’s members lost money",
            ],
        },
        Fact {
            stat: "peak_active",
            format: Format::Count,
            patterns: &[
                r"peaked (?:\d+ months after launch )?at ([\d,]+) members",
                r"membership peaked at ([\d,]+) in month",
                r"A peaked at ([\d,]+) members",
            ],
        },
        Fact {
            stat: "final_active",
            format: Format::Count,
            patterns: &[
                r"([\d,]+) were left",
                r"([\d,]+) left at the end",
                r"A peaked at [\d,]+ members in month \d+ and ended at ([\d,]+)",
            ],
        },
        Fact {
            stat: "peak_month",
            format: Format::Count,
            patterns: &[
                r"peaked (\d+) months after launch",
                r"peaked at [\d,]+ members, (\d+) months after launch",
                r"peaked at [\d,]+ in month (\d+)",
                r"A peaked at [\d,]+ members in month (\d+)",
            ],
        },
        Fact {
            stat: "top1_share_gross_pay",
            format: Format::Percent,
            patterns: &[
                r"one member in a hundred received (\d+(?:\.\d)? %)",
                r"top 1 % of members received (\d+(?:\.\d)? %) of all the pay",
                r"top 1 % get (\d+(?:\.\d)? %)",
                r"top 1 % of members received (\d+(?:\.\d)? %) of all pay in A",
            ],
        },
        Fact {
            stat: "share_zero_pay",
            format: Format::Percent,
            patterns: &[
                r"(\d+(?:\.\d)? %) of members were never paid",
                r"paid nothing: (\d+(?:\.\d)? %) of all members",
            ],
        },
        Fact {
            stat: "median_net",
            // Said as an amount lost: "the median member lost $739".
            format: Format::MoneyAbs,
            patterns: &[
                r"over their whole time in the business, the median member lost (\$[\d,]+)",
                r"the member in the middle ended (\$[\d,]+) behind",
                r"median member's net: -(\$[\d,]+)",
            ],
        },
        Fact {
            stat: "payout_ratio",
            format: Format::Percent,
            patterns: &[
                r"paid members (\d+(?:\.\d)? %) of its product revenue",
                r"payout ratio (\d+(?:\.\d)? %)",
            ],
        },
        Fact {
            stat: "retail_share",
            format: Format::Percent,
            patterns: &[
                r"Only (\d+(?:\.\d)? %) of the product members ordered",
                r"retail share (\d+(?:\.\d)? %)",
            ],
        },
        Fact {
            stat: "saturation",
            format: Format::Percent,
            patterns: &[
                r"(\d+(?:\.\d)? %) of the [\d,]+ people in the market joined",
                r"(\d+(?:\.\d)? %) of the population joined",
                r"\((\d+(?:\.\d)? %) of the market\)",
            ],
        },
        Fact {
            stat: "ids_share_zero_pay",
            format: Format::Percent,
            patterns: &[
                r"(\d+(?:\.\d)? %) of the people who were members at any time in year \d+ received nothing",
                r"(\d+(?:\.\d)? %) of the year-\d+ members were paid nothing",
            ],
        },
        Fact {
            stat: "members_ever",
            format: Format::Count,
            patterns: &[r"([\d,]+) ever joined"],
        },
    ]
}

/// The median of each statistic in a folder's summary.json.
fn medians(dir: &std::path::Path) -> BTreeMap<String, f64> {
    let text = std::fs::read_to_string(dir.join("summary.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let stats = json["statistics"].as_object().unwrap();
    stats
        .iter()
        .filter_map(|(k, v)| Some((k.clone(), v["median"].as_f64()?)))
        .collect()
}

/// The visible text of a page, entities decoded, whitespace collapsed.
fn page_text(path: &std::path::Path) -> String {
    let html = Html::parse_document(&std::fs::read_to_string(path).unwrap());
    let body = Selector::parse("body").unwrap();
    let text: String = html
        .select(&body)
        .flat_map(|b| b.text())
        .collect::<Vec<_>>()
        .join("");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn one_fact_has_one_value_everywhere() {
    let dir = temp_dir();
    let a = dir.path().join("a");
    let run = downline()
        .current_dir(repo())
        .args([
            "run",
            "scenarios/default.toml",
            "--runs",
            "20",
            "--seed",
            "5",
            "--out",
        ])
        .arg(&a)
        .assert()
        .success();
    let terminal = String::from_utf8(run.get_output().stdout.clone()).unwrap();
    let b = dir.path().join("b");
    downline()
        .current_dir(repo())
        .args([
            "run",
            "scenarios/binary.toml",
            "--runs",
            "10",
            "--no-charts",
            "--out",
        ])
        .arg(&b)
        .assert()
        .success();
    let compared = dir.path().join("compare");
    downline()
        .args(["compare"])
        .arg(&a)
        .arg(&b)
        .arg("--out")
        .arg(&compared)
        .assert()
        .success();
    let medians = medians(&a);
    let sources = [
        ("the terminal summary", terminal.clone()),
        ("report.html", page_text(&a.join("report.html"))),
        ("compare.html", page_text(&compared.join("compare.html"))),
    ];
    let mut problems = Vec::new();
    for fact in facts() {
        let expected = fact.format.apply(medians[fact.stat]);
        let mut found = 0;
        for (source, text) in &sources {
            // compare.html states both sides: only the patterns that name side A.
            let on_a = |p: &&&str| {
                !source.starts_with("compare") || p.starts_with('A') || p.contains("A’s")
            };
            for pattern in fact.patterns.iter().filter(on_a) {
                let re = regex::Regex::new(pattern).unwrap();
                for value in re.captures_iter(text).map(|c| c[1].to_string()) {
                    found += 1;
                    if value != expected {
                        problems.push(format!(
                            "{}: {source} says {value} (\"{pattern}\"), summary.json's median \
                             run gives {expected}",
                            fact.stat
                        ));
                    }
                }
            }
        }
        let least = if fact.stat == "members_ever" { 1 } else { 2 };
        if found < least {
            problems.push(format!(
                "{} is stated {found} time(s): the patterns no longer find it",
                fact.stat
            ));
        }
    }
    // compare.html's table gives A's value of every statistic as A's report does.
    let html =
        Html::parse_document(&std::fs::read_to_string(compared.join("compare.html")).unwrap());
    for fact in facts() {
        let row = Selector::parse(&format!("tr[data-stat=\"{}\"] td", fact.stat)).unwrap();
        let cells: Vec<String> = html.select(&row).map(|c| c.text().collect()).collect();
        // The table writes money with its sign.
        let format = match fact.format {
            Format::MoneyAbs => Format::Money,
            format => format,
        };
        let expected = format.apply(medians[fact.stat]);
        if cells.first() != Some(&expected) {
            problems.push(format!(
                "{}: compare.html's table gives A {:?}, the report {expected}",
                fact.stat,
                cells.first()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Not vacuous: the terminal states every fact it lists.
    assert!(terminal.contains("in the median run"), "{terminal}");
}
