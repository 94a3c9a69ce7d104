//! `--format parquet` (cargo feature `parquet`): a run's and a sweep's tables as Parquet
//! files hold the CSV's values (read back with the parquet crate's reader through the
//! same record structs, and written again as CSV, they are the CSV files byte for
//! byte), and the folder gives the same report.
#![cfg(feature = "parquet")]

use crate::common::{SMALL, succeed, temp_dir, write};
use downline::output::encode::{default_encoder, read_table, write_table};
use downline::output::records::curves::CurveRow;
use downline::output::records::histograms::HistogramRow;
use downline::output::records::members::MemberRow;
use downline::output::records::months::MonthRow;
use downline::output::records::point_runs::PointRunRow;
use downline::output::records::runs::RunRow;
use downline::output::records::traces::TraceRow;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;

fn same_table<R: Serialize + DeserializeOwned + Default>(csv: &Path, parquet: &Path, name: &str) {
    let file = parquet.join(format!("{name}.parquet"));
    let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    assert!(
        bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
        "{name}: not Parquet"
    );
    let from_parquet: Vec<R> = read_table(parquet, name).expect("the Parquet table reads");
    let from_csv: Vec<R> = read_table(csv, name).expect("the CSV table reads");
    assert!(!from_csv.is_empty(), "{name} is empty");
    assert_eq!(
        serde_json::to_string(&from_parquet).unwrap(),
        serde_json::to_string(&from_csv).unwrap(),
        "{name}: Parquet and CSV hold different values"
    );
    let again = temp_dir();
    write_table(again.path(), name, default_encoder(), from_parquet).expect("writes CSV");
    assert!(
        std::fs::read(again.path().join(format!("{name}.csv"))).unwrap()
            == std::fs::read(csv.join(format!("{name}.csv"))).unwrap(),
        "{name}: the Parquet rows written as CSV differ"
    );
}

#[test]
fn a_run_and_a_sweep_in_parquet_hold_the_csv_values() {
    let dir = temp_dir();
    let scenario = write(dir.path(), "small.toml", SMALL);
    let (csv, parquet) = (dir.path().join("csv"), dir.path().join("parquet"));
    let args = ["--runs", "4", "--members", "2", "--threads", "2"];
    succeed("run", &scenario, &args, &csv);
    let mut with_format = args.to_vec();
    with_format.extend(["--format", "parquet"]);
    succeed("run", &scenario, &with_format, &parquet);
    same_table::<RunRow>(&csv, &parquet, "runs");
    same_table::<MonthRow>(&csv, &parquet, "months");
    same_table::<CurveRow>(&csv, &parquet, "curves");
    same_table::<HistogramRow>(&csv, &parquet, "histograms");
    same_table::<MemberRow>(&csv, &parquet, "members");
    same_table::<TraceRow>(&csv, &parquet, "traces");
    for file in ["summary.json", "report.html"] {
        assert!(
            std::fs::read(csv.join(file)).unwrap() == std::fs::read(parquet.join(file)).unwrap(),
            "{file} differs"
        );
    }
    // A sweep's varied keys (column names with dots and brackets) and text cells.
    let (csv, parquet) = (
        dir.path().join("sweep-csv"),
        dir.path().join("sweep-parquet"),
    );
    let vary = [
        "--vary",
        "behaviour.join_probability=0.2,0.4",
        "--runs",
        "2",
        "--no-charts",
    ];
    succeed("sweep", &scenario, &vary, &csv);
    let mut with_format = vary.to_vec();
    with_format.extend(["--format", "parquet"]);
    succeed("sweep", &scenario, &with_format, &parquet);
    same_table::<PointRunRow>(&csv, &parquet, "point_runs");
}
