//! Fuzz target `scenario`: see `downline::fuzzing::scenario`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| downline::fuzzing::scenario(data));
