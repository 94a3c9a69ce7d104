//! `downline calibrate`: bad targets are bad input with their position; the outputs are
//! byte-identical for any thread count; and identical twins (targets simulated at a known
//! point) are recovered: the true value lies inside the 90 % posterior interval for at
//! least 80 % of (parameter, twin) pairs, and a key the targets cannot see keeps most of
//! its prior width.

#![allow(clippy::result_large_err)]

use crate::common::{SMALL, downline, temp_dir, tree, write};
use downline::calibrate::prior::Prior;
use downline::calibrate::summary::parameters;
use downline::calibrate::targets::Target;
use downline::calibrate::{Finished, Settings, calibrate};
use downline::ensemble::run_one;
use downline::ensemble::run_statistics::NAMES;
use downline::scenario::{Overrides, ScenarioSource};
use predicates::prelude::*;
use std::path::Path;

const TARGETS: &str = r#"# targets of the small scenario
[[target]]
statistic = "share_never_recruit"
value = 0.70
sigma = 0.03

[[target]]
statistic = "first_year_quit_share"
low = 0.3
high = 0.9
"#;

fn calibrate_cli(dir: &Path, scenario: &Path, targets: &Path, threads: &str, out: &str) {
    calibrate_command(dir, scenario, targets, threads, out)
        .assert()
        .success();
}

fn calibrate_command(
    dir: &Path,
    scenario: &Path,
    targets: &Path,
    threads: &str,
    out: &str,
) -> assert_cmd::Command {
    let mut command = downline();
    command
        .arg("calibrate")
        .arg(scenario)
        .arg("--targets")
        .arg(targets)
        .args([
            "--vary",
            "behaviour.join_probability=0.05..0.6",
            "--vary",
            "behaviour.quit.base=0.0..0.1",
            "--points",
            "16",
            "--runs",
            "3",
            "--waves",
            "2",
            "--threads",
            threads,
        ])
        .arg("--out")
        .arg(dir.join(out));
    command
}

#[test]
fn a_calibration_sharded_wave_by_wave_ends_with_the_same_bytes() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let targets = write(dir.path(), "targets.toml", TARGETS);
    calibrate_cli(dir.path(), &scenario, &targets, "2", "whole");
    let shard = |which: &str| {
        calibrate_command(dir.path(), &scenario, &targets, "1", "sharded")
            .args(["--shard", which])
            .assert()
            .success()
    };
    let plain = || calibrate_command(dir.path(), &scenario, &targets, "2", "sharded").assert();
    let waves = dir.path().join("sharded.waves");
    // Wave 1 in three shards, in any order; wave 2 in two.
    for which in ["2/3", "0/3", "1/3"] {
        shard(which).stdout(predicate::str::contains("wave 1, shard"));
    }
    shard("0/2").stdout(predicate::str::contains("wave 2, shard 0/2"));
    // Half a wave: the plain command names the missing shard and stops.
    plain()
        .code(2)
        .stderr(predicate::str::contains("wave 2 lacks shard(s) 1/2"));
    // A shard of other inputs is refused, not merged.
    let one = waves.join("wave-1/shard-1-of-3.json");
    let text = std::fs::read_to_string(&one).unwrap();
    let (head, tail) = text.split_once("\"inputs\": \"").unwrap();
    std::fs::write(&one, format!("{head}\"inputs\": \"0{}", &tail[1..])).unwrap();
    plain().code(2).stderr(
        predicate::str::contains("shard-1-of-3.json").and(predicate::str::contains("other inputs")),
    );
    std::fs::write(&one, &text).unwrap();
    shard("1/2").stdout(predicate::str::contains("wave 2, shard 1/2"));
    // Both waves done (--waves 2): a further shard has nothing to run.
    shard("0/2").stdout(predicate::str::contains("nothing to run"));
    plain().success();
    assert!(
        tree(&dir.path().join("whole")) == tree(&dir.path().join("sharded")),
        "the sharded calibration's outputs differ from the unsharded one's"
    );
    assert!(!waves.exists(), "the merged shards are removed");
}

