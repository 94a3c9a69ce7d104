//! Fuzz target `targets`: see `downline::fuzzing::targets`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| downline::fuzzing::targets(data));
