//! Command-line conventions: shell completions and man pages, examples in `--help`,
//! `--quiet` and `--json`, `-` for standard input, and a closed stdout pipe.

use crate::common::{SMALL, downline, downline_path, temp_dir, write};
use predicates::prelude::*;
use serde_json::Value;
use std::io::Read;
use std::process::{Command, Stdio};

const SUBCOMMANDS: [&str; 13] = [
    "run",
    "report",
    "sweep",
    "calibrate",
    "merge",
    "compare",
    "check",
    "payout",
    "org",
    "serve",
    "schema",
    "completions",
    "man",
];

fn stdout_of(args: &[&str]) -> String {
    let out = downline()
        .args(args)
        .assert()
        .success()
        .get_output()
        .clone();
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn completions_cover_every_shell_and_subcommand() {
    let bash = stdout_of(&["completions", "bash"]);
    assert!(bash.contains("_downline()"), "{}", &bash[..200]);
    for sub in SUBCOMMANDS {
        assert!(
            bash.contains(&format!("downline__subcmd__{sub}")),
            "bash lacks {sub}"
        );
    }
    // bash itself completes a subcommand and a subcommand's option with the script.
    let dir = temp_dir();
    let script = write(dir.path(), "downline.bash", &bash);
    let complete = |words: &str, cword: usize| {
        let program = format!(
            "source '{}'; COMP_WORDS=({words}); COMP_CWORD={cword}; \
             _downline downline \"${{COMP_WORDS[$COMP_CWORD]}}\" \"${{COMP_WORDS[$COMP_CWORD-1]}}\"; \
             echo \"${{COMPREPLY[@]}}\"",
            script.display()
        );
        let out = Command::new("bash").args(["-c", &program]).output();
        out.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    if let Ok(said) = complete("downline ru", 1) {
        assert_eq!(said, "run");
        assert_eq!(complete("downline run --no-c", 2).unwrap(), "--no-charts");
        assert_eq!(complete("downline sweep x --va", 3).unwrap(), "--vary");
    }
    let zsh = stdout_of(&["completions", "zsh"]);
    assert!(zsh.starts_with("#compdef downline"), "{}", &zsh[..40]);
    let fish = stdout_of(&["completions", "fish"]);
    assert!(fish.contains("complete -c downline"));
    let powershell = stdout_of(&["completions", "powershell"]);
    assert!(powershell.contains("Register-ArgumentCompleter"));
    downline()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("possible values"));
}

#[test]
fn the_man_page_is_roff_and_a_folder_gets_a_page_per_command() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH downline 1"), "{}", &page[..300]);
    assert!(page.contains(".SH SUBCOMMANDS") && page.contains("downline\\-run(1)"));
    let dir = temp_dir();
    let folder = dir.path().join("man1");
    downline()
        .args(["man", "--dir"])
        .arg(&folder)
        .assert()
        .success()
        .stdout(predicate::str::contains("wrote 14 man pages"));
    let run = std::fs::read_to_string(folder.join("downline-run.1")).expect("downline-run.1");
    assert!(run.contains(".TH downline-run 1"), "{}", &run[..300]);
    assert!(run.contains(&format!("\"downline {}\"", env!("CARGO_PKG_VERSION"))));
    assert!(run.contains("downline run") && run.contains("\\-\\-no\\-charts"));
    for sub in SUBCOMMANDS {
        assert!(folder.join(format!("downline-{sub}.1")).is_file(), "{sub}");
    }
}

#[test]
fn every_subcommand_help_shows_examples_of_itself() {
    for sub in SUBCOMMANDS {
        let help = stdout_of(&[sub, "--help"]);
        let (_, examples) = help
            .split_once("Examples:\n")
            .unwrap_or_else(|| panic!("{sub} --help has no examples:\n{help}"));
        let commands: Vec<&str> = (examples.lines())
            .filter(|l| l.starts_with("  ") && !l.starts_with("    "))
            .collect();
        assert!(!commands.is_empty(), "{sub}");
        // Each example runs the subcommand itself (merge also shows the sharded run).
        assert!(
            (commands.iter()).any(|c| c.contains(&format!("downline {sub}"))),
            "{sub}: {commands:?}"
        );
    }
    assert!(stdout_of(&["--help"]).contains("Examples:"));
}