#[test]
fn a_calibration_is_byte_identical_for_one_and_two_threads() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let targets = write(dir.path(), "targets.toml", TARGETS);
    calibrate_cli(dir.path(), &scenario, &targets, "1", "one");
    calibrate_cli(dir.path(), &scenario, &targets, "2", "two");
    let (one, two) = (tree(&dir.path().join("one")), tree(&dir.path().join("two")));
    let names: Vec<&String> = one.keys().collect();
    assert_eq!(
        names,
        [
            "calibrate.html",
            "calibrated.toml",
            "charts/marginals.png",
            "charts/marginals.svg",
            "charts/pairs.png",
            "charts/pairs.svg",
            "charts/predictive.png",
            "charts/predictive.svg",
            "parameters.csv",
            "posterior.csv",
            "predictive.csv",
            "scenario.toml",
            "summary.json",
            "waves.csv"
        ]
    );
    assert!(one == two, "outputs differ between 1 and 2 threads");
    // What was kept to resume from is gone once the calibration has ended.
    assert!(!dir.path().join("one.waves").exists());
    // The calibrated scenario is valid and holds the posterior medians.
    let calibrated = dir.path().join("one/calibrated.toml");
    downline().arg("check").arg(&calibrated).assert().success();
    let parameters = String::from_utf8(one["parameters.csv"].clone()).unwrap();
    let median = parameters
        .lines()
        .find(|l| l.starts_with("behaviour.join_probability,"))
        .and_then(|l| l.split(',').nth(3))
        .unwrap()
        .to_string();
    let text = std::fs::read_to_string(&calibrated).unwrap();
    let value: f64 = median.parse().unwrap();
    assert!(
        text.lines().any(|l| l.starts_with("join_probability = ")
            && l.contains(&format!("{}", toml::Value::Float(downline_tidy(value))))),
        "calibrated.toml holds join_probability = {median}"
    );
    assert!(text.starts_with("# Calibrated by downline"));
    // The page says what predictive.csv says, and what parameters.csv says of each key.
    let page = String::from_utf8(one["calibrate.html"].clone()).unwrap();
    let predictive = String::from_utf8(one["predictive.csv"].clone()).unwrap();
    let verdicts: Vec<&str> = (predictive.lines().skip(1))
        .map(|l| l.rsplit(',').next().unwrap())
        .collect();
    let met = verdicts.iter().filter(|v| **v != "not reproduced").count();
    assert!(
        page.contains(&format!(
            "{met} of {} targets are reproduced",
            verdicts.len()
        )),
        "the page's headline does not count {met} of {} targets",
        verdicts.len()
    );
    for id in [
        "headline",
        "predictive",
        "posterior",
        "identified",
        "waves",
        "reproduce",
    ] {
        assert!(
            page.contains(&format!("<section id=\"{id}\"")),
            "no section {id}"
        );
    }
    for chart in ["predictive", "marginals", "pairs"] {
        assert!(
            page.contains(&format!("id=\"chart-{chart}\"")),
            "no chart {chart}"
        );
    }
    for line in parameters.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        let shrinkage: f64 = cells[8].parse().unwrap();
        assert!(
            page.contains(&format!("<td>{shrinkage:.2}</td></tr>")),
            "the page lacks {}'s shrinkage {shrinkage:.2}",
            cells[0]
        );
    }
    assert!(!page.contains("<script"));
}

/// The value as the scenario writer rounds it (12 significant digits).
fn downline_tidy(x: f64) -> f64 {
    format!("{x:.11e}").parse().unwrap()
}

