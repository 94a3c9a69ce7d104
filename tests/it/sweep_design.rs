//! Sweeps: `--vary` arguments, grid and Latin hypercube designs, scenario files with a
//! point's values set in them, and the rank-regression sensitivity of outputs to keys.

use crate::common::{SMALL, temp_dir, write};
use downline::ensemble::run_one;
use downline::scenario::distribution::Quantity;
use downline::scenario::{Overrides, Scenario, ScenarioSource};
use downline::sweep::sensitivity::numeric_inputs;
use downline::sweep::{
    Levels, Point, SweepError, Vary, check_points, grid, latin_hypercube, rank_keys, srrc,
};
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use toml::Value;

fn vary(argument: &str) -> Vary {
    Vary::parse(argument).unwrap_or_else(|e| panic!("{argument} is a valid --vary: {e}"))
}

fn vary_error(argument: &str) -> String {
    match Vary::parse(argument) {
        Ok(v) => panic!("{argument} should be refused, got {v:?}"),
        Err(e) => e.to_string(),
    }
}

fn assert_mentions(message: &str, needles: &[&str]) {
    for needle in needles {
        assert!(
            message.contains(needle),
            "message should mention {needle:?}:\n{message}"
        );
    }
}

fn floats(values: &[f64]) -> Vec<Value> {
    values.iter().map(|&x| Value::Float(x)).collect()
}

fn integers(values: &[i64]) -> Vec<Value> {
    values.iter().map(|&x| Value::Integer(x)).collect()
}

// ---------------------------------------------------------------------------------------
// --vary

#[test]
fn a_float_range_gives_evenly_spaced_floats_with_both_ends() {
    let v = vary("behaviour.join_probability=0.1..0.5:5");
    assert_eq!(v.key, "behaviour.join_probability");
    assert_eq!(
        v.values,
        Levels::Range {
            low: 0.1,
            high: 0.5,
            steps: Some(5),
            integer: false
        }
    );
    assert_eq!(
        v.values.grid_values(),
        Some(floats(&[0.1, 0.2, 0.3, 0.4, 0.5]))
    );
}

#[test]
fn an_integer_range_gives_integers_and_a_decimal_point_gives_floats() {
    let v = vary("market.population=1000..5000:3");
    assert_eq!(v.values.grid_values(), Some(integers(&[1000, 3000, 5000])));
    // Uneven spacing is rounded to whole numbers.
    let v = vary("market.population=1000..5000:4");
    assert_eq!(
        v.values.grid_values(),
        Some(integers(&[1000, 2333, 3667, 5000]))
    );
    let v = vary("market.population=1_000..5_000:3");
    assert_eq!(v.values.grid_values(), Some(integers(&[1000, 3000, 5000])));
    let v = vary("product.entry_fee=0.0..100.0:3");
    assert_eq!(v.values.grid_values(), Some(floats(&[0.0, 50.0, 100.0])));
    let v = vary("product.entry_fee=-1.5..1.5:3");
    assert_eq!(v.values.grid_values(), Some(floats(&[-1.5, 0.0, 1.5])));
}

#[test]
fn a_range_without_steps_is_kept_for_a_latin_hypercube() {
    let v = vary("behaviour.quit.base = 0.01..0.05");
    assert_eq!(v.key, "behaviour.quit.base");
    assert_eq!(
        v.values,
        Levels::Range {
            low: 0.01,
            high: 0.05,
            steps: None,
            integer: false
        }
    );
    assert_eq!(v.values.grid_values(), None);
}

