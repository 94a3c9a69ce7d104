//! `report.html` is a self-contained page whose every number can be traced back to
//! `summary.json`: it is built here from a real (small) output folder, parsed with an
//! HTML parser, and checked section by section.

use crate::common::{SMALL, downline, temp_dir, write};
use downline::report::kit::chart::Chart;
use downline::report::run::charts::{NAMES, STORY};
use downline::report::run::data::ReportData;
use downline::report::run::page::report_html;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::path::Path;

/// A real output folder of the small scenario (6 runs), with extra `args` for `run`.
fn run_small(dir: &Path, scenario: &str, args: &[&str]) -> (ReportData, Value) {
    let file = write(dir, "small.toml", scenario);
    let out = dir.join("out");
    downline()
        .args(["run", file.to_str().unwrap(), "--runs", "6", "--no-charts"])
        .args(args)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let data = ReportData::load(&out).expect("the output folder loads");
    let summary = std::fs::read_to_string(out.join("summary.json")).expect("summary.json");
    let summary = serde_json::from_str(&summary).expect("summary.json is JSON");
    (data, summary)
}

/// One chart per name, as the chart module hands them over: an SVG document with an XML
/// prolog and a fixed size. (The story's chart, shown in its own section, is checked in
/// `tests/it/traces.rs`.)
fn charts() -> Vec<Chart> {
    NAMES
        .iter()
        .filter(|&&name| name != STORY)
        .map(|&name| Chart {
            name,
            title: format!("Title of {name}"),
            caption: format!("Caption of {name}: pay & <net> in 2 lines"),
            svg: format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg width=\"1200\" height=\"750\" \
                 xmlns=\"http://www.w3.org/2000/svg\"><rect x=\"10\" y=\"10\" width=\"100\" \
                 height=\"50\" fill=\"#336699\"/><text x=\"20\" y=\"40\">{name}</text></svg>\n"
            ),
            png: vec![0x89, b'P', b'N', b'G'],
        })
        .collect()
}

fn select<'a>(page: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("a valid selector");
    page.select(&selector).collect()
}

fn select_in<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("a valid selector");
    element.select(&selector).collect()
}

fn one<'a>(page: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(page, css);
    assert_eq!(found.len(), 1, "expected exactly one `{css}`");
    found[0]
}

fn text(element: ElementRef) -> String {
    element.text().collect::<String>()
}

/// The page's formatting rules, written out again independently: `1,000`, `$1,234`,
/// `-$612`, `$2.30`, `71 %` (one decimal, or "under 0.1 %" / "over 99.9 %", for a
/// share that would otherwise round to 0 % or 100 %).
fn formatted(format: &str, x: f64) -> String {
    fn grouped(n: i64) -> String {
        let digits = n.abs().to_string();
        let mut out = String::new();
        for (k, c) in digits.chars().enumerate() {
            if k > 0 && (digits.len() - k) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        out
    }
    let sign = |n: i64| if n < 0 { "-" } else { "" };
    match format {
        "count" => {
            let n = x.round() as i64;
            format!("{}{}", sign(n), grouped(n))
        }
        "money" => {
            let n = x.round() as i64;
            format!("{}${}", sign(n), grouped(n))
        }
        "money-abs" => format!("${}", grouped(x.abs().round() as i64)),
        "money-cents" => {
            let cents = (x * 100.0).round() as i64;
            format!(
                "{}${}.{:02}",
                sign(cents),
                grouped(cents / 100),
                cents.abs() % 100
            )
        }
        "percent" => {
            let p = x * 100.0;
            let whole = p.round();
            if (whole == 0.0 && p > 0.0) || (whole == 100.0 && p != 100.0) {
                let tenths = (p * 10.0).round() / 10.0;
                if tenths == 0.0 {
                    String::from("under 0.1 %")
                } else if tenths == 100.0 {
                    String::from("over 99.9 %")
                } else {
                    format!("{tenths:.1} %")
                }
            } else {
                let n = whole as i64;
                format!("{}{} %", sign(n), grouped(n))
            }
        }
        other => panic!("unknown data-format `{other}`"),
    }
}

/// What a marked number should read, from `summary.json`.
fn expected_text(span: ElementRef, summary: &Value) -> String {
    let attr = |name| span.value().attr(name);
    let format = attr("data-format").expect("every marked number names its format");
    let value = if let Some(stat) = attr("data-stat") {
        let field = attr("data-field").expect("a statistic names its field");
        &summary["statistics"][stat][field]
    } else if let Some(key) = attr("data-meta") {
        &summary[key]
    } else if let Some(path) = attr("data-stress") {
        path.split('.').fold(&summary["stress"], |v, key| &v[key])
    } else if let Some(index) = attr("data-bonus") {
        let index: usize = index.parse().expect("a bonus index");
        let part = attr("data-part").expect("a bonus amount names its part");
        let field = attr("data-field").expect("a bonus amount names its field");
        &summary["bonuses"][index][part][field]
    } else {
        panic!("a marked number without a source: {}", span.html());
    };
    let value = value
        .as_f64()
        .unwrap_or_else(|| panic!("{} is not a number in summary.json", span.html()));
    formatted(format, value)
}

/// Every marked number of `element` reads as its `summary.json` value; returns them.
/// (The story's numbers come from `traces.csv`: `tests/it/traces.rs` checks them.)
fn check_marked_numbers<'a>(element: ElementRef<'a>, summary: &Value) -> Vec<ElementRef<'a>> {
    let spans = select_in(element, "span.n:not([data-trace])");
    for span in &spans {
        assert_eq!(
            text(*span),
            expected_text(*span, summary),
            "{}",
            span.html()
        );
    }
    spans
}

