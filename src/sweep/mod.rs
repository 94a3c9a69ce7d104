//! Parameter sweeps: one scenario file run at many points, each point setting a few keys.
//!
//! `downline sweep SCENARIO --vary KEY=LO..HI:STEPS ...` reads each `--vary` into a
//! [`Vary`] ([`vary`]), builds the points of a grid or a Latin hypercube ([`design`]),
//! checks every point against the scenario before any run starts ([`check`]), and once
//! the runs are done ranks the varied keys by their effect on each output with
//! standardised rank regression coefficients ([`sensitivity`]); [`results`] reduces the
//! runs to per-point statistics. [`prepare`] makes a [`SweepSpec`] ready to run and
//! [`execute`] runs its (point, run) pairs in parallel. Those parts are pure: they read
//! no file (a point's scenario is built by
//! [`crate::scenario::ScenarioSource::scenario`]), print nothing and read no clock.
//! Writing the sweep's files is the work of the layers above (`output/` writes them,
//! `report/` draws the charts); nothing here imports them.

pub mod check;
pub mod design;
pub mod error;
pub mod execute;
pub mod prepare;
pub mod results;
pub mod sensitivity;
pub mod spec;
pub mod vary;

pub use check::check_points;
pub use design::{Point, grid, latin_hypercube};
pub use error::SweepError;
pub use sensitivity::{Ranking, Srrc, rank_keys, srrc};
pub use spec::SweepSpec;
pub use vary::{Levels, Vary};
