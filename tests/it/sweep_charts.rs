//! A sweep's charts, from real sweeps through the binary: a tornado of the numeric keys'
//! effects and one chart per numeric key, valid PNG and SVG, drawn as the design
//! allows (one key alone, a grid pooled over the other keys, a hypercube's dots); a
//! sweep of text values only has nothing to rank or plot and writes no chart; merged
//! shards draw the same bytes as the whole sweep.

use crate::common::images::{assert_chart_files, svg_texts};
use crate::common::{SMALL, downline, temp_dir, write};
use std::path::{Path, PathBuf};

const TORNADO_TITLE: &str = "Which varied key moves each result";

/// Runs `downline sweep scenario ARGS --out out` (with charts) and expects success.
fn sweep(scenario: &Path, out: &Path, args: &[&str]) {
    downline()
        .arg("sweep")
        .arg(scenario)
        .args(args)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

/// The files in `dir`, sorted (none if it does not exist).
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| {
                    e.expect("a folder entry")
                        .file_name()
                        .to_string_lossy()
                        .into()
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn read_svg(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_grid_of_two_numeric_keys_draws_a_tornado_and_a_chart_per_key() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("grid");
    sweep(
        &scenario,
        &out,
        &[
            "--vary",
            "product.entry_fee=0..200:3",
            "--vary",
            "behaviour.join_probability=0.2,0.3",
            "--runs",
            "3",
        ],
    );
    let charts = out.join("charts");
    assert_eq!(
        files(&charts),
        [
            "sweep_behaviour_join_probability.png",
            "sweep_behaviour_join_probability.svg",
            "sweep_product_entry_fee.png",
            "sweep_product_entry_fee.svg",
            "tornado.png",
            "tornado.svg",
        ]
    );
    assert_chart_files(&charts, "tornado", TORNADO_TITLE);
    for key in ["product.entry_fee", "behaviour.join_probability"] {
        let name = format!("sweep_{}", key.replace('.', "_"));
        assert_chart_files(&charts, &name, &format!("What changes with {key}"));
        let texts = svg_texts(&read_svg(charts.join(format!("{name}.svg"))));
        assert!(
            texts
                .iter()
                .any(|t| t.contains("pooled over the other varied keys")),
            "{name} does not say that it pools the grid's points: {texts:?}"
        );
        for heading in ["Median lifetime net", "Lost money", "Payout ratio"] {
            assert!(texts.iter().any(|t| t == heading), "{name} lacks {heading}");
        }
    }

    // The tornado names both keys, gives every row its R², and warns where R² is low.
    let tornado = svg_texts(&read_svg(charts.join("tornado.svg")));
    for key in ["product.entry_fee", "behaviour.join_probability"] {
        assert!(tornado.iter().any(|t| t == key), "the tornado lacks {key}");
    }
    let fits: Vec<f64> = (tornado.iter())
        .filter_map(|t| t.strip_prefix("R\u{b2} ")?.parse().ok())
        .collect();
    assert_eq!(fits.len(), 8, "one R² per headline statistic: {tornado:?}");
    let low = fits.iter().filter(|&&r| r < 0.7).count();
    let warnings = tornado.iter().filter(|t| *t == "ranking uncertain").count();
    assert_eq!(warnings, low, "one warning per R² below 0.7");
}

#[test]
fn one_key_alone_draws_its_runs_and_the_interval_of_the_mean() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("one");
    let args = [
        "--vary",
        "behaviour.join_probability=0.1..0.5:5",
        "--runs",
        "4",
    ];
    sweep(&scenario, &out, &args);
    let charts = out.join("charts");
    let name = "sweep_behaviour_join_probability";
    assert_chart_files(
        &charts,
        name,
        "What changes with behaviour.join_probability",
    );
    let texts = svg_texts(&read_svg(charts.join(format!("{name}.svg"))));
    assert!(texts.iter().any(|t| t == "95 % interval of the mean"));
    assert!(texts.iter().any(|t| t == "median of 4 runs"));
    assert_chart_files(&charts, "tornado", TORNADO_TITLE);
}

#[test]
fn a_latin_hypercube_draws_each_point_as_a_dot() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("lhs");
    let args = [
        "--lhs",
        "12",
        "--vary",
        "behaviour.join_probability=0.1..0.5",
        "--vary",
        "market.population=1000..3000",
        "--runs",
        "2",
    ];
    sweep(&scenario, &out, &args);
    let charts = out.join("charts");
    for (name, key) in [
        (
            "sweep_behaviour_join_probability",
            "behaviour.join_probability",
        ),
        ("sweep_market_population", "market.population"),
    ] {
        assert_chart_files(&charts, name, &format!("What changes with {key}"));
        let texts = svg_texts(&read_svg(charts.join(format!("{name}.svg"))));
        assert!(
            texts.iter().any(|t| t.contains("change from dot to dot")),
            "{name}: {texts:?}"
        );
    }
    assert_chart_files(&charts, "tornado", TORNADO_TITLE);
}

#[test]
fn text_values_have_no_order_so_only_numeric_keys_are_charted() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let networks = r#"market.network={kind="complete"},{kind="random",degree=30}"#;

    let text_only = dir.path().join("text");
    sweep(&scenario, &text_only, &["--vary", networks, "--runs", "3"]);
    assert!(text_only.join("points.csv").is_file());
    assert_eq!(files(&text_only.join("charts")), Vec::<String>::new());

    let mixed = dir.path().join("mixed");
    let args = ["--vary", networks, "--vary", "product.entry_fee=0..100:2"];
    sweep(&scenario, &mixed, &[&args[..], &["--runs", "3"]].concat());
    let charts = mixed.join("charts");
    assert_eq!(
        files(&charts),
        [
            "sweep_product_entry_fee.png",
            "sweep_product_entry_fee.svg",
            "tornado.png",
            "tornado.svg",
        ]
    );
    assert_chart_files(
        &charts,
        "sweep_product_entry_fee",
        "What changes with product.entry_fee",
    );
    assert_chart_files(&charts, "tornado", TORNADO_TITLE);
}

#[test]
fn merged_sweep_shards_draw_the_same_charts() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let args = ["--vary", "product.entry_fee=0..100:3", "--runs", "4"];
    let whole = dir.path().join("whole");
    sweep(&scenario, &whole, &args);
    let shards: Vec<PathBuf> = (0..2)
        .map(|i| {
            let out = dir.path().join(format!("shard-{i}"));
            let shard = format!("{i}/2");
            sweep(&scenario, &out, &[&args[..], &["--shard", &shard]].concat());
            out
        })
        .collect();
    let merged = dir.path().join("merged");
    downline()
        .arg("merge")
        .args(&shards)
        .arg("--out")
        .arg(&merged)
        .assert()
        .success();
    let names = files(&whole.join("charts"));
    assert_eq!(names.len(), 4, "{names:?}");
    assert_eq!(files(&merged.join("charts")), names);
    for name in &names {
        let a = std::fs::read(whole.join("charts").join(name)).expect("a chart");
        let b = std::fs::read(merged.join("charts").join(name)).expect("a merged chart");
        assert!(a == b, "{name} differs after merging the shards");
    }
}