#[test]
fn the_page_has_every_section_in_reading_order() {
    let dir = temp_dir();
    let (data, _) = run_small(dir.path(), SMALL, &[]);
    let html = report_html(&data, &charts());
    let page = Html::parse_document(&html);
    let ids: Vec<&str> = select(&page, "main > section")
        .iter()
        .filter_map(|s| s.value().attr("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "headline",
            "people",
            "story",
            "disclosure",
            "compliance",
            "stress",
            "charts",
            "method",
            "glossary",
            "reproduce"
        ]
    );
    for id in &ids {
        let heading = select(&page, &format!("section#{id} > h2"));
        assert_eq!(heading.len(), 1, "section {id} has one heading");
    }
    assert!(text(one(&page, "h1")).contains("Test unilevel"));
    assert!(!select(&page, "section#headline li").is_empty());
    assert!(!select(&page, "section#disclosure table.ladder").is_empty());
    assert_eq!(
        select(&page, "section#compliance li.indicator").len(),
        8,
        "eight compliance indicators"
    );
    assert_eq!(
        one(&page, "meta[name=viewport]").value().attr("content"),
        Some("width=device-width, initial-scale=1")
    );
}

#[test]
fn terms_link_from_their_first_use_to_a_glossary_line() {
    let dir = temp_dir();
    let (data, _) = run_small(dir.path(), SMALL, &[]);
    let html = report_html(&data, &charts());
    let page = Html::parse_document(&html);
    let lines: Vec<&str> = select(&page, "section#glossary dt")
        .iter()
        .filter_map(|dt| dt.value().attr("id"))
        .collect();
    assert!(lines.len() >= 15, "{lines:?}");
    let links: Vec<&str> = select(&page, "a.term")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for term in [
        "#term-median",
        "#term-payout-ratio",
        "#term-percentile",
        "#term-koscot",
    ] {
        assert_eq!(
            links.iter().filter(|l| **l == term).count(),
            1,
            "{term}: {links:?}"
        );
    }
    for link in &links {
        assert!(
            lines.contains(&&link[1..]),
            "{link} has no line in the glossary"
        );
    }
    // Never inside a heading, code or the glossary itself.
    assert!(select(&page, "h2 a.term, code a.term, section#glossary a.term").is_empty());
}

