//! Errors in user input, each tied to the key that caused it.
//!
//! Validation code (in `plan/` and `scenario/`) knows *which key* is wrong but not
//! *where* it is in the file; the loader knows the file. So a [`ConfigError`] carries a
//! [`KeyPath`] (`behaviour.quit.base`, `plan.bonus[1].rates`) plus what was expected and
//! what was found, and [`InputError`] adds the file, line and column by looking the path
//! up in the parsed document (`scenario::source`). [`decode`] turns a serde failure on a
//! TOML value into the same shape, with a "did you mean" for misspelt keys and enum
//! values.
//!
//! This module sits below both `plan/` and `scenario/`, which validate their parts of a
//! scenario file with it; it knows nothing of either.

use serde::de::DeserializeOwned;
use std::fmt;
use std::path::PathBuf;

/// One step of a key path: a table key or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// Where a value lives in a scenario file, e.g. `plan.bonus[0].rates`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Segment>);

impl KeyPath {
    /// The path of the whole document.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path extended by a table key.
    pub fn key(&self, key: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.to_string()));
        Self(segments)
    }

    /// This path extended by an array index.
    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        Self(segments)
    }

    /// Parses a dotted path such as `behaviour.quit.base` or `plan.bonus[0].rates`.
    pub fn parse(dotted: &str) -> Option<Self> {
        let mut segments = Vec::new();
        for part in dotted.split('.') {
            let (name, mut rest) = match part.find('[') {
                Some(at) => (&part[..at], &part[at..]),
                None => (part, ""),
            };
            if name.is_empty() {
                return None;
            }
            segments.push(Segment::Key(name.to_string()));
            while let Some(stripped) = rest.strip_prefix('[') {
                let close = stripped.find(']')?;
                segments.push(Segment::Index(stripped[..close].parse().ok()?));
                rest = &stripped[close + 1..];
            }
            if !rest.is_empty() {
                return None;
            }
        }
        Some(Self(segments))
    }

    /// The last key of the path, if it ends in a key.
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Segment::Key(key)) => Some(key),
            _ => None,
        }
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(top level)");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => write!(f, "{key}")?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Whether an error is best shown at the key itself or at its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The key is the problem (unknown or misspelt).
    Key,
    /// The value is the problem (wrong type, out of range), or something inside it is missing.
    Value,
}

/// A problem with one value of the input, independent of any file position.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    /// The offending key.
    pub path: KeyPath,
    /// What the key should hold, in words ("a probability between 0 and 1").
    pub expected: String,
    /// What it holds ("1.5").
    pub found: String,
    /// A suggestion, such as "did you mean `recruit_pitches`?".
    pub help: Option<String>,
    /// Where to point in the file.
    pub anchor: Anchor,
}

impl ConfigError {
    /// A value that is present but not acceptable.
    pub fn value(path: KeyPath, expected: impl Into<String>, found: impl fmt::Display) -> Self {
        Self {
            path,
            expected: expected.into(),
            found: found.to_string(),
            help: None,
            anchor: Anchor::Value,
        }
    }

    /// A key that is not allowed where it is, with a suggestion among the allowed ones.
    pub fn unknown_key(path: KeyPath, allowed: &[&str]) -> Self {
        let name = path.last_key().unwrap_or_default().to_string();
        Self {
            help: did_you_mean(&name, allowed.iter().copied()),
            expected: if allowed.is_empty() {
                "no keys here".to_string()
            } else {
                format!("one of {}", quoted_list(allowed))
            },
            found: format!("unknown key `{name}`"),
            path,
            anchor: Anchor::Key,
        }
    }

    /// A required key that is absent from the table at `path`.
    pub fn missing(path: KeyPath, key: &str) -> Self {
        Self {
            expected: format!("a key `{key}`"),
            found: "no such key".to_string(),
            help: Some(format!("add `{key} = ...` to `{path}`")),
            path,
            anchor: Anchor::Value,
        }
    }

    /// Adds a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, found {}",
            self.path, self.expected, self.found
        )?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

