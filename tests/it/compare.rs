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
    assert_eq!(
        sections,
        ["headline", "statistics", "bonuses", "charts", "reproduce"]
    );

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

/// SMALL as A (unilevel and fast_start) against SMALL paying 5 % on own CV in place of
/// the fast start as B (unilevel and personal), 6 runs each: returns the folders A and
/// B, the comparison and what compare printed.
fn compared_plans(dir: &Path) -> (PathBuf, PathBuf, PathBuf, String) {
    let fast_start = "kind = \"fast_start\"\nrates = [0.20, 0.10]\nmonths = 2\n";
    assert!(
        SMALL.contains(fast_start),
        "SMALL no longer ends with its fast start"
    );
    let personal = SMALL.replace(fast_start, "kind = \"personal\"\nrate = 0.05\n");
    let mut folders = Vec::new();
    for (folder, text) in [("a", SMALL), ("b", personal.as_str())] {
        let scenario = write(dir, &format!("{folder}.toml"), text);
        let out = dir.join(folder);
        downline()
            .arg("run")
            .arg(&scenario)
            .args(["--runs", "6", "--no-charts", "--out"])
            .arg(&out)
            .assert()
            .success();
        folders.push(out);
    }
    let out = dir.join("cmp");
    let printed = downline()
        .arg("compare")
        .args(&folders)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("compare runs");
    assert!(printed.status.success());
    let stdout = String::from_utf8(printed.stdout).expect("utf-8");
    (folders[0].clone(), folders[1].clone(), out, stdout)
}

/// A side's bonuses from its summary.json: (name, median paid, mean paid, median
/// breakage).
fn bonuses(folder: &Path) -> Vec<(String, f64, f64, f64)> {
    let text = std::fs::read_to_string(folder.join("summary.json")).expect("summary.json");
    let summary: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let number = |v: &serde_json::Value| v.as_f64().expect("a number");
    (summary["bonuses"].as_array().expect("bonuses").iter())
        .map(|b| {
            (
                b["name"].as_str().expect("a name").to_string(),
                number(&b["paid_per_run"]["median"]),
                number(&b["paid_per_run"]["mean"]),
                number(&b["breakage_per_run"]["median"]),
            )
        })
        .collect()
}

#[test]
fn each_bonus_is_shown_by_name_with_its_pay_share_and_breakage_on_each_side() {
    use downline::report::kit::html_format::Format;
    let dir = temp_dir();
    let (a, b, out, stdout) = compared_plans(dir.path());
    let (bonuses_a, bonuses_b) = (bonuses(&a), bonuses(&b));
    let names = |bonuses: &[(String, f64, f64, f64)]| {
        bonuses.iter().map(|b| b.0.clone()).collect::<Vec<_>>()
    };
    assert_eq!(names(&bonuses_a), ["unilevel", "fast_start"]);
    assert_eq!(names(&bonuses_b), ["unilevel", "personal"]);

    let page = Html::parse_document(
        &std::fs::read_to_string(out.join("compare.html")).expect("compare.html"),
    );
    let rows: Vec<String> = select(&page, "table.compare-bonuses tbody tr")
        .into_iter()
        .filter_map(|r| r.value().attr("data-bonus").map(String::from))
        .collect();
    // A's bonuses in A's order, then B's that A lacks.
    assert_eq!(rows, ["unilevel", "fast_start", "personal"]);

    // Cells: paid A, paid B, B - A, share A, share B, breakage A, breakage B.
    let cells = |name: &str| -> Vec<String> {
        select(&page, &format!("tr[data-bonus=\"{name}\"] td"))
            .into_iter()
            .map(text)
            .collect()
    };
    let side = |bonuses: &[(String, f64, f64, f64)], name: &str| {
        let total: f64 = bonuses.iter().map(|b| b.2).sum();
        let (_, median, mean, breakage) = bonuses.iter().find(|b| b.0 == name).cloned()?;
        Some((
            Format::Money.apply(median),
            Format::Percent.apply(mean / total),
            Format::Money.apply(breakage),
            mean,
        ))
    };
    for name in ["unilevel", "fast_start", "personal"] {
        let (sa, sb) = (side(&bonuses_a, name), side(&bonuses_b, name));
        let part = |s: &Option<(String, String, String, f64)>, k: usize| match s {
            Some(s) => [&s.0, &s.1, &s.2][k].clone(),
            None => String::new(),
        };
        let got = cells(name);
        assert_eq!(got.len(), 7, "{name}: {got:?}");
        assert_eq!(got[0], part(&sa, 0), "{name}: paid A");
        assert_eq!(got[1], part(&sb, 0), "{name}: paid B");
        assert_eq!(got[3], part(&sa, 1), "{name}: share A");
        assert_eq!(got[4], part(&sb, 1), "{name}: share B");
        assert_eq!(got[5], part(&sa, 2), "{name}: breakage A");
        assert_eq!(got[6], part(&sb, 2), "{name}: breakage B");
        // B - A: the difference of the means; a missing bonus pays nothing.
        let mean = |s: &Option<(String, String, String, f64)>| s.as_ref().map_or(0.0, |s| s.3);
        let difference = mean(&sb) - mean(&sa);
        assert_eq!(
            got[2].trim_start_matches('+'),
            Format::Money.apply(difference),
            "{name}: B - A"
        );
    }
    // The fast start is A's only; it paid something in A.
    assert!(bonuses_a[1].2 > 0.0, "the fast start paid in A");

    // The terminal gives the same bonuses, fast_start with B's cells empty.
    let block = stdout
        .split("pay by bonus per run")
        .nth(1)
        .expect("the terminal's bonus table");
    let line = |name: &str| {
        block
            .lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no line for {name} in {block}"))
            .split_whitespace()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    // fast_start: paid A, B - A, share A ("x.y %"), breakage A.
    assert_eq!(line("fast_start").len(), 6, "{block}");
    // personal: paid B, B - A, share B, breakage B.
    assert_eq!(line("personal").len(), 6, "{block}");
    // unilevel: both sides.
    assert_eq!(line("unilevel").len(), 10, "{block}");
}
