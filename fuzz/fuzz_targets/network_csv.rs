//! Fuzz target `network_csv`: see `downline::fuzzing::network_csv`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| downline::fuzzing::network_csv(data));