#[test]
fn bad_targets_are_bad_input_at_their_line_and_key() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    for (text, needles) in [
        (
            TARGETS.replace("share_never_recruit", "share_never_recruited"),
            vec!["targets.toml:3:13", "target[0].statistic", "did you mean"],
        ),
        (
            TARGETS.replace("sigma = 0.03", "sigma = 0"),
            vec!["targets.toml:5:9", "target[0].sigma", "greater than 0"],
        ),
        (
            TARGETS.replace("high = 0.9", "high = 0.2"),
            vec!["targets.toml:10:8", "target[1].high"],
        ),
    ] {
        let targets = write(dir.path(), "targets.toml", &text);
        let output = downline()
            .arg("calibrate")
            .arg(&scenario)
            .arg("--targets")
            .arg(&targets)
            .args(["--vary", "behaviour.join_probability=0.1..0.5"])
            .arg("--out")
            .arg(dir.path().join("out"))
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&output.get_output().stderr).to_string();
        for needle in needles {
            assert!(stderr.contains(needle), "`{needle}` in {stderr}");
        }
        assert!(!dir.path().join("out").exists(), "nothing is written");
    }
    // A step range is not a prior.
    let targets = write(dir.path(), "targets.toml", TARGETS);
    downline()
        .arg("calibrate")
        .arg(&scenario)
        .arg("--targets")
        .arg(&targets)
        .args(["--vary", "behaviour.join_probability=0.1..0.5:3"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("without steps"));
}

/// The statistics that the twins are fitted to.
const TWIN_STATISTICS: [&str; 4] = [
    "members_ever",
    "share_never_recruit",
    "median_tenure_months",
    "first_year_quit_share",
];

/// Targets simulated at `values` of `keys`: each statistic's mean over 30 runs (seeds
/// unrelated to the calibration's), with a sigma of 5 % of the value (at least 0.01),
/// the precision of a published figure.
fn twin_targets(source: &ScenarioSource, keys: &[&str], values: &[f64]) -> Vec<Target> {
    let set: Vec<(String, toml::Value)> = (keys.iter().zip(values))
        .map(|(k, v)| (k.to_string(), toml::Value::Float(*v)))
        .collect();
    let scenario = source
        .scenario(
            Overrides {
                seed: Some(9_999),
                ..Overrides::default()
            },
            &set,
        )
        .unwrap();
    let runs: Vec<_> = (0..30).map(|r| run_one(&scenario, r, false)).collect();
    TWIN_STATISTICS
        .iter()
        .map(|name| {
            let index = NAMES.iter().position(|n| n == name).unwrap();
            let values: Vec<f64> = runs
                .iter()
                .map(|r| r.statistics.values()[index])
                .filter(|v| v.is_finite())
                .collect();
            let value = values.iter().sum::<f64>() / values.len() as f64;
            let sigma = (0.05 * value.abs()).max(0.01);
            Target {
                statistic: NAMES[index],
                index,
                value,
                sigma,
                discrepancy: 0.0,
                low: value - 3.0 * sigma,
                high: value + 3.0 * sigma,
            }
        })
        .collect()
}

