//! Helpers shared by the integration tests: the binary, a small scenario, temp folders.
#![allow(dead_code)]

pub mod images;
pub mod payout;
pub mod scenario;

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The Slurm job-array variables from which `run` and `sweep` take a default shard.
pub const SLURM: [&str; 3] = [
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_MIN",
    "SLURM_ARRAY_TASK_COUNT",
];

/// The `downline` binary built by cargo, outside any Slurm job array (a test that wants
/// one sets the variables itself).
pub fn downline() -> Command {
    let mut command = Command::cargo_bin("downline").expect("the downline binary is built");
    for name in SLURM {
        command.env_remove(name);
    }
    command.env_remove("DOWNLINE_MEMORY_LIMIT");
    command
}

/// The path of the `downline` binary, for tests that start it as a plain process.
pub fn downline_path() -> &'static str {
    env!("CARGO_BIN_EXE_downline")
}

/// Runs `downline COMMAND SCENARIO ARGS --out OUT` and asserts that it succeeds.
pub fn succeed(command: &str, scenario: &Path, args: &[&str], out: &Path) {
    downline()
        .arg(command)
        .arg(scenario)
        .args(args)
        .arg("--out")
        .arg(out)
        .assert()
        .success();
}

/// Every file under `dir`, by its path relative to `dir` (`/`-separated), with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let name = path.strip_prefix(dir).expect("inside").to_string_lossy();
                let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
                files.insert(name.replace('\\', "/"), bytes);
            }
        }
    }
    files
}

/// A small, fast scenario (2,000 people, 24 months) that exercises every step.
pub const SMALL: &str = r#"
[simulation]
months = 24
runs = 8
seed = 7
disclosure_year = 2

[market]
population = 2_000
founders = 12
network = { kind = "small_world", degree = 40, rewire = 0.1 }
reconsider_months = 6
cold_reach = 0.1

[product]
retail_price = 50.0
wholesale_price = 37.5
pv_per_unit = 30.0
cost_of_goods = 10.0
entry_fee = 99.0
monthly_fee = 20.0

[behaviour]
recruit_pitches = { dist = "lognormal", median = 1.5, sigma = 1.5 }
join_probability = 0.3
sales_pitches = { dist = "lognormal", median = 3.0, sigma = 1.0 }
buy_probability = 0.10
customer_units = { dist = "poisson", mean = 1.2 }
customer_churn = 0.15
own_units = { dist = "gamma", shape = 2.0, scale = 1.0 }
qualify_buying = 0.9
hours_per_month = { dist = "lognormal", median = 20.0, sigma = 0.7 }
expenses_per_month = { dist = "lognormal", median = 30.0, sigma = 0.8 }
mentoring = 0.05

[behaviour.quit]
base = 0.03
loss_tolerance = { dist = "lognormal", median = 1500.0, sigma = 0.8 }
loss_power = 2.0
own_use_value = 1.0
contagion = 0.10
buyback = 0.9

[plan]
name = "Test unilevel"
active_pv = 100
payout_cap = 0.5

[[plan.rank]]
name = "Leader"
pv = 100
gv = 1000
legs = 2
leg_gv = 200

[[plan.bonus]]
kind = "unilevel"
rates = [0.25, 0.15, 0.08, 0.05, 0.05]
compression = "dynamic"
base_levels = 2
levels_by_rank = { Leader = 5 }

[[plan.bonus]]
kind = "fast_start"
rates = [0.20, 0.10]
months = 2
"#;

/// A fresh temporary folder, removed when dropped.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write a test file");
    path
}

/// The repository's root (for shipped scenarios).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
