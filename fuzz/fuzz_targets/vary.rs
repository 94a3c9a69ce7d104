//! Fuzz target `vary`: see `downline::fuzzing::vary`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| downline::fuzzing::vary(data));
