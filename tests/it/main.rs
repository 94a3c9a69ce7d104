//! The integration tests, in one binary (as ripgrep does): one module per area, the
//! helpers they share in [`common`]. Golden plan vectors are fixture files in
//! `tests/fixtures/plan-vectors/`.

mod common;

mod accounting;
mod bad_input;
mod bounds;
mod calibrate;
mod calibration;
mod charts;
mod cli;
mod companies;
mod compare;
mod determinism;
mod disclosure;
mod formats;
mod fuzz_regressions;
mod guards;
mod kill_loop;
mod laws;
mod mechanics;
mod memory;
mod one_number;
mod org;
mod parquet;
mod payout;
mod payout_ledger;
mod payout_more;
mod payout_ranks;
mod payout_rates;
mod payout_stairstep;
mod payout_tree;
mod payout_vs;
mod plan_properties;
mod report_data;
mod report_html;
mod scenarios;
mod schema;
mod serve;
mod shards;
mod sweep;
mod sweep_charts;
mod sweep_design;
mod traces;
