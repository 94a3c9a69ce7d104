//! Products: the pages and charts people read, each built from the files of an output
//! folder (never from the simulation in memory), over one shared kit.
//!
//! - [`run`]: the run report, `report.html` and its charts, of a folder written by
//!   `downline run` or `merge`;
//! - [`compare`]: two such folders side by side, `compare.csv`, `compare.html` and the
//!   overlay charts;
//! - [`sweep`]: a sweep's charts (the tornado and each key's effect);
//! - [`class`]: the class page that `downline serve` shows, and what a finished run adds
//!   to it (the run report's headline and charts, and key numbers).
//!
//! [`kit`] is what they share: the chart frame, scales, series, palette, font and PNG
//! encoding; number formats; statistic names and units; the HTML page skeleton and
//! style sheet; inline figures. A new product (a calibration page, the class page) is
//! a new folder here that uses the kit.

pub mod calibrate;
pub mod class;
pub mod compare;
pub mod kit;
pub mod run;
pub mod sweep;
