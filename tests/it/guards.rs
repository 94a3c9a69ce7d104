//! Guards on the structure of the code, so that what is promised about it stays true:
//! every bonus kind is covered by the property tests and the benchmarks, and every
//! import points down the layers written at the top of `src/lib.rs`.

use crate::common::repo;
use downline::plan::registry::KINDS;
use std::path::{Path, PathBuf};

#[test]
fn every_bonus_kind_is_in_the_property_tests_and_the_benchmarks() {
    let bench = std::fs::read_to_string(repo().join("benches/plan_month.rs")).expect("bench");
    for (kind, _, _) in KINDS {
        let table = format!("kind = \"{kind}\"");
        assert!(
            super::plan_properties::BONUSES
                .iter()
                .any(|(_, bonus)| bonus.contains(&table)),
            "bonus kind `{kind}` has no configuration in the property tests \
             (tests/it/plan_properties.rs, BONUSES)"
        );
        let escaped = format!("kind = \\\"{kind}\\\"");
        assert!(
            bench.contains(&escaped),
            "bonus kind `{kind}` is not timed in benches/plan_month.rs (KINDS)"
        );
    }
}

/// The library's layers, top first, as `src/lib.rs` lists them: each top-level module
/// and the layer it is in. A module may import its own layer and the layers below.
const LAYERS: &[(&str, usize)] = &[
    ("serve", 0),
    ("report", 1),
    ("output", 2),
    ("sweep", 3),
    ("calibrate", 3),
    ("fuzzing", 3),
    ("ensemble", 4),
    ("model", 5),
    ("scenario", 6),
    ("network_csv", 6),
    ("plan", 7),
    ("input_error", 8),
    ("error", 8),
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// Every `crate::<module>` a file's code names (comments aside), with its line number.
fn named_modules(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.push((number + 1, name));
            rest = after;
        }
    }
    found
}

#[test]
fn every_import_points_down_the_layers() {
    let src = repo().join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    for (module, _) in LAYERS {
        assert!(
            lib.contains(&format!("pub mod {module};")),
            "src/lib.rs has no module `{module}`; update LAYERS here and the map in lib.rs"
        );
    }
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut upward = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src");
        let top = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|c| c.trim_end_matches(".rs").to_string())
            .unwrap_or_default();
        // The binary (main.rs, cli.rs, commands/) is the top layer: it may use anything.
        let Some(own) = layer(&top) else { continue };
        let text = std::fs::read_to_string(&file).expect("a source file");
        for (line, name) in named_modules(&text) {
            if let Some(theirs) = layer(&name) {
                if theirs < own {
                    upward.push(format!(
                        "src/{}:{line}: `{top}` imports `{name}`, a layer above it",
                        relative.display()
                    ));
                }
            }
        }
    }
    assert!(upward.is_empty(), "{}", upward.join("\n"));
}
