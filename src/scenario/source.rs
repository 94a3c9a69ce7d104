//! A scenario file's text, parsed twice: once into plain TOML values for deserializing,
//! once into a span-preserving document so that any [`ConfigError`] can be pointed at
//! its line and column. Syntax errors are reported here, before any value is read.

use crate::input_error::{Anchor, ConfigError, InputError, KeyPath, Segment};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml_edit::{Item, Value};

/// The largest scenario or plan file read (4 MiB: a thousand times the default's size).
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// The 1-based line and column (in characters) of byte `at` of possibly invalid UTF-8.
fn line_column_of_bytes(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = String::from_utf8_lossy(&bytes[..at]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// How standard input is named where a file's path would be (`-` on the command line).
pub const STDIN: &str = "<stdin>";

/// Whether a path given on the command line means standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A scenario (or plan) file, read and parsed.
pub struct SourceFile {
    path: PathBuf,
    text: String,
    document: toml_edit::Document<String>,
}

impl SourceFile {
    /// Reads and parses a TOML file, or standard input when `path` is `-` (named
    /// `<stdin>` in messages). A file that cannot be read or is not TOML is bad input.
    pub fn read(path: &Path) -> Result<(Self, toml::Table), InputError> {
        use std::io::Read;
        let unreadable = |path: &Path, expected: &str, found: String| InputError {
            file: path.to_path_buf(),
            position: None,
            source_line: None,
            error: ConfigError::value(KeyPath::root(), expected, found),
        };
        // At most one byte more than the limit is read, so a huge file costs nothing.
        let (path, bytes) = if is_stdin(path) {
            let mut bytes = Vec::new();
            let read = (std::io::stdin().lock().take(MAX_FILE_BYTES + 1)).read_to_end(&mut bytes);
            (Path::new(STDIN), read.map(|_| bytes))
        } else {
            let read = std::fs::File::open(path).and_then(|file| {
                let mut bytes = Vec::new();
                file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
                Ok(bytes)
            });
            (path, read)
        };
        let bytes =
            bytes.map_err(|err| unreadable(path, "a readable TOML file", err.to_string()))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(unreadable(
                path,
                "a scenario or plan file of at most 4 MiB",
                "a larger file".to_string(),
            ));
        }
        let text = String::from_utf8(bytes).map_err(|err| {
            let bytes = err.as_bytes();
            let at = err.utf8_error().valid_up_to();
            let (line, column) = line_column_of_bytes(bytes, at);
            let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
            let found = if utf16 {
                "UTF-16 text (a byte-order mark)".to_string()
            } else {
                format!("the byte 0x{:02X}, which is not UTF-8", bytes[at])
            };
            let mut error = ConfigError::value(KeyPath::root(), "UTF-8 text", found);
            error.help = Some(if utf16 {
                "save the file as UTF-8 (the usual encoding of TOML)".to_string()
            } else {
                "save the file as UTF-8, or remove the character".to_string()
            });
            InputError {
                file: path.to_path_buf(),
                position: Some((line, column)),
                source_line: None,
                error,
            }
        })?;
        Self::parse(path, text)
    }

    /// Parses TOML text that came from `path`.
    pub fn parse(path: &Path, text: String) -> Result<(Self, toml::Table), InputError> {
        let syntax_error = |span: Option<Range<usize>>, message: &str, text: &str| {
            let position = span.map(|s| line_column(text, s.start));
            InputError {
                file: path.to_path_buf(),
                source_line: position.and_then(|(line, _)| source_line(text, line)),
                position,
                error: ConfigError::value(
                    KeyPath::root(),
                    "valid TOML",
                    message.lines().next().unwrap_or(message).trim(),
                ),
            }
        };
        let document = toml_edit::Document::parse(text.clone())
            .map_err(|err| syntax_error(err.span(), err.message(), &text))?;
        let table: toml::Table =
            toml::from_str(&text).map_err(|err| syntax_error(err.span(), err.message(), &text))?;
        let source = Self {
            path: path.to_path_buf(),
            text,
            document,
        };
        Ok((source, table))
    }

    /// The file's text, exactly as read (its bytes are what `scenario_hash` hashes).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Places an error in this file.
    pub fn place(&self, error: ConfigError) -> InputError {
        let position = self
            .span_of(&error.path, error.anchor)
            .map(|span| line_column(&self.text, span.start));
        InputError {
            file: self.path.clone(),
            source_line: position.and_then(|(line, _)| source_line(&self.text, line)),
            position,
            error,
        }
    }

    /// The span of the key or value at `path`; if the path does not exist (a missing key),
    /// the span of its nearest existing parent.
    fn span_of(&self, path: &KeyPath, anchor: Anchor) -> Option<Range<usize>> {
        let mut best = Some(0..0);
        let mut node = Node::Table(self.document.as_table());
        for (i, segment) in path.0.iter().enumerate() {
            let last = i + 1 == path.0.len();
            let next = match (&node, segment) {
                (Node::Table(table), Segment::Key(key)) => match table.get_key_value(key) {
                    Some((k, _)) if last && anchor == Anchor::Key => return k.span().or(best),
                    Some((k, item)) => Some((item_node(item), k.span())),
                    None => None,
                },
                (Node::Inline(table), Segment::Key(key)) => match table.get_key_value(key) {
                    Some((k, _)) if last && anchor == Anchor::Key => return k.span().or(best),
                    Some((k, item)) => Some((item_node(item), k.span())),
                    None => None,
                },
                (Node::Value(Value::InlineTable(table)), Segment::Key(key)) => {
                    match table.get_key_value(key) {
                        Some((k, _)) if last && anchor == Anchor::Key => return k.span().or(best),
                        Some((k, item)) => Some((item_node(item), k.span())),
                        None => None,
                    }
                }
                (Node::Tables(array), Segment::Index(index)) => {
                    array.get(*index).map(|t| (Node::Table(t), t.span()))
                }
                (Node::Value(Value::Array(array)), Segment::Index(index)) => {
                    array.get(*index).map(|v| (Node::Value(v), v.span()))
                }
                _ => None,
            };
            match next {
                Some((child, key_span)) => {
                    let span = child.span().or(key_span);
                    if span.is_some() {
                        best = span;
                    }
                    node = child;
                }
                None => return best,
            }
        }
        best
    }
}

enum Node<'a> {
    Table(&'a toml_edit::Table),
    Inline(&'a toml_edit::InlineTable),
    Tables(&'a toml_edit::ArrayOfTables),
    Value(&'a Value),
}

impl Node<'_> {
    fn span(&self) -> Option<Range<usize>> {
        match self {
            Node::Table(t) => t.span(),
            Node::Inline(t) => t.span(),
            Node::Tables(t) => t.span(),
            Node::Value(v) => v.span(),
        }
    }
}

fn item_node(item: &Item) -> Node<'_> {
    match item {
        Item::Table(t) => Node::Table(t),
        Item::ArrayOfTables(a) => Node::Tables(a),
        Item::Value(Value::InlineTable(t)) => Node::Inline(t),
        Item::Value(v) => Node::Value(v),
        Item::None => Node::Table(empty_table()),
    }
}

fn empty_table() -> &'static toml_edit::Table {
    static EMPTY: std::sync::OnceLock<toml_edit::Table> = std::sync::OnceLock::new();
    EMPTY.get_or_init(toml_edit::Table::new)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn source_line(text: &str, line: usize) -> Option<String> {
    text.lines().nth(line - 1).map(|l| l.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "[market]\npopulation = 100\n\n[[plan.bonus]]\nkind = \"unilevel\"\nrates = [0.1, 0.05]\n";

    fn place(path: &str, anchor: Anchor) -> Option<(usize, usize)> {
        let (source, _) = SourceFile::parse(Path::new("x.toml"), TEXT.to_string()).unwrap();
        let mut error = ConfigError::value(KeyPath::parse(path).unwrap(), "x", "y");
        error.anchor = anchor;
        source.place(error).position
    }

    #[test]
    fn values_keys_and_array_elements_are_located() {
        assert_eq!(place("market.population", Anchor::Value), Some((2, 14)));
        assert_eq!(place("market.population", Anchor::Key), Some((2, 1)));
        assert_eq!(
            place("plan.bonus[0].rates[1]", Anchor::Value),
            Some((6, 15))
        );
    }

    #[test]
    fn a_missing_key_points_at_its_table() {
        assert_eq!(
            place("plan.bonus[0].months", Anchor::Value).map(|p| p.0),
            Some(4)
        );
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let err = SourceFile::parse(Path::new("x.toml"), "a = [1,\nb = ".to_string())
            .err()
            .unwrap();
        assert!(err.position.is_some());
    }
}
