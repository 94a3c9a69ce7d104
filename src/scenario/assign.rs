//! Values set on top of a scenario file: the keys a sweep point varies.
//!
//! A sweep runs one file many times, each time with a few keys set to other values
//! (`behaviour.join_probability = 0.3`). The values are written into the parsed document
//! before validation, so every check of [`super::Scenario::from_table`] applies to them
//! exactly as to the file's own values. Three things follow from one assignment list:
//! the document to validate ([`set`]), the text to keep as "the scenario as run"
//! ([`written_into`]: the file with the values written in, comments kept, so that it can
//! be run again on its own), and the hash that identifies the run ([`hash`]).

use crate::input_error::{ConfigError, KeyPath, Segment};
use sha2::{Digest, Sha256};

/// Sets `value` at `path` in `table`. Missing tables on the way are created; an array
/// index must already exist (a sweep changes elements, it does not add them).
pub fn set(table: &mut toml::Table, path: &KeyPath, value: toml::Value) -> Result<(), ConfigError> {
    let mut root = toml::Value::Table(std::mem::take(table));
    let result = set_in(&mut root, &path.0, &KeyPath::root(), path, value);
    if let toml::Value::Table(back) = root {
        *table = back;
    }
    result
}

fn set_in(
    node: &mut toml::Value,
    rest: &[Segment],
    here: &KeyPath,
    target: &KeyPath,
    value: toml::Value,
) -> Result<(), ConfigError> {
    let Some((segment, rest)) = rest.split_first() else {
        *node = value;
        return Ok(());
    };
    match segment {
        Segment::Key(key) => {
            let found = node.type_str();
            let Some(table) = node.as_table_mut() else {
                return Err(ConfigError::value(
                    target.clone(),
                    format!("`{here}` to be a table, so that it can hold `{key}`"),
                    format!("`{here}` is a {found}"),
                ));
            };
            let child = table
                .entry(key.clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()));
            set_in(child, rest, &here.key(key), target, value)
        }
        Segment::Index(index) => {
            let found = node.type_str();
            let Some(array) = node.as_array_mut() else {
                return Err(ConfigError::value(
                    target.clone(),
                    format!("`{here}` to be an array, so that it has an element [{index}]"),
                    format!("`{here}` is a {found}"),
                ));
            };
            let len = array.len();
            let Some(child) = array.get_mut(*index) else {
                let expected = match len {
                    0 => format!("an existing element, but `{here}` is empty"),
                    1 => format!("index 0: `{here}` has 1 element"),
                    _ => format!(
                        "an index from 0 to {}: `{here}` has {len} elements",
                        len - 1
                    ),
                };
                return Err(ConfigError::value(
                    target.clone(),
                    expected,
                    format!("[{index}]"),
                ));
            };
            set_in(child, rest, &here.index(*index), target, value)
        }
    }
}

/// The file's text with each value written in at its key, keeping comments and layout;
/// a key the file does not have is added (in an inline table when its table is new).
/// Running this text on its own gives the same scenario as the file plus the values.
/// Should the text resist editing, the values are appended as a commented list instead.
pub fn written_into(text: &str, assignments: &[(KeyPath, toml::Value)]) -> String {
    edited(text, assignments).unwrap_or_else(|| {
        let mut out = text.to_string();
        out.push_str("\n# Sweep values, set on top of the keys above:\n");
        for (path, value) in assignments {
            out.push_str(&format!("# {path} = {value}\n"));
        }
        out
    })
}

fn edited(text: &str, assignments: &[(KeyPath, toml::Value)]) -> Option<String> {
    let mut document: toml_edit::DocumentMut = text.parse().ok()?;
    for (path, value) in assignments {
        let mut new: toml_edit::Value = value.to_string().parse().ok()?;
        let mut item = document.as_item_mut();
        for segment in &path.0 {
            item = match segment {
                Segment::Key(key) => item.get_mut(key.as_str())?,
                Segment::Index(index) => item.get_mut(*index)?,
            };
        }
        if let toml_edit::Item::Value(old) = item {
            *new.decor_mut() = old.decor().clone();
        }
        *item = toml_edit::Item::Value(new);
    }
    Some(document.to_string())
}

