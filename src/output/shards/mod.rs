//! Shards: an ensemble or a sweep split over machines (`--shard I/N`). Each shard folder
//! holds its runs exactly ([`run_data`]) and a [`manifest`]; [`merge`] checks that the
//! shards make one whole and rebuilds the unsharded output.

pub mod manifest;
pub mod merge;
pub mod run_data;
