//! `downline compare A B`: two real output folders of the small scenario, one with a
//! third of its join probability (far fewer members ever join), set side by side in
//! `compare.csv`, `compare.html` and four overlay charts. A difference that large is
//! flagged significant; a statistic the two share exactly (nobody's median pay is more
//! than nothing in either) is not; text from the folders is escaped; a missing folder
//! is refused with exit status 2.

use crate::common::images::assert_chart_files;
use crate::common::{SMALL, downline, temp_dir, write};
use downline::ensemble::run_statistics::NAMES;
use downline::report::compare::charts;
use scraper::{ElementRef, Html, Selector};
use std::path::{Path, PathBuf};

/// A plan name and a scenario file name with markup in them, for side B.
const PLAN_B: &str = "Test <b>unilevel</b> & co";

/// Runs SMALL as side A and the low-join variant as side B (8 runs each), compares them
/// into `dir/cmp` and returns the three folders.
fn compared(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let low = SMALL
        .replace("join_probability = 0.3", "join_probability = 0.1")
        .replace("name = \"Test unilevel\"", &format!("name = \"{PLAN_B}\""));
    assert_ne!(
        low, SMALL,
        "SMALL no longer has the lines the variant changes"
    );
    let sides = [
        ("a", "small.toml", SMALL),
        ("b", "low&join.toml", low.as_str()),
    ];
    let folders: Vec<PathBuf> = sides
        .iter()
        .map(|(folder, file, text)| {
            let scenario = write(dir, file, text);
            let out = dir.join(folder);
            downline()
                .arg("run")
                .arg(&scenario)
                .args(["--runs", "8", "--no-charts", "--out"])
                .arg(&out)
                .assert()
                .success();
            out
        })
        .collect();
    let out = dir.join("cmp");
    downline()
        .arg("compare")
        .args(&folders)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    (folders[0].clone(), folders[1].clone(), out)
}

