//! Parameter sweeps: one scenario file run at many points, each point setting a few keys.
//!
//! `downline sweep SCENARIO --vary KEY=LO..HI:STEPS ...` reads each `--vary` into a
//! [`Vary`] ([`vary`]), builds the points of a grid or a Latin hypercube ([`design`]),
//! checks every point against the scenario before any run starts ([`check`]), and once
//! the runs are done ranks the varied keys by their effect on each output with
//! standardised rank regression coefficients ([`sensitivity`]). This module is pure: it
//! reads no file (a point's scenario is built by
//! [`crate::scenario::ScenarioSource::scenario`]), prints nothing and reads no clock.

pub mod check;
pub mod design;
pub mod error;
pub mod sensitivity;
pub mod vary;

pub use check::check_points;
pub use design::{Point, grid, latin_hypercube};
pub use error::SweepError;
pub use sensitivity::{Ranking, Srrc, rank_keys, srrc};
pub use vary::{Levels, Vary};
