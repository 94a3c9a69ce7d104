//! Beyond one run of one scenario: shards of an ensemble and their merge.

pub mod manifest;
pub mod merge;
pub mod run_data;
pub mod shard;