#[test]
fn json_prints_one_object_that_agrees_with_summary_json_and_quiet_prints_nothing() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let out = dir.path().join("out");
    let args = ["--runs", "3", "--threads", "2", "--no-charts", "--out"];
    let printed = downline()
        .arg("run")
        .arg(&scenario)
        .args(args)
        .arg(&out)
        .arg("--json")
        .assert()
        .success()
        .get_output()
        .clone();
    // No progress on stderr; one line of JSON on stdout.
    assert!(
        printed.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    let text = String::from_utf8(printed.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    let json: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(json["command"], "run");
    assert_eq!(json["runs"], 3);
    assert_eq!(json["scenario"], "small");
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["member_months"], summary["member_months"]);
    for name in [
        "members_ever",
        "share_zero_pay",
        "payout_ratio",
        "median_net",
    ] {
        assert_eq!(
            json["statistics"][name], summary["statistics"][name],
            "{name}"
        );
    }
    let quiet = downline()
        .arg("run")
        .arg(&scenario)
        .args(args)
        .arg(&out)
        .arg("-q")
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(quiet.stdout.is_empty() && quiet.stderr.is_empty());
    downline()
        .arg("run")
        .arg(&scenario)
        .args(["--quiet", "--json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));

    // compare and sweep print their own objects.
    let compared = stdout_of(&[
        "compare",
        out.to_str().unwrap(),
        out.to_str().unwrap(),
        "--out",
        dir.path().join("cmp").to_str().unwrap(),
        "--json",
    ]);
    let json: Value = serde_json::from_str(&compared).expect("JSON");
    assert_eq!(json["command"], "compare");
    let members = (json["statistics"].as_array().unwrap().iter())
        .find(|row| row["statistic"] == "members_ever")
        .expect("members_ever compared");
    assert_eq!(members["difference"], 0.0);
    assert_eq!(members["significant"], false);
    let swept = stdout_of(&[
        "sweep",
        scenario.to_str().unwrap(),
        "--vary",
        "behaviour.join_probability=0.2,0.4",
        "--runs",
        "2",
        "--no-charts",
        "--out",
        dir.path().join("sweep").to_str().unwrap(),
        "--json",
    ]);
    let json: Value = serde_json::from_str(&swept).expect("JSON");
    assert_eq!(
        (json["command"].clone(), json["points"].clone()),
        ("sweep".into(), 2.into())
    );
    assert_eq!(json["runs_here"], 4);
}

#[test]
fn a_dash_reads_standard_input_once() {
    let dir = temp_dir();
    let checked = downline()
        .args(["check", "-"])
        .write_stdin(SMALL)
        .assert()
        .success()
        .get_output()
        .clone();
    let said = String::from_utf8(checked.stdout).unwrap();
    assert!(said.starts_with("<stdin>: ok."), "{said}");
    // An error in standard input is placed in it.
    downline()
        .args(["check", "-"])
        .write_stdin(SMALL.replace("population = 2_000", "population = \"many\""))
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error: <stdin>:"));
    // A network from standard input pays as the same file does.
    let plan = "tests/fixtures/plan-vectors/u-1.toml";
    let network = "tests/fixtures/plan-vectors/u-1.csv";
    let from_file = stdout_of(&["payout", plan, network]);
    let piped = downline()
        .args(["payout", plan, "-"])
        .write_stdin(std::fs::read(network).unwrap())
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(String::from_utf8(piped.stdout).unwrap(), from_file);
    // A scenario from standard input runs, named `stdin`.
    let out = dir.path().join("piped");
    let ran = downline()
        .args(["run", "-", "--runs", "2", "--no-charts", "--json", "--out"])
        .arg(&out)
        .write_stdin(SMALL)
        .assert()
        .success()
        .get_output()
        .clone();
    let json: Value = serde_json::from_slice(&ran.stdout).unwrap();
    assert_eq!(json["scenario"], "stdin");
    assert!(out.join("runs.csv").is_file());
    // Standard input can be read once.
    downline()
        .args(["payout", "-", "-"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "only one input can come from standard input",
        ));
}

#[test]
fn a_closed_pipe_ends_quietly_with_success_and_a_full_disk_does_not() {
    let dir = temp_dir();
    let network = dir.path().join("org.csv");
    downline()
        .args(["org", "--members", "100000", "--periods", "3", "--out"])
        .arg(&network)
        .assert()
        .success();
    let plan = "tests/fixtures/plan-vectors/u-1.toml";
    // `downline payout ... | head -c 100`: the reader goes after 100 bytes of ~10 MB.
    let mut child = Command::new(downline_path())
        .args(["payout", plan])
        .arg(&network)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("started");
    let mut first = [0u8; 100];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let out = child.wait_with_output().expect("ended");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(first.starts_with(b"period,id,paid"));
    // A full disk is an error (exit 1) with the reason.
    if std::path::Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = Command::new(downline_path())
            .args(["check", "scenarios/default.toml"])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("cannot write to stdout: No space left"),
            "{said}"
        );
    }
}