#[test]
fn lists_hold_numbers_words_strings_booleans_arrays_and_tables() {
    let v = vary("plan.bonus[1].rate=0.1,0.25,1000");
    assert_eq!(v.key, "plan.bonus[1].rate");
    assert_eq!(
        v.values,
        Levels::List(vec![
            Value::Float(0.1),
            Value::Float(0.25),
            Value::Integer(1000)
        ])
    );
    let v = vary(r#"plan.bonus[0].compression=none, skip_inactive, "dynamic""#);
    assert_eq!(
        v.values,
        Levels::List(vec![
            Value::String("none".into()),
            Value::String("skip_inactive".into()),
            Value::String("dynamic".into())
        ])
    );
    let v = vary("plan.rules.own_purchases_qualify=true,false");
    assert_eq!(
        v.values,
        Levels::List(vec![Value::Boolean(true), Value::Boolean(false)])
    );
    let v = vary("plan.bonus[0].rates=[0.1, 0.05],[0.2, 0.1]");
    assert_eq!(
        v.values,
        Levels::List(vec![
            Value::Array(floats(&[0.1, 0.05])),
            Value::Array(floats(&[0.2, 0.1]))
        ])
    );
    let v = vary(r#"behaviour.recruit_pitches={ dist = "poisson", mean = 2.0 },1.5"#);
    let Levels::List(values) = v.values else {
        panic!("a list")
    };
    assert_eq!(values[0]["dist"].as_str(), Some("poisson"));
    assert_eq!(values[1], Value::Float(1.5));
    let v = vary("behaviour.quit.loss_tolerance=1000.0,inf");
    assert_eq!(v.values, Levels::List(floats(&[1000.0, f64::INFINITY])));
}

#[test]
fn a_missing_equals_sign_is_explained_with_an_example() {
    let message = vary_error("behaviour.join_probability");
    assert_mentions(
        &message,
        &[
            "--vary behaviour.join_probability",
            "expected KEY=VALUES",
            "found no `=`",
            "example:  --vary behaviour.join_probability=0.1..0.5:5",
        ],
    );
}

#[test]
fn a_reversed_range_is_refused_with_the_ends_swapped_in_the_example() {
    let message = vary_error("behaviour.join_probability=0.5..0.1:5");
    assert_mentions(
        &message,
        &[
            "low end first",
            "found 0.5 > 0.1",
            "--vary behaviour.join_probability=0.1..0.5:5",
        ],
    );
    let message = vary_error("behaviour.join_probability=0.3..0.3:5");
    assert_mentions(&message, &["LO < HI", "both ends equal to 0.3"]);
}

#[test]
fn zero_one_or_garbage_steps_are_refused() {
    for steps in ["0", "1"] {
        let message = vary_error(&format!("product.entry_fee=0..100:{steps}"));
        assert_mentions(
            &message,
            &[
                "at least 2 steps (both ends are included)",
                &format!("found {steps}"),
                "product.entry_fee=0..100:5",
            ],
        );
    }
    let message = vary_error("product.entry_fee=0..100:five");
    assert_mentions(&message, &["a whole number of steps", "`five`"]);
    let message = vary_error("product.entry_fee=0..100:");
    assert_mentions(&message, &["a whole number of steps"]);
}

#[test]
fn garbage_numbers_are_refused_naming_the_end_or_the_item() {
    let message = vary_error("behaviour.join_probability=0.1..abc:3");
    assert_mentions(&message, &["a number for the high end", "`abc`"]);
    let message = vary_error("behaviour.join_probability=..0.5:3");
    assert_mentions(&message, &["a number for the low end", "found nothing"]);
    let message = vary_error("behaviour.join_probability=0.1..inf:3");
    assert_mentions(&message, &["a finite number for the high end"]);
    let message = vary_error("behaviour.join_probability=0.1,0.2x");
    assert_mentions(&message, &["TOML values", "`0.2x`"]);
    let message = vary_error("behaviour.join_probability=0.1,,0.3");
    assert_mentions(&message, &["an empty value at position 2"]);
    let message = vary_error("behaviour.join_probability=0.1,0.2,0.1");
    assert_mentions(&message, &["each value once", "`0.1` twice"]);
    assert!(
        message.ends_with("--vary behaviour.join_probability=0.1,0.2"),
        "{message}"
    );
    let message = vary_error("behaviour.join_probability=");
    assert_mentions(&message, &["found nothing"]);
    let message = vary_error("behaviour.join_probability=0.1..0.2,0.3");
    assert_mentions(&message, &["either a range", "a range inside a list"]);
    let message = vary_error("behaviour.join_probability=[0.1, 0.2");
    assert_mentions(&message, &["balanced quotes, brackets and braces"]);
}

#[test]
fn an_integer_range_with_more_steps_than_whole_numbers_suggests_a_real_range() {
    let message = vary_error("behaviour.recruit_pitches=0..2:5");
    assert_mentions(
        &message,
        &[
            "at most 3 steps",
            "found 5",
            "behaviour.recruit_pitches=0.0..2.0:5",
        ],
    );
}

#[test]
fn a_malformed_key_is_refused() {
    for key in [
        "behaviour..quit",
        "plan.bonus[x].rate",
        "behaviour.join probability",
        "",
    ] {
        let message = vary_error(&format!("{key}=0.1,0.2"));
        assert_mentions(&message, &["a dotted key into the scenario file"]);
    }
}

#[test]
fn sweep_errors_are_bad_input() {
    let error = Vary::parse("x").expect_err("no =");
    let error: downline::error::Error = error.into();
    assert_eq!(error.exit_code(), 2);
}

// ---------------------------------------------------------------------------------------
// Grid

#[test]
fn a_two_by_three_grid_runs_the_last_key_fastest() {
    let points = grid(&[
        vary("behaviour.join_probability=0.1,0.2"),
        vary("product.entry_fee=0..100:3"),
    ])
    .expect("a valid grid");
    let expected = [
        (0.1, 0),
        (0.1, 50),
        (0.1, 100),
        (0.2, 0),
        (0.2, 50),
        (0.2, 100),
    ];
    assert_eq!(points.len(), expected.len());
    for (i, (point, (p, fee))) in points.iter().zip(expected).enumerate() {
        assert_eq!(
            *point,
            Point {
                index: i as u32,
                values: vec![
                    ("behaviour.join_probability".to_string(), Value::Float(p)),
                    ("product.entry_fee".to_string(), Value::Integer(fee)),
                ],
            }
        );
    }
    assert_eq!(
        points[1].label(),
        "behaviour.join_probability=0.1, product.entry_fee=50"
    );
}

#[test]
fn a_grid_holds_every_combination_exactly_once() {
    let points = grid(&[
        vary("behaviour.join_probability=0.1..0.3:3"),
        vary("plan.bonus[0].compression=none,dynamic"),
        vary("market.population=1000..4000:4"),
    ])
    .expect("a valid grid");
    assert_eq!(points.len(), 3 * 2 * 4);
    let labels: std::collections::BTreeSet<String> = points.iter().map(Point::label).collect();
    assert_eq!(labels.len(), 24);
    for p in [0.1, 0.2, 0.3] {
        for c in ["none", "dynamic"] {
            for n in [1000, 2000, 3000, 4000] {
                let label = format!(
                    "behaviour.join_probability={p}, plan.bonus[0].compression=\"{c}\", market.population={n}"
                );
                assert!(labels.contains(&label), "missing {label}");
            }
        }
    }
}

#[test]
fn a_grid_refuses_ranges_without_steps_repeated_keys_and_huge_sizes() {
    let message = grid(&[vary("behaviour.join_probability=0.1..0.3")])
        .expect_err("no steps")
        .to_string();
    assert_mentions(&message, &["KEY=LO..HI:STEPS", "without steps", "--lhs"]);
    let message = grid(&[
        vary("behaviour.join_probability=0.1,0.2"),
        vary("behaviour.join_probability=0.3,0.4"),
    ])
    .expect_err("twice")
    .to_string();
    assert_mentions(&message, &["each key varied once", "twice"]);
    let message = grid(&[
        vary("plan.bonus[0].rates=[0.1, 0.05],[0.2, 0.1]"),
        vary("plan.bonus[0].rates[1]=0.01,0.02"),
    ])
    .expect_err("one inside the other")
    .to_string();
    assert_mentions(&message, &["one inside the other"]);
    let message = grid(&[
        vary("product.entry_fee=0.0..1.0:1000"),
        vary("product.monthly_fee=0.0..1.0:1000"),
        vary("product.retail_price=0.0..1.0:1000"),
    ])
    .expect_err("a billion points")
    .to_string();
    assert_mentions(
        &message,
        &["at most 100000 grid points", "1000 × 1000 × 1000"],
    );
    let message = grid(&[]).expect_err("nothing varied").to_string();
    assert_mentions(&message, &["at least one --vary"]);
}

// ---------------------------------------------------------------------------------------
// Latin hypercube

fn stratum(value: f64, low: f64, high: f64, n: usize) -> usize {
    (((value - low) / (high - low)) * n as f64).floor() as usize
}

#[test]
fn a_latin_hypercube_puts_one_value_in_each_stratum_of_every_range() {
    let n = 40;
    let varies = [
        vary("behaviour.join_probability=0.1..0.5"),
        vary("product.entry_fee=0.0..200.0"),
    ];
    let points = latin_hypercube(&varies, n, 11).expect("a valid design");
    assert_eq!(points.len(), n as usize);
    for (key, (low, high)) in [(0, (0.1, 0.5)), (1, (0.0, 200.0))] {
        let mut hits = vec![0; n as usize];
        for point in &points {
            let x = point.values[key].1.as_float().expect("a float");
            assert!((low..=high).contains(&x), "{x} outside [{low}, {high}]");
            hits[stratum(x, low, high, n as usize)] += 1;
        }
        assert!(hits.iter().all(|&h| h == 1), "strata hits {hits:?}");
    }
    assert_eq!(
        points.iter().map(|p| p.index).collect::<Vec<_>>(),
        (0..n).collect::<Vec<_>>()
    );
}

#[test]
fn latin_hypercube_integer_ranges_and_lists_are_balanced() {
    // Ten points over 1..5: the strata of [0.5, 5.5) fall two to each whole number.
    let points = latin_hypercube(
        &[
            vary("market.founders=1..5"),
            vary("plan.bonus[0].compression=none,skip_inactive,dynamic"),
        ],
        10,
        5,
    )
    .expect("a valid design");
    let mut founders = [0; 6];
    let mut modes = std::collections::BTreeMap::new();
    for point in &points {
        let f = point.values[0].1.as_integer().expect("an integer");
        founders[f as usize] += 1;
        *modes
            .entry(point.values[1].1.as_str().expect("a word").to_string())
            .or_insert(0) += 1;
    }
    assert_eq!(founders, [0, 2, 2, 2, 2, 2]);
    // 10 points over 3 values: 3 or 4 each.
    assert_eq!(modes.len(), 3);
    assert!(modes.values().all(|&c| c == 3 || c == 4), "{modes:?}");
}

#[test]
fn a_latin_hypercube_depends_on_its_seed_only() {
    let varies = [
        vary("behaviour.join_probability=0.1..0.5"),
        vary("behaviour.quit.base=0.0..0.1"),
    ];
    let a = latin_hypercube(&varies, 20, 42).expect("valid");
    assert_eq!(a, latin_hypercube(&varies, 20, 42).expect("valid"));
    assert_ne!(a, latin_hypercube(&varies, 20, 43).expect("valid"));
}

#[test]
fn a_latin_hypercube_refuses_stepped_ranges_and_zero_points() {
    let message = latin_hypercube(&[vary("behaviour.join_probability=0.1..0.5:5")], 10, 1)
        .expect_err("steps")
        .to_string();
    assert_mentions(&message, &["ranges without steps for --lhs", "5 steps"]);
    let message = latin_hypercube(&[vary("behaviour.join_probability=0.1..0.5")], 0, 1)
        .expect_err("no points")
        .to_string();
    assert_mentions(&message, &["1 to 100000 points", "--lhs 0"]);
}

proptest! {
    #[test]
    fn grids_are_complete_distinct_and_ordered(sizes in prop::collection::vec(1usize..5, 1..4)) {
        let varies: Vec<Vary> = sizes
            .iter()
            .enumerate()
            .map(|(k, &m)| {
                let values: Vec<String> = (0..m).map(|i| i.to_string()).collect();
                vary(&format!("k{k}={}", values.join(",")))
            })
            .collect();
        let points = grid(&varies).expect("a valid grid");
        prop_assert_eq!(points.len(), sizes.iter().product::<usize>());
        for (i, point) in points.iter().enumerate() {
            prop_assert_eq!(point.index as usize, i);
            // The values read as mixed-radix digits, last key fastest, give the index.
            let mut index = 0;
            for ((_, value), &m) in point.values.iter().zip(&sizes) {
                index = index * m + value.as_integer().expect("integer") as usize;
            }
            prop_assert_eq!(index, i);
        }
    }

    #[test]
    fn latin_hypercube_strata_are_each_hit_once(
        n in 1u32..120,
        low in -100.0f64..100.0,
        width in 0.001f64..1000.0,
        seed in any::<u64>(),
    ) {
        let high = low + width;
        let v = Vary {
            key: "product.entry_fee".into(),
            values: Levels::Range { low, high, steps: None, integer: false },
        };
        let points = latin_hypercube(&[v], n, seed).expect("a valid design");
        let mut hits = vec![0; n as usize];
        for point in &points {
            let x = point.values[0].1.as_float().expect("a float");
            prop_assert!(x >= low && x <= high);
            let s = stratum(x, low, high, n as usize).min(n as usize - 1);
            hits[s] += 1;
        }
        prop_assert!(hits.iter().all(|&h| h == 1), "{:?}", hits);
    }
}

// ---------------------------------------------------------------------------------------
// A scenario with a point's values

fn small_file(dir: &tempfile::TempDir) -> std::path::PathBuf {
    write(dir.path(), "small.toml", SMALL)
}

fn one(key: &str, value: impl Into<Value>) -> Vec<(String, Value)> {
    vec![(key.to_string(), value.into())]
}

#[test]
fn a_point_that_sets_the_files_own_value_runs_like_the_file() {
    let dir = temp_dir();
    let path = small_file(&dir);
    let plain = Scenario::load(&path, Overrides::default()).expect("SMALL is valid");
    let point = Scenario::load_with(
        &path,
        Overrides::default(),
        &one("behaviour.join_probability", 0.3),
    )
    .expect("the same value is valid");
    assert_eq!(
        run_one(&point, 0, false)
            .statistics
            .values()
            .map(f64::to_bits),
        run_one(&plain, 0, false)
            .statistics
            .values()
            .map(f64::to_bits)
    );
    // The hash names what was run: the file alone, or the file and the value.
    assert_ne!(point.hash, plain.hash);
    assert_eq!(
        point.hash,
        downline::scenario::assign::hash(SMALL, &one("behaviour.join_probability", 0.3))
    );
    assert_eq!(plain.hash, downline::scenario::assign::hash(SMALL, &[]));
}

#[test]
fn a_points_source_text_runs_like_the_point() {
    let dir = temp_dir();
    let path = small_file(&dir);
    let values = vec![
        ("behaviour.join_probability".to_string(), Value::Float(0.2)),
        ("plan.bonus[0].rates[1]".to_string(), Value::Float(0.1)),
    ];
    let point = Scenario::load_with(&path, Overrides::default(), &values).expect("valid");
    assert!(
        point.source.contains("join_probability = 0.2"),
        "{}",
        point.source
    );
    let copy = write(dir.path(), "copy.toml", &point.source);
    let again = Scenario::load(&copy, Overrides::default()).expect("the copy is valid");
    assert_eq!(
        run_one(&again, 1, false)
            .statistics
            .values()
            .map(f64::to_bits),
        run_one(&point, 1, false)
            .statistics
            .values()
            .map(f64::to_bits)
    );
}

#[test]
fn a_new_nested_key_is_created() {
    let dir = temp_dir();
    let start = SMALL
        .find("[behaviour.quit]")
        .expect("SMALL has a quit table");
    let end = SMALL.find("[plan]").expect("SMALL has a plan");
    let text = format!("{}{}", &SMALL[..start], &SMALL[end..]);
    let path = write(dir.path(), "no-quit.toml", &text);
    let scenario = Scenario::load_with(
        &path,
        Overrides::default(),
        &one("behaviour.quit.base", 0.05),
    )
    .expect("a quit table is created");
    assert!(matches!(scenario.behaviour.quit.base, Quantity::Fixed(x) if x == 0.05));
    let written: toml::Table = toml::from_str(&scenario.source).expect("TOML");
    assert_eq!(written["behaviour"]["quit"]["base"].as_float(), Some(0.05));
}

#[test]
fn an_invalid_value_is_reported_as_a_sweep_value_naming_the_key() {
    let dir = temp_dir();
    let path = small_file(&dir);
    let error = Scenario::load_with(
        &path,
        Overrides::default(),
        &one("behaviour.join_probability", 1.5),
    )
    .expect_err("1.5 is not a probability");
    assert_eq!(error.error.path.to_string(), "behaviour.join_probability");
    assert_eq!(error.position, None, "the file did not write 1.5");
    assert_mentions(
        &error.to_string(),
        &[
            "behaviour.join_probability",
            "expected: a probability between 0 and 1",
            "found:    1.5",
            "sweep value `behaviour.join_probability = 1.5`",
        ],
    );
    // A float where the file needs an integer.
    let error = Scenario::load_with(
        &path,
        Overrides::default(),
        &one("market.population", 2500.5),
    )
    .expect_err("not a whole number");
    assert_eq!(error.error.path.to_string(), "market.population");
    assert_mentions(&error.to_string(), &["2500.5", "sweep value"]);
}

#[test]
fn a_misspelt_key_gets_a_suggestion() {
    let dir = temp_dir();
    let path = small_file(&dir);
    let error = Scenario::load_with(
        &path,
        Overrides::default(),
        &one("behaviour.join_probabilty", 0.2),
    )
    .expect_err("misspelt");
    assert_mentions(
        &error.to_string(),
        &[
            "behaviour.join_probabilty",
            "did you mean `join_probability`?",
            "sweep value",
        ],
    );
    let error = Scenario::load_with(&path, Overrides::default(), &one("behavior.quit.base", 0.1))
        .expect_err("misspelt table");
    assert_mentions(&error.to_string(), &["did you mean `behaviour`?"]);
}

#[test]
fn an_array_index_out_of_range_names_the_key_and_the_length() {
    let dir = temp_dir();
    let path = small_file(&dir);
    let error = Scenario::load_with(
        &path,
        Overrides::default(),
        &one("plan.bonus[5].rates", 0.1),
    )
    .expect_err("SMALL has two bonuses");
    assert_mentions(
        &error.to_string(),
        &["plan.bonus[5].rates", "`plan.bonus` has 2 elements", "[5]"],
    );
}

#[test]
fn an_error_elsewhere_is_placed_in_the_file_with_the_points_values() {
    let dir = temp_dir();
    let path = small_file(&dir);
    // SMALL has 12 founders: a population of 10 makes the file's founders invalid.
    let error = Scenario::load_with(&path, Overrides::default(), &one("market.population", 10))
        .expect_err("more founders than people");
    assert_eq!(error.error.path.to_string(), "market.founders");
    assert!(error.position.is_some());
    assert_mentions(
        &error.to_string(),
        &["this sweep point sets market.population = 10"],
    );
}

#[test]
fn every_point_is_checked_before_any_run() {
    let dir = temp_dir();
    let base = ScenarioSource::read(&small_file(&dir)).expect("readable");
    let good = grid(&[vary("behaviour.join_probability=0.1..0.5:3")]).expect("valid");
    check_points(&base, Overrides::default(), &good).expect("all valid");
    let bad = grid(&[
        vary("behaviour.join_probability=0.5..1.5:3"),
        vary("product.entry_fee=0,99"),
    ])
    .expect("valid design");
    let error = check_points(&base, Overrides::default(), &bad).expect_err("1.5 is invalid");
    let SweepError::Point { index, others, .. } = &error else {
        panic!("a point error: {error}")
    };
    assert_eq!((*index, *others), (4, 1));
    assert_mentions(
        &error.to_string(),
        &[
            "sweep point 4 (behaviour.join_probability=1.5, product.entry_fee=0) is invalid",
            "(and 1 other point)",
            "found:    1.5",
        ],
    );
    let error: downline::error::Error = error.into();
    assert_eq!(error.exit_code(), 2);
}

// ---------------------------------------------------------------------------------------
// Sensitivity

fn approx(actual: f64, expected: f64, tolerance: f64) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{actual} is not within {tolerance} of {expected}"
    );
}