/// `compare.csv` as (statistic, mean_a, mean_b, significant).
fn csv_rows(out: &Path) -> Vec<(String, f64, f64, bool)> {
    let mut reader = csv::Reader::from_path(out.join("compare.csv")).expect("compare.csv");
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(
        header,
        [
            "statistic",
            "mean_a",
            "mean_b",
            "difference",
            "ci95_low",
            "ci95_high",
            "significant"
        ]
    );
    let number = |text: &str| text.parse().unwrap_or(f64::NAN);
    reader
        .records()
        .map(|record| {
            let r = record.expect("a row");
            (
                r[0].to_string(),
                number(&r[1]),
                number(&r[2]),
                &r[6] == "true",
            )
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

fn text(element: ElementRef) -> String {
    element.text().collect::<String>()
}

/// The verdict the page gives `statistic`.
fn verdict(page: &Html, statistic: &str) -> String {
    let cells = select(page, &format!("tr[data-stat=\"{statistic}\"] td.verdict"));
    assert_eq!(cells.len(), 1, "one table row for {statistic}");
    text(cells[0])
}

#[test]
fn a_large_difference_is_significant_and_an_equal_statistic_is_not() {
    let dir = temp_dir();
    let (_, _, out) = compared(dir.path());
    let rows = csv_rows(&out);
    let names: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(names, NAMES, "one row per statistic both folders have");

    let row = |name: &str| rows.iter().find(|r| r.0 == name).expect("a row");
    // A third of the join probability: far fewer ever join, beyond any doubt.
    let &(_, a, b, significant) = row("members_ever");
    assert!(b < a / 2.0, "members_ever {a} -> {b}");
    assert!(significant, "members_ever should differ");
    // Most members are never paid on either side, so the median pay is 0 in both.
    let &(_, a, b, significant) = row("median_gross_pay");
    assert_eq!((a, b), (0.0, 0.0));
    assert!(!significant, "an equal statistic cannot differ");

    let page = Html::parse_document(
        &std::fs::read_to_string(out.join("compare.html")).expect("compare.html"),
    );
    assert_eq!(verdict(&page, "members_ever"), "differs");
    assert_eq!(verdict(&page, "median_gross_pay"), "not significant");
}

#[test]
fn the_page_has_the_headline_the_full_table_every_chart_and_no_script() {
    let dir = temp_dir();
    let (a, b, out) = compared(dir.path());
    let html = std::fs::read_to_string(out.join("compare.html")).expect("compare.html");
    let page = Html::parse_document(&html);

    let sections: Vec<&str> = select(&page, "main > section")
        .iter()
        .filter_map(|s| s.value().attr("id"))
        .collect();
    assert_eq!(sections, ["headline", "statistics", "charts", "reproduce"]);

    // The table: every statistic, with A, B, B - A, the interval and a verdict.
    let rows = select(&page, "table.compare tbody tr");
    assert_eq!(rows.len(), NAMES.len());
    let headers: Vec<String> = select(&page, "table.compare thead th")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(headers.len(), 6, "{headers:?}");
    let significant: Vec<String> = select(&page, "table.compare tr.differs th")
        .into_iter()
        .map(text)
        .collect();

    // The headline: plain sentences, each about a statistic the table says differs.
    let sentences = select(&page, "section#headline ul.headline li");
    assert!(!sentences.is_empty(), "the headline has sentences");
    for sentence in sentences {
        let said = text(sentence);
        let strong = select_in(sentence, "strong");
        let statistic = text(strong[0]);
        assert!(
            significant.iter().any(|row| row.starts_with(&statistic)),
            "the headline names {statistic}, which the table does not flag: {said}"
        );
        assert!(
            said.contains(" in B on average (") && said.ends_with(" in A in the median run)."),
            "{said}"
        );
    }

    // Every chart, inline, with its title, caption and how to read it.
    for name in charts::NAMES {
        let figure = select(&page, &format!("figure#chart-{name}"));
        assert_eq!(figure.len(), 1, "{name} is on the page");
        assert_eq!(
            select_in(figure[0], "svg.chart-svg").len(),
            1,
            "{name} inline"
        );
        assert!(!text(select_in(figure[0], "figcaption p")[0]).is_empty());
    }

    // Self-contained, and what was run on each side.
    assert!(select(&page, "script, link, img, iframe, object, embed").is_empty());
    for element in select(&page, "[href]") {
        let href = element.value().attr("href").unwrap_or_default();
        assert!(href.starts_with('#'), "only in-page links: {href}");
    }
    let reproduce = text(select(&page, "section#reproduce")[0]);
    for folder in [&a, &b] {
        assert!(reproduce.contains(&folder.display().to_string()));
    }
    assert!(reproduce.contains("--seed 7 --runs 8 --months 24"));
}

#[test]
fn text_from_the_folders_is_escaped() {
    let dir = temp_dir();
    let (_, _, out) = compared(dir.path());
    let html = std::fs::read_to_string(out.join("compare.html")).expect("compare.html");
    assert!(html.contains("Test &lt;b&gt;unilevel&lt;/b&gt; &amp; co"));
    assert!(html.contains("low&amp;join"));
    let page = Html::parse_document(&html);
    assert!(select(&page, "b").is_empty(), "no markup from a file");
    assert!(text(select(&page, "section#reproduce")[0]).contains(PLAN_B));
    assert!(text(select(&page, "h1")[0]).contains("low&join"));
}

#[test]
fn the_overlay_charts_are_valid_png_and_svg() {
    let dir = temp_dir();
    let (_, _, out) = compared(dir.path());
    let page = Html::parse_document(
        &std::fs::read_to_string(out.join("compare.html")).expect("compare.html"),
    );
    for name in charts::NAMES {
        let title = text(select(&page, &format!("figure#chart-{name} h3"))[0]);
        assert_chart_files(&out.join("charts"), name, &title);
    }
}

#[test]
fn a_missing_folder_is_refused_with_status_2() {
    let dir = temp_dir();
    let (a, _, _) = compared(dir.path());
    let missing = dir.path().join("no-such-run");
    downline()
        .arg("compare")
        .arg(&a)
        .arg(&missing)
        .arg("--out")
        .arg(dir.path().join("never"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no such folder"));
    assert!(!dir.path().join("never").exists());
}
