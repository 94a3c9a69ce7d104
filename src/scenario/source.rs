//! A scenario file's text, parsed twice: once into plain TOML values for deserializing,
//! once into a span-preserving document so that any [`ConfigError`] can be pointed at
//! its line and column. Syntax errors are reported here, before any value is read.

use crate::input_error::{Anchor, ConfigError, InputError, KeyPath, Segment};
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml_edit::{Item, Value};

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
        let (path, text) = if is_stdin(path) {
            let mut text = String::new();
            let read = std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text);
            (Path::new(STDIN), read.map(|_| text))
        } else {
            (path, std::fs::read_to_string(path))
        };
        let text = text.map_err(|err| InputError {
            file: path.to_path_buf(),
            position: None,
            source_line: None,
            error: ConfigError::value(KeyPath::root(), "a readable TOML file", err),
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