/// A [`ConfigError`] placed in a file: what the user sees.
#[derive(Debug)]
pub struct InputError {
    /// The file that holds the error.
    pub file: PathBuf,
    /// 1-based line and column, when the location is known.
    pub position: Option<(usize, usize)>,
    /// The text of that line, for a caret display.
    pub source_line: Option<String>,
    /// The problem itself.
    pub error: ConfigError,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match self.position {
            Some((line, column)) => write!(f, "{file}:{line}:{column}: ")?,
            None => write!(f, "{file}: ")?,
        }
        writeln!(f, "{}", self.error.path)?;
        if let (Some((line, column)), Some(text)) = (self.position, &self.source_line) {
            let (text, column) = excerpt(text, column);
            let gutter = line.to_string().len();
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{line} | {text}")?;
            let pad: String = text
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{:gutter$} | {pad}^", "")?;
        }
        writeln!(f, "  expected: {}", self.error.expected)?;
        write!(
            f,
            "  found:    {}",
            shortened(&self.error.found, FOUND_CHARS)
        )?;
        if let Some(help) = &self.error.help {
            write!(f, "\n  help:     {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// A number for a message (a volume, an amount, a bound): rounded to cents, trailing
/// zeros dropped, thousands separated by commas ("1,240", "1,240.5", "10,000").
pub fn grouped(x: f64) -> String {
    let cents = (x * 100.0).round();
    let sign = if cents < 0.0 { "-" } else { "" };
    let cents = cents.abs() as u64;
    let digits = (cents / 100).to_string();
    let mut out = String::from(sign);
    for (k, digit) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    match cents % 100 {
        0 => {}
        c if c % 10 == 0 => out.push_str(&format!(".{}", c / 10)),
        c => out.push_str(&format!(".{c:02}")),
    }
    out
}

/// The most characters of a source line a message quotes.
const EXCERPT_CHARS: usize = 100;

/// The most characters of a found value a message quotes.
const FOUND_CHARS: usize = 200;

/// At most [`EXCERPT_CHARS`] characters of `line` around `column` (1-based, in
/// characters), with `…` where it was cut, and the column within the excerpt.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= EXCERPT_CHARS {
        return (line.to_string(), column);
    }
    let start = column
        .saturating_sub(EXCERPT_CHARS / 2)
        .min(count - EXCERPT_CHARS);
    let mut text: String = line.chars().skip(start).take(EXCERPT_CHARS).collect();
    let mut column = column - start;
    if start > 0 {
        text.insert(0, '…');
        column += 1;
    }
    if start + EXCERPT_CHARS < count {
        text.push('…');
    }
    (text, column)
}

/// `text` cut to `max` characters, saying how long it was (for quoting input in
/// messages).
pub fn shortened(text: &str, max: usize) -> String {
    let count = text.chars().count();
    if count <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    format!("{head}… ({count} characters)")
}

/// Deserializes a TOML value into a raw input struct, turning serde's message into a
/// [`ConfigError`] whose path starts at `at`.
pub fn decode<T: DeserializeOwned>(value: toml::Value, at: &KeyPath) -> Result<T, ConfigError> {
    serde_path_to_error::deserialize(value).map_err(|err| {
        let mut path = at.clone();
        path.0.extend(segments_of(err.path()));
        from_serde_message(path, &err.inner().to_string())
    })
}

/// Converts a serde_path_to_error path into key path segments.
pub fn segments_of(path: &serde_path_to_error::Path) -> Vec<Segment> {
    use serde_path_to_error::Segment as S;
    path.iter()
        .filter_map(|segment| match segment {
            S::Seq { index } => Some(Segment::Index(*index)),
            S::Map { key } => Some(Segment::Key(key.clone())),
            S::Enum { variant } => Some(Segment::Key(variant.clone())),
            S::Unknown => None,
        })
        .collect()
}

/// Reads serde's standard error messages ("unknown field `x`, expected one of ...",
/// "invalid type: ...", "missing field `x`", "unknown variant `x`, ...") into a
/// [`ConfigError`].
pub fn from_serde_message(mut path: KeyPath, message: &str) -> ConfigError {
    // toml adds its own position text after a newline; keep the first line.
    let message = message.lines().next().unwrap_or(message).trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (name, tail) = split_backticked(rest);
        let allowed = backticked_names(tail);
        if path.last_key() != Some(name) {
            path = path.key(name);
        }
        let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
        return ConfigError::unknown_key(path, &allowed);
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (name, tail) = split_backticked(rest);
        let allowed = backticked_names(tail);
        let refs: Vec<&str> = allowed.iter().map(String::as_str).collect();
        return ConfigError {
            help: did_you_mean(name, refs.iter().copied()),
            expected: format!("one of {}", quoted_list(&refs)),
            found: format!("`{name}`"),
            path,
            anchor: Anchor::Value,
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let (name, _) = split_backticked(rest);
        return ConfigError::missing(path, name);
    }
    for prefix in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(rest) = message.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.split_once(", expected ") {
                return ConfigError::value(
                    path,
                    plain_expected(expected.trim()),
                    plain_found(found.trim()),
                );
            }
        }
    }
    ConfigError::value(path, "a valid value", message)
}

/// What serde says was expected, in the words of a scenario file (no Rust types).
fn plain_expected(expected: &str) -> String {
    let words = match expected {
        "u8" => "a whole number from 0 to 255",
        "u16" => "a whole number from 0 to 65,535",
        "u32" => "a whole number from 0 to 4,294,967,295",
        "u64" => "a whole number from 0 to 18,446,744,073,709,551,615",
        "i8" | "i16" | "i32" | "i64" | "i128" | "u128" | "usize" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a boolean" | "bool" => "true or false",
        "a string" | "a borrowed string" | "a character" | "char" => "a text in quotes",
        "a sequence" | "sequence" | "a tuple" => "a list in brackets",
        "a map" | "map" => "a table",
        _ if expected.starts_with("struct ") => "a table",
        _ if expected.starts_with("enum ") || expected.starts_with("variant ") => {
            "one of the names listed in README"
        }
        _ if expected.starts_with("a sequence of length ") || expected.starts_with("tuple of ") => {
            return expected
                .replace("a sequence", "a list")
                .replace("tuple", "a list");
        }
        _ => return expected.to_string(),
    };
    words.to_string()
}

