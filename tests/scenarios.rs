//! Every shipped scenario is valid and runs.

mod common;

use common::{downline, repo, temp_dir};

fn shipped() -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(repo().join("scenarios"))
        .expect("scenarios/ exists")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn downline_check_accepts_every_shipped_scenario() {
    let files = shipped();
    for name in ["default", "affiliate", "linear", "party-plan", "pyramid"] {
        assert!(
            files
                .iter()
                .any(|f| f.file_stem().is_some_and(|s| s == name)),
            "scenarios/{name}.toml"
        );
    }
    for file in files {
        downline().arg("check").arg(&file).assert().success();
    }
}

#[test]
fn every_shipped_scenario_runs_and_writes_its_four_files() {
    for file in shipped() {
        let dir = temp_dir();
        downline()
            .arg("run")
            .arg(&file)
            .args(["--runs", "2", "--months", "24"])
            .arg("--out")
            .arg(dir.path())
            .assert()
            .success();
        for output in ["summary.json", "runs.csv", "months.csv", "members.csv"] {
            let len = std::fs::metadata(dir.path().join(output))
                .map(|m| m.len())
                .unwrap_or(0);
            assert!(len > 0, "{}: {output} missing or empty", file.display());
        }
    }
}