#[test]
fn identical_twins_are_recovered_and_an_unseen_key_is_not_identified() {
    let dir = temp_dir();
    let path = write(dir.path(), "small.toml", SMALL);
    let source = ScenarioSource::read(&path).unwrap();
    let keys = ["behaviour.join_probability", "behaviour.quit.base"];
    let prior = |seen: bool| -> Vec<Prior> {
        let mut priors = vec![
            Prior {
                key: keys[0].into(),
                low: 0.05,
                high: 0.6,
                integer: false,
            },
            Prior {
                key: keys[1].into(),
                low: 0.0,
                high: 0.12,
                integer: false,
            },
        ];
        if !seen {
            // Hours worked: no target depends on it.
            priors.push(Prior {
                key: "behaviour.hours_per_month".into(),
                low: 0.0,
                high: 100.0,
                integer: false,
            });
        }
        priors
    };
    let settings = Settings {
        points: 60,
        waves: 3,
        runs: 5,
    };
    // Ten twins spread over the prior.
    let truths = [
        [0.15, 0.02],
        [0.25, 0.05],
        [0.35, 0.03],
        [0.45, 0.08],
        [0.20, 0.09],
        [0.30, 0.01],
        [0.40, 0.06],
        [0.50, 0.04],
        [0.12, 0.07],
        [0.55, 0.10],
    ];
    let (mut covered, mut pairs) = (0, 0);
    let mut misses = Vec::new();
    for (twin, truth) in truths.iter().enumerate() {
        let targets = twin_targets(&source, &keys, truth);
        let overrides = Overrides {
            seed: Some(twin as u64 + 1),
            ..Overrides::default()
        };
        let fit = calibrate(
            &source,
            overrides,
            prior(twin != 0),
            targets,
            settings.clone(),
            &[],
            &|_| {},
            &mut |_| Ok(()),
        )
        .unwrap();
        assert!(!fit.posterior.is_empty(), "twin {twin}: nothing kept");
        let parameters = parameters(&fit);
        for (k, value) in truth.iter().enumerate() {
            pairs += 1;
            let p = &parameters[k];
            if (p.q05..=p.q95).contains(value) {
                covered += 1;
            } else {
                misses.push(format!(
                    "twin {twin} {}: {value} not in [{}, {}]",
                    p.key, p.q05, p.q95
                ));
            }
        }
        if twin == 0 {
            // The unseen key keeps most of its prior width; the seen ones shrink.
            let hours = &parameters[2];
            eprintln!(
                "twin 0 shrinkage: join {:.2}, quit base {:.2}, hours (unseen) {:.2}",
                parameters[0].shrinkage, parameters[1].shrinkage, hours.shrinkage
            );
            assert!(
                hours.shrinkage > 0.75,
                "unseen key shrinkage {}",
                hours.shrinkage
            );
            assert!(parameters[0].shrinkage < 0.6, "{}", parameters[0].shrinkage);
        }
    }
    eprintln!("twins: {covered} of {pairs} (parameter, twin) pairs covered; {misses:?}");
    assert!(
        covered * 10 >= pairs * 8,
        "{covered} of {pairs} covered: {misses:#?}"
    );
}

#[test]
fn an_interrupted_calibration_resumes_from_its_finished_waves_to_the_same_result() {
    let dir = temp_dir();
    let path = write(dir.path(), "small.toml", SMALL);
    let source = ScenarioSource::read(&path).unwrap();
    let targets = twin_targets(
        &source,
        &["behaviour.join_probability", "behaviour.quit.base"],
        &[0.3, 0.04],
    );
    let priors = vec![
        Prior {
            key: "behaviour.join_probability".into(),
            low: 0.05,
            high: 0.6,
            integer: false,
        },
        Prior {
            key: "behaviour.quit.base".into(),
            low: 0.0,
            high: 0.12,
            integer: false,
        },
    ];
    let settings = Settings {
        points: 30,
        waves: 3,
        runs: 3,
    };
    let overrides = Overrides::default();
    let whole = calibrate(
        &source,
        overrides,
        priors.clone(),
        targets.clone(),
        settings.clone(),
        &[],
        &|_| {},
        &mut |_| Ok(()),
    )
    .unwrap();
    assert!(whole.waves.len() >= 2, "{}", whole.stopped);
    // Interrupted after its first wave (the callback fails, as a kill would stop it) ...
    let mut kept: Vec<Finished> = Vec::new();
    let interrupted = calibrate(
        &source,
        overrides,
        priors.clone(),
        targets.clone(),
        settings.clone(),
        &[],
        &|_| {},
        &mut |wave| {
            kept.push(wave.clone());
            Err(downline::error::Error::BadInput("interrupted".into()))
        },
    );
    assert!(interrupted.is_err());
    assert_eq!(kept.len(), 1);
    // ... kept as a checkpoint file reads back exactly ...
    let checkpoint = downline::output::records::calibration::WaveCheckpoint::of(&kept[0], "inputs");
    let text = serde_json::to_string(&checkpoint).unwrap();
    let read: downline::output::records::calibration::WaveCheckpoint =
        serde_json::from_str(&text).unwrap();
    assert_eq!(read.finished(), kept[0]);
    // ... and resumed, it runs only the later waves and ends where the whole one did.
    let mut ran = Vec::new();
    let resumed = calibrate(
        &source,
        overrides,
        priors,
        targets,
        settings,
        &[read.finished()],
        &|_| {},
        &mut |wave| {
            ran.push(wave.wave);
            Ok(())
        },
    )
    .unwrap();
    assert!(!ran.contains(&1));
    assert_eq!(resumed.points, whole.points);
    assert_eq!(resumed.posterior, whole.posterior);
    assert_eq!(resumed.waves, whole.waves);
}