#[test]
fn the_licence_files_citation_and_references_agree_with_the_crate() {
    let cargo = std::fs::read_to_string("Cargo.toml").unwrap();
    assert!(cargo.contains("license = \"MIT OR Apache-2.0\""));
    let mit = std::fs::read_to_string("LICENSE-MIT").expect("LICENSE-MIT");
    assert!(mit.starts_with("MIT License") || mit.contains("Permission is hereby granted"));
    let apache = std::fs::read_to_string("LICENSE-APACHE").expect("LICENSE-APACHE");
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0, January 2004"));
    let citation = std::fs::read_to_string("CITATION.cff").expect("CITATION.cff");
    assert!(citation.starts_with("cff-version: 1.2.0"));
    let version = format!("version: \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(citation.contains(&version), "CITATION.cff lacks {version}");
    let readme = std::fs::read_to_string("README.md").unwrap();
    let (_, references) = readme.split_once("\n## References\n").expect("References");
    let (references, _) = references.split_once("\n## ").unwrap();
    let cited = references.lines().filter(|l| l.starts_with("- ")).count();
    let linked = (references.lines())
        .filter(|l| l.starts_with("- ") && l.contains("http"))
        .count();
    assert!(
        cited >= 40 && linked >= 30,
        "{cited} cited, {linked} linked"
    );
    // The laws the model's code names are among them.
    for law in [
        "Watts",
        "Chung",
        "Bringmann",
        "Lemire",
        "Blackman",
        "Gastwirth",
    ] {
        assert!(references.contains(law), "{law}");
    }
}

#[test]
fn only_run_reruns_one_run_of_the_ensemble_with_its_members_and_ledger() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let all = dir.path().join("all");
    let one = dir.path().join("one");
    let base = ["--runs", "4", "--no-charts", "-q", "--out"];
    let run = |out: &std::path::Path, extra: &[&str]| {
        downline()
            .arg("run")
            .arg(&scenario)
            .args(base)
            .arg(out)
            .args(extra)
            .assert()
            .success();
    };
    run(&all, &["--members", "4", "--ledger", "4"]);
    run(&one, &["--only-run", "2", "--ledger", "1"]);
    let rows = |path: std::path::PathBuf, run_column: usize, run: &str| -> Vec<String> {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines();
        let header = lines.next().unwrap().to_string();
        let mut kept: Vec<String> = lines
            .filter(|l| l.split(',').nth(run_column) == Some(run))
            .map(String::from)
            .collect();
        kept.insert(0, header);
        kept
    };
    for (table, column) in [
        ("runs.csv", 0),
        ("members.csv", 0),
        ("traces.csv", 0),
        ("ledger.csv", 0),
    ] {
        let whole = rows(all.join(table), column, "2");
        let alone = rows(one.join(table), column, "2");
        assert!(whole.len() > 1, "{table}: run 2 has rows");
        assert_eq!(whole, alone, "{table}");
    }
    // The run's seed is exact in both formats, and its key names it.
    let csv = std::fs::read_to_string(one.join("runs.csv")).unwrap();
    let row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    let seed = downline::model::seeding::run_seed(7, 2);
    assert!(seed > 1 << 53, "a seed a double cannot hold");
    assert_eq!(
        (row[0], row[1], row[2]),
        ("2", seed.to_string().as_str(), "s7-r2")
    );
    let jsonl = dir.path().join("jsonl");
    run(&jsonl, &["--format", "jsonl"]);
    let first: Value = serde_json::from_str(
        std::fs::read_to_string(jsonl.join("runs.jsonl"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        first["seed"],
        downline::model::seeding::run_seed(7, 0).to_string()
    );
    assert_eq!(first["run_key"], "s7-r0");
    // A run outside the ensemble is bad input.
    downline()
        .arg("run")
        .arg(&scenario)
        .args(["--runs", "4", "--only-run", "4"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("numbered 0 to 3"));
}

#[test]
fn odd_scenarios_get_warnings_that_never_stop_them() {
    let dir = temp_dir();
    // Wholesale above retail, over six months (still growing at the end): warnings on
    // stderr and in --json, and the run still succeeds.
    let odd = SMALL
        .replacen("wholesale_price = 37.5", "wholesale_price = 60.0", 1)
        .replacen("months = 24", "months = 6", 1)
        .replacen("disclosure_year = 2\n", "", 1);
    let scenario = write(dir.path(), "odd.toml", &odd);
    let checked = downline()
        .arg("check")
        .arg(&scenario)
        .assert()
        .success()
        .get_output()
        .clone();
    let said = String::from_utf8_lossy(&checked.stderr);
    assert!(
        said.contains("warning: product.wholesale_price (60) is above product.retail_price (50)"),
        "{said}"
    );
    let warnings_of = |scenario: &std::path::Path, out: &str| -> (Vec<String>, String) {
        let ran = downline()
            .arg("run")
            .arg(scenario)
            .args(["--runs", "4", "--no-charts", "--json", "--out"])
            .arg(dir.path().join(out))
            .assert()
            .success()
            .get_output()
            .clone();
        let json: Value = serde_json::from_slice(&ran.stdout).unwrap();
        let warnings = (json["warnings"].as_array().unwrap().iter())
            .map(|w| w.as_str().unwrap().to_string())
            .collect();
        (warnings, String::from_utf8_lossy(&ran.stderr).into_owned())
    };
    let (warnings, stderr) = warnings_of(&scenario, "odd");
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("product.wholesale_price")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("peaks in the last month")),
        "{warnings:?}"
    );
    assert_eq!(
        stderr.matches("warning: ").count(),
        warnings.len(),
        "{stderr}"
    );
    // A fee far above any pay.
    let fee = SMALL.replacen("monthly_fee = 20.0", "monthly_fee = 5000.0", 1);
    let (warnings, _) = warnings_of(&write(dir.path(), "fee.toml", &fee), "fee");
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("product.monthly_fee ($5000.00) is more than the plan pays")),
        "{warnings:?}"
    );
    // The plain scenario has none of them.
    let plain = write(dir.path(), "plain.toml", SMALL);
    let checked = downline()
        .arg("check")
        .arg(&plain)
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(checked.stderr.is_empty());
}

#[test]
fn calibrate_prints_its_summary_as_json() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let targets = write(
        dir.path(),
        "targets.toml",
        "[[target]]\nstatistic = \"share_never_recruit\"\nvalue = 0.70\nsigma = 0.05\n",
    );
    let out = downline()
        .arg("calibrate")
        .arg(&scenario)
        .arg("--targets")
        .arg(&targets)
        .args([
            "--vary",
            "behaviour.join_probability=0.05..0.6",
            "--points",
            "8",
            "--runs",
            "2",
            "--waves",
            "1",
            "--months",
            "12",
            "--json",
            "--out",
        ])
        .arg(dir.path().join("fit"))
        .assert()
        .success()
        .get_output()
        .clone();
    let json: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(json["command"], "calibrate");
    assert_eq!(json["summary"]["points"], 8);
    assert_eq!(json["waves"].as_array().unwrap().len(), 1);
    assert_eq!(json["parameters"][0]["key"], "behaviour.join_probability");
    assert_eq!(json["predictive"][0]["statistic"], "share_never_recruit");
    // No progress lines with --json.
    assert!(!String::from_utf8_lossy(&out.stderr).contains("wave 1:"));
}