#[test]
fn every_chart_is_an_inline_figure_with_its_title_caption_and_how_to_read_it() {
    let dir = temp_dir();
    let (data, _) = run_small(dir.path(), SMALL, &[]);
    let charts = charts();
    let html = report_html(&data, &charts);
    assert!(!html.contains("<?xml"), "the XML prolog is dropped");
    let page = Html::parse_document(&html);
    // The 100-people picture has its own section under the headline; the rest are in
    // the charts section, in order.
    let figures: Vec<_> = select(&page, "section#people figure.chart")
        .into_iter()
        .chain(select(&page, "section#charts figure.chart"))
        .collect();
    assert_eq!(figures.len(), charts.len());
    for (figure, chart) in figures.iter().zip(&charts) {
        assert_eq!(
            figure.value().attr("id"),
            Some(format!("chart-{}", chart.name).as_str())
        );
        assert_eq!(text(select_in(*figure, "h3")[0]), chart.title);
        let svg = select_in(*figure, "svg");
        assert_eq!(svg.len(), 1, "one inline SVG per chart");
        let svg = svg[0].value();
        assert_eq!(svg.attr("role"), Some("img"));
        assert_eq!(svg.attr("aria-label"), Some(chart.title.as_str()));
        assert_eq!(svg.attr("viewBox"), Some("0 0 1200 750"));
        assert_eq!(svg.attr("width"), None, "the page sets the width");
        let caption = text(select_in(*figure, "figcaption")[0]);
        assert!(caption.contains(&chart.caption), "{caption}");
        assert!(caption.contains("How to read it:"), "{caption}");
    }
    let style = text(one(&page, "style"));
    assert!(style.contains("svg.chart-svg"));
    assert!(style.contains("width: 100%") && style.contains("height: auto"));
    assert!(style.contains("@media print"));
}

#[test]
fn the_page_is_self_contained() {
    let dir = temp_dir();
    let (data, _) = run_small(dir.path(), SMALL, &[]);
    let html = report_html(&data, &charts());
    let page = Html::parse_document(&html);
    assert!(select(&page, "script").is_empty(), "no script");
    assert!(select(&page, "link, img, iframe, object, embed").is_empty());
    let loaded: Vec<String> = select(&page, "[src]").iter().map(|e| e.html()).collect();
    assert!(loaded.is_empty(), "nothing is loaded: {loaded:?}");
    for element in select(&page, "[href]") {
        let href = element.value().attr("href").unwrap_or_default();
        assert!(href.starts_with('#'), "only in-page links: {href}");
    }
    let style = text(one(&page, "style"));
    assert!(!style.contains("url(") && !style.contains("@import"));
    assert!(!style.contains("@font-face"), "no web fonts");
}

#[test]
fn every_number_in_the_headline_is_the_median_in_summary_json() {
    let dir = temp_dir();
    let (data, summary) = run_small(dir.path(), SMALL, &[]);
    let html = report_html(&data, &charts());
    let page = Html::parse_document(&html);
    let headline = one(&page, "section#headline");
    let spans = check_marked_numbers(headline, &summary);
    let stats: Vec<&str> = spans
        .iter()
        .filter_map(|s| s.value().attr("data-stat"))
        .collect();
    for stat in [
        "ids_share_zero_pay",
        "ids_median_net",
        "median_net",
        "share_net_loss",
        "top1_share_gross_pay",
        "first_year_quit_share",
        "annual_quit_share",
        "median_tenure_months",
        "peak_month",
        "peak_active",
        "final_active",
        "saturation",
    ] {
        assert!(stats.contains(&stat), "the headline says {stat}");
    }
    for span in &spans {
        if span.value().attr("data-stat").is_some() {
            assert_eq!(
                span.value().attr("data-field"),
                Some("median"),
                "one convention: {}",
                span.html()
            );
        }
    }
    assert!(text(headline).contains("median over the"));

    // Every piece of text in the headline with a digit in it is a marked number.
    for node in headline.descendants() {
        let Some(piece) = node.value().as_text() else {
            continue;
        };
        if piece.chars().any(|c| c.is_ascii_digit()) {
            let marked = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| e.classes().any(|c| c == "n"))
            });
            assert!(marked, "an unmarked number in the headline: {:?}", &**piece);
        }
    }
}

#[test]
fn every_marked_number_on_the_page_matches_summary_json() {
    let dir = temp_dir();
    let (data, summary) = run_small(dir.path(), SMALL, &[]);
    let html = report_html(&data, &charts());
    let page = Html::parse_document(&html);
    let spans = check_marked_numbers(page.root_element(), &summary);
    assert!(spans.len() > 100, "{} marked numbers", spans.len());
    let bonuses = select(&page, "table.bonuses tbody tr");
    assert_eq!(bonuses.len(), 2, "one row per bonus");
    assert!(text(bonuses[0]).contains("unilevel"));
    assert!(text(bonuses[1]).contains("fast_start"));
}

