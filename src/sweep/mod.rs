//! Parameter sweeps: one scenario file run at many points, each point setting a few keys.
//!
//! `downline sweep SCENARIO --vary KEY=LO..HI:STEPS ...` reads each `--vary` into a
//! [`Vary`] ([`vary`]), builds the points of a grid or a Latin hypercube ([`design`]),
//! checks every point against the scenario before any run starts ([`check`]), and once
//! the runs are done ranks the varied keys by their effect on each output with
//! standardised rank regression coefficients ([`sensitivity`]). Those parts are pure:
//! they read no file (a point's scenario is built by
//! [`crate::scenario::ScenarioSource::scenario`]), print nothing and read no clock.
//!
//! Beyond one machine, an ensemble or a sweep is split into shards ([`shard`]), each
//! writing its runs exactly ([`run_data`]) with a [`manifest`]; [`merge`] checks that
//! shards make one whole and rebuilds the unsharded output.

pub mod check;
pub mod design;
pub mod error;
pub mod execute;
pub mod manifest;
pub mod merge;
pub mod output;
pub mod prepare;
pub mod run_data;
pub mod sensitivity;
pub mod shard;
pub mod vary;

pub use check::check_points;
pub use design::{Point, grid, latin_hypercube};
pub use error::SweepError;
pub use sensitivity::{Ranking, Srrc, rank_keys, srrc};
pub use vary::{Levels, Vary};
