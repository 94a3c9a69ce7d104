//! JSON Lines (`--format jsonl`): one JSON object per row, its keys the columns in
//! order, one row per line, for tools that read JSON (jq, pandas' `read_json(...,
//! lines=True)`, DuckDB's `read_json_auto`). A number is a JSON number (an amount that
//! CSV writes with fixed decimals: the number those decimals show), an undefined value `null`, and the infinite edges of
//! the open histogram bins, which JSON cannot write as numbers, the strings `"inf"` and
//! `"-inf"`. A table with no rows is an empty file.

use super::encoder::{Encoder, ReadError, Table, TableWriter};
use super::record::Cell;
use serde_json::{Map, Number, Value};
use std::io::Write;

/// The JSON Lines format.
pub struct Jsonl;

impl Encoder for Jsonl {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn writer<'w>(&self, out: &'w mut dyn Write) -> Box<dyn TableWriter + 'w> {
        Box::new(JsonlWriter {
            out,
            columns: Vec::new(),
        })
    }

    fn read(&self, bytes: &[u8]) -> Result<Table, ReadError> {
        let text = std::str::from_utf8(bytes).map_err(|err| ReadError {
            line: 0,
            message: format!("not UTF-8 text ({err})"),
        })?;
        let mut table = Table::default();
        for (index, line) in text.lines().enumerate() {
            let number = index as u64 + 1;
            let bad = |message: String| ReadError {
                line: number,
                message,
            };
            if line.trim().is_empty() {
                continue;
            }
            let object: Map<String, Value> =
                serde_json::from_str(line).map_err(|err| bad(err.to_string()))?;
            let columns: Vec<&String> = object.keys().collect();
            if table.rows.is_empty() {
                table.columns = columns.into_iter().cloned().collect();
            } else if columns != table.columns.iter().collect::<Vec<_>>() {
                return Err(bad(format!(
                    "expected the keys {} (those of the first row), found {}",
                    table.columns.join(", "),
                    object.keys().cloned().collect::<Vec<_>>().join(", ")
                )));
            }
            let cells = (object.into_iter())
                .map(|(key, value)| cell(value).map_err(|what| bad(format!("`{key}`: {what}"))))
                .collect::<Result<Vec<Cell>, ReadError>>()?;
            table.rows.push((number, cells));
        }
        Ok(table)
    }
}

/// A JSON value as a cell.
fn cell(value: Value) -> Result<Cell, String> {
    Ok(match value {
        Value::Null => Cell::Null,
        Value::Bool(b) => Cell::Bool(b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(v), _, _) => Cell::UInt(v),
            (None, Some(v), _) => Cell::Int(v),
            (None, None, Some(v)) => Cell::Float(v),
            _ => return Err(format!("a number out of range ({n})")),
        },
        // The infinite edges of the open histogram bins, as this encoder writes them.
        Value::String(s) if s == "inf" => Cell::Float(f64::INFINITY),
        Value::String(s) if s == "-inf" => Cell::Float(f64::NEG_INFINITY),
        Value::String(s) => Cell::Text(s),
        Value::Array(_) | Value::Object(_) => {
            return Err(
                "expected a number, text, true, false or null, found a list or an object".into(),
            );
        }
    })
}

/// A cell as a JSON value.
fn value(cell: &Cell) -> Value {
    let number = |v: f64| match Number::from_f64(v) {
        Some(n) => Value::Number(n),
        None if v.is_nan() => Value::Null,
        None if v > 0.0 => Value::String("inf".into()),
        None => Value::String("-inf".into()),
    };
    match cell {
        Cell::Null => Value::Null,
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Int(v) => Value::Number((*v).into()),
        Cell::UInt(v) => Value::Number((*v).into()),
        Cell::Float(v) => number(*v),
        // The number the table's decimals show (hours 21.86 is 21.9, as in CSV).
        Cell::Fixed(v, decimals) => {
            let shown = format!("{v:.*}", usize::from(*decimals));
            number(shown.parse().unwrap_or(*v))
        }
        Cell::Text(t) | Cell::Untyped(t) => Value::String(t.clone()),
    }
}

struct JsonlWriter<'w> {
    out: &'w mut dyn Write,
    columns: Vec<String>,
}

impl TableWriter for JsonlWriter<'_> {
    fn header(&mut self, columns: &[String]) -> anyhow::Result<()> {
        self.columns = columns.to_vec();
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> anyhow::Result<()> {
        let object: Map<String, Value> = (self.columns.iter().cloned())
            .zip(cells.iter().map(value))
            .collect();
        serde_json::to_writer(&mut *self.out, &object)?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> anyhow::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infinite_edges_read_back_as_numbers_and_other_text_as_text() {
        let table = Jsonl
            .read(b"{\"low\":\"-inf\",\"high\":\"inf\",\"rank\":\"Gold\",\"n\":null}\n")
            .expect("a table");
        assert_eq!(table.columns, ["low", "high", "rank", "n"]);
        let (line, cells) = &table.rows[0];
        assert_eq!(*line, 1);
        assert_eq!(
            cells,
            &[
                Cell::Float(f64::NEG_INFINITY),
                Cell::Float(f64::INFINITY),
                Cell::Text("Gold".into()),
                Cell::Null
            ]
        );
        let err = Jsonl
            .read(b"{\"a\":1}\n{\"b\":1}\n")
            .expect_err("other keys");
        assert_eq!(err.line, 2);
    }
}
