//! Output files: the tables and JSON documents of an output folder, written atomically,
//! and the shard folders that `merge` combines.

pub mod atomic;
pub mod folder_files;
pub mod shards;
pub mod summary_json;
pub mod sweep_tables;
pub mod tables;
