//! Exporters: turn an [`crate::ensemble::Ensemble`] into files. One file per format;
//! every file is written atomically (see [`atomic`]).

pub mod atomic;
pub mod build;
pub mod charts;
pub mod compare;
pub mod compare_charts;
pub mod data;
pub mod html;
pub mod outputs;
pub mod statistic_labels;
pub mod summary_json;
pub mod sweep_charts;
pub mod sweep_tables;
pub mod tables;
