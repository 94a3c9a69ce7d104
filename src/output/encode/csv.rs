//! CSV, the default table format: a header row of column names, then one row per
//! record (the `csv` crate's quoting: only fields that need it). A number is written in
//! the shortest form that reads back to the same value (`0.1`, `1`, `inf`), a fixed
//! amount with its decimals (`12.30`), an undefined value as an empty field. Read back,
//! every field is text until the row struct says what it holds.

use super::encoder::{Encoder, ReadError, Table, TableWriter};
use super::record::Cell;
use std::io::Write;

/// The CSV format.
pub struct Csv;

impl Encoder for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn writer<'w>(&self, out: &'w mut dyn Write) -> Box<dyn TableWriter + 'w> {
        Box::new(CsvWriter {
            csv: csv::Writer::from_writer(out),
            fields: Vec::new(),
        })
    }

    fn read(&self, bytes: &[u8]) -> Result<Table, ReadError> {
        let mut reader = csv::Reader::from_reader(bytes);
        let bad = |err: csv::Error| ReadError {
            line: err.position().map_or(0, |p| p.line()),
            message: err.to_string(),
        };
        let columns = reader
            .headers()
            .map_err(bad)?
            .iter()
            .map(String::from)
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(bad)?;
            let line = record.position().map_or(0, |p| p.line());
            let cells = record
                .iter()
                .map(|f| Cell::Untyped(f.to_string()))
                .collect();
            rows.push((line, cells));
        }
        Ok(Table { columns, rows })
    }
}

struct CsvWriter<'w> {
    csv: csv::Writer<&'w mut dyn Write>,
    /// The row's fields as text, their buffers reused from row to row.
    fields: Vec<String>,
}

/// Writes a cell as a CSV field into `out` (cleared first).
pub fn field(cell: &Cell, out: &mut String) {
    use std::fmt::Write as _;
    out.clear();
    // Writing into a String cannot fail.
    let _ = match cell {
        Cell::Null => Ok(()),
        Cell::Bool(b) => write!(out, "{b}"),
        Cell::Int(v) => write!(out, "{v}"),
        Cell::UInt(v) => write!(out, "{v}"),
        Cell::Float(v) => write!(out, "{v}"),
        Cell::Fixed(v, decimals) => write!(out, "{v:.*}", usize::from(*decimals)),
        Cell::Text(t) | Cell::Untyped(t) => out.write_str(t),
    };
}

impl TableWriter for CsvWriter<'_> {
    fn header(&mut self, columns: &[String]) -> anyhow::Result<()> {
        self.csv.write_record(columns)?;
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> anyhow::Result<()> {
        self.fields.resize_with(cells.len(), String::new);
        for (text, cell) in self.fields.iter_mut().zip(cells) {
            field(cell, text);
        }
        self.csv.write_record(&self.fields)?;
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> anyhow::Result<()> {
        self.csv.flush()?;
        Ok(())
    }
}
