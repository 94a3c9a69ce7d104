//! Apache Parquet (`--format parquet`, with the cargo feature `parquet`): one file per
//! table, one row group, every column optional (an undefined value is a null), for
//! tools that read columnar files (pandas, polars, DuckDB, Arrow, R's arrow). A column
//! holds text (UTF8) when any of its cells is text, else 64-bit floats when any cell is
//! a decimal number (an amount that CSV writes with fixed decimals: the number those
//! decimals show), else 64-bit integers (unsigned where a value needs it), else
//! booleans; a column with no values is a column of floats. The infinite edges of the
//! open histogram bins are infinite floats. Written in memory, then copied out whole
//! (the file lands atomically, as every table does); uncompressed, so the build needs
//! no compression library.

use super::encoder::{Encoder, ReadError, Table, TableWriter};
use super::record::Cell;
use parquet::basic::{ConvertedType, Repetition, Type as Physical};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::record::Field;
use parquet::schema::types::Type;
use std::io::Write;
use std::sync::Arc;

/// The Parquet format.
pub struct Parquet;

impl Encoder for Parquet {
    fn name(&self) -> &'static str {
        "parquet"
    }

    fn writer<'w>(&self, out: &'w mut dyn Write) -> Box<dyn TableWriter + 'w> {
        Box::new(ParquetWriter {
            out,
            columns: Vec::new(),
            rows: Vec::new(),
        })
    }

    fn read(&self, bytes: &[u8]) -> Result<Table, ReadError> {
        let bad = |line: u64, message: String| ReadError { line, message };
        let reader = SerializedFileReader::new(bytes::Bytes::copy_from_slice(bytes))
            .map_err(|e| bad(0, format!("not a Parquet file ({e})")))?;
        let columns = (reader
            .metadata()
            .file_metadata()
            .schema()
            .get_fields()
            .iter())
        .map(|field| field.name().to_string())
        .collect();
        let mut table = Table {
            columns,
            rows: Vec::new(),
        };
        let rows = reader
            .get_row_iter(None)
            .map_err(|e| bad(0, format!("cannot read its rows ({e})")))?;
        for (index, row) in rows.enumerate() {
            let line = index as u64 + 1;
            let row = row.map_err(|e| bad(line, e.to_string()))?;
            let cells = (row.get_column_iter())
                .map(|(name, field)| {
                    cell(field).map_err(|what| bad(line, format!("`{name}`: {what}")))
                })
                .collect::<Result<Vec<Cell>, ReadError>>()?;
            table.rows.push((line, cells));
        }
        Ok(table)
    }
}

/// A Parquet value as a cell.
fn cell(field: &Field) -> Result<Cell, String> {
    Ok(match field {
        Field::Null => Cell::Null,
        Field::Bool(b) => Cell::Bool(*b),
        Field::Long(v) => Cell::Int(*v),
        Field::ULong(v) => Cell::UInt(*v),
        Field::Int(v) => Cell::Int(i64::from(*v)),
        Field::UInt(v) => Cell::UInt(u64::from(*v)),
        Field::Double(v) => Cell::Float(*v),
        Field::Float(v) => Cell::Float(f64::from(*v)),
        Field::Str(s) => Cell::Text(s.clone()),
        other => {
            return Err(format!(
                "a value of a type downline does not write ({other})"
            ));
        }
    })
}

struct ParquetWriter<'w> {
    out: &'w mut dyn Write,
    columns: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

/// What a column is stored as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Float,
    Integer { unsigned: bool },
    Boolean,
}

impl Kind {
    /// The kind that holds every cell of column `c`.
    fn of(rows: &[Vec<Cell>], c: usize) -> Kind {
        let cells = || rows.iter().map(move |row| &row[c]);
        if cells().any(|x| matches!(x, Cell::Text(_) | Cell::Untyped(_))) {
            return Kind::Text;
        }
        let numbers = cells().any(|x| !matches!(x, Cell::Null | Cell::Bool(_)));
        let bools = cells().any(|x| matches!(x, Cell::Bool(_)));
        match (numbers, bools) {
            (true, true) => Kind::Text,
            (false, true) => Kind::Boolean,
            (false, false) => Kind::Float,
            (true, false) if cells().any(|x| matches!(x, Cell::Float(_) | Cell::Fixed(..))) => {
                Kind::Float
            }
            (true, false) => Kind::Integer {
                unsigned: cells().any(|x| matches!(x, Cell::UInt(v) if *v > i64::MAX as u64)),
            },
        }
    }

