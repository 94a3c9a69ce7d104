//! Exporters: turn an [`crate::ensemble::Ensemble`] into files. One file per format;
//! every file is written atomically (see [`atomic`]).

pub mod build;
pub mod charts;
pub mod compare;
pub mod compare_charts;
pub mod data;
pub mod html;
pub mod statistic_labels;
pub mod sweep_charts;
