//! downline: a parallel agent-based simulator of network marketing and multi-level
//! marketing.
//!
//! Data flows one way: a scenario file is validated into a [`scenario::Scenario`]; each
//! run builds a [`model::World`] from it and one seed and steps it month by month,
//! paying members through a [`plan::Plan`]; the run's [`model::RunRecord`] goes into
//! [`ensemble`] statistics across runs; [`output`] writes them as files and [`report`]
//! draws charts and pages from those files. `model` and `plan` are pure (no files,
//! printing or clocks); everything that touches the outside world is at the edges.
//!
//! # Layers
//!
//! Every import points down this list; nothing imports a layer above its own.
//!
//! ```text
//! commands   main.rs, cli.rs, commands/   one function per subcommand (binary only)
//! server     serve/                       the class page's local web server: requests,
//!                                         runs in the background (does I/O)
//! products   report/                      pages and charts: the run report, the
//!                                         comparison, the sweep's charts, the class page
//! files      output/                      typed records of every output file, their
//!                                         encoders, atomic files and folders, shards
//! sweep      sweep/, calibrate/,          parameter sweeps: designs, runs, sensitivity;
//!            fuzzing.rs                   calibration to targets by history matching;
//!                                         the fuzz targets' entry points (fuzz/)
//! ensemble   ensemble/                    many runs in parallel, statistics across them
//! model      model/                       the agent-based world, one run; generated
//!                                         organisations for `payout` (model/org.rs)
//! input      scenario/, network_csv.rs    scenario files and network CSVs, validated
//! plan       plan/                        compensation plans, paid period by period
//! primitives input_error.rs, error.rs     input errors with key paths; exit codes
//! ```

// Input errors carry the file, position, source line, key path and suggestion; they are
// built once on a cold path, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod calibrate;
pub mod ensemble;
pub mod error;
pub mod fuzzing;
pub mod input_error;
pub mod model;
pub mod network_csv;
pub mod output;
pub mod plan;
pub mod report;
pub mod scenario;
pub mod serve;
pub mod sweep;