    fn column(self, name: &str) -> parquet::errors::Result<Type> {
        let (physical, converted) = match self {
            Kind::Text => (Physical::BYTE_ARRAY, ConvertedType::UTF8),
            Kind::Float => (Physical::DOUBLE, ConvertedType::NONE),
            Kind::Integer { unsigned: false } => (Physical::INT64, ConvertedType::NONE),
            Kind::Integer { unsigned: true } => (Physical::INT64, ConvertedType::UINT_64),
            Kind::Boolean => (Physical::BOOLEAN, ConvertedType::NONE),
        };
        Type::primitive_type_builder(name, physical)
            .with_repetition(Repetition::OPTIONAL)
            .with_converted_type(converted)
            .build()
    }
}

/// A cell's number as stored: an amount at the decimals CSV shows.
fn number(cell: &Cell) -> Option<f64> {
    match cell {
        Cell::Int(v) => Some(*v as f64),
        Cell::UInt(v) => Some(*v as f64),
        Cell::Float(v) => Some(*v),
        Cell::Fixed(v, decimals) => {
            let scale = 10f64.powi(i32::from(*decimals));
            Some(if v.is_finite() {
                (v * scale).round() / scale
            } else {
                *v
            })
        }
        _ => None,
    }
    .filter(|v| !v.is_nan())
}

fn text(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Null => None,
        Cell::Text(t) | Cell::Untyped(t) => Some(t.clone()),
        Cell::Bool(b) => Some(b.to_string()),
        other => number(other).map(|v| v.to_string()),
    }
}

impl ParquetWriter<'_> {
    fn bytes(&self) -> parquet::errors::Result<Vec<u8>> {
        let kinds: Vec<Kind> = (0..self.columns.len())
            .map(|c| Kind::of(&self.rows, c))
            .collect();
        let fields = (self.columns.iter().zip(&kinds))
            .map(|(name, kind)| kind.column(name).map(Arc::new))
            .collect::<parquet::errors::Result<Vec<_>>>()?;
        let schema = Type::group_type_builder("table")
            .with_fields(fields)
            .build()?;
        let mut buffer = Vec::new();
        let mut writer = SerializedFileWriter::new(&mut buffer, Arc::new(schema), Arc::default())?;
        if !self.rows.is_empty() {
            let mut group = writer.next_row_group()?;
            for (c, kind) in kinds.iter().enumerate() {
                let Some(mut column) = group.next_column()? else {
                    break;
                };
                let cells = self.rows.iter().map(|row| &row[c]);
                macro_rules! write {
                    ($type:ty, $value:expr) => {{
                        let values: Vec<Option<_>> = cells.map($value).collect();
                        let levels: Vec<i16> =
                            values.iter().map(|v| i16::from(v.is_some())).collect();
                        let present: Vec<_> = values.into_iter().flatten().collect();
                        column
                            .typed::<$type>()
                            .write_batch(&present, Some(&levels), None)?;
                    }};
                }
                match kind {
                    Kind::Text => write!(ByteArrayType, |x| text(x)
                        .map(|t| ByteArray::from(t.into_bytes()))),
                    Kind::Float => write!(DoubleType, number),
                    Kind::Integer { .. } => write!(Int64Type, |x: &Cell| match x {
                        Cell::Int(v) => Some(*v),
                        // Stored as the same 64 bits (the column says UINT_64).
                        Cell::UInt(v) => Some(*v as i64),
                        _ => None,
                    }),
                    Kind::Boolean => write!(BoolType, |x: &Cell| match x {
                        Cell::Bool(b) => Some(*b),
                        _ => None,
                    }),
                }
                column.close()?;
            }
            group.close()?;
        }
        writer.close()?;
        Ok(buffer)
    }
}

impl TableWriter for ParquetWriter<'_> {
    fn header(&mut self, columns: &[String]) -> anyhow::Result<()> {
        self.columns = columns.to_vec();
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> anyhow::Result<()> {
        self.rows.push(cells.to_vec());
        Ok(())
    }

    fn finish(self: Box<Self>) -> anyhow::Result<()> {
        let bytes = self.bytes()?;
        self.out.write_all(&bytes)?;
        Ok(())
    }
}
