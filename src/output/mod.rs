//! Output files: one typed record per file ([`records`]), tables handed to an encoder
//! (CSV or JSON Lines, [`encode`]), JSON documents ([`document`]), every file written
//! atomically ([`atomic`]) into a folder that replaces the previous one whole
//! ([`folder`]); what a run's ([`run_folder`]), a sweep's ([`sweep_folder`]) and a
//! calibration's ([`calibration_folder`]) folder
//! hold; and the shard folders that `merge` combines ([`shards`]).

pub mod atomic;
pub mod calibration_folder;
pub mod document;
pub mod encode;
pub mod folder;
pub mod ledger_files;
pub mod records;
pub mod run_folder;
pub mod shards;
pub mod sweep_folder;
