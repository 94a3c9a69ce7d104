//! Bounds on every input (issue: inputs that validate but cannot finish or overflow):
//! each limit is accepted at its value and refused above it with the usual message;
//! a scenario with every per-member rate at its limit finishes and writes no NaN or
//! inf; long lines and large files are quoted shortly; the network CSV refuses what
//! cannot be paid.

use crate::common::{SMALL, downline, temp_dir, write};
use downline::input_error::KeyPath;
use downline::scenario::distribution::{MAX_COUNT, Meaning, Quantity};
use predicates::prelude::*;
use rand::SeedableRng;

/// Checks the scenario text; returns (exit code, stderr).
fn check(text: &str) -> (i32, String) {
    let dir = temp_dir();
    let file = write(dir.path(), "s.toml", text);
    let out = downline().arg("check").arg(&file).output().expect("ran");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn refused(text: &str, words: &[&str]) {
    let (code, said) = check(text);
    assert_eq!(code, 2, "{said}");
    for w in words {
        assert!(said.contains(w), "`{w}` not in:\n{said}");
    }
    // Messages speak the file's language, not Rust's.
    for rust in ["u32", "u64", "f64", "struct ", "sequence", "Some(", "None"] {
        assert!(!said.contains(rust), "`{rust}` in:\n{said}");
    }
}

#[test]
fn every_rate_price_and_count_is_bounded_with_the_usual_message() {
    let set = |from: &str, to: &str| {
        assert!(SMALL.contains(from), "{from}");
        SMALL.replacen(from, to, 1)
    };
    // At the limit: valid.
    for text in [
        set(
            "sales_pitches = { dist = \"lognormal\", median = 3.0, sigma = 1.0 }",
            "sales_pitches = 10000",
        ),
        set(
            "customer_units = { dist = \"poisson\", mean = 1.2 }",
            "customer_units = 10000",
        ),
        set(
            "hours_per_month = { dist = \"lognormal\", median = 20.0, sigma = 0.7 }",
            "hours_per_month = { dist = \"lognormal\", median = 1e9, sigma = 5 }",
        ),
    ] {
        let (code, said) = check(&text);
        assert_eq!(code, 0, "{said}\n{text}");
    }
    // Above it: refused at the key, with the bound.
    refused(
        &set(
            "sales_pitches = { dist = \"lognormal\", median = 3.0, sigma = 1.0 }",
            "sales_pitches = 1e12",
        ),
        &[
            "behaviour.sales_pitches",
            "a count a month from 0 to 10,000",
            "1000000000000",
        ],
    );
    refused(
        &set(
            "sales_pitches = { dist = \"lognormal\", median = 3.0, sigma = 1.0 }",
            "sales_pitches = { dist = \"lognormal\", median = 0.8, sigma = 6 }",
        ),
        &[
            "behaviour.sales_pitches.sigma",
            "a spread of at most 5",
            "6",
        ],
    );
    refused(
        &set(
            "sales_pitches = { dist = \"lognormal\", median = 3.0, sigma = 1.0 }",
            "sales_pitches = { dist = \"poisson\", mean = 20000 }",
        ),
        &["behaviour.sales_pitches.mean", "a mean of at most 10,000"],
    );
    refused(
        &set("monthly_fee = 20.0", "monthly_fee = 1e308"),
        &["product.monthly_fee", "a number from 0 to 1,000,000,000"],
    );
    refused(
        &set("reconsider_months = 6", "reconsider_months = 1e9"),
        &[
            "market.reconsider_months",
            "a mean from 1 to 100,000 months",
        ],
    );
    refused(
        &set("runs = 8", "runs = 2000000"),
        &["simulation.runs", "a number of runs from 1 to 1,000,000"],
    );
    refused(
        &set("population = 2_000", "population = \"many\""),
        &[
            "market.population",
            "a whole number from 0 to 4,294,967,295",
            "the text \"many\"",
        ],
    );
}

#[test]
fn draws_of_unbounded_distributions_are_capped_at_the_limit() {
    let table: toml::Table =
        toml::from_str("v = { dist = \"lognormal\", median = 5000.0, sigma = 5.0 }").unwrap();
    let q = Quantity::from_toml(&table["v"], &KeyPath::root().key("v"), Meaning::Count).unwrap();
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
    let draws: Vec<f64> = (0..10_000).map(|_| q.sample(&mut rng)).collect();
    assert!(draws.iter().all(|&d| (0.0..=MAX_COUNT).contains(&d)));
    // Half the draws lie above the median; with sigma 5 a third of all draws exceed the
    // cap (P(Z > ln 2 / 5) = 0.445): they are capped, not redrawn.
    let capped = draws.iter().filter(|&&d| d == MAX_COUNT).count();
    assert!((4_000..4_900).contains(&capped), "{capped}");
}

#[test]
fn a_scenario_at_every_limit_finishes_and_writes_no_nan_or_inf() {
    let dir = temp_dir();
    let text = SMALL
        .replacen("population = 2_000", "population = 300", 1)
        .replacen(
            "sales_pitches = { dist = \"lognormal\", median = 3.0, sigma = 1.0 }",
            "sales_pitches = { dist = \"lognormal\", median = 10000, sigma = 5 }",
            1,
        )
        .replacen(
            "customer_units = { dist = \"poisson\", mean = 1.2 }",
            "customer_units = 10000",
            1,
        )
        .replacen("monthly_fee = 20.0", "monthly_fee = 1e9", 1)
        .replacen("retail_price = 50.0", "retail_price = 1e9", 1)
        .replacen("entry_fee = 99.0", "entry_fee = 1e9", 1);
    let scenario = write(dir.path(), "limits.toml", &text);
    let out = dir.path().join("out");
    downline()
        .arg("run")
        .arg(&scenario)
        .args([
            "--runs",
            "2",
            "--months",
            "12",
            "--no-charts",
            "-q",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.ends_with("histograms.csv") {
            // The open bins' outer edges are infinite by definition (README): only the
            // other cells must be finite.
            text = text.replace(",-inf,", ",edge,").replace(",inf,", ",edge,");
        }
        for bad in ["NaN", "inf", "Infinity"] {
            assert!(!text.contains(bad), "{bad} in {}", path.display());
        }
    }
}

#[test]
fn sweeps_are_sized_before_anything_is_allocated() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "s.toml", SMALL);
    for (vary, words) in [
        (
            "behaviour.join_probability=0.0..1.0:4000000000",
            "at most 100000 steps",
        ),
        (
            "behaviour.join_probability=0.0..1.0:200000",
            "at most 100000 steps",
        ),
    ] {
        downline()
            .arg("sweep")
            .arg(&scenario)
            .args(["--vary", vary])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(words));
    }
    downline()
        .arg("run")
        .arg(&scenario)
        .args(["--runs", "2000000"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--runs"));
}

#[test]
fn long_lines_and_large_files_are_quoted_shortly() {
    // A 600 KB line: the message quotes about 100 characters of it.
    let values = vec!["1"; 300_000].join(",");
    let (code, said) = check(&format!("[market]\npopulation = [{values}]\n"));
    assert_eq!(code, 2);
    assert!(said.len() < 600, "{} bytes:\n{said}", said.len());
    assert!(said.contains("a list") && said.contains('…'), "{said}");
    // A long string value is cut too.
    let (code, said) = check(&format!(
        "[market]\npopulation = \"{}\"\n",
        "x".repeat(100_000)
    ));
    assert_eq!(code, 2);
    assert!(said.len() < 1_000 && said.contains("characters)"), "{said}");
    // A file over 4 MiB is refused before it is parsed.
    let (code, said) = check(&format!("# {}\n", "x".repeat(5 << 20)));
    assert_eq!(code, 2);
    assert!(said.contains("at most 4 MiB"), "{said}");
}

#[test]
fn encodings_and_nesting_are_told_with_line_and_column() {
    let dir = temp_dir();
    let cases: [(&str, &[u8], &[&str]); 3] = [
        (
            "latin1.toml",
            b"a = 1\nb = \"caf\xe9\"\n",
            &[":2:9:", "UTF-8 text", "0xE9"],
        ),
        (
            "utf16.toml",
            b"\xff\xfea\x00=\x001\x00",
            &[":1:1:", "UTF-16"],
        ),
        ("nested.toml", b"", &[":1:", "valid TOML", "recurse"]),
    ];
    for (name, bytes, words) in cases {
        let path = dir.path().join(name);
        let bytes = if name == "nested.toml" {
            format!("x = {}{}\n", "[".repeat(5_000), "]".repeat(5_000)).into_bytes()
        } else {
            bytes.to_vec()
        };
        std::fs::write(&path, bytes).unwrap();
        let out = downline().arg("check").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let said = String::from_utf8_lossy(&out.stderr);
        for w in words {
            assert!(said.contains(w), "{name}: `{w}` not in {said}");
        }
    }
}

#[test]
fn the_network_csv_refuses_what_cannot_be_paid() {
    let dir = temp_dir();
    let plan = "tests/fixtures/plan-vectors/u-1.toml";
    let cases = [
        ("", "found an empty file"),
        ("id,sponsor,pv\n", "found no rows"),
        (
            "id,sponsor,pv\nA,,1e300\n",
            "a number from 0 to 1,000,000,000,000",
        ),
        (
            "period,id,sponsor,pv,placement,side\n1,A,,10,,\n1,B,A,10,A,L\n1,C,A,10,A,L\n",
            "net.csv:4: column `side`: expected a free side under `A` (`B` is on the left side since line 3)",
        ),
        // B leaves after period 1; its position is kept, so its side stays taken.
        (
            "period,id,sponsor,pv,placement,side\n1,A,,10,,\n1,B,A,10,A,R\n2,A,,10,,\n2,C,A,10,A,R\n",
            "net.csv:5: column `side`",
        ),
        (
            "period,id,sponsor,pv,placement,side\n1,A,,10,,\n1,B,A,10,A,L\n2,B,A,10,A,R\n",
            "expected the left side (the side given when the member joined), or empty, found the right side",
        ),
    ];
    for (text, words) in cases {
        let network = write(dir.path(), "net.csv", text);
        downline()
            .args(["payout", plan])
            .arg(&network)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(words));
    }
    // A binary cycle of (almost) no volume is refused in the plan.
    let plan = write(
        dir.path(),
        "binary.toml",
        "[plan]\nname = \"b\"\n[[plan.bonus]]\nkind = \"binary\"\ncycle = { big = 1e-9, small = 1e-9, pay = 10 }\n",
    );
    downline().arg("check").arg(&plan).assert().code(2).stderr(
        predicate::str::contains("plan.bonus[0].cycle.big").and(predicate::str::contains(
            "a volume from 0.01 to 1,000,000,000,000",
        )),
    );
}

#[test]
fn an_out_that_cannot_be_written_is_refused_first_with_the_reason() {
    // /proc refuses new files for everyone, root included.
    if !std::path::Path::new("/proc/self").exists() {
        return;
    }
    for args in [
        vec!["org", "--members", "10", "--out", "/proc/network.csv"],
        vec![
            "payout",
            "tests/fixtures/plan-vectors/u-1.toml",
            "tests/fixtures/plan-vectors/u-1.csv",
            "--ledger",
            "/proc/ledger.csv",
        ],
    ] {
        downline()
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("cannot write in /proc ("));
    }
}