/// A 200-point Latin hypercube over three keys in [0, 1], as input rows.
fn three_inputs() -> (Vec<String>, Vec<Vec<f64>>) {
    let points = latin_hypercube(
        &[
            vary("x1=0.0..1.0"),
            vary("x2=0.0..1.0"),
            vary("x3=0.0..1.0"),
        ],
        200,
        2024,
    )
    .expect("valid");
    numeric_inputs(&points)
}

#[test]
fn srrc_of_one_key_is_spearmans_rank_correlation() {
    // Ranks (1,2,3,4) against (1,3,2,4): rho = 1 − 6·2/(4·15) = 0.8.
    let fit = srrc(
        &[vec![1.0], vec![2.0], vec![3.0], vec![4.0]],
        &[10.0, 30.0, 20.0, 40.0],
    )
    .expect("a fit");
    approx(fit.coefficients[0], 0.8, 1e-12);
    approx(fit.r_squared, 0.64, 1e-12);
    // Ties: x ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4): 4.5 / √(4.5·5) = 3/√10.
    let fit = srrc(
        &[vec![1.0], vec![2.0], vec![2.0], vec![3.0]],
        &[1.0, 2.0, 3.0, 4.0],
    )
    .expect("a fit");
    approx(fit.coefficients[0], 3.0 / 10f64.sqrt(), 1e-12);
}

