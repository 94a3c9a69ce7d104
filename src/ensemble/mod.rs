//! ensemble

pub mod statistics;
