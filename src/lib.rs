//! downline: a parallel agent-based simulator of network marketing and multi-level
//! marketing.
//!
//! Data flows one way: a scenario file is validated into a [`scenario::Scenario`]; each
//! run builds a [`model::World`] from it and one seed and steps it month by month,
//! paying members through a [`plan::Plan`]; the run's [`model::RunRecord`] goes into
//! [`ensemble`] statistics across runs; [`report`] writes them out. `model` and `plan`
//! are pure (no files, printing or clocks); everything that touches the outside world is
//! at the edges. [`sweep`] builds the points of a parameter sweep (each point sets a few
//! keys of one scenario file) and ranks the keys by their effect on the results.

// Input errors carry the file, position, source line, key path and suggestion; they are
// built once on a cold path, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod ensemble;
pub mod error;
pub mod model;
pub mod network_csv;
pub mod plan;
pub mod report;
pub mod scenario;
pub mod sweep;
