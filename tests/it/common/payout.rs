//! Running `downline payout` on a fixture pair and reading its output by (period, id).

use assert_cmd::Command;
use std::collections::HashMap;

pub const DIR: &str = "tests/fixtures/plan-vectors";

/// The printed payout: rows keyed by (period, id), plus stderr.
pub struct Payout {
    pub header: Vec<String>,
    pub rows: HashMap<(String, String), HashMap<String, String>>,
    pub stderr: String,
}

impl Payout {
    pub fn cell(&self, period: &str, id: &str, column: &str) -> &str {
        let row = self
            .rows
            .get(&(period.to_string(), id.to_string()))
            .unwrap_or_else(|| panic!("no row for {id} in period {period}"));
        row.get(column)
            .unwrap_or_else(|| panic!("no column {column} in {:?}", self.header))
    }

    /// Asserts the `paid` column of each listed member in a period.
    pub fn assert_paid(&self, period: &str, expected: &[(&str, &str)]) {
        for (id, paid) in expected {
            assert_eq!(
                self.cell(period, id, "paid"),
                *paid,
                "paid to {id} in period {period}"
            );
        }
    }

    pub fn assert_column(&self, period: &str, column: &str, expected: &[(&str, &str)]) {
        for (id, value) in expected {
            assert_eq!(
                self.cell(period, id, column),
                *value,
                "{column} of {id} in period {period}"
            );
        }
    }

    pub fn assert_totals(&self, line: &str) {
        assert_eq!(self.stderr.trim_end(), line);
    }
}

/// Runs `downline payout DIR/plan.toml DIR/network.csv` and parses what it prints.
pub fn payout(plan: &str, network: &str) -> Payout {
    let output = Command::cargo_bin("downline")
        .unwrap()
        .args([
            "payout",
            &format!("{DIR}/{plan}.toml"),
            &format!("{DIR}/{network}.csv"),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "payout failed: {stderr}");
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let mut rows = HashMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let row: HashMap<String, String> = header
            .iter()
            .cloned()
            .zip(record.iter().map(String::from))
            .collect();
        let key = (row["period"].clone(), row["id"].clone());
        assert!(rows.insert(key, row).is_none(), "duplicate row");
    }
    Payout {
        header,
        rows,
        stderr,
    }
}