#[test]
fn a_linear_effect_with_small_noise_ranks_its_key_first() {
    let (keys, inputs) = three_inputs();
    let mut noise = Xoshiro256PlusPlus::seed_from_u64(9);
    let y: Vec<f64> = inputs
        .iter()
        .map(|x| 3.0 * x[0] + 0.01 * ((noise.next_u64() >> 11) as f64 / (1u64 << 53) as f64))
        .collect();
    let fit = srrc(&inputs, &y).expect("a fit");
    approx(fit.coefficients[0], 1.0, 0.02);
    approx(fit.coefficients[1], 0.0, 0.05);
    approx(fit.coefficients[2], 0.0, 0.05);
    assert!(fit.r_squared > 0.99, "R² {}", fit.r_squared);
    assert_eq!(fit.samples, 200);
    let rankings = rank_keys(&keys, &inputs, &[("median_net".to_string(), y)]).expect("ranked");
    assert_eq!(rankings[0].output, "median_net");
    assert_eq!(rankings[0].effects[0].0, "x1");
}

#[test]
fn a_falling_output_has_a_negative_coefficient() {
    let (keys, inputs) = three_inputs();
    let y: Vec<f64> = inputs.iter().map(|x| -x[1]).collect();
    let fit = srrc(&inputs, &y).expect("a fit");
    approx(fit.coefficients[1], -1.0, 1e-9);
    approx(fit.coefficients[0], 0.0, 1e-9);
    approx(fit.r_squared, 1.0, 1e-9);
    let ranking = &rank_keys(&keys, &inputs, &[("y".to_string(), y)]).expect("ranked")[0];
    assert_eq!(ranking.effects[0].0, "x2");
    approx(ranking.effects[0].1, -1.0, 1e-9);
}