#[test]
fn the_disclosure_statement_counts_everyone_and_shows_net_beside_gross() {
    let dir = temp_dir();
    let (data, summary) = run_small(dir.path(), SMALL, &[]);
    let html = report_html(&data, &charts());
    let page = Html::parse_document(&html);
    let section = one(&page, "section#disclosure");
    let spans = check_marked_numbers(section, &summary);
    let has = |stat: &str, field: &str| {
        spans.iter().any(|s| {
            s.value().attr("data-stat") == Some(stat) && s.value().attr("data-field") == Some(field)
        })
    };
    for stat in [
        "ids_members",
        "ids_share_zero_pay",
        "ids_share_under_1000",
        "ids_share_net_loss",
        "ids_top1_share",
        "ids_p25_gross_pay",
        "ids_median_gross_pay",
        "ids_mean_gross_pay",
        "ids_p75_gross_pay",
        "ids_p90_gross_pay",
        "ids_p99_gross_pay",
        "ids_p10_net",
        "ids_p25_net",
        "ids_median_net",
        "ids_mean_net",
        "ids_p75_net",
        "ids_p90_net",
        "ids_mean_hours",
        "ids_hourly_gross",
        "ids_hourly_net",
        "ids_top01_share",
        "ids_members_active",
        "ids_share_zero_pay_paid",
        "ids_median_gross_pay_recruiters",
        "ids_mean_gross_pay_active",
    ] {
        for field in ["median", "p5", "p95"] {
            assert!(has(stat, field), "the statement shows {stat} {field}");
        }
    }
    // The groups table: one row per population filter, each with four figures.
    let groups = select_in(section, "table.groups tbody tr");
    assert_eq!(groups.len(), 4);
    let words = text(section);
    assert!(words.contains("year 2"), "the disclosure year is named");
    assert!(words.contains("everyone who was a member at any time in year"));
    assert!(
        words.contains("earned nothing"),
        "says what real statements leave out"
    );
    assert!(words.contains("expenses"));
}

#[test]
fn the_compliance_panel_gives_each_indicator_a_status_in_words() {
    let dir = temp_dir();
    let (data, summary) = run_small(dir.path(), SMALL, &[]);
    let html = report_html(&data, &charts());
    let page = Html::parse_document(&html);
    let section = one(&page, "section#compliance");
    check_marked_numbers(section, &summary);
    let stats: Vec<String> = select_in(section, "li.indicator")
        .iter()
        .map(|card| {
            let badge = text(select_in(*card, ".badge")[0]);
            assert!(
                ["OK", "Caution", "Red flag", "Note", "Not defined"]
                    .iter()
                    .any(|word| badge.trim_end().ends_with(word)),
                "a status in words: {badge}"
            );
            let value = select_in(*card, ".value span.n");
            assert_eq!(value.len(), 1, "one value per indicator");
            value[0].value().attr("data-stat").unwrap().to_string()
        })
        .collect();
    assert_eq!(
        stats,
        [
            "retail_share",
            "recruiting_pay_share",
            "qualify_buying_share",
            "fee_revenue_share",
            "payout_ratio",
            "refund_share",
            "breakage_ratio",
            "top1_share_gross_pay"
        ]
    );
    let words = text(section).replace('\u{a0}', " ");
    for rule in [
        "70 % rule",
        "51 %",
        "Koscot",
        "35 to 45 %",
        "not legal findings",
    ] {
        assert!(words.contains(rule), "the panel explains `{rule}`");
    }
    // The small scenario resells about a tenth of its product: below both references.
    let retail = summary["statistics"]["retail_share"]["median"]
        .as_f64()
        .unwrap();
    assert!(retail < 0.51);
    let card = select_in(section, "li.indicator")[0];
    assert!(text(card).contains("Red flag"));
}

#[test]
fn reproduction_gives_the_exact_command_and_the_scenario_as_run() {
    let dir = temp_dir();
    let (data, summary) = run_small(dir.path(), SMALL, &[]);
    let html = report_html(&data, &charts());
    let page = Html::parse_document(&html);
    let section = one(&page, "section#reproduce");
    let command = text(one(&page, "section#reproduce pre.command"));
    assert_eq!(
        command,
        format!(
            "downline run {} --seed 7 --runs 6 --months 24",
            data.meta.scenario_file
        )
    );
    let words = text(section);
    for key in ["scenario_hash", "version", "generator"] {
        let value = summary[key].as_str().unwrap();
        assert!(words.contains(value), "reproduction names the {key}");
    }
    let scenario = text(one(&page, "section#reproduce details pre.scenario"));
    assert_eq!(scenario, SMALL);
}