#[test]
fn a_design_runs_given_points_exactly_as_a_sweep_of_them_does() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let design = write(
        dir.path(),
        "points.csv",
        "behaviour.join_probability\n0.2\n0.35\n",
    );
    downline()
        .arg("calibrate")
        .arg(&scenario)
        .arg("--design")
        .arg(&design)
        .args(["--runs", "3"])
        .arg("--out")
        .arg(dir.path().join("design"))
        .assert()
        .success();
    downline()
        .arg("sweep")
        .arg(&scenario)
        .args([
            "--vary",
            "behaviour.join_probability=0.2,0.35",
            "--runs",
            "3",
            "--no-charts",
        ])
        .arg("--out")
        .arg(dir.path().join("sweep"))
        .assert()
        .success();
    let read =
        |folder: &str| std::fs::read(dir.path().join(folder).join("point_runs.csv")).unwrap();
    let design_rows = read("design");
    assert_eq!(
        String::from_utf8_lossy(&design_rows).lines().count(),
        1 + 2 * 3
    );
    assert!(design_rows == read("sweep"), "design and sweep rows differ");
    // A row with a missing value is bad input, named by its line.
    let bad = write(
        dir.path(),
        "bad.csv",
        "behaviour.join_probability,product.entry_fee\n0.2\n",
    );
    downline()
        .arg("calibrate")
        .arg(&scenario)
        .arg("--design")
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("line 2"));
}

#[test]
fn a_kind_that_takes_the_rest_lets_another_kind_s_share_be_varied() {
    let dir = temp_dir();
    let text = SMALL.replace(
        "[plan]",
        "[[behaviour.kind]]\nname = \"discount buyer\"\nshare = 0.4\nrecruit_pitches = 0.0\n\n\
         [[behaviour.kind]]\nname = \"builder\"\nshare = \"rest\"\n\n[plan]",
    );
    let path = write(dir.path(), "kinds.toml", &text);
    let source = ScenarioSource::read(&path).unwrap();
    let shares = |set: &[(String, toml::Value)]| -> Vec<f64> {
        let scenario = source.scenario(Overrides::default(), set).unwrap();
        scenario.behaviour.kinds.iter().map(|k| k.share).collect()
    };
    assert_eq!(shares(&[]), [0.4, 0.6]);
    let varied = shares(&[("behaviour.kind[0].share".into(), toml::Value::Float(0.9))]);
    assert_eq!(varied[0], 0.9);
    assert!((varied[1] - 0.1).abs() < 1e-12, "{varied:?}");
    // Through the command line: more discount buyers (who recruit nobody), more members
    // who never recruit.
    let design = write(
        dir.path(),
        "points.csv",
        "behaviour.kind[0].share\n0.2\n0.9\n",
    );
    downline()
        .arg("calibrate")
        .arg(&path)
        .arg("--design")
        .arg(&design)
        .args(["--runs", "4", "--threads", "2", "--out"])
        .arg(dir.path().join("design"))
        .assert()
        .success();
    let table = std::fs::read_to_string(dir.path().join("design/point_runs.csv")).unwrap();
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = header
        .iter()
        .position(|h| *h == "share_never_recruit")
        .unwrap();
    let mean = |point: &str| -> f64 {
        let values: Vec<f64> = (table.lines().skip(1))
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|cells| cells[0] == point)
            .map(|cells| cells[column].parse().unwrap())
            .collect();
        values.iter().sum::<f64>() / values.len() as f64
    };
    let (few, many) = (mean("0"), mean("1"));
    assert!(
        many > few + 0.2,
        "never recruit: {few} at 20 %, {many} at 90 % discount buyers"
    );
    // Two kinds that both take the rest are refused at the second one's share.
    let both = write(
        dir.path(),
        "both.toml",
        &text.replace("share = 0.4", "share = \"rest\""),
    );
    downline()
        .arg("check")
        .arg(&both)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("behaviour.kind[1].share"));
}
