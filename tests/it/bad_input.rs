//! Bad scenario files: each gets exit code 2, a message naming the file, line, column
//! and key path with what was expected and found, and nothing is written.

use crate::common::{SMALL, downline, temp_dir, write};

/// (what is wrong, the file's text, the `file:line:` prefix, text the message must contain).
fn cases() -> Vec<(&'static str, String, u32, Vec<&'static str>)> {
    let line_of = |needle: &str| -> u32 {
        SMALL
            .lines()
            .position(|l| l.starts_with(needle))
            .expect("needle in SMALL") as u32
            + 1
    };
    vec![
        (
            "misspelt key",
            SMALL.replace("recruit_pitches =", "recruit_pitchs ="),
            line_of("recruit_pitches ="),
            vec![
                "behaviour.recruit_pitchs",
                "did you mean `recruit_pitches`?",
            ],
        ),
        (
            "wrong type",
            SMALL.replace("population = 2_000", "population = \"many\""),
            line_of("population ="),
            vec!["market.population", "expected", "many"],
        ),
        (
            "probability 1.5",
            SMALL.replace("join_probability = 0.3", "join_probability = 1.5"),
            line_of("join_probability ="),
            vec!["behaviour.join_probability", "between 0 and 1", "1.5"],
        ),
        (
            "negative price",
            SMALL.replace("retail_price = 50.0", "retail_price = -50.0"),
            line_of("retail_price ="),
            vec![
                "product.retail_price",
                "a number from 0 to 1,000,000,000",
                "-50",
            ],
        ),
        (
            "unknown rank",
            SMALL.replace(
                "levels_by_rank = { Leader = 5 }",
                "levels_by_rank = { Leadr = 5 }",
            ),
            line_of("levels_by_rank ="),
            vec!["plan.bonus[0].levels_by_rank.Leadr", "Leader"],
        ),
        (
            "unknown distribution",
            SMALL.replace(r#"dist = "gamma""#, r#"dist = "gama""#),
            line_of("own_units ="),
            vec!["behaviour.own_units.dist", "did you mean `gamma`?"],
        ),
        (
            "founder kind without kinds",
            SMALL.replace("founders = 12", "founders = 12\nfounder_kind = \"builder\""),
            line_of("founders =") + 1,
            vec!["market.founder_kind", "builder", "without kinds"],
        ),
        (
            "founders' delay too long",
            SMALL.replace(
                "founders = 12",
                "founders = 12\nfounder_recruit_delay = 5000",
            ),
            line_of("founders =") + 1,
            vec!["market.founder_recruit_delay", "0 to 1200", "5000"],
        ),
        ("empty file", String::new(), 1, vec!["market"]),
        (
            "not TOML",
            "this is not = = toml\n".to_string(),
            1,
            vec!["TOML"],
        ),
    ]
}

#[test]
fn every_malformed_scenario_is_refused_with_its_line_and_key() {
    for (what, text, line, needles) in cases() {
        assert_ne!(text, SMALL, "{what}: the test's substitution did not apply");
        let dir = temp_dir();
        let scenario = write(dir.path(), "bad.toml", &text);
        let out = dir.path().join("out");
        for command in ["run", "check"] {
            let mut cmd = downline();
            cmd.arg(command).arg(&scenario);
            if command == "run" {
                cmd.arg("--out").arg(&out).args(["--runs", "1"]);
            }
            let output = cmd.output().expect("the binary runs");
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{what} ({command}): exit code; stderr:\n{stderr}"
            );
            let prefix = format!("bad.toml:{line}:");
            assert!(
                stderr.contains(&prefix),
                "{what}: no `{prefix}` in:\n{stderr}"
            );
            for needle in &needles {
                assert!(
                    stderr.contains(needle),
                    "{what}: no `{needle}` in:\n{stderr}"
                );
            }
            assert!(!stderr.contains("panicked"), "{what}: panicked:\n{stderr}");
            assert!(!out.exists(), "{what}: output was written");
        }
    }
}

#[test]
fn a_missing_file_is_bad_input() {
    let output = downline()
        .args(["check", "no/such/file.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no/such/file.toml"));
}

#[test]
fn impossible_flags_are_bad_input_named_as_flags() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "ok.toml", SMALL);
    for (flags, needle) in [
        (["--threads", "0"], "--threads"),
        (["--runs", "0"], "--runs"),
        (["--months", "0"], "--months"),
        (["--months", "5000"], "--months"),
    ] {
        let out = dir.path().join("out");
        let output = downline()
            .arg("run")
            .arg(&scenario)
            .args(flags)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{flags:?}: {stderr}");
        assert!(
            stderr.contains(needle) && !stderr.contains("ok.toml:"),
            "{flags:?}: {stderr}"
        );
        assert!(!out.exists());
    }
}

#[test]
fn a_run_too_large_for_memory_is_refused_with_an_estimate() {
    let dir = temp_dir();
    let huge = SMALL.replace("population = 2_000", "population = 4_000_000_000");
    assert_ne!(huge, SMALL);
    let scenario = write(dir.path(), "huge.toml", &huge);
    let out = dir.path().join("out");
    let output = downline()
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("GiB of memory before anyone joins") && stderr.contains("available"),
        "{stderr}"
    );
    assert!(!out.exists());
}

#[test]
fn a_bad_out_folder_is_refused_before_any_run() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "ok.toml", SMALL);
    let file = write(dir.path(), "a-file", "not a folder");
    let unwritable = std::path::PathBuf::from("/proc/downline-no-such-place/out");
    // A folder downline did not write: replacing it whole would delete the letter.
    let documents = dir.path().join("documents");
    std::fs::create_dir(&documents).unwrap();
    write(&documents, "letter.txt", "keep me");
    for (out, needle) in [
        (&file, "not a folder"),
        (&unwritable, "cannot create"),
        (&documents, "did not write"),
    ] {
        for command in [
            vec!["run", "--runs", "20"],
            vec!["sweep", "--vary", "product.entry_fee=0,50", "--runs", "20"],
        ] {
            let output = downline()
                .arg(command[0])
                .arg(&scenario)
                .args(&command[1..])
                .arg("--out")
                .arg(out)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{command:?} {out:?}: {stderr}"
            );
            assert!(stderr.contains(needle), "{stderr}");
            // Refused before the runs: no progress was printed.
            assert!(!stderr.contains("runs "), "{stderr}");
        }
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");
    assert_eq!(
        std::fs::read_to_string(documents.join("letter.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn an_out_folder_that_holds_or_is_an_input_is_refused() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "ok.toml", SMALL);
    let root = dir.path().join("output");
    let shards: Vec<_> = (0..2)
        .map(|i| {
            let out = root.join("shards").join(i.to_string());
            let shard = format!("{i}/2");
            let args = ["--runs", "4", "--no-charts", "--shard", shard.as_str()];
            crate::common::succeed("run", &scenario, &args, &out);
            out
        })
        .collect();
    for out in [&root, &shards[0]] {
        let output = downline()
            .arg("merge")
            .args(&shards)
            .arg("--out")
            .arg(out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("apart from the folders read"), "{stderr}");
    }
    let output = downline()
        .arg("compare")
        .arg(&shards[0])
        .arg(&shards[1])
        .arg("--out")
        .arg(&shards[0])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    for shard in &shards {
        assert!(shard.join("manifest.json").is_file(), "the shard is intact");
    }
}
