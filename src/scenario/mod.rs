//! Scenario files: raw TOML -> validated [`Scenario`].

pub mod error;
pub mod source;