#[test]
fn text_from_files_is_escaped() {
    let dir = temp_dir();
    let hostile = SMALL
        .replace(
            "[simulation]",
            "# </details><script>alert(1)</script>\n[simulation]",
        )
        .replace(
            "name = \"Test unilevel\"",
            "name = \"Test <b>unilevel</b> & co\"",
        );
    let (data, _) = run_small(dir.path(), &hostile, &[]);
    let html = report_html(&data, &charts());
    assert!(html.contains("# &lt;/details&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Test &lt;b&gt;unilevel&lt;/b&gt; &amp; co"));
    let page = Html::parse_document(&html);
    assert!(select(&page, "script").is_empty());
    assert!(select(&page, "b").is_empty());
    assert_eq!(
        text(one(&page, "section#reproduce details pre.scenario")),
        hostile
    );
    assert!(text(one(&page, "h1")).contains("Test <b>unilevel</b> & co"));
    let captions: Vec<String> = select(&page, "figcaption p:first-child")
        .into_iter()
        .map(text)
        .collect();
    assert!(captions[0].contains("pay & <net>"), "{captions:?}");
}

#[test]
fn a_run_shorter_than_a_year_says_there_is_no_disclosure_statement() {
    let dir = temp_dir();
    let (data, summary) = run_small(dir.path(), SMALL, &["--months", "6"]);
    assert_eq!(data.meta.disclosure_year, None);
    let html = report_html(&data, &charts());
    let page = Html::parse_document(&html);
    let disclosure = one(&page, "section#disclosure");
    assert!(
        text(disclosure).contains("no income disclosure statement"),
        "{}",
        text(disclosure)
    );
    assert!(select_in(disclosure, "table").is_empty());
    let headline = one(&page, "section#headline");
    let spans = check_marked_numbers(headline, &summary);
    let stats: Vec<&str> = spans
        .iter()
        .filter_map(|s| s.value().attr("data-stat"))
        .collect();
    assert!(stats.contains(&"share_zero_pay") && stats.contains(&"median_net"));
    assert!(!stats.iter().any(|s| s.starts_with("ids_")));
    check_marked_numbers(page.root_element(), &summary);
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let dir = temp_dir();
    let (data, _) = run_small(dir.path(), SMALL, &[]);
    let again = ReportData::load(&dir.path().join("out")).unwrap();
    assert_eq!(
        report_html(&data, &charts()),
        report_html(&again, &charts())
    );
}

#[test]
fn a_page_without_charts_says_so() {
    let dir = temp_dir();
    let (data, _) = run_small(dir.path(), SMALL, &[]);
    let page = Html::parse_document(&report_html(&data, &[]));
    let section = one(&page, "section#charts");
    assert!(select_in(section, "figure").is_empty());
    assert!(text(section).contains("No charts"));
}

#[test]
fn a_launch_that_fizzles_is_warned_of_in_the_terminal_the_summary_and_the_page() {
    // One founder who rarely recruits: most futures never reach two active members.
    let dir = temp_dir();
    let fizzling = SMALL
        .replace("founders = 12", "founders = 1")
        .replace("join_probability = 0.3", "join_probability = 0.02");
    let file = write(dir.path(), "fizzle.toml", &fizzling);
    let out = dir.path().join("out");
    let assert = downline()
        .args(["run", file.to_str().unwrap(), "--runs", "20", "--no-charts"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("warning:"), "{stderr}");
    assert!(stderr.contains("never took off"), "{stderr}");
    assert!(
        stderr.contains("Most futures of this scenario fizzle"),
        "{stderr}"
    );
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let growth = &summary["growth"];
    let fizzled = growth["runs_fizzled"].as_u64().unwrap();
    assert!(fizzled > 10, "{growth}");
    assert_eq!(
        growth["share_fizzled"].as_f64().unwrap(),
        fizzled as f64 / 20.0
    );
    let warning = growth["warning"].as_str().unwrap();
    assert!(warning.contains("market.founders"), "{warning}");
    let data = ReportData::load(&out).unwrap();
    let page = Html::parse_document(&report_html(&data, &charts()));
    let shown = one(&page, "p.warning").text().collect::<String>();
    assert_eq!(shown, format!("Warning: {warning}"));

    // The small scenario itself takes off in every run: no warning anywhere.
    let (data, summary) = run_small(dir.path(), SMALL, &[]);
    assert_eq!(summary["growth"]["runs_fizzled"], 0);
    assert!(summary["growth"]["warning"].is_null());
    let page = Html::parse_document(&report_html(&data, &charts()));
    assert!(select(&page, "p.warning").is_empty());
}
