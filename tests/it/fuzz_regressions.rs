//! Every input kept in `tests/fixtures/fuzz/<target>/` (the inputs that once crashed,
//! hung or exhausted memory, and the fuzzer's finds) goes through its fuzz target's
//! entry point again: none may panic.

use downline::fuzzing::TARGETS;

#[test]
fn every_kept_fuzz_input_is_handled_without_a_panic() {
    let root = std::path::Path::new("tests/fixtures/fuzz");
    let mut replayed = 0;
    for (name, target) in TARGETS {
        let dir = root.join(name);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("an entry").path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{name}: no kept inputs");
        for file in files {
            let bytes = std::fs::read(&file).expect("readable");
            let outcome = std::panic::catch_unwind(|| target(&bytes));
            assert!(outcome.is_ok(), "{name}: {} panicked", file.display());
            replayed += 1;
        }
    }
    assert!(replayed >= 15, "{replayed}");
}
