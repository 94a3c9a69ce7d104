//! Fuzz target `run`: see `downline::fuzzing::run`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| downline::fuzzing::run(data));