/// The scenario hash: SHA-256, in hex, of the file's bytes followed, for each assigned
/// value in order, by a NUL byte and the line `KEY = VALUE` (the value as TOML writes
/// it, e.g. `behaviour.join_probability = 0.3`). With no values it is the hash of the
/// file alone, so `downline run` and a one-point sweep of an unchanged key differ only
/// by the values listed. By hand: `{ cat FILE; printf '\0KEY = VALUE'; } | sha256sum`.
pub fn hash(text: &str, assignments: &[(String, toml::Value)]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(text.as_bytes());
    for (key, value) in assignments {
        hasher.update([0u8]);
        hasher.update(format!("{key} = {value}").as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str) -> KeyPath {
        KeyPath::parse(text).expect("a valid test path")
    }

    const TEXT: &str = "[behaviour]\njoin_probability = 0.2 # chance\n\n[[plan.bonus]]\nkind = \"unilevel\"\nrates = [0.1, 0.05]\n";

    #[test]
    fn values_land_at_nested_keys_and_array_elements() {
        let mut table: toml::Table = toml::from_str(TEXT).expect("test TOML");
        set(&mut table, &path("behaviour.quit.base"), 0.05.into()).expect("new key");
        set(&mut table, &path("plan.bonus[0].rates[1]"), 0.07.into()).expect("element");
        assert_eq!(table["behaviour"]["quit"]["base"].as_float(), Some(0.05));
        assert_eq!(table["plan"]["bonus"][0]["rates"][1].as_float(), Some(0.07));
    }

    #[test]
    fn a_missing_array_element_is_refused_with_the_array_length() {
        let mut table: toml::Table = toml::from_str(TEXT).expect("test TOML");
        let err = set(&mut table, &path("plan.bonus[3].rate"), 0.1.into()).expect_err("no [3]");
        assert_eq!(err.path.to_string(), "plan.bonus[3].rate");
        assert!(err.expected.contains("`plan.bonus` has 1 element"), "{err}");
    }

    #[test]
    fn a_key_below_a_number_is_refused() {
        let mut table: toml::Table = toml::from_str(TEXT).expect("test TOML");
        let err = set(&mut table, &path("behaviour.join_probability.x"), 1.into())
            .expect_err("a number holds no keys");
        assert!(err.found.contains("is a float"), "{err}");
    }

    #[test]
    fn written_text_keeps_comments_and_parses_to_the_assigned_document() {
        let assignments = vec![
            (path("behaviour.join_probability"), toml::Value::from(0.3)),
            (path("behaviour.quit.base"), toml::Value::from(0.05)),
            (path("plan.bonus[0].rates[1]"), toml::Value::from(0.07)),
        ];
        let text = written_into(TEXT, &assignments);
        assert!(text.contains("join_probability = 0.3 # chance"), "{text}");
        let mut expected: toml::Table = toml::from_str(TEXT).expect("test TOML");
        for (path, value) in &assignments {
            set(&mut expected, path, value.clone()).expect("valid test path");
        }
        let written: toml::Table = toml::from_str(&text).expect("written text is TOML");
        assert_eq!(written, expected);
    }

    #[test]
    fn the_hash_of_no_values_is_the_file_hash_and_values_change_it() {
        let file = hex_sha256(TEXT.as_bytes());
        assert_eq!(hash(TEXT, &[]), file);
        let one = hash(TEXT, &[("behaviour.join_probability".into(), 0.3.into())]);
        let other = hash(TEXT, &[("behaviour.join_probability".into(), 0.4.into())]);
        assert_ne!(one, file);
        assert_ne!(one, other);
        let by_hand = hex_sha256(format!("{TEXT}\0behaviour.join_probability = 0.3").as_bytes());
        assert_eq!(one, by_hand);
    }

    fn hex_sha256(bytes: &[u8]) -> String {
        Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}
