//! The nine charts render from real output folders, as valid PNG and SVG, whatever the
//! run: a normal small run, a run shorter than a year (no disclosure year), and a plan
//! without ranks; and the same data always gives the same bytes.

use crate::common::images::{assert_png, assert_svg, svg_texts};
use crate::common::{SMALL, downline, temp_dir, write};
use downline::report::kit::chart::Chart;
use downline::report::run::charts::{NAMES, render_all};
use downline::report::run::data::ReportData;
use std::path::Path;

/// Runs `scenario` (6 runs, no charts) into `dir/out` and reads the folder back.
fn run(dir: &Path, scenario: &str) -> ReportData {
    let file = write(dir, "scenario.toml", scenario);
    let out = dir.join("out");
    downline()
        .args(["run", file.to_str().expect("a UTF-8 path"), "--runs", "6"])
        .args(["--no-charts", "--out"])
        .arg(&out)
        .assert()
        .success();
    ReportData::load(&out).expect("the output folder loads")
}

/// SMALL with its `from` text replaced by `to`, which must be there.
fn variant(from: &str, to: &str) -> String {
    assert!(SMALL.contains(from), "SMALL no longer contains {from:?}");
    SMALL.replace(from, to)
}

/// Every chart is there, in order, and each file is valid once written and read back.
fn assert_charts(charts: &[Chart], dir: &Path) {
    let names: Vec<&str> = charts.iter().map(|c| c.name).collect();
    assert_eq!(names, NAMES);
    for chart in charts {
        let name = chart.name;
        assert!(!chart.title.is_empty(), "{name} has no title");
        assert!(
            chart.caption.len() > 40 && chart.caption.ends_with('.'),
            "{name} caption: {:?}",
            chart.caption
        );
        let png = dir.join(format!("{name}.png"));
        let svg = dir.join(format!("{name}.svg"));
        std::fs::write(&png, &chart.png).expect("write the PNG");
        std::fs::write(&svg, &chart.svg).expect("write the SVG");
        assert_png(name, &std::fs::read(&png).expect("read the PNG back"));
        let text = std::fs::read_to_string(&svg).expect("read the SVG back");
        assert_svg(name, &text, &chart.title);
    }
}

fn chart<'a>(charts: &'a [Chart], name: &str) -> &'a Chart {
    charts
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no {name} chart"))
}

#[test]
fn every_chart_renders_as_png_and_svg_with_its_numbers() {
    let dir = temp_dir();
    let data = run(dir.path(), SMALL);
    let charts = render_all(&data).expect("the charts render");
    assert_charts(&charts, dir.path());

    // Captions carry the run's own numbers, in the report's format.
    let zero_pay = data
        .statistic("ids_share_zero_pay")
        .expect("ids_share_zero_pay");
    assert!(zero_pay.mean > 0.0);
    let income = &chart(&charts, "income_distribution").caption;
    assert!(
        income.contains("of the year-2 members were paid nothing"),
        "{income}"
    );
    let lorenz = &chart(&charts, "lorenz").caption;
    let gini = format!("{:.2}", data.mean("gini_gross_pay"));
    assert!(lorenz.contains(&gini), "{lorenz} lacks the Gini {gini}");
    let ranks = &chart(&charts, "by_rank");
    assert!(
        ranks.caption.contains("reached Leader"),
        "{}",
        ranks.caption
    );
    assert!(svg_texts(&ranks.svg).contains(&"Leader".to_string()));
}

#[test]
fn a_run_shorter_than_a_year_draws_a_note_instead_of_the_disclosure_year() {
    let dir = temp_dir();
    let short = variant("months = 24", "months = 6");
    let short = short.replace("disclosure_year = 2\n", "");
    let data = run(dir.path(), &short);
    assert_eq!(data.meta.disclosure_year, None);
    let charts = render_all(&data).expect("the charts render without a disclosure year");
    assert_charts(&charts, dir.path());
    let income = chart(&charts, "income_distribution");
    assert!(
        income.caption.contains("shorter than a full year"),
        "{}",
        income.caption
    );
    let note = "No full year simulated: no disclosure year to show";
    assert!(svg_texts(&income.svg).iter().any(|t| t == note));
}

#[test]
fn a_plan_without_ranks_draws_everyone_as_no_rank() {
    let dir = temp_dir();
    let rank = "[[plan.rank]]\nname = \"Leader\"\npv = 100\ngv = 1000\nlegs = 2\nleg_gv = 200\n";
    let no_ranks = variant(rank, "").replace("levels_by_rank = { Leader = 5 }\n", "");
    let data = run(dir.path(), &no_ranks);
    assert!(data.meta.ranks.is_empty());
    let charts = render_all(&data).expect("the charts render without ranks");
    assert_charts(&charts, dir.path());
    let ranks = chart(&charts, "by_rank");
    assert!(ranks.caption.contains("no ranks"), "{}", ranks.caption);
    let texts = svg_texts(&ranks.svg);
    assert!(texts.contains(&"No rank".to_string()));
    assert!(!texts.contains(&"Leader".to_string()));
}

#[test]
fn the_same_data_renders_to_the_same_bytes() {
    let dir = temp_dir();
    let data = run(dir.path(), SMALL);
    let first = render_all(&data).expect("the charts render");
    let again = render_all(&data).expect("the charts render again");
    for (a, b) in first.iter().zip(&again) {
        assert_eq!(a.caption, b.caption, "{} caption", a.name);
        assert!(a.svg == b.svg, "{}.svg differs between renders", a.name);
        assert!(a.png == b.png, "{}.png differs between renders", a.name);
    }
    assert_eq!(first.len(), again.len());
}