/// What serde says was found, in the words of a scenario file.
fn plain_found(found: &str) -> String {
    let value = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_string())
    };
    if let Some(v) = value("integer ").or_else(|| value("floating point ")) {
        return v;
    }
    if let Some(v) = value("boolean ") {
        return v;
    }
    if let Some(v) = found.strip_prefix("string ") {
        return format!("the text {v}");
    }
    match found {
        "sequence" | "a sequence" => "a list".to_string(),
        "map" | "a map" => "a table".to_string(),
        "unit value" | "Option value" => "nothing".to_string(),
        "newtype struct" | "tuple variant" | "struct variant" | "newtype variant" => {
            "a table".to_string()
        }
        "unit variant" | "enum" => "a name".to_string(),
        _ => found.to_string(),
    }
}

fn split_backticked(text: &str) -> (&str, &str) {
    match text.find('`') {
        Some(end) => (&text[..end], &text[end + 1..]),
        None => (text, ""),
    }
}

fn backticked_names(text: &str) -> Vec<String> {
    text.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, name)| name.to_string())
        .collect()
}

/// `a`, `b` or `c`, for messages.
pub fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}

/// The closest allowed name to a misspelt one, as a suggestion, when it is close enough.
pub fn did_you_mean<'a>(found: &str, allowed: impl IntoIterator<Item = &'a str>) -> Option<String> {
    allowed
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(found, candidate), candidate))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| format!("did you mean `{candidate}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_print_and_parse_the_same_way() {
        let path = KeyPath::root()
            .key("plan")
            .key("bonus")
            .index(1)
            .key("rates");
        assert_eq!(path.to_string(), "plan.bonus[1].rates");
        assert_eq!(KeyPath::parse("plan.bonus[1].rates"), Some(path));
        assert_eq!(KeyPath::parse("plan..x"), None);
    }

    #[test]
    fn unknown_field_messages_become_suggestions() {
        let err = from_serde_message(
            KeyPath::root().key("behaviour"),
            "unknown field `recruit_pitchs`, expected one of `recruit_pitches`, `join_probability`",
        );
        assert_eq!(err.path.to_string(), "behaviour.recruit_pitchs");
        assert_eq!(err.help.as_deref(), Some("did you mean `recruit_pitches`?"));
        assert_eq!(err.anchor, Anchor::Key);
    }

    #[test]
    fn type_messages_split_into_expected_and_found() {
        let err = from_serde_message(
            KeyPath::root().key("market").key("population"),
            "invalid type: string \"many\", expected u32",
        );
        assert_eq!(err.expected, "a whole number from 0 to 4,294,967,295");
        assert_eq!(err.found, "the text \"many\"");
        // No Rust type names reach a message.
        for (expected, found, words) in [
            ("struct RawNetwork", "integer `5`", ("a table", "5")),
            ("a sequence", "map", ("a list in brackets", "a table")),
            ("f64", "boolean `true`", ("a number", "true")),
            (
                "u8",
                "floating point `1.5`",
                ("a whole number from 0 to 255", "1.5"),
            ),
        ] {
            let err = from_serde_message(
                KeyPath::root().key("x"),
                &format!("invalid type: {found}, expected {expected}"),
            );
            assert_eq!((err.expected.as_str(), err.found.as_str()), words);
        }
    }

    #[test]
    fn numbers_in_messages_are_rounded_to_cents_with_thousands_separated() {
        assert_eq!(grouped(0.0), "0");
        assert_eq!(grouped(999.0), "999");
        assert_eq!(grouped(1240.0), "1,240");
        assert_eq!(grouped(1240.5), "1,240.5");
        assert_eq!(grouped(1_234_567.891), "1,234,567.89");
        assert_eq!(grouped(0.05), "0.05");
    }

    #[test]
    fn long_source_lines_and_values_are_quoted_shortly() {
        let line = "x".repeat(10_000);
        let (text, column) = excerpt(&line, 5_000);
        assert_eq!(text.chars().count(), EXCERPT_CHARS + 2);
        assert!(text.starts_with('…') && text.ends_with('…'));
        assert_eq!(column, EXCERPT_CHARS / 2 + 1);
        assert_eq!(excerpt("short", 3), ("short".to_string(), 3));
        let found = shortened(&"y".repeat(1_000), FOUND_CHARS);
        assert!(found.ends_with("… (1000 characters)"));
    }
}