#[test]
fn a_monotone_nonlinear_effect_has_srrc_one() {
    let (_, inputs) = three_inputs();
    let y: Vec<f64> = inputs.iter().map(|x| (5.0 * x[0]).exp()).collect();
    let fit = srrc(&inputs, &y).expect("a fit");
    approx(fit.coefficients[0], 1.0, 1e-9);
    approx(fit.r_squared, 1.0, 1e-9);
}

#[test]
fn tied_grid_inputs_and_outputs_are_ranked_by_average_ranks() {
    // A 3 × 4 grid: each key's values repeat, so every column is full of ties.
    let points = grid(&[vary("a=1,2,3"), vary("b=0.0..1.0:4")]).expect("valid");
    let (keys, inputs) = numeric_inputs(&points);
    assert_eq!(keys, ["a", "b"]);
    let y: Vec<f64> = inputs.iter().map(|x| x[0] * 10.0).collect();
    let fit = srrc(&inputs, &y).expect("a fit");
    approx(fit.coefficients[0], 1.0, 1e-9);
    approx(fit.coefficients[1], 0.0, 1e-9);
}

#[test]
fn constant_keys_and_outputs_and_nan_rows_do_not_panic() {
    let inputs: Vec<Vec<f64>> = (0..10).map(|i| vec![i as f64, 7.0]).collect();
    let y: Vec<f64> = (0..10)
        .map(|i| if i == 3 { f64::NAN } else { i as f64 })
        .collect();
    let fit = srrc(&inputs, &y).expect("a fit");
    approx(fit.coefficients[0], 1.0, 1e-9);
    assert_eq!(fit.coefficients[1], 0.0, "a constant key explains nothing");
    assert_eq!(fit.samples, 9);
    let flat = srrc(&inputs, &[5.0; 10]).expect("a fit");
    assert_eq!(flat.coefficients, vec![0.0, 0.0]);
    assert!(flat.r_squared.is_nan());
    let message = srrc(&inputs[..2], &y[..2])
        .expect_err("too few")
        .to_string();
    assert_mentions(&message, &["at least 3 points", "found 2 points"]);
    let message = srrc(&inputs, &y[..4])
        .expect_err("lengths differ")
        .to_string();
    assert_mentions(&message, &["one output per row"]);
}

#[test]
fn numeric_inputs_leave_out_words() {
    let points = grid(&[
        vary("a=1,2"),
        vary("mode=none,dynamic"),
        vary("flag=true,false"),
    ])
    .expect("valid");
    let (keys, rows) = numeric_inputs(&points);
    assert_eq!(keys, ["a", "flag"]);
    assert_eq!(rows[0], vec![1.0, 1.0]);
    assert_eq!(rows[7], vec![2.0, 0.0]);
}
