//! What a table format implements: writing a table row by row ([`TableWriter`]) and
//! reading a whole table back ([`Table`]), over records of cells ([`super::record`]).

use super::record::Cell;
use std::io::Write;

/// A file format for tables.
pub trait Encoder: Sync {
    /// The format's name, as `--format` takes it, and its files' extension.
    fn name(&self) -> &'static str;

    /// A writer of one table into `out`.
    fn writer<'w>(&self, out: &'w mut dyn Write) -> Box<dyn TableWriter + 'w>;

    /// Reads a whole table written by [`Encoder::writer`].
    fn read(&self, bytes: &[u8]) -> std::result::Result<Table, ReadError>;
}

/// Writes one table, row by row.
pub trait TableWriter {
    /// Starts the table with its columns (called once, before any row).
    fn header(&mut self, columns: &[String]) -> anyhow::Result<()>;
    /// Writes one row, a cell per column.
    fn row(&mut self, cells: &[Cell]) -> anyhow::Result<()>;
    /// Ends the table.
    fn finish(self: Box<Self>) -> anyhow::Result<()>;
}

/// A table as read from a file: its columns and its rows, each with the line it starts
/// on (1-based, for error messages).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<(u64, Vec<Cell>)>,
}

/// Why a file is not a table of its format: the line (1-based, 0 if unknown) and what
/// is wrong.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadError {
    pub line: u64,
    pub message: String,
}
